import { randomBytes } from 'node:crypto';

import type { SetupRequest } from '@rapport/shared';
import type { Kysely } from 'kysely';

import type { Database, UserRow } from '../db/database';
import { countUsers, insertUser } from '../db/user-repository';
import { audit } from '../lib/audit';
import { ApiError } from '../lib/errors';
import { hashPassword, hashToken, safeEqual } from '../lib/passwords';

const KEY = 'setup_token_hash';

/**
 * When no user exists yet, makes a new one-time setup token (replacing any earlier one), stores its hash
 * and returns it for the start-up banner. Returns null once the first admin exists.
 */
export async function ensureSetupToken(db: Kysely<Database>): Promise<string | null> {
  if ((await countUsers(db)) > 0) {
    await db.deleteFrom('meta').where('key', '=', KEY).execute();
    return null;
  }
  const token = randomBytes(24).toString('base64url');
  const value = hashToken(token);
  await db
    .insertInto('meta')
    .values({ key: KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
  return token;
}

/** True while the first admin can still be created. */
export async function setupRequired(db: Kysely<Database>): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

/**
 * Creates the first admin with the one-time token. The token row is deleted in the same transaction, so of
 * two concurrent attempts exactly one succeeds.
 */
export async function completeSetup(
  db: Kysely<Database>,
  input: SetupRequest,
  logN: number,
): Promise<UserRow> {
  const passwordHash = await hashPassword(input.password, logN);
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('meta').select('value').where('key', '=', KEY).executeTakeFirst();
    if (!row || (await countUsers(trx)) > 0) {
      throw new ApiError(409, 'setup_not_available', 'Setup is already complete; sign in instead');
    }
    if (!safeEqual(row.value, hashToken(input.token))) {
      throw new ApiError(
        401,
        'unauthorized',
        'This setup token is not valid; use the link printed at start-up',
      );
    }
    const deleted = await trx
      .deleteFrom('meta')
      .where('key', '=', KEY)
      .where('value', '=', row.value)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) {
      throw new ApiError(409, 'setup_not_available', 'Setup is already complete; sign in instead');
    }
    const user = await insertUser(trx, { email: input.email, name: input.name, role: 'admin', passwordHash });
    await audit(trx, {
      userId: user.id,
      action: 'setup',
      entity: 'user',
      entityId: user.id,
      after: { email: user.email, role: 'admin' },
    });
    return user;
  });
}
