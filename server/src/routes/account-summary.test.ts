import { zLookupAccount } from '@rapport/shared';
import { describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from '../test/harness';

for (const dialect of DIALECTS) {
  describe(`GET /accounts/:id/summary (${dialect})`, () => {
    it("should show the account as the overlay's card does, with the ownership note for the reader", async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const am = await t.user('account_manager', 'Alice Rossi');
      const rep = await t.user('sales_rep', 'Bruno Neri');
      const acme = await t.call('POST', '/api/v1/accounts', admin, {
        name: 'Acme',
        tier: 'key',
        status: 'customer',
        ownerId: am.id,
        domains: ['acme.com'],
      });
      const id = (acme.body as { id: string }).id;
      await t.call('POST', '/api/v1/contacts', admin, {
        accountId: id,
        name: 'Jane Doe',
        roles: ['economic_buyer'],
      });
      await t.call('POST', '/api/v1/opportunities', admin, {
        accountId: id,
        title: 'Sensors',
        amount: 4_800_000,
        stage: 'propose',
      });

      const res = await t.call('GET', `/api/v1/accounts/${id}/summary`, rep);
      expect(res.status).toBe(200);
      const summary = zLookupAccount.parse(res.body);
      expect(summary).toMatchObject({ id, name: 'Acme', domains: ['acme.com'], tier: 'key' });
      expect(summary.ownership.message).toBe('Key account, owned by Alice Rossi');
      expect(summary.openOpportunities.map((o) => o.title)).toEqual(['Sensors']);
      expect(summary.stakeholders.map((s) => [s.name, s.roles])).toEqual([['Jane Doe', ['economic_buyer']]]);
    });

    it('should answer 404 for an unknown account, and point to the survivor of a merge', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const missing = await t.call('GET', '/api/v1/accounts/nope/summary', admin);
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ error: { code: 'not_found' } });
      const a = await t.call('POST', '/api/v1/accounts', admin, { name: 'Old Co' });
      const b = await t.call('POST', '/api/v1/accounts', admin, { name: 'New Co' });
      const [from, into] = [a.body as { id: string }, b.body as { id: string; version: number }];
      const merged = await t.call('POST', `/api/v1/accounts/${into.id}/merge`, admin, {
        sourceId: from.id,
        version: into.version,
      });
      expect(merged.status).toBe(200);
      const gone = await t.call('GET', `/api/v1/accounts/${from.id}/summary`, admin);
      expect(gone.status).toBe(404);
      expect(JSON.stringify(gone.body)).toContain(into.id);
    });
  });
}
