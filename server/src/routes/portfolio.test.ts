import { zPortfolio } from '@rapport/shared';
import { describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from '../test/harness';

for (const dialect of DIALECTS) {
  describe(`GET /portfolio (${dialect})`, () => {
    async function setup() {
      const t = await testApp(dialect, {}, { now: () => new Date('2027-03-01T12:00:00Z') });
      const admin = await t.user('admin');
      const am = await t.user('account_manager', 'Marta Rossi');
      const rep = await t.user('sales_rep', 'Luca Verdi');
      const other = await t.user('account_manager', 'Ada Bruni');
      const make = async (body: object) =>
        (await t.call('POST', '/api/v1/accounts', admin, body)).body as { id: string };
      const acme = await make({ name: 'Acme', tier: 'key', ownerId: am.id, repIds: [rep.id] });
      const globex = await make({ name: 'Globex', tier: 'standard', ownerId: am.id });
      const initech = await make({ name: 'Initech', tier: 'key', ownerId: other.id });
      const resins = (await t.call('POST', '/api/v1/products', admin, { name: 'Resins' })).body as {
        id: string;
      };
      return { t, admin, am, rep, other, acme, globex, initech, resins };
    }

    it("should list an account manager's own accounts with plan attainment and signals, key accounts first", async () => {
      const { t, am, acme, globex, resins } = await setup();
      const saved = await t.call('PUT', `/api/v1/accounts/${acme.id}/plans/2027`, am, {
        version: 0,
        lines: [{ productLineId: resins.id, target: 1_000_000 }],
        objectives: [],
        actions: [],
      });
      expect(saved.status).toBe(201);
      const deal = await t.call('POST', '/api/v1/opportunities', am, {
        accountId: acme.id,
        title: 'Resin order',
        productLineId: resins.id,
        amount: 250_000,
        stage: 'won',
        closeReason: 'Best lead time',
      });
      expect(deal.status).toBe(201);

      const res = await t.call('GET', '/api/v1/portfolio?period=2027', am);
      expect(res.status).toBe(200);
      const portfolio = zPortfolio.parse(res.body);
      expect(portfolio.items.map((i) => i.account.name)).toEqual(['Acme', 'Globex']);
      const [first, second] = portfolio.items;
      expect(first).toMatchObject({
        account: { id: acme.id, tier: 'key', owner: { name: 'Marta Rossi' } },
        relation: 'owner',
        plan: { target: 1_000_000, actual: 250_000, attainment: 0.25, version: 1 },
      });
      // Nobody is known at Acme yet: no economic buyer is the top signal.
      expect(first?.signals.top?.code).toBe('no_economic_buyer');
      expect(first?.signals.high).toBeGreaterThan(0);
      expect(second).toMatchObject({
        account: { id: globex.id },
        plan: { target: 0, attainment: null, version: 0 },
      });
    });

    it("should list a rep's assigned accounts, and default to the current fiscal year", async () => {
      const { t, rep, acme } = await setup();
      const res = await t.call('GET', '/api/v1/portfolio', rep);
      expect(res.status).toBe(200);
      expect(res.body.period).toBe('2027');
      expect(res.body.items).toEqual([
        expect.objectContaining({ account: expect.objectContaining({ id: acme.id }), relation: 'rep' }),
      ]);
    });

    it('should follow the fiscal year start when choosing the current period', async () => {
      const { t, admin, am } = await setup();
      const settings = await t.call('PATCH', '/api/v1/settings', admin, {
        version: 1,
        fiscalYearStartMonth: 4,
      });
      expect(settings.status).toBe(200);
      // 1 March 2027 falls in the year that started in April 2026.
      expect((await t.call('GET', '/api/v1/portfolio', am)).body.period).toBe('2026');
    });

    it('should show an empty list to someone with no accounts, and refuse a bad period', async () => {
      const { t, admin } = await setup();
      expect((await t.call('GET', '/api/v1/portfolio', admin)).body.items).toEqual([]);
      const bad = await t.call('GET', '/api/v1/portfolio?period=27', admin);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('validation_failed');
    });
  });
}
