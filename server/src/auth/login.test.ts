import { describe, expect, it } from 'vitest';

import { consoleBrowser } from '../admin/test-kit';
import { insertUser } from '../db/user-repository';
import { hashParameters, hashPassword } from '../lib/passwords';
import { DIALECTS, testApp } from '../test/harness';

for (const dialect of DIALECTS) {
  describe(`sign-in and the password hash's cost (${dialect})`, () => {
    /** A server now hashing at 2^11, and a user whose hash was made at 2^10 (before the cost was raised). */
    async function raised() {
      const t = await testApp(dialect, { RAPPORT_SCRYPT_LOG_N: 11 });
      const old = await hashPassword('an old long password', 10);
      const user = await insertUser(t.db.kysely, {
        email: 'olga@ourco.example',
        name: 'Olga',
        role: 'admin',
        passwordHash: old,
      });
      const stored = async () =>
        await t.db.kysely
          .selectFrom('users')
          .select(['password_hash', 'version'])
          .where('id', '=', user.id)
          .executeTakeFirstOrThrow();
      return { t, old, stored };
    }

    it('should rehash a weaker stored hash at the next good API sign-in, and keep the password working', async () => {
      const { t, old, stored } = await raised();
      const wrong = await t.call('POST', '/api/v1/auth/login', null, {
        email: 'olga@ourco.example',
        password: 'not her password',
      });
      expect(wrong.status).toBe(401);
      expect((await stored()).password_hash).toBe(old);
      const ok = await t.call('POST', '/api/v1/auth/login', null, {
        email: 'olga@ourco.example',
        password: 'an old long password',
      });
      expect(ok.status).toBe(200);
      const after = await stored();
      expect(after.password_hash).not.toBe(old);
      expect(hashParameters(after.password_hash ?? '')).toMatchObject({ logN: 11, r: 8, p: 1 });
      expect(after.version).toBe(1); // how the password is kept is not a change to the person's record
      const again = await t.call('POST', '/api/v1/auth/login', null, {
        email: 'olga@ourco.example',
        password: 'an old long password',
      });
      expect(again.status).toBe(200);
      expect((await stored()).password_hash).toBe(after.password_hash);
    });

    it("should rehash at the console's sign-in too", async () => {
      const { t, old, stored } = await raised();
      const b = consoleBrowser(t.app);
      const got = await b.post('/admin/sign-in', {
        email: 'olga@ourco.example',
        password: 'an old long password',
      });
      expect(got.status).toBe(303);
      expect((await stored()).password_hash).not.toBe(old);
      expect(hashParameters((await stored()).password_hash ?? '')?.logN).toBe(11);
    });
  });
}
