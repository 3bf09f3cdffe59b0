import { randomBytes, scryptSync } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { hashParameters, hashPassword, MIN_LOG_N, needsRehash, safeEqual, verifyPassword } from './passwords';

/** A hash in our format made by hand, with any parameters (as an old or a foreign server might have). */
function handMade(password: string, logN: number, r = 8, p = 1, saltBytes = 16, keyBytes = 64): string {
  const salt = randomBytes(saltBytes);
  const key = scryptSync(password, salt, keyBytes, {
    N: 2 ** logN,
    r,
    p,
    maxmem: 256 * 2 ** logN * r + 2 ** 20,
  });
  return ['scrypt', logN, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

describe('password hashes', () => {
  it('should carry their scrypt parameters, a 16-byte salt and a 64-byte key', async () => {
    const stored = await hashPassword('correct horse battery', 11);
    expect(stored).toMatch(/^scrypt\$11\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(hashParameters(stored)).toEqual({ logN: 11, r: 8, p: 1, saltBytes: 16, keyBytes: 64 });
    // A new salt each time: the same password never gives the same hash.
    expect(await hashPassword('correct horse battery', 11)).not.toBe(stored);
  });

  it('should verify with the parameters the hash carries, not the current ones', async () => {
    const old = handMade('correct horse battery', 10, 8, 1);
    expect(await verifyPassword('correct horse battery', old)).toBe(true);
    expect(await verifyPassword('correct horse batterx', old)).toBe(false);
    expect(needsRehash(old, 10)).toBe(false);
    expect(needsRehash(old, 11)).toBe(true);
  });

  it('should refuse hashes below the least cost or otherwise weak, whatever the password', async () => {
    const weak = handMade('pw', MIN_LOG_N - 1);
    expect(await verifyPassword('pw', weak)).toBe(false);
    expect(await verifyPassword('pw', handMade('pw', 10, 8, 1, 4))).toBe(false); // 4-byte salt
    expect(await verifyPassword('pw', handMade('pw', 10, 8, 1, 16, 8))).toBe(false); // 8-byte key
    for (const bad of ['', 'pw', 'scrypt$10$8$1$$', 'bcrypt$10$8$1$aaaa$bbbb', 'scrypt$x$8$1$aaaa$bbbb']) {
      expect(await verifyPassword('pw', bad)).toBe(false);
      expect(needsRehash(bad, 10)).toBe(true);
    }
  });
});

describe('safeEqual', () => {
  it('should tell equal strings from different ones of any length', () => {
    expect(safeEqual('a3f9c2', 'a3f9c2')).toBe(true);
    expect(safeEqual('a3f9c2', 'a3f9c3')).toBe(false);
    expect(safeEqual('a3f9c2', 'a3f9c')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('é', 'e\u0301')).toBe(false);
  });
});
