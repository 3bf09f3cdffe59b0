import type { User, UserRole } from '@rapport/shared';
import type { Kysely } from 'kysely';

import { audit } from '../lib/audit';
import { isUniqueViolation } from '../lib/db-errors';
import { uniqueConflict } from '../lib/errors';
import { newId, nowIso } from '../lib/ids';
import type { Database, UserRow } from './database';

/** Maps a stored user to the API shape (no password hash, ever). */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as UserRole,
    active: row.active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function findUserById(db: Kysely<Database>, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByEmail(db: Kysely<Database>, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NewUserInput {
  email: string;
  name: string;
  role: UserRole;
  passwordHash: string | null;
}

export async function insertUser(db: Kysely<Database>, input: NewUserInput): Promise<UserRow> {
  const now = nowIso();
  const row: UserRow = {
    id: newId(),
    email: input.email,
    name: input.name,
    role: input.role,
    active: 1,
    password_hash: input.passwordHash,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await db.insertInto('users').values(row).execute();
  return row;
}

/** Ids among `ids` that are not active users. */
export async function missingActiveUsers(db: Kysely<Database>, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', unique)
    .where('active', '=', 1)
    .execute();
  const found = new Set(rows.map((r) => r.id));
  return unique.filter((id) => !found.has(id));
}

/**
 * Adds a user and its audit entry in one transaction; 409 when the email is taken (also when a concurrent
 * writer takes it first). `actorId` null means the command line.
 * @example await createUser(db, { email, name, role: 'viewer', passwordHash: null }, admin.id)
 */
export async function createUser(
  db: Kysely<Database>,
  input: NewUserInput,
  actorId: string | null,
): Promise<UserRow> {
  const taken = () => uniqueConflict((m) => m.errors.users.emailTaken(input.email), { field: 'email' });
  try {
    return await db.transaction().execute(async (trx) => {
      if (await findUserByEmail(trx, input.email)) throw taken();
      const row = await insertUser(trx, input);
      await audit(trx, {
        userId: actorId,
        action: 'create',
        entity: 'user',
        entityId: row.id,
        after: toUser(row),
      });
      return row;
    });
  } catch (err) {
    throw isUniqueViolation(err) ? taken() : err;
  }
}
