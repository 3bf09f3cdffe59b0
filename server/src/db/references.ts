import type { Kysely } from 'kysely';

import { ApiError, invalidField } from '../lib/errors';
import type { Database } from './database';
import { missingActiveUsers } from './user-repository';

/** 400 unless every id names an active user. */
export async function ensureActiveUsers(
  db: Kysely<Database>,
  field: string,
  ids: readonly (string | null | undefined)[],
) {
  const given = ids.filter((id): id is string => typeof id === 'string');
  const missing = await missingActiveUsers(db, given);
  if (missing.length > 0) throw invalidField(field, `No active user with id ${missing.join(', ')}`);
}

/** 404 (as a 400 on the field) unless the account exists; names the account it was merged into, if any. */
export async function ensureAccountExists(db: Kysely<Database>, field: string, id: string) {
  const row = await db.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst();
  if (row) return;
  const merged = await mergedInto(db, id);
  throw new ApiError(
    400,
    'validation_failed',
    `No account with id ${id}${merged ? ` (merged into ${merged})` : ''}`,
    {
      issues: [{ path: field, message: 'No such account' }],
      ...(merged ? { mergedInto: merged } : {}),
    },
  );
}

/** The id a merged record now lives on, or null. */
export async function mergedInto(db: Kysely<Database>, id: string): Promise<string | null> {
  const row = await db.selectFrom('merged_ids').select('new_id').where('old_id', '=', id).executeTakeFirst();
  return row?.new_id ?? null;
}

/** 404 for a record that does not exist, naming the record it was merged into when that is why. */
export async function notFoundOrMerged(db: Kysely<Database>, what: string, id: string): Promise<ApiError> {
  const merged = await mergedInto(db, id);
  return merged
    ? new ApiError(404, 'not_found', `${what} ${id} was merged into ${merged}`, { id, mergedInto: merged })
    : new ApiError(404, 'not_found', `${what} not found`, { id });
}
