import type { Kysely } from 'kysely';

import { en, type Messages, type Thing } from '../i18n';
import { ApiError, invalidField, notFound } from '../lib/errors';
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
  if (missing.length > 0) throw invalidField(field, (m) => m.errors.users.noActiveUser(missing.join(', ')));
}

/** 404 (as a 400 on the field) unless the account exists; names the account it was merged into, if any. */
export async function ensureAccountExists(db: Kysely<Database>, field: string, id: string) {
  const row = await db.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst();
  if (row) return;
  const merged = await mergedInto(db, id);
  const details = (m: Messages) => ({
    issues: [{ path: field, message: m.errors.accounts.noSuchAccount }],
    ...(merged ? { mergedInto: merged } : {}),
  });
  throw new ApiError(
    400,
    'validation_failed',
    (m) => (merged ? m.errors.accounts.noAccountMerged(id, merged) : m.errors.accounts.noAccount(id)),
    details(en),
    undefined,
    details,
  );
}

/** The id a merged record now lives on, or null. */
export async function mergedInto(db: Kysely<Database>, id: string): Promise<string | null> {
  const row = await db.selectFrom('merged_ids').select('new_id').where('old_id', '=', id).executeTakeFirst();
  return row?.new_id ?? null;
}

/** 404 for a record that does not exist, naming the record it was merged into when that is why. */
export async function notFoundOrMerged(db: Kysely<Database>, what: Thing, id: string): Promise<ApiError> {
  const merged = await mergedInto(db, id);
  return merged
    ? new ApiError(404, 'not_found', (m) => m.errors.mergedInto(what, id, merged), { id, mergedInto: merged })
    : notFound(what, id);
}
