import { describe, expect, it } from 'vitest';

import { newId } from '../lib/ids';
import { DIALECTS, testApp } from '../test/harness';

type T = Awaited<ReturnType<typeof testApp>>;

interface Deal {
  productLineId?: string | null;
  amount: number;
  stage: 'qualify' | 'discover' | 'propose' | 'negotiate' | 'won' | 'lost';
  currency?: string;
  /** When it was won or lost (ISO timestamp). */
  closedAt?: string;
  expectedCloseDate?: string;
}

/** Writes an opportunity straight into the database, so its close date is exactly the one the test needs. */
async function deal(t: T, accountId: string, d: Deal) {
  const at = '2026-01-05T10:00:00.000Z';
  await t.db.kysely
    .insertInto('opportunities')
    .values({
      id: newId(),
      account_id: accountId,
      title: `${d.stage} ${d.amount}`,
      type: 'expansion',
      kind: 'order',
      term_months: null,
      product_line_id: d.productLineId ?? null,
      amount: d.amount,
      currency: d.currency ?? 'EUR',
      stage: d.stage,
      expected_close_date: d.expectedCloseDate ?? null,
      owner_id: null,
      next_step: '',
      closed_at: d.closedAt ?? null,
      created_at: at,
      updated_at: at,
      version: 1,
    })
    .execute();
}

const plansOf = (accountId: string, period = '2027') => `/api/v1/accounts/${accountId}/plans/${period}`;
/** An action as read, back in the shape a PUT takes. */
const withoutOwner = ({ owner: _owner, ...action }: { owner: unknown; [key: string]: unknown }) => action;
const paths = (res: { body: { error: { details: { issues: { path: string }[] } } } }) =>
  res.body.error.details.issues.map((i) => i.path);

