import type { Kysely } from 'kysely';

import type { Database, UserRow } from '../db/database';
import { findUserByEmail } from '../db/user-repository';
import type { Deps } from '../deps';
import { ApiError } from '../lib/errors';
import { hashPassword, hashToken, needsRehash, verifyPassword } from '../lib/passwords';

// Verifying against a dummy hash when the email is unknown keeps the response time the same.
let dummyHash: Promise<string> | null = null;

/**
 * Checks an email and password with the same rate limits as `POST /auth/login` (per address and per email,
 * counted together for the API and the admin console). Throws 401 for a wrong pair or a deactivated user,
 * 429 when over a limit; returns the user otherwise.
 * @example const user = await verifyCredentials(deps, { email, password, ip: clientIp(c, env.RAPPORT_TRUST_PROXY) })
 */
export async function verifyCredentials(
  deps: Pick<Deps, 'env' | 'loginLimiter' | 'loginIpLimiter'> & { db: { kysely: Kysely<Database> } },
  input: { email: string; password: string; ip: string },
): Promise<UserRow> {
  const { db, env, loginLimiter, loginIpLimiter } = deps;
  loginIpLimiter.hit(input.ip);
  loginLimiter.hit(`email:${input.email}`);
  const user = await findUserByEmail(db.kysely, input.email);
  dummyHash ??= hashPassword('not a real password', env.RAPPORT_SCRYPT_LOG_N);
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await dummyHash));
  if (!user || !ok || !user.password_hash)
    throw new ApiError(401, 'unauthorized', (m) => m.errors.auth.badLogin);
  if (user.active !== 1) throw new ApiError(401, 'unauthorized', (m) => m.errors.auth.deactivated);
  loginLimiter.reset(`email:${input.email}`);
  if (needsRehash(user.password_hash, env.RAPPORT_SCRYPT_LOG_N)) {
    // Made with a lower cost than the server's now: replaced while the password is at hand. Only if unchanged
    // meanwhile, and without a new version: the person's record did not change, only how it is kept.
    const passwordHash = await hashPassword(input.password, env.RAPPORT_SCRYPT_LOG_N);
    await db.kysely
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('id', '=', user.id)
      .where('password_hash', '=', user.password_hash)
      .execute();
    return { ...user, password_hash: passwordHash };
  }
  return user;
}

/**
 * Counts one use of an invite or password reset link (API and console alike): per client address, and per
 * link, so neither one address nor many addresses can try a link without end. 429 when over either.
 * @example countLinkAttempt(deps, clientIp(c, env.RAPPORT_TRUST_PROXY), body.token)
 */
export function countLinkAttempt(deps: Pick<Deps, 'loginLimiter'>, ip: string, token: string): void {
  deps.loginLimiter.hit(`link:${ip}`);
  deps.loginLimiter.hit(`link-token:${hashToken(token)}`);
}

/**
 * Counts one personal token made (API and console alike): per user who makes it, and per client address.
 * @example countTokenCreation(deps, c.var.actor.id, clientIp(c, env.RAPPORT_TRUST_PROXY))
 */
export function countTokenCreation(
  deps: Pick<Deps, 'tokenLimiter' | 'tokenIpLimiter'>,
  userId: string,
  ip: string,
): void {
  deps.tokenIpLimiter.hit(`ip:${ip}`);
  deps.tokenLimiter.hit(`user:${userId}`);
}
