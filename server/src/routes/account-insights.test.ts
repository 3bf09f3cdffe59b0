import { type Signal, zCoverage, zSignals } from '@rapport/shared';
import { describe, expect, it } from 'vitest';

import { DIALECTS, type TestUser, testApp } from '../test/harness';

const NOW = new Date('2027-03-01T12:00:00Z');

interface Rec {
  id: string;
  version: number;
}

for (const dialect of DIALECTS) {
  describe(`account coverage and signals (${dialect})`, () => {
    async function setup() {
      const t = await testApp(dialect, {}, { now: () => NOW });
      const admin = await t.user('admin', 'Ada Admin');
      const owner = await t.user('account_manager', 'Alice Rossi');
      const rep = await t.user('sales_rep', 'Bruno Neri');
      const post = async (path: string, body: unknown, as: TestUser = admin): Promise<Rec> => {
        const res = await t.call('POST', path, as, body);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        return res.body as Rec;
      };
      const account = (name: string, tier: 'key' | 'standard' = 'key') =>
        post('/api/v1/accounts', { name, tier, status: 'customer', ownerId: owner.id });
      const contact = (accountId: string, body: Record<string, unknown>) =>
        post('/api/v1/contacts', { accountId, ...body });
      const patchContact = async (c: Rec, changes: Record<string, unknown>) => {
        const res = await t.call('PATCH', `/api/v1/contacts/${c.id}`, admin, {
          version: c.version,
          ...changes,
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      };
      /** An open opportunity created by the account's owner (so no new-business flag), then shaped in place. */
      const opportunity = async (
        accountId: string,
        body: Record<string, unknown>,
        columns: Record<string, unknown> = {},
      ) => {
        const created = await post('/api/v1/opportunities', { accountId, ownerId: owner.id, ...body }, owner);
        if (Object.keys(columns).length > 0) {
          await t.db.kysely.updateTable('opportunities').set(columns).where('id', '=', created.id).execute();
        }
        return created;
      };
      const coverage = async (accountId: string, as: TestUser = rep) => {
        const res = await t.call('GET', `/api/v1/accounts/${accountId}/coverage`, as);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return zCoverage.parse(res.body);
      };
      const signals = async (accountId: string, as: TestUser = owner, query = '') => {
        const res = await t.call('GET', `/api/v1/accounts/${accountId}/signals${query}`, as);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return zSignals.parse(res.body).signals;
      };
      return { t, admin, owner, rep, account, contact, patchContact, opportunity, coverage, signals };
    }
    const codes = (list: Signal[]) => list.map((s) => s.code);
    const only = (list: Signal[], code: Signal['code']) => list.filter((s) => s.code === code);

    it('should cover a role whose holder was contacted within the window and list the uncovered ones', async () => {
      const { account, contact, coverage } = await setup();
      const acme = await account('Acme');
      const elena = await contact(acme.id, {
        name: 'Elena Marchetti',
        title: 'CFO',
        roles: ['economic_buyer'],
        lastContactedAt: '2027-02-10T09:00:00Z',
      });
      const marco = await contact(acme.id, {
        name: 'Marco Bianchi',
        roles: ['technical_decision_maker', 'economic_buyer'],
        reportsToId: elena.id,
        lastContactedAt: '2026-10-01T09:00:00Z',
      });
      await contact(acme.id, { name: 'Paolo Gallo', roles: ['purchasing'] });

      const cov = await coverage(acme.id);
      expect(cov).toMatchObject({ accountId: acme.id, asOf: NOW.toISOString(), windowDays: 90 });
      const byRole = Object.fromEntries(cov.roles.map((r) => [r.role, r]));
      expect(byRole.economic_buyer?.covered).toBe(true);
      expect(byRole.economic_buyer?.holders.map((h) => [h.name, h.recent])).toEqual([
        ['Elena Marchetti', true],
        ['Marco Bianchi', false],
      ]);
      expect(byRole.technical_decision_maker).toMatchObject({
        covered: false,
        holders: [{ contactId: marco.id, lastContactedAt: '2026-10-01T09:00:00Z', recent: false }],
      });
      expect(byRole.purchasing).toMatchObject({ covered: false, holders: [{ name: 'Paolo Gallo' }] });
      expect(cov.coveredCount).toBe(1);
      expect(cov.uncoveredRoles).toEqual([
        'technical_decision_maker',
        'purchasing',
        'executive_sponsor',
        'influencer',
        'end_user',
        'gatekeeper',
        'legal',
      ]);
      expect(cov.roles.map((r) => r.role)[0]).toBe('economic_buyer');
      expect(cov.stakeholders.map((s) => [s.name, s.reportsToId])).toEqual([
        ['Elena Marchetti', null],
        ['Marco Bianchi', elena.id],
        ['Paolo Gallo', null],
      ]);
    });

    it('should give the org chart no link to a manager outside the account', async () => {
      const { t, account, contact, coverage } = await setup();
      const acme = await account('Acme');
      const other = await account('Globex');
      const stranger = await contact(other.id, { name: 'Gina Globex' });
      const anna = await contact(acme.id, { name: 'Anna Conti' });
      await t.db.kysely
        .updateTable('contacts')
        .set({ reports_to_id: stranger.id })
        .where('id', '=', anna.id)
        .execute();
      const cov = await coverage(acme.id);
      expect(cov.stakeholders).toEqual([
        expect.objectContaining({ contactId: anna.id, reportsToId: null, roles: [] }),
      ]);
    });

    it('should answer differently when the coverage window setting changes', async () => {
      const { t, admin, account, contact, coverage } = await setup();
      const acme = await account('Acme');
      await contact(acme.id, {
        name: 'Elena Marchetti',
        roles: ['economic_buyer'],
        lastContactedAt: '2027-02-10T09:00:00Z', // 19 days before NOW
      });
      await contact(acme.id, {
        name: 'Marco Bianchi',
        roles: ['legal'],
        lastContactedAt: '2026-10-01T09:00:00Z', // 151 days before NOW
      });
      const covered = async () => (await coverage(acme.id)).roles.filter((r) => r.covered).map((r) => r.role);
      expect(await covered()).toEqual(['economic_buyer']);

      const settings = await t.call('GET', '/api/v1/settings', admin);
      const narrow = await t.call('PATCH', '/api/v1/settings', admin, {
        version: settings.body.version,
        coverageWindowDays: 10,
      });
      expect(narrow.status).toBe(200);
      expect((await coverage(acme.id)).windowDays).toBe(10);
      expect(await covered()).toEqual([]);

      const wide = await t.call('PATCH', '/api/v1/settings', admin, {
        version: narrow.body.version,
        coverageWindowDays: 200,
      });
      expect(wide.status).toBe(200);
      expect(await covered()).toEqual(['economic_buyer', 'legal']);
    });

    it('should answer 404 for an unknown account, naming the survivor of a merge', async () => {
      const { t, admin, account } = await setup();
      for (const path of ['coverage', 'signals']) {
        const missing = await t.call('GET', `/api/v1/accounts/nope/${path}`, admin);
        expect(missing.status).toBe(404);
        expect(missing.body.error.code).toBe('not_found');
      }
      const from = await account('Old Acme');
      const into = await account('Acme');
      const merged = await t.call('POST', `/api/v1/accounts/${into.id}/merge`, admin, {
        sourceId: from.id,
        version: into.version,
      });
      expect(merged.status).toBe(200);
      const gone = await t.call('GET', `/api/v1/accounts/${from.id}/signals`, admin);
      expect(gone.status).toBe(404);
      expect(gone.body.error.details).toMatchObject({ mergedInto: into.id });
    });

    it('should signal a missing economic buyer, naming whom to ask, until one is added', async () => {
      const { account, contact, patchContact, signals } = await setup();
      const acme = await account('Acme');
      const paolo = await contact(acme.id, {
        name: 'Paolo Gallo',
        title: 'Head of Procurement',
        roles: ['purchasing'],
        stance: 'champion',
        lastContactedAt: '2027-02-20T09:00:00Z',
      });
      await contact(acme.id, {
        name: 'Bea Blocco',
        stance: 'blocker',
        lastContactedAt: '2027-02-27T09:00:00Z',
      });

      const [missing] = only(await signals(acme.id), 'no_economic_buyer');
      expect(missing).toMatchObject({ severity: 'high', contactIds: [paolo.id] });
      expect(missing?.why).toContain('None of the 2 stakeholders we know at Acme is the economic buyer');
      expect(missing?.next).toBe(
        'Find out who signs off the budget: ask Paolo Gallo (Head of Procurement) who approves supplier contracts at Acme, then add that person with the economic buyer role.',
      );

      const standard = await account('Smallco', 'standard');
      await contact(standard.id, { name: 'Sam Small', stance: 'blocker' });
      await contact(standard.id, { name: 'Sue Small', stance: 'blocker' });
      const [onStandard] = only(await signals(standard.id), 'no_economic_buyer');
      // Nobody to ask but blockers: the advice names no one.
      expect(onStandard).toMatchObject({ severity: 'medium', contactIds: [] });
      expect(onStandard?.next).toContain('Find out who signs off the budget at Smallco');

      await patchContact(paolo, { roles: ['purchasing', 'economic_buyer'] });
      expect(codes(await signals(acme.id))).not.toContain('no_economic_buyer');
    });

    it('should signal each high-influence stakeholder out of touch for longer than the window, until contacted', async () => {
      const { account, contact, patchContact, signals, owner } = await setup();
      const acme = await account('Acme');
      const marco = await contact(acme.id, {
        name: 'Marco Bianchi',
        title: 'CTO',
        roles: ['technical_decision_maker', 'economic_buyer'],
        influence: 'high',
        relationshipOwnerId: owner.id,
        lastContactedAt: '2026-10-01T09:00:00Z',
      });
      const nina = await contact(acme.id, { name: 'Nina Neri', influence: 'high' });
      await contact(acme.id, {
        name: 'Recent Rita',
        influence: 'high',
        lastContactedAt: '2027-02-01T09:00:00Z',
      });
      await contact(acme.id, { name: 'Low Luca', influence: 'low' });

      const lapsed = only(await signals(acme.id, owner), 'high_influence_not_contacted');
      expect(lapsed.map((s) => [s.contactIds, s.severity])).toEqual([
        [[nina.id], 'high'],
        [[marco.id], 'high'],
      ]);
      expect(lapsed[0]?.why).toBe('Nina Neri has high influence and has never been contacted.');
      expect(lapsed[1]?.why).toBe(
        'Marco Bianchi (CTO; economic buyer, technical decision-maker) has high influence and was last contacted on 1 October 2026, 151 days ago, beyond the 90-day coverage window.',
      );
      expect(lapsed[1]?.next).toBe(
        'You own the relationship: book a call or meeting with Marco Bianchi and log it.',
      );

      await patchContact(marco, { lastContactedAt: '2027-02-28T16:00:00Z' });
      await patchContact(nina, { lastContactedAt: '2027-03-01T08:00:00Z' });
      expect(codes(await signals(acme.id))).not.toContain('high_influence_not_contacted');
    });

    it('should flag blockers and skeptics only among the thread people named, of this account only', async () => {
      const { t, admin, account, contact, signals } = await setup();
      const acme = await account('Acme');
      const bea = await contact(acme.id, { name: 'Bea Blocco', stance: 'blocker', influence: 'high' });
      const sara = await contact(acme.id, { name: 'Sara Scettica', stance: 'skeptic' });
      const carla = await contact(acme.id, {
        name: 'Carla Campioni',
        stance: 'champion',
        roles: ['economic_buyer'],
      });
      const elsewhere = await account('Globex');
      const gino = await contact(elsewhere.id, { name: 'Gino Globex', stance: 'blocker' });

      expect(codes(await signals(acme.id))).not.toContain('blocker_in_thread');
      const named = [bea.id, sara.id, carla.id, gino.id, 'unknown_id'].join(',');
      const inThread = only(await signals(acme.id, admin, `?contactIds=${named}`), 'blocker_in_thread');
      expect(inThread.map((s) => [s.severity, s.contactIds[0]])).toEqual([
        ['high', bea.id],
        ['medium', sara.id],
      ]);
      expect(inThread[0]?.why).toBe(
        'Bea Blocco is in this thread and stands against us (blocker, high influence).',
      );
      expect(inThread[0]?.next).toContain('ask Carla Campioni, a champion, how to win Bea Blocco over');
      expect(only(await signals(acme.id, admin, `?contactIds=${sara.id}`), 'blocker_in_thread')).toHaveLength(
        1,
      );

      const tooMany = Array.from({ length: 101 }, (_, i) => `c${i}`).join(',');
      for (const query of [`?contactIds=${tooMany}`, '?contactIds=bad%20id']) {
        const res = await t.call('GET', `/api/v1/accounts/${acme.id}/signals${query}`, admin);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
      }
    });

    it('should call an account with one stakeholder single-threaded until a second is added', async () => {
      const { account, contact, signals } = await setup();
      const acme = await account('Acme');
      const elena = await contact(acme.id, { name: 'Elena Marchetti', roles: ['economic_buyer'] });
      const [single] = only(await signals(acme.id), 'single_threaded');
      expect(single).toMatchObject({ severity: 'high', contactIds: [elena.id] });
      expect(single?.next).toBe(
        'Ask Elena Marchetti to introduce you to the technical decision-maker and their purchasing contact, and add them as stakeholders.',
      );
      await contact(acme.id, { name: 'Marco Bianchi' });
      expect(codes(await signals(acme.id))).not.toContain('single_threaded');
    });

    it('should isolate a name holding a right-to-left override inside the sentences, so it cannot reverse them', async () => {
      const { account, contact, signals } = await setup();
      const acme = await account('Acme\u202Eevil');
      await contact(acme.id, { name: 'Elena\u202Eevil', title: 'Buyer', roles: ['economic_buyer'] });
      const [single] = only(await signals(acme.id), 'single_threaded');
      expect(single?.why).toBe(
        '\u2068Elena\u202Eevil\u2069 (Buyer) is the only stakeholder we know at \u2068Acme\u202Eevil\u2069; if that person leaves or changes their mind, we lose our way in.',
      );
      expect(single?.next).toMatch(/^Ask \u2068Elena\u202Eevil\u2069 to introduce you/);
      // Plain names stay as typed.
      const plain = await account('Plain Co');
      await contact(plain.id, { name: 'Marco Bianchi', roles: ['economic_buyer'] });
      const [other] = only(await signals(plain.id), 'single_threaded');
      expect(other?.why).toContain('Marco Bianchi is the only stakeholder we know at Plain Co;');
    });

    it('should warn of a supply contract ending within 90 days without a renewal, until one is opened', async () => {
      const { account, contact, opportunity, signals } = await setup();
      const acme = await account('Acme');
      const elena = await contact(acme.id, {
        name: 'Elena Marchetti',
        title: 'CFO',
        roles: ['economic_buyer'],
      });
      const won = { stage: 'won', closed_at: '2025-05-20T10:00:00Z' };
      const contract = { title: 'Sensors', kind: 'contract', type: 'expansion', stage: 'negotiate' };
      // Ends 30 May 2027, 90 days after NOW.
      const ending = await opportunity(
        acme.id,
        { ...contract, termMonths: 24 },
        {
          ...won,
          contract_start_date: '2025-05-31',
        },
      );
      // Ended yesterday, and ends in 91 days: no signal.
      await opportunity(
        acme.id,
        { ...contract, title: 'Old', termMonths: 12 },
        {
          ...won,
          contract_start_date: '2026-03-01',
        },
      );
      await opportunity(
        acme.id,
        { ...contract, title: 'Later', termMonths: 12 },
        {
          ...won,
          contract_start_date: '2026-06-01',
        },
      );
      // No start date: it started the day it closed, and ends today.
      const today = await opportunity(
        acme.id,
        { ...contract, title: 'Valves', termMonths: 24 },
        {
          stage: 'won',
          closed_at: '2025-03-02T09:00:00Z',
        },
      );
      // An order has no end.
      await opportunity(acme.id, { title: 'Spare parts', stage: 'negotiate' }, won);

      const endings = only(await signals(acme.id), 'contract_ending_without_renewal');
      expect(endings.map((s) => [s.opportunityIds, s.severity])).toEqual([
        [[today.id], 'high'],
        [[ending.id], 'high'],
      ]);
      expect(endings[0]?.why).toBe(
        'The supply contract "Valves" (24 months) ends on 1 March 2027, today, and Acme has no open renewal opportunity.',
      );
      expect(endings[1]?.why).toContain('ends on 30 May 2027, in 90 days');
      expect(endings[1]?.next).toBe(
        'Open a renewal opportunity for "Sensors" and agree the terms with Elena Marchetti (CFO) before 30 May 2027.',
      );
      expect(endings[1]?.contactIds).toEqual([elena.id]);

      await opportunity(acme.id, {
        title: 'Sensors renewal',
        type: 'renewal',
        kind: 'contract',
        termMonths: 24,
      });
      expect(codes(await signals(acme.id))).not.toContain('contract_ending_without_renewal');
    });

    it('should show new business opened by someone else to the owner and admins until acknowledged', async () => {
      const { t, admin, owner, rep, account, contact, opportunity, signals } = await setup();
      const acme = await account('Acme');
      await contact(acme.id, { name: 'Elena Marchetti', roles: ['economic_buyer'] });
      await contact(acme.id, { name: 'Marco Bianchi' });
      const deal = await opportunity(
        acme.id,
        { title: 'Pumps retrofit', amount: 4_800_000 },
        {
          owner_id: rep.id,
          flagged_at: '2027-02-27T10:00:00Z',
        },
      );
      await t.db.kysely
        .updateTable('opportunity_stage_changes')
        .set({ user_id: rep.id })
        .where('opportunity_id', '=', deal.id)
        .execute();

      const [forOwner] = only(await signals(acme.id, owner), 'new_business_by_other');
      expect(forOwner).toMatchObject({ severity: 'medium', opportunityIds: [deal.id] });
      expect(forOwner?.why).toBe(
        'Bruno Neri opened the new-business opportunity "Pumps retrofit" (€48,000.00, qualify) on your key account on 27 February 2027.',
      );
      expect(forOwner?.next).toContain('Talk to Bruno Neri about "Pumps retrofit"');
      const [forAdmin] = only(await signals(acme.id, admin), 'new_business_by_other');
      expect(forAdmin?.why).toContain('on Acme, a key account owned by Alice Rossi, on 27 February 2027');
      expect(codes(await signals(acme.id, rep))).not.toContain('new_business_by_other');

      await t.db.kysely
        .updateTable('opportunities')
        .set({ acknowledged_at: '2027-03-01T11:00:00Z', acknowledged_by: owner.id })
        .where('id', '=', deal.id)
        .execute();
      expect(codes(await signals(acme.id, owner))).not.toContain('new_business_by_other');
    });

    it('should list the highest severity first', async () => {
      const { owner, account, contact, signals } = await setup();
      const smallco = await account('Smallco', 'standard');
      const bea = await contact(smallco.id, { name: 'Bea Blocco', stance: 'blocker', influence: 'high' });
      await contact(smallco.id, { name: 'Sam Small' });
      const list = await signals(smallco.id, owner, `?contactIds=${bea.id}`);
      expect(list.map((s) => [s.code, s.severity])).toEqual([
        ['blocker_in_thread', 'high'],
        ['no_economic_buyer', 'medium'],
        ['high_influence_not_contacted', 'medium'],
      ]);
    });
  });
}
