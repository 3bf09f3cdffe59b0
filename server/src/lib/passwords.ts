import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt (memory-hard). Stored as `scrypt$logN$r$p$salt$hash` (base64url), so the
 * cost can rise later and old hashes still verify. Defaults: N = 2^15, r = 8, p = 1 (32 MiB), 64-byte key,
 * 16-byte salt. A hash weaker than what the server makes now is replaced at the next good sign-in
 * (`needsRehash`, auth/login.ts); one below `MIN_LOG_N`, or with other parameters out of range, never verifies.
 */
const R = 8;
const P = 1;
const KEYLEN = 64;
const SALT_BYTES = 16;
/** The least cost any hash may have (the least `RAPPORT_SCRYPT_LOG_N` allows); 2^20 is the most. */
export const MIN_LOG_N = 10;
const MAX_LOG_N = 20;

/** The parameters a stored hash carries, or null when it is not a well-formed scrypt hash of ours. */
export function hashParameters(
  stored: string,
): { logN: number; r: number; p: number; saltBytes: number; keyBytes: number } | null {
  const [algo, logN, r, p, salt, hash, ...rest] = stored.split('$');
  if (algo !== 'scrypt' || !logN || !r || !p || !salt || !hash || rest.length > 0) return null;
  const n = { logN: Number(logN), r: Number(r), p: Number(p) };
  if (!Object.values(n).every((v) => Number.isInteger(v) && v > 0)) return null;
  return {
    ...n,
    saltBytes: Buffer.from(salt, 'base64url').length,
    keyBytes: Buffer.from(hash, 'base64url').length,
  };
}

/**
 * True when a stored hash is weaker than the ones made now with `logN` (lower cost, smaller r, salt or key):
 * the caller replaces it once the password has been checked.
 * @example if (needsRehash(user.password_hash, env.RAPPORT_SCRYPT_LOG_N)) await rehash(user, password)
 */
export function needsRehash(stored: string, logN: number): boolean {
  const h = hashParameters(stored);
  return !h || h.logN < logN || h.r < R || h.saltBytes < SALT_BYTES || h.keyBytes < KEYLEN;
}

function derive(
  password: string,
  salt: Buffer,
  logN: number,
  r: number,
  p: number,
  keylen = KEYLEN,
): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFKC'),
      salt,
      keylen,
      { N, r, p, maxmem: 256 * N * r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

/** @example const stored = await hashPassword('correct horse battery', 15) */
export async function hashPassword(password: string, logN: number): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, logN, R, P);
  return ['scrypt', logN, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * Constant-time check of a password against a stored hash; false for any malformed hash and for one whose
 * parameters are out of range (cost below `MIN_LOG_N` or above 2^20, r or p above 16, a short salt or key).
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = hashParameters(stored);
  if (!h || h.logN < MIN_LOG_N || h.logN > MAX_LOG_N || h.r > 16 || h.p > 16) return false;
  if (h.saltBytes < SALT_BYTES || h.keyBytes < 32) return false;
  const [, , , , salt = '', hash = ''] = stored.split('$');
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), h.logN, h.r, h.p, expected.length);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A new bearer token: `rpt_` and 32 random bytes. Only its hash is stored. */
export function newToken(): string {
  return `rpt_${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 of a high-entropy token (a slow KDF adds nothing for 256 random bits). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time equality of two strings (for secrets compared as they are, such as the console's CSRF value). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