for (const dialect of DIALECTS) {
  describe(`account plans (${dialect})`, () => {
    async function setup() {
      const t = await testApp(dialect, {}, { now: () => new Date('2027-03-01T12:00:00Z') });
      const admin = await t.user('admin');
      const am = await t.user('account_manager', 'Marta Rossi');
      const acme = (
        await t.call('POST', '/api/v1/accounts', am, { name: 'Acme', tier: 'key', ownerId: am.id })
      ).body as { id: string };
      const product = async (name: string) =>
        (await t.call('POST', '/api/v1/products', admin, { name })).body as { id: string; name: string };
      const resins = await product('Resins');
      const coatings = await product('Coatings');
      const adhesives = await product('Adhesives');
      return { t, admin, am, acme, resins, coatings, adhesives };
    }

    it('should compute actual, weighted pipeline and totals per product line for the period', async () => {
      const { t, am, acme, resins, coatings, adhesives } = await setup();
      await deal(t, acme.id, {
        productLineId: resins.id,
        amount: 120_000_00,
        stage: 'won',
        closedAt: '2027-02-10T09:00:00.000Z',
      });
      // Won the evening before the fiscal year began: last year's revenue.
      await deal(t, acme.id, {
        productLineId: resins.id,
        amount: 99_000_00,
        stage: 'won',
        closedAt: '2026-12-31T23:00:00.000Z',
      });
      await deal(t, acme.id, {
        productLineId: resins.id,
        amount: 100_000_00,
        stage: 'negotiate',
        expectedCloseDate: '2027-06-30',
      });
      // Expected to close next year: not this year's pipeline.
      await deal(t, acme.id, {
        productLineId: resins.id,
        amount: 50_000_00,
        stage: 'propose',
        expectedCloseDate: '2028-01-15',
      });
      await deal(t, acme.id, {
        productLineId: coatings.id,
        amount: 80_000_00,
        stage: 'propose',
        expectedCloseDate: '2027-09-01',
      });
      // 10 % of 25 cents is 2.5 cents: rounded half up to 3.
      await deal(t, acme.id, {
        productLineId: coatings.id,
        amount: 25,
        stage: 'qualify',
        expectedCloseDate: '2027-12-31',
      });
      await deal(t, acme.id, {
        productLineId: coatings.id,
        amount: 1_000,
        stage: 'lost',
        closedAt: '2027-03-01T00:00:00.000Z',
      });
      // Revenue on a line without a target, and revenue without a product line.
      await deal(t, acme.id, {
        productLineId: adhesives.id,
        amount: 1_000,
        stage: 'negotiate',
        expectedCloseDate: '2027-05-01',
      });
      await deal(t, acme.id, {
        productLineId: null,
        amount: 5_000_00,
        stage: 'won',
        closedAt: '2027-07-01T08:00:00.000Z',
      });

      const put = await t.call('PUT', plansOf(acme.id), am, {
        lines: [
          { productLineId: resins.id, target: 500_000_00 },
          { productLineId: coatings.id, target: 200_000_00 },
        ],
        objectives: [],
        actions: [],
      });
      expect(put.status).toBe(201);
      const got = await t.call('GET', plansOf(acme.id), am);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(put.body);
      expect(got.body).toMatchObject({
        accountId: acme.id,
        period: '2027',
        startDate: '2027-01-01',
        endDate: '2027-12-31',
        currency: 'EUR',
        version: 1,
        lines: [
          {
            productLineId: resins.id,
            productLineName: 'Resins',
            target: 500_000_00,
            actual: 120_000_00,
            pipeline: 75_000_00,
          },
          {
            productLineId: coatings.id,
            productLineName: 'Coatings',
            target: 200_000_00,
            actual: 0,
            pipeline: 40_000_03,
          },
          {
            productLineId: adhesives.id,
            productLineName: 'Adhesives',
            target: null,
            actual: 0,
            pipeline: 750,
          },
        ],
        unassigned: { actual: 5_000_00, pipeline: 0 },
        totals: { target: 700_000_00, actual: 125_000_00, pipeline: 115_000_00 + 3 + 750 },
        excluded: { opportunities: 0, currencies: [] },
      });
      expect(got.body.updatedAt).toEqual(expect.any(String));
    });

    it('should answer for an account without a plan, and list as whitespace the active lines it never bought', async () => {
      const { t, admin, acme, resins, coatings, adhesives } = await setup();
      const rep = await t.user('sales_rep');
      const legacy = (await t.call('POST', '/api/v1/products', admin, { name: 'Legacy', active: false }))
        .body;
      const sealants = (await t.call('POST', '/api/v1/products', admin, { name: 'Sealants' })).body;
      // Bought Sealants years ago and nothing since: no longer in the period, but not whitespace either.
      await deal(t, acme.id, {
        productLineId: sealants.id,
        amount: 9_00,
        stage: 'won',
        closedAt: '2024-05-05T10:00:00.000Z',
      });
      await deal(t, acme.id, {
        productLineId: resins.id,
        amount: 30_00,
        stage: 'won',
        closedAt: '2027-04-04T10:00:00.000Z',
      });
      // Lost on Coatings: still never bought.
      await deal(t, acme.id, {
        productLineId: coatings.id,
        amount: 70_00,
        stage: 'lost',
        closedAt: '2027-04-04T10:00:00.000Z',
      });
      await deal(t, acme.id, {
        productLineId: coatings.id,
        amount: 40_00,
        stage: 'discover',
        expectedCloseDate: '2027-10-10',
      });

      const res = await t.call('GET', plansOf(acme.id), rep);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accountId: acme.id,
        period: '2027',
        startDate: '2027-01-01',
        endDate: '2027-12-31',
        currency: 'EUR',
        version: 0,
        updatedAt: null,
        lines: [
          {
            productLineId: coatings.id,
            productLineName: 'Coatings',
            target: null,
            actual: 0,
            pipeline: 10_00,
          },
          { productLineId: resins.id, productLineName: 'Resins', target: null, actual: 30_00, pipeline: 0 },
        ],
        unassigned: { actual: 0, pipeline: 0 },
        totals: { target: 0, actual: 30_00, pipeline: 10_00 },
        whitespace: [
          { productLineId: adhesives.id, name: 'Adhesives' },
          { productLineId: coatings.id, name: 'Coatings' },
        ],
        excluded: { opportunities: 0, currencies: [] },
        objectives: [],
        actions: [],
      });
      expect(res.body.whitespace.map((w: { productLineId: string }) => w.productLineId)).not.toContain(
        legacy.id,
      );
    });

    it('should shift the period with the fiscal year start month', async () => {
      const { t, admin, am, acme, resins } = await setup();
      const settings = (await t.call('GET', '/api/v1/settings', admin)).body;
      const patched = await t.call('PATCH', '/api/v1/settings', admin, {
        version: settings.version,
        fiscalYearStartMonth: 4,
      });
      expect(patched.status).toBe(200);
      await deal(t, acme.id, {
        productLineId: resins.id,
        amount: 10_00,
        stage: 'won',
        closedAt: '2027-03-15T10:00:00.000Z',
      });
      await deal(t, acme.id, {
        productLineId: resins.id,
        amount: 20_00,
        stage: 'won',
        closedAt: '2027-04-01T00:30:00.000Z',
      });
      await deal(t, acme.id, {
        productLineId: resins.id,
        amount: 40_00,
        stage: 'won',
        closedAt: '2028-03-31T23:30:00.000Z',
      });
      await deal(t, acme.id, {
        productLineId: resins.id,
        amount: 80_00,
        stage: 'won',
        closedAt: '2028-04-01T00:00:00.000Z',
      });

      const y2026 = (await t.call('GET', plansOf(acme.id, '2026'), am)).body;
      expect(y2026).toMatchObject({ startDate: '2026-04-01', endDate: '2027-03-31' });
      expect(y2026.totals.actual).toBe(10_00);
      const y2027 = (await t.call('GET', plansOf(acme.id, '2027'), am)).body;
      expect(y2027).toMatchObject({ startDate: '2027-04-01', endDate: '2028-03-31' });
      expect(y2027.totals.actual).toBe(60_00);
    });

    it('should refuse a stale version with the current plan and change nothing, and audit every save', async () => {
      const { t, admin, am, acme, resins, coatings } = await setup();
      const created = await t.call('PUT', plansOf(acme.id), am, {
        version: 0,
        lines: [{ productLineId: resins.id, target: 100 }],
        objectives: [{ text: 'Become sole supplier of resins' }],
        actions: [],
      });
      expect(created.status).toBe(201);
      expect(created.body.version).toBe(1);
      const updated = await t.call('PUT', plansOf(acme.id), am, {
        version: 1,
        lines: [
          { productLineId: coatings.id, target: 300 },
          { productLineId: resins.id, target: 200 },
        ],
        objectives: [
          { id: created.body.objectives[0].id, text: 'Become sole supplier of resins', status: 'achieved' },
        ],
        actions: [],
      });
      expect(updated.status).toBe(200);
      expect(updated.body.version).toBe(2);
      expect(updated.body.lines.map((l: { target: number }) => l.target)).toEqual([300, 200]);

      for (const version of [1, 0]) {
        const stale = await t.call('PUT', plansOf(acme.id), am, {
          version,
          currency: 'USD',
          lines: [],
          objectives: [],
          actions: [],
        });
        expect(stale.status).toBe(409);
        expect(stale.body.error.code).toBe('version_conflict');
        expect(stale.body.error.details.current).toEqual(updated.body);
      }
      expect((await t.call('GET', plansOf(acme.id), am)).body).toEqual(updated.body);

      // A plan saved for the first time under a version the client never read is stale too.
      const ghost = await t.call('PUT', plansOf(acme.id, '2028'), am, {
        version: 3,
        lines: [],
        objectives: [],
        actions: [],
      });
      expect(ghost.status).toBe(409);
      expect(ghost.body.error.details.current.version).toBe(0);

      const log = await t.call('GET', `/api/v1/audit?entity=account_plan&entityId=${acme.id}:2027`, admin);
      expect(log.status).toBe(200);
      expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
      const [update] = log.body.items;
      expect(update).toMatchObject({
        userId: am.id,
        entity: 'account_plan',
        entityId: `${acme.id}:2027`,
        before: { version: 1, currency: 'EUR', lines: [{ productLineId: resins.id, target: 100 }] },
        after: {
          version: 2,
          lines: [
            { productLineId: coatings.id, target: 300 },
            { productLineId: resins.id, target: 200 },
          ],
          objectives: [{ status: 'achieved' }],
        },
      });
    });

    it('should let one of two simultaneous saves through and answer the other with a conflict', async () => {
      const { t, am, acme, resins, coatings } = await setup();
      const save = (version: number, productLineId: string) =>
        t.call('PUT', plansOf(acme.id), am, {
          version,
          lines: [{ productLineId, target: 100 }],
          objectives: [],
          actions: [],
        });
      for (const version of [0, 1]) {
        const both = await Promise.all([save(version, resins.id), save(version, coatings.id)]);
        expect(both.map((r) => r.status).sort()).toEqual([version === 0 ? 201 : 200, 409]);
        const [won, lost] = both[0].status === 409 ? [both[1], both[0]] : [both[0], both[1]];
        expect(lost.body.error.details.current).toEqual(won.body);
        expect((await t.call('GET', plansOf(acme.id), am)).body).toEqual(won.body);
      }
    });

    // PostgreSQL only: SQLite serialises writers, so the two first saves cannot overlap there.
    // With an Idempotency-Key the save runs in the request's transaction and its own is a savepoint
    // (db/request-transaction.ts): the conflict is still read once the failed insert is rolled back.
    for (const keyed of dialect === 'postgres' ? [false, true] : [])
      it(`should answer a first save that loses the race to another with a conflict, not an error${keyed ? ' (Idempotency-Key)' : ''}`, async () => {
        const { t, am: plain, acme } = await setup();
        const am = keyed ? { ...plain, headers: { ...plain.headers, 'idempotency-key': 'race-1' } } : plain;
        let release = () => {};
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        let inserted = () => {};
        const ready = new Promise<void>((resolve) => {
          inserted = resolve;
        });
        // Another writer has created the plan but not committed yet when our save starts.
        const other = t.db.kysely.transaction().execute(async (trx) => {
          const at = new Date().toISOString();
          await trx
            .insertInto('account_plans')
            .values({
              id: newId(),
              account_id: acme.id,
              period: '2027',
              currency: 'EUR',
              created_at: at,
              updated_at: at,
              version: 1,
            })
            .execute();
          inserted();
          await held;
        });
        await ready;
        const save = t.call('PUT', plansOf(acme.id), am, {
          lines: [],
          objectives: [{ text: 'Mine' }],
          actions: [],
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        release();
        await other;
        const res = await save;
        expect(res.status).toBe(409);
        expect(res.body.error.details.current).toMatchObject({ version: 1, objectives: [] });
      });

    it('should keep the ids of objectives and actions given back, in the order given, and add new ones', async () => {
      const { t, am, acme } = await setup();
      const marketing = await t.user('marketing', 'Lea Marketing');
      const first = (
        await t.call('PUT', plansOf(acme.id), am, {
          lines: [],
          objectives: [{ text: 'Three-year supply contract' }, { text: 'Meet the new CFO', status: 'open' }],
          actions: [
            {
              title: 'Quarterly newsletter',
              category: 'marketing_communication',
              ownerId: marketing.id,
              dueDate: '2027-04-15',
            },
            { title: 'Custom resin grade proposal', category: 'product_customisation', ownerId: am.id },
          ],
        })
      ).body;
      expect(first.objectives).toMatchObject([
        { text: 'Three-year supply contract', status: 'open' },
        { text: 'Meet the new CFO', status: 'open' },
      ]);
      expect(first.actions).toEqual([
        {
          id: expect.any(String),
          title: 'Quarterly newsletter',
          category: 'marketing_communication',
          ownerId: marketing.id,
          owner: { id: marketing.id, name: 'Lea Marketing', email: marketing.email, role: 'marketing' },
          dueDate: '2027-04-15',
          status: 'planned',
        },
        {
          id: expect.any(String),
          title: 'Custom resin grade proposal',
          category: 'product_customisation',
          ownerId: am.id,
          owner: { id: am.id, name: 'Marta Rossi', email: am.email, role: 'account_manager' },
          dueDate: null,
          status: 'planned',
        },
      ]);
      const [newsletter, proposal] = first.actions;

      const second = (
        await t.call('PUT', plansOf(acme.id), am, {
          version: 1,
          lines: [],
          objectives: [first.objectives[1]],
          actions: [
            { ...withoutOwner(proposal), status: 'in_progress' },
            { title: 'Service review with logistics', category: 'service_coordination', ownerId: null },
            withoutOwner(newsletter),
          ],
        })
      ).body;
      expect(second.objectives).toEqual([first.objectives[1]]);
      expect(second.actions.map((a: { id: string }) => a.id)).toEqual([
        proposal.id,
        expect.any(String),
        newsletter.id,
      ]);
      expect([newsletter.id, proposal.id]).not.toContain(second.actions[1].id);
      expect(second.actions[0]).toMatchObject({
        status: 'in_progress',
        title: 'Custom resin grade proposal',
      });
      expect(second.actions[1]).toMatchObject({ owner: null, category: 'service_coordination' });

      // An id that is not one of this plan's is refused, not silently renumbered.
      const foreign = await t.call('PUT', plansOf(acme.id), am, {
        version: 2,
        lines: [],
        objectives: [],
        actions: [{ id: 'someoneelsesaction', title: 'X' }],
      });
      expect(foreign.status).toBe(400);
      expect(paths(foreign)).toEqual(['actions.0.id']);
      expect((await t.call('GET', plansOf(acme.id), am)).body).toEqual(second);
    });

    it('should keep a deactivated colleague on the actions they had, but not assign them new ones', async () => {
      const { t, admin, am, acme } = await setup();
      const leaver = await t.user('marketing');
      const plan = (
        await t.call('PUT', plansOf(acme.id), am, {
          lines: [],
          objectives: [],
          actions: [
            { title: 'Trade fair invitation', category: 'marketing_communication', ownerId: leaver.id },
          ],
        })
      ).body;
      expect(
        (await t.call('PATCH', `/api/v1/users/${leaver.id}`, admin, { version: 1, active: false })).status,
      ).toBe(200);
      const kept = withoutOwner(plan.actions[0]);
      const again = await t.call('PUT', plansOf(acme.id), am, {
        version: 1,
        lines: [],
        objectives: [{ text: 'Hand marketing actions over' }],
        actions: [kept],
      });
      expect(again.status).toBe(200);
      expect(again.body.actions[0].owner.id).toBe(leaver.id);
      const more = await t.call('PUT', plansOf(acme.id), am, {
        version: 2,
        lines: [],
        objectives: [],
        actions: [kept, { title: 'Customer day', ownerId: leaver.id }],
      });
      expect(more.status).toBe(400);
      expect(paths(more)).toEqual(['actions.1.ownerId']);
      expect((await t.call('GET', plansOf(acme.id), am)).body.version).toBe(2);
    });

    it('should let the owning account manager and admins edit, and everyone else only read', async () => {
      const { t, admin, am, acme, resins } = await setup();
      const body = { lines: [{ productLineId: resins.id, target: 1 }], objectives: [], actions: [] };
      const otherAm = await t.user('account_manager');
      for (const role of ['sales_rep', 'viewer', 'coordinator', 'marketing'] as const) {
        const someone = await t.user(role);
        expect((await t.call('GET', plansOf(acme.id), someone)).status).toBe(200);
        const put = await t.call('PUT', plansOf(acme.id), someone, body);
        expect(put.status).toBe(403);
        expect(put.body.error.code).toBe('forbidden');
      }
      expect((await t.call('PUT', plansOf(acme.id), otherAm, body)).status).toBe(403);
      expect((await t.call('GET', plansOf(acme.id), am)).body.version).toBe(0);
      expect((await t.call('PUT', plansOf(acme.id), am, body)).status).toBe(201);
      expect((await t.call('PUT', plansOf(acme.id), admin, { ...body, version: 1 })).status).toBe(200);

      // An account without an owner: any account manager plans it, a rep still does not.
      const unowned = (await t.call('POST', '/api/v1/accounts', otherAm, { name: 'Nobody Ltd' })).body;
      const rep = await t.user('sales_rep');
      expect((await t.call('PUT', plansOf(unowned.id), rep, body)).status).toBe(403);
      expect((await t.call('PUT', plansOf(unowned.id), otherAm, body)).status).toBe(201);
    });

    it.each([
      ['a negative target', { lines: [{ productLineId: 'P', target: -1 }] }, 'lines.0.target'],
      ['a fractional target', { lines: [{ productLineId: 'P', target: 12.5 }] }, 'lines.0.target'],
      [
        'a product line twice',
        {
          lines: [
            { productLineId: 'P', target: 1 },
            { productLineId: 'P', target: 2 },
          ],
        },
        'lines.1.productLineId',
      ],
      ['a blank objective', { objectives: [{ text: '  ' }] }, 'objectives.0.text'],
      ['an objective of 2001 characters', { objectives: [{ text: 'x'.repeat(2001) }] }, 'objectives.0.text'],
      [
        'an unknown objective status',
        { objectives: [{ text: 'Grow', status: 'done' }] },
        'objectives.0.status',
      ],
      ['an unknown category', { actions: [{ title: 'Call', category: 'sales' }] }, 'actions.0.category'],
      [
        'a due date not YYYY-MM-DD',
        { actions: [{ title: 'Call', dueDate: '31/12/2027' }] },
        'actions.0.dueDate',
      ],
      ['an unknown action status', { actions: [{ title: 'Call', status: 'late' }] }, 'actions.0.status'],
      ['201 actions', { actions: Array.from({ length: 201 }, (_, i) => ({ title: `A${i}` })) }, 'actions'],
      ['no lines', { lines: undefined }, 'lines'],
      ['a currency that is not ISO 4217', { currency: 'euro' }, 'currency'],
      ['a negative version', { version: -1 }, 'version'],
    ])('should refuse %s, naming the field, and store nothing', async (_what, change, path) => {
      const { t, am, acme, resins } = await setup();
      const raw = JSON.stringify({ lines: [], objectives: [], actions: [], ...change }).replaceAll(
        '"P"',
        `"${resins.id}"`,
      );
      const res = await t.call('PUT', plansOf(acme.id), am, JSON.parse(raw));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(paths(res)).toContain(path);
      expect((await t.call('GET', plansOf(acme.id), am)).body.version).toBe(0);
    });

    it('should name an unknown product line and an unknown owner, storing nothing', async () => {
      const { t, am, acme, resins } = await setup();
      const res = await t.call('PUT', plansOf(acme.id), am, {
        lines: [
          { productLineId: resins.id, target: 100 },
          { productLineId: 'nosuchline', target: 100 },
        ],
        objectives: [{ id: 'madeup', text: 'Grow' }],
        actions: [{ title: 'Visit', ownerId: 'nobody' }],
      });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(['lines.1.productLineId', 'objectives.0.id', 'actions.0.ownerId']);
      const got = (await t.call('GET', plansOf(acme.id), am)).body;
      expect(got).toMatchObject({ version: 0, lines: [], objectives: [], actions: [] });
    });

    it.each(['27', '0999', '1899', '20270', 'abcd'])('should refuse the period %s', async (period) => {
      const { t, am, acme } = await setup();
      const get = await t.call('GET', plansOf(acme.id, period), am);
      expect(get.status).toBe(400);
      expect(paths(get)).toEqual(['period']);
      const put = await t.call('PUT', plansOf(acme.id, period), am, {
        lines: [],
        objectives: [],
        actions: [],
      });
      expect(put.status).toBe(400);
    });

    it('should answer 404 for an unknown account and name the account a merged one went into', async () => {
      const { t, admin, am, acme } = await setup();
      expect((await t.call('GET', plansOf('nosuchaccount'), am)).status).toBe(404);
      const put = await t.call('PUT', plansOf('nosuchaccount'), admin, {
        lines: [],
        objectives: [],
        actions: [],
      });
      expect(put.status).toBe(404);
      const dup = (await t.call('POST', '/api/v1/accounts', am, { name: 'Acme dup' })).body;
      expect(
        (await t.call('POST', `/api/v1/accounts/${acme.id}/merge`, admin, { sourceId: dup.id, version: 1 }))
          .status,
      ).toBe(200);
      const gone = await t.call('GET', plansOf(dup.id), am);
      expect(gone.status).toBe(404);
      expect(gone.body.error.details.mergedInto).toBe(acme.id);
    });

    it('should count only opportunities in the plan currency and report the others', async () => {
      const { t, admin, am, acme, resins } = await setup();
      await deal(t, acme.id, {
        productLineId: resins.id,
        amount: 100_00,
        stage: 'won',
        closedAt: '2027-05-05T10:00:00.000Z',
      });
      await deal(t, acme.id, {
        productLineId: resins.id,
        amount: 300_00,
        currency: 'USD',
        stage: 'won',
        closedAt: '2027-05-06T10:00:00.000Z',
      });
      await deal(t, acme.id, {
        productLineId: resins.id,
        amount: 400_00,
        currency: 'USD',
        stage: 'propose',
        expectedCloseDate: '2027-08-01',
      });
      await deal(t, acme.id, {
        productLineId: resins.id,
        amount: 500_00,
        currency: 'CHF',
        stage: 'qualify',
        expectedCloseDate: '2027-08-01',
      });
      // Another period's: neither counted nor reported.
      await deal(t, acme.id, {
        productLineId: resins.id,
        amount: 900_00,
        currency: 'GBP',
        stage: 'won',
        closedAt: '2025-05-05T10:00:00.000Z',
      });

      const eur = (await t.call('GET', plansOf(acme.id), am)).body;
      expect(eur.currency).toBe('EUR');
      expect(eur.totals).toEqual({ target: 0, actual: 100_00, pipeline: 0 });
      expect(eur.excluded).toEqual({ opportunities: 3, currencies: ['CHF', 'USD'] });

      const usd = (
        await t.call('PUT', plansOf(acme.id), am, {
          currency: 'usd',
          lines: [{ productLineId: resins.id, target: 1_000_00 }],
          objectives: [],
          actions: [],
        })
      ).body;
      expect(usd.currency).toBe('USD');
      expect(usd.lines).toMatchObject([{ target: 1_000_00, actual: 300_00, pipeline: 200_00 }]);
      expect(usd.excluded).toEqual({ opportunities: 2, currencies: ['CHF', 'EUR'] });

      // The default currency setting applies to plans not saved yet; a saved plan keeps its own.
      const settings = (await t.call('GET', '/api/v1/settings', admin)).body;
      await t.call('PATCH', '/api/v1/settings', admin, { version: settings.version, defaultCurrency: 'CHF' });
      expect((await t.call('GET', plansOf(acme.id, '2028'), am)).body.currency).toBe('CHF');
      const kept = await t.call('PUT', plansOf(acme.id), am, {
        version: 1,
        lines: [],
        objectives: [],
        actions: [],
      });
      expect(kept.body.currency).toBe('USD');
    });
  });
}
