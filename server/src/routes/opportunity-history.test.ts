import { describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from '../test/harness';

for (const dialect of DIALECTS) {
  describe(`opportunity closes, contracts and new-business flags (${dialect})`, () => {
    async function setup() {
      const clock = { now: new Date('2027-03-01T12:00:00Z') };
      const t = await testApp(dialect, {}, { now: () => clock.now });
      const admin = await t.user('admin');
      const am = await t.user('account_manager', 'Alice Rossi');
      const rep = await t.user('sales_rep', 'Sam Carter');
      const acme = (
        await t.call('POST', '/api/v1/accounts', am, {
          name: 'Acme',
          tier: 'key',
          ownerId: am.id,
          repIds: [rep.id],
          domains: ['acme.example'],
        })
      ).body;
      const get = async (id: string) => (await t.call('GET', `/api/v1/opportunities/${id}`, am)).body;
      const history = async () =>
        (await t.call('GET', `/api/v1/accounts/${acme.id}/timeline`, am)).body.items.filter(
          (e: { type: string }) => e.type === 'stage_change',
        );
      return { t, clock, admin, am, rep, acme, get, history };
    }

    it('should refuse won without a reason and change nothing, then close with one', async () => {
      const { t, clock, am, acme, get, history } = await setup();
      const deal = (
        await t.call('POST', '/api/v1/opportunities', am, { accountId: acme.id, title: 'Resins' })
      ).body;
      expect(deal).toMatchObject({ closedAt: null, closeReason: null, flag: null });

      for (const closeReason of [undefined, '   ', null]) {
        const res = await t.call('PATCH', `/api/v1/opportunities/${deal.id}`, am, {
          version: 1,
          stage: 'won',
          ...(closeReason === undefined ? {} : { closeReason }),
        });
        expect(res.status).toBe(400);
        expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain('closeReason');
      }
      const tooLong = await t.call('PATCH', `/api/v1/opportunities/${deal.id}`, am, {
        version: 1,
        stage: 'won',
        closeReason: 'x'.repeat(2001),
      });
      expect(tooLong.status).toBe(400);
      expect(await get(deal.id)).toEqual(deal);
      expect(await history()).toHaveLength(1);

      clock.now = new Date('2027-03-04T08:00:00Z');
      const won = await t.call('PATCH', `/api/v1/opportunities/${deal.id}`, am, {
        version: 1,
        stage: 'won',
        closeReason: '  Shorter lead time  ',
      });
      expect(won.status).toBe(200);
      expect(won.body).toMatchObject({
        stage: 'won',
        closedAt: '2027-03-04T08:00:00.000Z',
        closeReason: 'Shorter lead time',
        version: 2,
      });
      expect((await history())[0]).toMatchObject({
        from: 'qualify',
        to: 'won',
        at: '2027-03-04T08:00:00.000Z',
        reason: 'Shorter lead time',
        user: { id: am.id },
      });
      // Won to lost is a new close: the won reason does not carry over.
      const lost = await t.call('PATCH', `/api/v1/opportunities/${deal.id}`, am, {
        version: 2,
        stage: 'lost',
      });
      expect(lost.status).toBe(400);
      expect(lost.body.error.details.issues[0].path).toBe('closeReason');
    });

    it('should reopen a closed deal, clearing its close but keeping the reason in the history', async () => {
      const { t, clock, am, acme, history } = await setup();
      const deal = (
        await t.call('POST', '/api/v1/opportunities', am, {
          accountId: acme.id,
          title: 'Spares',
          stage: 'lost',
          closeReason: 'Price',
        })
      ).body;
      expect(deal).toMatchObject({ closedAt: '2027-03-01T12:00:00.000Z', closeReason: 'Price' });
      clock.now = new Date('2027-04-01T12:00:00Z');
      const reopened = await t.call('PATCH', `/api/v1/opportunities/${deal.id}`, am, {
        version: 1,
        stage: 'negotiate',
      });
      expect(reopened.body).toMatchObject({
        stage: 'negotiate',
        closedAt: null,
        closeReason: null,
        version: 2,
      });
      const reasonOnOpen = await t.call('PATCH', `/api/v1/opportunities/${deal.id}`, am, {
        version: 2,
        closeReason: 'Still price',
      });
      expect(reasonOnOpen.status).toBe(400);
      expect((await history()).map((e: { to: string; reason: string | null }) => [e.to, e.reason])).toEqual([
        ['negotiate', null],
        ['lost', 'Price'],
      ]);
      expect(
        (await t.call('GET', `/api/v1/opportunities?accountId=${acme.id}&open=true`, am)).body.items,
      ).toHaveLength(1);
    });

    it('should start a won contract on its closing day unless given, and give its last day', async () => {
      const { t, am, acme } = await setup();
      const contract = (
        await t.call('POST', '/api/v1/opportunities', am, {
          accountId: acme.id,
          title: 'Frame contract',
          kind: 'contract',
          termMonths: 36,
        })
      ).body;
      expect(contract).toMatchObject({ contractStartDate: null, contractEndDate: null });
      const won = await t.call('PATCH', `/api/v1/opportunities/${contract.id}`, am, {
        version: 1,
        stage: 'won',
        closeReason: 'Signed',
      });
      expect(won.body).toMatchObject({ contractStartDate: '2027-03-01', contractEndDate: '2030-02-28' });

      const dated = await t.call('POST', '/api/v1/opportunities', am, {
        accountId: acme.id,
        title: 'Calendar-year contract',
        kind: 'contract',
        termMonths: 12,
        contractStartDate: '2027-01-01',
      });
      expect(dated.body).toMatchObject({ contractStartDate: '2027-01-01', contractEndDate: '2027-12-31' });
      const order = await t.call('POST', '/api/v1/opportunities', am, {
        accountId: acme.id,
        title: 'Order',
        contractStartDate: '2027-01-01',
      });
      expect(order.status).toBe(400);
      expect(order.body.error.details.issues[0].path).toBe('contractStartDate');
      const toOrder = await t.call('PATCH', `/api/v1/opportunities/${dated.body.id}`, am, {
        version: 1,
        kind: 'order',
      });
      expect(toOrder.body).toMatchObject({ kind: 'order', contractStartDate: null, contractEndDate: null });
    });

    it("should flag a rep's new business on a key account for its owner until the owner acknowledges it", async () => {
      const { t, clock, admin, am, rep, acme } = await setup();
      const openDeals = async () =>
        (await t.call('POST', '/api/v1/lookup', am, { emails: ['buyer@acme.example'] })).body.accounts[0]
          .openOpportunities;
      const flagged = (
        await t.call('POST', '/api/v1/opportunities', rep, {
          accountId: acme.id,
          title: 'New line',
          ownerId: rep.id,
        })
      ).body;
      expect(flagged.flag).toEqual({
        flaggedAt: '2027-03-01T12:00:00.000Z',
        acknowledgedAt: null,
        acknowledgedBy: null,
      });
      await t.call('POST', '/api/v1/opportunities', rep, {
        accountId: acme.id,
        title: 'More',
        type: 'expansion',
      });
      await t.call('POST', '/api/v1/opportunities', am, { accountId: acme.id, title: 'Own' });
      expect(
        (await openDeals()).map((o: { title: string; flagged: boolean }) => [o.title, o.flagged]).sort(),
      ).toEqual([
        ['More', false],
        ['New line', true],
        ['Own', false],
      ]);

      const byRep = await t.call('POST', `/api/v1/opportunities/${flagged.id}/acknowledge`, rep);
      expect(byRep.status).toBe(403);
      expect((await openDeals()).find((o: { id: string }) => o.id === flagged.id).flagged).toBe(true);

      clock.now = new Date('2027-03-02T09:00:00Z');
      const byOwner = await t.call('POST', `/api/v1/opportunities/${flagged.id}/acknowledge`, am);
      expect(byOwner.status).toBe(200);
      expect(byOwner.body).toMatchObject({
        flag: {
          flaggedAt: '2027-03-01T12:00:00.000Z',
          acknowledgedAt: '2027-03-02T09:00:00.000Z',
          acknowledgedBy: am.id,
        },
        version: flagged.version,
      });
      expect((await openDeals()).some((o: { flagged: boolean }) => o.flagged)).toBe(false);
      const again = await t.call('POST', `/api/v1/opportunities/${flagged.id}/acknowledge`, admin);
      expect(again.status).toBe(200);
      expect(again.body.flag.acknowledgedBy).toBe(am.id);
    });
  });
}
