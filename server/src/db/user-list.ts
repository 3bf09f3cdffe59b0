import type { UserRole } from '@rapport/shared';
import { type Kysely, sql } from 'kysely';

import type { Database, UserRow } from './database';
import { likeContains } from './paging';

/** A page of the user list, filtered by role, by active or not, and by text in the name or email. */
export interface UserListQuery {
  limit: number;
  cursor?: string | undefined;
  role?: UserRole | undefined;
  active?: 'true' | 'false' | undefined;
  q?: string | undefined;
}

/**
 * The users a list shows, in id order from after the cursor: `limit + 1` of them, so that `toPage` can tell
 * whether there is a next page. The API's `GET /users` and the console's user page both list with it.
 */
export function listUsers(db: Kysely<Database>, q: UserListQuery): Promise<UserRow[]> {
  let query = db
    .selectFrom('users')
    .selectAll()
    .orderBy('id')
    .limit(q.limit + 1);
  if (q.cursor) query = query.where('id', '>', q.cursor);
  if (q.role) query = query.where('role', '=', q.role);
  if (q.active) query = query.where('active', '=', q.active === 'true' ? 1 : 0);
  if (q.q) {
    const pattern = likeContains(q.q);
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(name)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(email)`, 'like', sql`${pattern} escape '\\'`),
      ]),
    );
  }
  return query.execute();
}
