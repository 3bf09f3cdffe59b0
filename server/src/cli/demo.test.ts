import { describe, expect, it } from 'vitest';

import { insertAccount } from '../db/account-repository';
import { search } from '../db/search-repository';
import { readSettings } from '../db/settings-repository';
import { DIALECTS, freshDb } from '../test/harness';
import { CliError } from './common';
import { loadDemo } from './demo';
import { DEMO_ACCOUNTS, DEMO_COMPANY_DOMAINS, DEMO_USERS } from './demo-data';

const hash = async () => 'scrypt$10$8$1$not-a-real-hash$x';
const count = async (db: Awaited<ReturnType<typeof freshDb>>, table: 'users' | 'accounts' | 'contacts') =>
  Number(
    (
      await db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

for (const dialect of DIALECTS) {
  describe(`loadDemo (${dialect})`, () => {
    it('should load everything once, indexed and audited, and answer "exists" the second time', async () => {
      const db = await freshDb(dialect);
      const first = await loadDemo(db.kysely, { hash });
      expect(first).toEqual({
        status: 'loaded',
        counts: expect.objectContaining({ users: DEMO_USERS.length, accounts: DEMO_ACCOUNTS.length }),
      });
      expect(await loadDemo(db.kysely, { hash })).toEqual({ status: 'exists' });
      expect(await count(db, 'users')).toBe(DEMO_USERS.length);
      expect(await count(db, 'accounts')).toBe(DEMO_ACCOUNTS.length);
      expect(await count(db, 'contacts')).toBe(DEMO_ACCOUNTS.flatMap((a) => a.contacts).length);

      expect((await readSettings(db.kysely)).companyDomains).toEqual(DEMO_COMPANY_DOMAINS);
      const hits = await search(db, { q: 'amara osei', limit: 5 });
      expect(hits[0]).toMatchObject({ type: 'contact', name: 'Amara Osei' });
      const audited = await db.kysely
        .selectFrom('audit_log')
        .select(['entity', 'user_id'])
        .where('action', '=', 'create')
        .execute();
      expect(new Set(audited.map((a) => a.entity))).toEqual(
        new Set(['user', 'product_line', 'account', 'contact', 'opportunity']),
      );
      expect(audited.every((a) => a.user_id === null)).toBe(true);
    });

    it('should refuse a database with accounts unless forced', async () => {
      const db = await freshDb(dialect);
      await insertAccount(db.kysely, {
        name: 'Real Customer',
        domains: ['real-customer.example'],
        linkedinSlug: null,
        status: 'customer',
        tier: 'standard',
        ownerId: null,
        repIds: [],
        industry: null,
        notes: '',
      });
      await expect(loadDemo(db.kysely, { hash })).rejects.toThrow(CliError);
      await expect(loadDemo(db.kysely, { hash })).rejects.toThrow(/has 1 account already.*--force/s);
      expect(await count(db, 'users')).toBe(0);

      expect(await loadDemo(db.kysely, { hash, force: true })).toMatchObject({ status: 'loaded' });
      expect(await count(db, 'accounts')).toBe(DEMO_ACCOUNTS.length + 1);
    });
  });
}
