import { describe, expect, it } from 'vitest';

import { reindex } from '../db/search-repository';
import { DIALECTS, testApp } from '../test/harness';

const AT = '2026-11-27T09:00:00.000Z';

for (const dialect of DIALECTS) {
  describe(`GET /search (${dialect})`, () => {
    async function appWithAcme() {
      const t = await testApp(dialect);
      const k = t.db.kysely;
      for (const [id, name] of [
        ['acme', 'Acme'],
        ['acmeland', 'Acmeland'],
      ] as const) {
        await k
          .insertInto('accounts')
          .values({
            id,
            name,
            status: 'prospect',
            tier: 'standard',
            owner_id: null,
            industry: null,
            notes: '',
            created_at: AT,
            updated_at: AT,
            version: 1,
          })
          .execute();
      }
      await k.insertInto('account_domains').values({ domain: 'acme.com', account_id: 'acme' }).execute();
      await k
        .insertInto('contacts')
        .values({
          id: 'jane',
          account_id: 'acme',
          name: 'Jane Doe',
          title: 'CFO',
          stance: null,
          influence: null,
          reports_to_id: null,
          relationship_owner_id: null,
          last_contacted_at: null,
          notes: '',
          created_at: AT,
          updated_at: AT,
          version: 1,
        })
        .execute();
      await k.insertInto('contact_emails').values({ email: 'jane@acme.com', contact_id: 'jane' }).execute();
      await reindex(k, 'account', ['acme', 'acmeland']);
      return t;
    }

    it('should return ranked hits to any signed-in role', async () => {
      const t = await appWithAcme();
      const viewer = await t.user('viewer');
      const res = await t.call('GET', '/api/v1/search?q=acme', viewer);
      expect(res.status).toBe(200);
      expect(res.body.items.map((h: { id: string }) => h.id)).toEqual(['acme', 'jane', 'acmeland']);
      expect(res.body.items[0]).toEqual({
        type: 'account',
        id: 'acme',
        name: 'Acme',
        detail: 'acme.com',
        accountId: 'acme',
        score: expect.any(Number),
      });
    });

    it('should find a contact by email, a typo and a prefix', async () => {
      const t = await appWithAcme();
      const rep = await t.user('sales_rep');
      for (const q of ['jane%40acme.com', 'jnae', 'ja']) {
        const res = await t.call('GET', `/api/v1/search?q=${q}`, rep);
        expect(res.status).toBe(200);
        expect(res.body.items[0]).toMatchObject({ type: 'contact', id: 'jane', detail: 'CFO · Acme' });
      }
    });

    it('should apply limit and type from the query string', async () => {
      const t = await appWithAcme();
      const admin = await t.user('admin');
      const limited = await t.call('GET', '/api/v1/search?q=acme&limit=1', admin);
      expect(limited.body.items.map((h: { id: string }) => h.id)).toEqual(['acme']);
      const contacts = await t.call('GET', '/api/v1/search?q=acme&type=contact', admin);
      expect(contacts.body.items.map((h: { id: string }) => h.id)).toEqual(['jane']);
    });

    it.each([
      ['an empty q', '?q='],
      ['a blank q', '?q=%20%20'],
      ['no q', ''],
      ['a limit over 50', '?q=acme&limit=51'],
      ['an unknown type', '?q=acme&type=deal'],
    ])('should answer 400 to %s', async (_label, query) => {
      const t = await testApp(dialect);
      const res = await t.call('GET', `/api/v1/search${query}`, await t.user('viewer'));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    });

    it('should answer 401 without a token', async () => {
      const t = await testApp(dialect);
      const res = await t.call('GET', '/api/v1/search?q=acme', null);
      expect(res.status).toBe(401);
    });
  });
}
