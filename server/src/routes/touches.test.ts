import { describe, expect, it } from 'vitest';

import { DIALECTS, type TestUser, testApp } from '../test/harness';

for (const dialect of DIALECTS) {
  describe(`touches (${dialect})`, () => {
    /** Acme (a key account of an AM) with Jane and Mark, Beta with Bo; the clock can be moved. */
    async function setup() {
      const clock = { now: new Date('2027-03-01T12:00:00Z') };
      const t = await testApp(dialect, {}, { now: () => clock.now });
      const admin = await t.user('admin');
      const am = await t.user('account_manager');
      const rep = await t.user('sales_rep');
      await t.call('PATCH', '/api/v1/settings', admin, { version: 1, companyDomains: ['ourco.example'] });
      const post = async (path: string, body: unknown, as: TestUser = am) => {
        const res = await t.call('POST', path, as, body);
        if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body;
      };
      const acme = await post('/api/v1/accounts', {
        name: 'Acme',
        tier: 'key',
        ownerId: am.id,
        domains: ['acme.example'],
      });
      const beta = await post('/api/v1/accounts', { name: 'Beta', domains: ['beta.example'] });
      const jane = await post('/api/v1/contacts', {
        accountId: acme.id,
        name: 'Jane Doe',
        emails: ['jane@acme.example'],
      });
      const mark = await post('/api/v1/contacts', {
        accountId: acme.id,
        name: 'Mark Roe',
        emails: ['mark@acme.example'],
      });
      const bo = await post('/api/v1/contacts', {
        accountId: beta.id,
        name: 'Bo Berg',
        emails: ['bo@beta.example'],
      });
      const contact = async (id: string) => (await t.call('GET', `/api/v1/contacts/${id}`, am)).body;
      const touches = async (query = '') => (await t.call('GET', `/api/v1/touches${query}`, am)).body;
      return { t, clock, admin, am, rep, acme, beta, jane, mark, bo, contact, touches };
    }

    it('should log an email on the account of its known participants and report the unknown ones', async () => {
      const { t, rep, acme, jane, contact } = await setup();
      const res = await t.call('POST', '/api/v1/touches', rep, {
        kind: 'email',
        subject: 'Re: Q3 volumes',
        occurredAt: '2027-02-20T09:30:00+01:00',
        link: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQ',
        sourceKey: 'gmail:FMfcgzQ',
        emails: ['Jane+crm@ACME.example', 'Nobody <nobody@acme.example>', 'me@ourco.example'],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        kind: 'email',
        subject: 'Re: Q3 volumes',
        occurredAt: '2027-02-20T08:30:00.000Z',
        notes: '',
        user: { id: rep.id, name: rep.name },
        contacts: [{ id: jane.id, name: 'Jane Doe' }],
        accountIds: [acme.id],
        created: true,
        unmatchedEmails: ['nobody@acme.example'],
        version: 1,
      });
      const after = await contact(jane.id);
      expect(after.lastContactedAt).toBe('2027-02-20T08:30:00.000Z');
      // Derived, not an edit: an edit form open on Jane is not made stale.
      expect(after.version).toBe(jane.version);
    });

    it('should never move "last contacted" back, and default the date to now', async () => {
      const { t, am, jane, contact } = await setup();
      await t.call('POST', '/api/v1/touches', am, { kind: 'call', contactIds: [jane.id] });
      expect((await contact(jane.id)).lastContactedAt).toBe('2027-03-01T12:00:00.000Z');
      const older = await t.call('POST', '/api/v1/touches', am, {
        kind: 'meeting',
        occurredAt: '2027-01-10T10:00:00Z',
        notes: 'Plant visit',
        contactIds: [jane.id],
      });
      expect(older.status).toBe(201);
      expect((await contact(jane.id)).lastContactedAt).toBe('2027-03-01T12:00:00.000Z');
      const future = await t.call('POST', '/api/v1/touches', am, {
        kind: 'call',
        occurredAt: '2027-03-05T10:00:00Z',
        contactIds: [jane.id],
      });
      expect(future.status).toBe(400);
      expect(future.body.error.details.issues[0].path).toBe('occurredAt');
    });

    it('should answer the same thread logged twice with the one touch, adding new participants', async () => {
      const { t, am, rep, acme, jane, mark, contact, touches } = await setup();
      const first = await t.call('POST', '/api/v1/touches', am, {
        kind: 'email',
        subject: 'Pricing',
        occurredAt: '2027-02-01T10:00:00Z',
        sourceKey: 'gmail:thread-1',
        emails: ['jane@acme.example'],
      });
      const again = await t.call('POST', '/api/v1/touches', rep, {
        kind: 'email',
        subject: 'Re: Pricing',
        occurredAt: '2027-02-03T10:00:00Z',
        sourceKey: 'gmail:thread-1',
        emails: ['jane@acme.example', 'mark@acme.example'],
      });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        id: first.body.id,
        created: false,
        subject: 'Pricing',
        occurredAt: '2027-02-03T10:00:00.000Z',
        user: { id: am.id },
        contacts: [
          { id: jane.id, name: 'Jane Doe' },
          { id: mark.id, name: 'Mark Roe' },
        ],
        accountIds: [acme.id],
        version: 2,
      });
      expect((await contact(mark.id)).lastContactedAt).toBe('2027-02-03T10:00:00.000Z');
      expect((await contact(jane.id)).lastContactedAt).toBe('2027-02-03T10:00:00.000Z');
      // The same thread with nothing new, dated earlier: the touch stays as it was.
      const third = await t.call('POST', '/api/v1/touches', am, {
        kind: 'email',
        occurredAt: '2027-01-01T10:00:00Z',
        sourceKey: 'gmail:thread-1',
        emails: ['mark@acme.example'],
      });
      expect(third.body).toMatchObject({
        created: false,
        occurredAt: '2027-02-03T10:00:00.000Z',
        version: 2,
      });
      expect((await touches()).items).toHaveLength(1);
    });

    it('should store one touch when the same thread is posted several times at once', async () => {
      const { t, am, jane, touches } = await setup();
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          t.call('POST', '/api/v1/touches', am, {
            kind: 'email',
            subject: 'Samples',
            sourceKey: 'gmail:thread-race',
            emails: ['jane@acme.example'],
          }),
        ),
      );
      // One creates it; the others (some retried after losing the race on the unique source key) find it.
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 200)).toHaveLength(7);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      const list = await touches(`?contactId=${jane.id}`);
      expect(list.items).toHaveLength(1);
    });

    it('should refuse notes on an email (no message bodies are stored) and store nothing', async () => {
      const { t, am, jane, contact, touches } = await setup();
      const res = await t.call('POST', '/api/v1/touches', am, {
        kind: 'email',
        subject: 'Offer',
        notes: 'Hi Jane, please find attached our offer…',
        emails: ['jane@acme.example'],
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(['notes']);
      expect((await touches()).items).toEqual([]);
      expect((await contact(jane.id)).lastContactedAt).toBeNull();
    });

    it('should refuse a touch nobody in it is known for (422), and a viewer (403)', async () => {
      const { t, am, jane, touches } = await setup();
      const unknown = await t.call('POST', '/api/v1/touches', am, {
        kind: 'email',
        emails: ['someone@elsewhere.example', 'not an address'],
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.error.code).toBe('no_match');
      expect(unknown.body.error.details.unmatchedEmails).toEqual([
        'someone@elsewhere.example',
        'not an address',
      ]);
      const viewer = await t.user('viewer');
      const refused = await t.call('POST', '/api/v1/touches', viewer, {
        kind: 'note',
        contactIds: [jane.id],
      });
      expect(refused.status).toBe(403);
      expect((await touches()).items).toEqual([]);
      const missing = await t.call('POST', '/api/v1/touches', am, { kind: 'note', contactIds: ['nope'] });
      expect(missing.status).toBe(400);
      expect(missing.body.error.details.issues[0].path).toBe('contactIds');
    });

    it('should undo a touch: only its author or an admin, and "last contacted" falls back', async () => {
      const { t, am, rep, jane, mark, contact } = await setup();
      const log = async (occurredAt: string, contactIds: string[]) =>
        (await t.call('POST', '/api/v1/touches', am, { kind: 'call', occurredAt, contactIds })).body;
      await log('2027-02-01T10:00:00.000Z', [jane.id]);
      const latest = await log('2027-02-20T10:00:00.000Z', [jane.id, mark.id]);
      expect((await contact(mark.id)).lastContactedAt).toBe('2027-02-20T10:00:00.000Z');

      expect((await t.call('DELETE', `/api/v1/touches/${latest.id}`, rep)).status).toBe(403);
      expect((await t.call('DELETE', `/api/v1/touches/${latest.id}?version=2`, am)).status).toBe(409);
      expect((await t.call('DELETE', `/api/v1/touches/${latest.id}?version=1`, am)).status).toBe(204);
      expect((await contact(jane.id)).lastContactedAt).toBe('2027-02-01T10:00:00.000Z');
      expect((await contact(mark.id)).lastContactedAt).toBeNull();
      expect((await t.call('DELETE', `/api/v1/touches/${latest.id}`, am)).status).toBe(404);

      // A date typed in by hand later than the touch is not the touch's doing: it stays.
      const m = await contact(mark.id);
      const typed = await t.call('PATCH', `/api/v1/contacts/${mark.id}`, am, {
        version: m.version,
        lastContactedAt: '2027-02-25T08:00:00.000Z',
      });
      expect(typed.status).toBe(200);
      const call = await log('2027-02-22T10:00:00.000Z', [mark.id]);
      expect((await t.call('DELETE', `/api/v1/touches/${call.id}`, am)).status).toBe(204);
      expect((await contact(mark.id)).lastContactedAt).toBe('2027-02-25T08:00:00.000Z');
    });

    it('should list newest first, filter by account, contact and kind, and page without gaps', async () => {
      const { t, am, acme, beta, jane, mark, bo, touches } = await setup();
      const log = (kind: string, day: number, contactIds: string[], accountIds: string[] = []) =>
        t.call('POST', '/api/v1/touches', am, {
          kind,
          subject: `${kind} ${day}`,
          occurredAt: `2027-02-${String(day).padStart(2, '0')}T10:00:00Z`,
          contactIds,
          accountIds,
        });
      await log('call', 3, [jane.id]);
      await log('note', 5, [], [beta.id]);
      await log('meeting', 5, [mark.id]);
      await log('call', 9, [jane.id, mark.id]);
      await log('note', 12, [bo.id]);
      const subjects = (page: { items: { subject: string }[] }) => page.items.map((x) => x.subject);

      expect(subjects(await touches())).toEqual(['note 12', 'call 9', 'meeting 5', 'note 5', 'call 3']);
      expect(subjects(await touches(`?accountId=${acme.id}`))).toEqual(['call 9', 'meeting 5', 'call 3']);
      expect(subjects(await touches(`?accountId=${beta.id}`))).toEqual(['note 12', 'note 5']);
      expect(subjects(await touches(`?contactId=${jane.id}`))).toEqual(['call 9', 'call 3']);
      expect(subjects(await touches('?kind=note'))).toEqual(['note 12', 'note 5']);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { subject: string }[]; nextCursor: string | null } = await touches(
          `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...subjects(page));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['note 12', 'call 9', 'meeting 5', 'note 5', 'call 3']);
      expect((await t.call('GET', '/api/v1/touches?cursor=zzz', am)).status).toBe(400);
    });
  });

  describe(`account timeline (${dialect})`, () => {
    it('should mix touches and stage changes newest first, with who, why and paging', async () => {
      const clock = { now: new Date('2027-01-10T09:00:00Z') };
      const t = await testApp(dialect, {}, { now: () => clock.now });
      const am = await t.user('account_manager', 'Alice Rossi');
      const acme = (
        await t.call('POST', '/api/v1/accounts', am, { name: 'Acme', tier: 'key', ownerId: am.id })
      ).body;
      const jane = (await t.call('POST', '/api/v1/contacts', am, { accountId: acme.id, name: 'Jane' })).body;
      const other = (await t.call('POST', '/api/v1/accounts', am, { name: 'Other' })).body;

      await t.call('POST', '/api/v1/touches', am, {
        kind: 'call',
        subject: 'Intro call',
        occurredAt: '2027-01-05T10:00:00Z',
        contactIds: [jane.id],
      });
      const deal = (
        await t.call('POST', '/api/v1/opportunities', am, {
          accountId: acme.id,
          title: 'Resin supply',
          type: 'expansion',
        })
      ).body;
      await t.call('POST', '/api/v1/opportunities', am, { accountId: other.id, title: 'Elsewhere' });
      clock.now = new Date('2027-01-20T09:00:00Z');
      await t.call('PATCH', `/api/v1/opportunities/${deal.id}`, am, { version: 1, stage: 'propose' });
      clock.now = new Date('2027-02-02T09:00:00Z');
      await t.call('POST', '/api/v1/touches', am, {
        kind: 'meeting',
        subject: 'Proposal review',
        occurredAt: '2027-01-25T14:00:00Z',
        contactIds: [jane.id],
      });
      await t.call('PATCH', `/api/v1/opportunities/${deal.id}`, am, {
        version: 2,
        stage: 'won',
        closeReason: 'Shorter lead time than the incumbent',
      });

      const res = await t.call('GET', `/api/v1/accounts/${acme.id}/timeline`, am);
      expect(res.status).toBe(200);
      const line = (e: { type: string; at: string; to?: string; touch?: { subject: string } }) =>
        e.type === 'touch' ? `${e.at} touch ${e.touch?.subject}` : `${e.at} ${e.to}`;
      expect(res.body.items.map(line)).toEqual([
        '2027-02-02T09:00:00.000Z won',
        '2027-01-25T14:00:00.000Z touch Proposal review',
        '2027-01-20T09:00:00.000Z propose',
        '2027-01-10T09:00:00.000Z qualify',
        '2027-01-05T10:00:00.000Z touch Intro call',
      ]);
      expect(res.body.items[0]).toMatchObject({
        type: 'stage_change',
        opportunity: { id: deal.id, title: 'Resin supply', type: 'expansion' },
        from: 'propose',
        to: 'won',
        user: { id: am.id, name: 'Alice Rossi' },
        reason: 'Shorter lead time than the incumbent',
      });
      expect(res.body.items[3]).toMatchObject({ from: null, to: 'qualify', reason: null });
      expect(res.body.items[1].touch).toMatchObject({ kind: 'meeting', contacts: [{ id: jane.id }] });
      expect(res.body.nextCursor).toBeNull();

      const first = await t.call('GET', `/api/v1/accounts/${acme.id}/timeline?limit=3`, am);
      const rest = await t.call(
        'GET',
        `/api/v1/accounts/${acme.id}/timeline?limit=3&cursor=${first.body.nextCursor}`,
        am,
      );
      expect([...first.body.items, ...rest.body.items].map(line)).toEqual(res.body.items.map(line));
      expect(rest.body.nextCursor).toBeNull();
      expect((await t.call('GET', '/api/v1/accounts/nope/timeline', am)).status).toBe(404);
    });
  });

  describe(`merges with touches and plans (${dialect})`, () => {
    async function setup() {
      const t = await testApp(dialect, {}, { now: () => new Date('2027-03-01T12:00:00Z') });
      const admin = await t.user('admin');
      const am = await t.user('account_manager');
      const post = async (path: string, body: unknown) => (await t.call('POST', path, admin, body)).body;
      const target = await post('/api/v1/accounts', { name: 'Acme', tier: 'key', ownerId: am.id });
      const source = await post('/api/v1/accounts', { name: 'ACME Inc', tier: 'key', ownerId: am.id });
      const plan = (accountId: string, period: string) =>
        t.db.kysely
          .insertInto('account_plans')
          .values({
            id: `p-${accountId}-${period}`,
            account_id: accountId,
            period,
            currency: 'EUR',
            created_at: '2027-01-01T00:00:00.000Z',
            updated_at: '2027-01-01T00:00:00.000Z',
            version: 1,
          })
          .execute();
      return { t, admin, am, post, target, source, plan };
    }

    it('should move touches to the surviving account without duplicates', async () => {
      const { t, admin, post, target, source } = await setup();
      const jane = await post('/api/v1/contacts', { accountId: source.id, name: 'Jane' });
      const solo = await post('/api/v1/touches', { kind: 'note', subject: 'solo', contactIds: [jane.id] });
      const both = await post('/api/v1/touches', {
        kind: 'note',
        subject: 'both',
        accountIds: [target.id, source.id],
      });
      const merged = await t.call('POST', `/api/v1/accounts/${target.id}/merge`, admin, {
        sourceId: source.id,
        version: 1,
      });
      expect(merged.status).toBe(200);
      const list = (await t.call('GET', `/api/v1/touches?accountId=${target.id}`, admin)).body;
      expect(list.items.map((x: { id: string }) => x.id).sort()).toEqual([solo.id, both.id].sort());
      for (const touch of list.items) expect(touch.accountIds).toEqual([target.id]);
      const timeline = (await t.call('GET', `/api/v1/accounts/${target.id}/timeline`, admin)).body;
      expect(timeline.items.filter((e: { type: string }) => e.type === 'touch')).toHaveLength(2);
    });

    it('should refuse to merge accounts that both have a plan for a period, and move the other plans', async () => {
      const { t, admin, target, source, plan } = await setup();
      await plan(target.id, '2027');
      await plan(source.id, '2027');
      await plan(source.id, '2026');
      const refused = await t.call('POST', `/api/v1/accounts/${target.id}/merge`, admin, {
        sourceId: source.id,
        version: 1,
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('conflict');
      expect(refused.body.error.details.periods).toEqual(['2027']);
      expect((await t.call('GET', `/api/v1/accounts/${source.id}`, admin)).status).toBe(200);

      await t.db.kysely.deleteFrom('account_plans').where('id', '=', `p-${source.id}-2027`).execute();
      const merged = await t.call('POST', `/api/v1/accounts/${target.id}/merge`, admin, {
        sourceId: source.id,
        version: 1,
      });
      expect(merged.status).toBe(200);
      const plans = await t.db.kysely
        .selectFrom('account_plans')
        .select(['account_id', 'period'])
        .orderBy('period')
        .execute();
      expect(plans).toEqual([
        { account_id: target.id, period: '2026' },
        { account_id: target.id, period: '2027' },
      ]);
    });

    it('should move touches to the surviving contact and keep the later "last contacted"', async () => {
      const { t, admin, post, target } = await setup();
      const jane = await post('/api/v1/contacts', { accountId: target.id, name: 'Jane' });
      const dup = await post('/api/v1/contacts', { accountId: target.id, name: 'J. Doe' });
      const log = (occurredAt: string, contactIds: string[]) =>
        post('/api/v1/touches', { kind: 'call', occurredAt, contactIds });
      await log('2027-02-01T10:00:00.000Z', [jane.id]);
      await log('2027-02-10T10:00:00.000Z', [jane.id, dup.id]);
      await log('2027-02-20T10:00:00.000Z', [dup.id]);
      const merged = await t.call('POST', `/api/v1/contacts/${jane.id}/merge`, admin, {
        sourceId: dup.id,
        version: 1,
      });
      expect(merged.status).toBe(200);
      expect(merged.body.lastContactedAt).toBe('2027-02-20T10:00:00.000Z');
      const list = (await t.call('GET', `/api/v1/touches?contactId=${jane.id}`, admin)).body;
      expect(list.items.map((x: { contacts: { id: string }[] }) => x.contacts)).toEqual([
        [{ id: jane.id, name: 'Jane' }],
        [{ id: jane.id, name: 'Jane' }],
        [{ id: jane.id, name: 'Jane' }],
      ]);
    });
  });
}
