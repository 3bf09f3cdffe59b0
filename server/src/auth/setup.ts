import { randomBytes } from 'node:crypto';

import type { SetupRequest } from '@rapport/shared';
import type { Kysely } from 'kysely';

import type { Database, UserRow } from '../db/database';
import { countUsers, insertUser } from '../db/user-repository';
import { audit } from '../lib/audit';
import { ApiError } from '../lib/errors';
import { nowIso } from '../lib/ids';
import { hashPassword, hashToken } from '../lib/passwords';

/**
 * Each setup token is one `meta` row, `setup_token:<sha256>` with its expiry as the value: every instance that
 * starts on an empty database adds its own, so every printed link works until the first admin exists.
 */
const PREFIX = 'setup_token:';
/** The single token of earlier versions, replaced at each start; removed when found. */
const LEGACY_KEY = 'setup_token_hash';
/** Taken first by every setup attempt, so two attempts with different tokens run one after the other. */
const LOCK_KEY = 'setup_lock';
/** How long a printed link works; restarting the server prints a new one. */
export const SETUP_TOKEN_DAYS = 7;

async function deleteSetupTokens(db: Kysely<Database>): Promise<void> {
  await db
    .deleteFrom('meta')
    .where((eb) => eb.or([eb('key', 'like', `${PREFIX}%`), eb('key', '=', LEGACY_KEY)]))
    .execute();
}

/**
 * When no user exists yet, adds a new one-time setup token (earlier ones, printed by other instances or
 * earlier starts, keep working until they expire), stores its hash and returns it for the start-up banner.
 * Returns null, and removes every setup token, once the first admin exists.
 * @example const token = await ensureSetupToken(db.kysely) // print `${url}/setup?token=${token}`
 */
export async function ensureSetupToken(db: Kysely<Database>): Promise<string | null> {
  if ((await countUsers(db)) > 0) {
    await deleteSetupTokens(db);
    return null;
  }
  const now = nowIso();
  await db.deleteFrom('meta').where('key', 'like', `${PREFIX}%`).where('value', '<=', now).execute();
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.parse(now) + SETUP_TOKEN_DAYS * 86_400_000).toISOString();
  await db
    .insertInto('meta')
    .values({ key: `${PREFIX}${hashToken(token)}`, value: expiresAt })
    .execute();
  return token;
}

/** True while the first admin can still be created. */
export async function setupRequired(db: Kysely<Database>): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

/**
 * Creates the first admin with any live setup token and deletes every setup token in the same transaction.
 * Each attempt first writes the lock row, so concurrent attempts (with the same token or different ones, on
 * one instance or several) run one after the other and exactly one succeeds; the others get 409.
 */
export async function completeSetup(
  db: Kysely<Database>,
  input: SetupRequest,
  logN: number,
): Promise<UserRow> {
  const passwordHash = await hashPassword(input.password, logN);
  return db.transaction().execute(async (trx) => {
    const lockedAt = nowIso();
    await trx
      .insertInto('meta')
      .values({ key: LOCK_KEY, value: lockedAt })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: lockedAt }))
      .execute();
    if ((await countUsers(trx)) > 0)
      throw new ApiError(409, 'setup_not_available', (m) => m.errors.auth.setupDone);
    // The token's hash is the key: looking it up compares hashes, never the secret itself.
    const row = await trx
      .selectFrom('meta')
      .select('value')
      .where('key', '=', `${PREFIX}${hashToken(input.token)}`)
      .executeTakeFirst();
    if (!row) {
      throw new ApiError(401, 'unauthorized', (m) => m.errors.auth.badSetupToken);
    }
    if (row.value <= lockedAt) {
      throw new ApiError(401, 'unauthorized', (m) => m.errors.auth.setupExpired, { reason: 'expired' });
    }
    await deleteSetupTokens(trx);
    await trx.deleteFrom('meta').where('key', '=', LOCK_KEY).execute();
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
