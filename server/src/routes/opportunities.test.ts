import { describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from '../test/harness';

for (const dialect of DIALECTS) {
  describe(`opportunities (${dialect})`, () => {
    async function setup() {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const am = await t.user('account_manager');
      const rep = await t.user('sales_rep');
      const acme = (
        await t.call('POST', '/api/v1/accounts', am, { name: 'Acme', tier: 'key', ownerId: am.id })
      ).body;
      const line = (await t.call('POST', '/api/v1/products', admin, { name: 'Resins', code: 'RES' })).body;
      return { t, admin, am, rep, acme, line };
    }

    it('should create a supply contract with a term, amount in minor units and a product line', async () => {
      const { t, rep, acme, line } = await setup();
      const res = await t.call('POST', '/api/v1/opportunities', rep, {
        accountId: acme.id,
        title: 'Three-year resin supply',
        type: 'renewal',
        kind: 'contract',
        termMonths: 36,
        productLineId: line.id,
        amount: 12_500_000_00,
        currency: 'eur',
        stage: 'negotiate',
        expectedCloseDate: '2027-03-31',
        ownerId: rep.id,
        nextStep: 'Send the draft to legal',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        amount: 1_250_000_000,
        currency: 'EUR',
        termMonths: 36,
        stage: 'negotiate',
        version: 1,
      });
      expect((await t.call('GET', `/api/v1/opportunities/${res.body.id}`, rep)).body).toEqual(res.body);
    });

    it.each([
      [{ kind: 'contract' }, 'termMonths'],
      [{ kind: 'order', termMonths: 12 }, 'termMonths'],
      [{ amount: 10.5 }, 'amount'],
      [{ amount: -1 }, 'amount'],
      [{ currency: 'euro' }, 'currency'],
      [{ stage: 'closed' }, 'stage'],
      [{ type: 'upsell' }, 'type'],
      [{ expectedCloseDate: '31/03/2027' }, 'expectedCloseDate'],
      [{ productLineId: 'nope' }, 'productLineId'],
      [{ accountId: 'nope' }, 'accountId'],
    ])('should refuse %j naming %s', async (body, path) => {
      const { t, rep, acme } = await setup();
      const res = await t.call('POST', '/api/v1/opportunities', rep, {
        accountId: acme.id,
        title: 'Deal',
        ...body,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
      expect((await t.call('GET', '/api/v1/opportunities', rep)).body.items).toEqual([]);
    });

    it('should list open opportunities only when asked and move through stages with versions', async () => {
      const { t, am, acme } = await setup();
      const a = (await t.call('POST', '/api/v1/opportunities', am, { accountId: acme.id, title: 'A' })).body;
      await t.call('POST', '/api/v1/opportunities', am, {
        accountId: acme.id,
        title: 'B',
        stage: 'won',
        closeReason: 'Best lead time',
      });
      await t.call('POST', '/api/v1/opportunities', am, {
        accountId: acme.id,
        title: 'C',
        stage: 'lost',
        closeReason: 'Price',
      });
      const open = await t.call('GET', `/api/v1/opportunities?accountId=${acme.id}&open=true`, am);
      expect(open.body.items.map((o: { title: string }) => o.title)).toEqual(['A']);
      const closed = await t.call('GET', '/api/v1/opportunities?open=false', am);
      expect(closed.body.items.map((o: { title: string }) => o.title)).toEqual(['B', 'C']);
      const moved = await t.call('PATCH', `/api/v1/opportunities/${a.id}`, am, {
        version: 1,
        stage: 'propose',
      });
      expect(moved.body).toMatchObject({ stage: 'propose', version: 2 });
      const stale = await t.call('PATCH', `/api/v1/opportunities/${a.id}`, am, {
        version: 1,
        stage: 'won',
        closeReason: 'Signed',
      });
      expect(stale.status).toBe(409);
      expect(stale.body.error.details.current.stage).toBe('propose');
    });

    it('should switch a contract back to an order dropping its term, and refuse a contract without one', async () => {
      const { t, am, acme } = await setup();
      const o = (
        await t.call('POST', '/api/v1/opportunities', am, {
          accountId: acme.id,
          title: 'X',
          kind: 'contract',
          termMonths: 12,
        })
      ).body;
      const order = await t.call('PATCH', `/api/v1/opportunities/${o.id}`, am, { version: 1, kind: 'order' });
      expect(order.body).toMatchObject({ kind: 'order', termMonths: null });
      const bad = await t.call('PATCH', `/api/v1/opportunities/${o.id}`, am, {
        version: 2,
        kind: 'contract',
      });
      expect(bad.status).toBe(400);
    });

    it('should keep a viewer read-only even on an opportunity that names them as owner', async () => {
      const { t, am, acme } = await setup();
      const viewer = await t.user('viewer');
      const o = (
        await t.call('POST', '/api/v1/opportunities', am, {
          accountId: acme.id,
          title: 'X',
          ownerId: viewer.id,
        })
      ).body;
      expect((await t.call('GET', `/api/v1/opportunities/${o.id}`, viewer)).status).toBe(200);
      expect(
        (await t.call('PATCH', `/api/v1/opportunities/${o.id}`, viewer, { version: 1, stage: 'won' })).status,
      ).toBe(403);
      expect((await t.call('DELETE', `/api/v1/opportunities/${o.id}`, viewer)).status).toBe(403);
      expect((await t.call('GET', `/api/v1/opportunities/${o.id}`, am)).body.stage).toBe('qualify');
    });

    it('should let coordinators edit but not delete, and keep viewers and marketing out of deals', async () => {
      const { t, am, acme } = await setup();
      const coordinator = await t.user('coordinator');
      const marketing = await t.user('marketing');
      const o = (await t.call('POST', '/api/v1/opportunities', am, { accountId: acme.id, title: 'X' })).body;
      expect(
        (
          await t.call('PATCH', `/api/v1/opportunities/${o.id}`, coordinator, {
            version: 1,
            nextStep: 'PO received',
          })
        ).status,
      ).toBe(200);
      expect((await t.call('DELETE', `/api/v1/opportunities/${o.id}`, coordinator)).status).toBe(403);
      expect(
        (await t.call('POST', '/api/v1/opportunities', marketing, { accountId: acme.id, title: 'Y' })).status,
      ).toBe(403);
      expect((await t.call('DELETE', `/api/v1/opportunities/${o.id}?version=1`, am)).status).toBe(409);
      expect((await t.call('DELETE', `/api/v1/opportunities/${o.id}?version=2`, am)).status).toBe(204);
    });
  });
}
