import { describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from '../test/harness';

for (const dialect of DIALECTS) {
  describe(`accounts (${dialect})`, () => {
    async function setup() {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const am = await t.user('account_manager', 'Alice Rossi');
      const rep = await t.user('sales_rep', 'Bob Bianchi');
      return { t, admin, am, rep };
    }

    it('should create a key account with two domains, an owner and reps, normalising what was typed', async () => {
      const { t, am, rep } = await setup();
      const res = await t.call('POST', '/api/v1/accounts', am, {
        name: 'Acme S.p.A.',
        domains: ['https://www.ACME.com/', 'acme.it', 'acme.com'],
        linkedinSlug: 'https://www.linkedin.com/company/Acme-Spa/',
        tier: 'key',
        status: 'customer',
        ownerId: am.id,
        repIds: [rep.id],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'Acme S.p.A.',
        domains: ['acme.com', 'acme.it'],
        linkedinSlug: 'acme-spa',
        tier: 'key',
        status: 'customer',
        ownerId: am.id,
        repIds: [rep.id],
        version: 1,
      });
      const got = await t.call('GET', `/api/v1/accounts/${res.body.id}`, rep);
      expect(got.body).toEqual(res.body);
    });

    it.each([
      [{ name: 'X', tier: 'key' }, 'ownerId'],
      [{ name: '' }, 'name'],
      [{ name: 'X', domains: ['not a domain'] }, 'domains.0'],
      [{ name: 'X', status: 'lead' }, 'status'],
      [{ name: 'X', linkedinSlug: 'https://www.linkedin.com/in/person' }, 'linkedinSlug'],
      [{ name: 'X', unknownField: 1 }, 'json'],
    ])('should refuse %j naming the offending field %s', async (body, path) => {
      const { t, am } = await setup();
      const res = await t.call('POST', '/api/v1/accounts', am, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path).join()).toContain(path);
      expect((await t.call('GET', '/api/v1/accounts', am)).body.items).toEqual([]);
    });

    it('should refuse a key account owned by a rep, a webmail domain and an unknown rep', async () => {
      const { t, am, rep } = await setup();
      const byRep = await t.call('POST', '/api/v1/accounts', am, { name: 'X', tier: 'key', ownerId: rep.id });
      expect(byRep.status).toBe(400);
      expect(byRep.body.error.message).toMatch(/account manager/);
      const gmail = await t.call('POST', '/api/v1/accounts', am, { name: 'X', domains: ['gmail.com'] });
      expect(gmail.status).toBe(400);
      expect(gmail.body.error.message).toMatch(/personal/);
      const ghost = await t.call('POST', '/api/v1/accounts', am, { name: 'X', repIds: ['nobody'] });
      expect(ghost.status).toBe(400);
      expect(ghost.body.error.details.issues[0].path).toBe('repIds');
    });

    it('should keep domains unique across accounts and leave both accounts unchanged on a clash', async () => {
      const { t, am } = await setup();
      const a = (await t.call('POST', '/api/v1/accounts', am, { name: 'A', domains: ['a.com'] })).body;
      const b = (await t.call('POST', '/api/v1/accounts', am, { name: 'B', domains: ['b.com'] })).body;
      const clash = await t.call('PATCH', `/api/v1/accounts/${b.id}`, am, {
        version: 1,
        name: 'B renamed',
        domains: ['b.com', 'a.com'],
      });
      expect(clash.status).toBe(409);
      expect(clash.body.error.details).toMatchObject({ field: 'domains', domain: 'a.com', accountId: a.id });
      expect((await t.call('GET', `/api/v1/accounts/${b.id}`, am)).body).toMatchObject({
        name: 'B',
        domains: ['b.com'],
        version: 1,
      });
    });

    it('should give one of two concurrent writers 409 with the current record, losing nothing', async () => {
      const { t, am } = await setup();
      const acc = (await t.call('POST', '/api/v1/accounts', am, { name: 'Acme', ownerId: am.id })).body;
      const first = await t.call('PATCH', `/api/v1/accounts/${acc.id}`, am, {
        version: 1,
        industry: 'Chemicals',
      });
      expect(first.status).toBe(200);
      expect(first.body.version).toBe(2);
      const second = await t.call('PATCH', `/api/v1/accounts/${acc.id}`, am, {
        version: 1,
        notes: 'met at fair',
      });
      expect(second.status).toBe(409);
      expect(second.body.error.code).toBe('version_conflict');
      expect(second.body.error.details.current).toMatchObject({ industry: 'Chemicals', version: 2 });
      const retried = await t.call('PATCH', `/api/v1/accounts/${acc.id}`, am, {
        version: 2,
        notes: 'met at fair',
      });
      expect(retried.body).toMatchObject({ industry: 'Chemicals', notes: 'met at fair', version: 3 });
    });

    it('should let exactly one of two simultaneous writers win, the other getting 409', async () => {
      const { t, am } = await setup();
      const acc = (await t.call('POST', '/api/v1/accounts', am, { name: 'Acme', ownerId: am.id })).body;
      const [a, b] = await Promise.all([
        t.call('PATCH', `/api/v1/accounts/${acc.id}`, am, { version: 1, industry: 'Chemicals' }),
        t.call('PATCH', `/api/v1/accounts/${acc.id}`, am, { version: 1, notes: 'met at fair' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const winner = a.status === 200 ? a.body : b.body;
      const stored = (await t.call('GET', `/api/v1/accounts/${acc.id}`, am)).body;
      expect(stored).toEqual(winner);
      expect(stored.version).toBe(2);
    });

    it('should list with filters and cursor pagination', async () => {
      const { t, am, rep } = await setup();
      for (let i = 0; i < 5; i++) {
        await t.call('POST', '/api/v1/accounts', am, {
          name: `Company ${i}`,
          tier: i % 2 ? 'key' : 'standard',
          ownerId: i % 2 ? am.id : null,
          repIds: i === 4 ? [rep.id] : [],
          domains: [`c${i}.com`],
        });
      }
      const p1 = await t.call('GET', '/api/v1/accounts?limit=2', rep);
      expect(p1.body.items.map((a: { name: string }) => a.name)).toEqual(['Company 0', 'Company 1']);
      const p2 = await t.call('GET', `/api/v1/accounts?limit=2&cursor=${p1.body.nextCursor}`, rep);
      const p3 = await t.call('GET', `/api/v1/accounts?limit=2&cursor=${p2.body.nextCursor}`, rep);
      expect(p3.body).toMatchObject({ items: [{ name: 'Company 4' }], nextCursor: null });
      expect((await t.call('GET', '/api/v1/accounts?tier=key', rep)).body.items).toHaveLength(2);
      expect((await t.call('GET', '/api/v1/accounts?domain=www.C3.com', rep)).body.items[0].name).toBe(
        'Company 3',
      );
      expect((await t.call('GET', '/api/v1/accounts?mine=true', rep)).body.items[0].name).toBe('Company 4');
      expect((await t.call('GET', '/api/v1/accounts?q=pany 2', rep)).body.items[0].name).toBe('Company 2');
      expect((await t.call('GET', '/api/v1/accounts?limit=500', rep)).status).toBe(400);
    });

    it('should refuse to delete an account that still has contacts, and delete it once empty', async () => {
      const { t, am } = await setup();
      const acc = (await t.call('POST', '/api/v1/accounts', am, { name: 'Acme', ownerId: am.id })).body;
      const person = (await t.call('POST', '/api/v1/contacts', am, { accountId: acc.id, name: 'Jane' })).body;
      const refused = await t.call('DELETE', `/api/v1/accounts/${acc.id}`, am);
      expect(refused.status).toBe(409);
      expect(refused.body.error.details).toEqual({ contacts: 1, opportunities: 0, touches: 0, plans: 0 });
      expect(refused.body.error.message).toBe(
        'This account still has 1 contact; move or delete them, or merge this account into another one, first',
      );
      expect((await t.call('DELETE', `/api/v1/contacts/${person.id}`, am)).status).toBe(204);
      expect((await t.call('DELETE', `/api/v1/accounts/${acc.id}?version=1`, am)).status).toBe(204);
      expect((await t.call('GET', `/api/v1/accounts/${acc.id}`, am)).status).toBe(404);
    });

    it('should refuse to delete an account whose logged notes and plan would go with it, keeping both', async () => {
      const { t, am } = await setup();
      const acc = (await t.call('POST', '/api/v1/accounts', am, { name: 'Acme', ownerId: am.id })).body;
      const note = await t.call('POST', '/api/v1/touches', am, {
        kind: 'note',
        accountIds: [acc.id],
        subject: 'Met at the trade fair',
        occurredAt: '2026-11-20T10:00:00.000Z',
      });
      expect(note.status).toBe(201);
      const plan = await t.call('PUT', `/api/v1/accounts/${acc.id}/plans/2027`, am, {
        version: 0,
        lines: [],
        objectives: [{ text: 'First order in 2027', status: 'open' }],
        actions: [],
      });
      expect(plan.status).toBe(201);
      const refused = await t.call('DELETE', `/api/v1/accounts/${acc.id}`, am);
      expect(refused.status).toBe(409);
      expect(refused.body.error.details).toEqual({ contacts: 0, opportunities: 0, touches: 1, plans: 1 });
      expect(refused.body.error.message).toBe(
        'This account still has 1 logged touch and 1 account plan; move or delete them, or merge this account into another one, first',
      );
      const touches = await t.call('GET', `/api/v1/touches?accountId=${acc.id}`, am);
      expect(touches.body.items.map((x: { subject: string }) => x.subject)).toEqual([
        'Met at the trade fair',
      ]);
      const kept = await t.call('GET', `/api/v1/accounts/${acc.id}/plans/2027`, am);
      expect(kept.body.objectives.map((o: { text: string }) => o.text)).toEqual(['First order in 2027']);
    });

    it('should merge a duplicate account keeping every domain, slug, contact, opportunity and rep', async () => {
      const { t, am, rep, admin } = await setup();
      const target = (
        await t.call('POST', '/api/v1/accounts', am, {
          name: 'Acme',
          domains: ['acme.com'],
          linkedinSlug: 'acme',
          tier: 'key',
          ownerId: am.id,
        })
      ).body;
      const dup = (
        await t.call('POST', '/api/v1/accounts', rep, {
          name: 'ACME Italia',
          domains: ['acme.it'],
          linkedinSlug: 'acme-italia',
          repIds: [rep.id],
          industry: 'Chemicals',
          status: 'customer',
        })
      ).body;
      const jane = (
        await t.call('POST', '/api/v1/contacts', rep, {
          accountId: dup.id,
          name: 'Jane',
          emails: ['jane@acme.it'],
        })
      ).body;
      const deal = (
        await t.call('POST', '/api/v1/opportunities', rep, { accountId: dup.id, title: 'Resin supply' })
      ).body;
      const stale = await t.call('POST', `/api/v1/accounts/${target.id}/merge`, admin, {
        sourceId: dup.id,
        version: 7,
      });
      expect(stale.status).toBe(409);
      const res = await t.call('POST', `/api/v1/accounts/${target.id}/merge`, admin, {
        sourceId: dup.id,
        version: 1,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        domains: ['acme.com', 'acme.it'],
        linkedinSlug: 'acme',
        linkedinAliases: ['acme-italia'],
        repIds: [rep.id],
        industry: 'Chemicals',
        status: 'customer',
        tier: 'key',
        version: 2,
      });
      expect((await t.call('GET', `/api/v1/contacts/${jane.id}`, am)).body.accountId).toBe(target.id);
      expect((await t.call('GET', `/api/v1/opportunities/${deal.id}`, am)).body.accountId).toBe(target.id);
      const gone = await t.call('GET', `/api/v1/accounts/${dup.id}`, am);
      expect(gone.status).toBe(404);
      expect(gone.body.error.details.mergedInto).toBe(target.id);
    });

    it('should let a rep create standard accounts only and edit only accounts of their own', async () => {
      const { t, am, rep } = await setup();
      expect(
        (await t.call('POST', '/api/v1/accounts', rep, { name: 'K', tier: 'key', ownerId: am.id })).status,
      ).toBe(403);
      const owned = (
        await t.call('POST', '/api/v1/accounts', am, { name: 'Owned', tier: 'key', ownerId: am.id })
      ).body;
      const edit = await t.call('PATCH', `/api/v1/accounts/${owned.id}`, rep, {
        version: 1,
        name: 'Mine now',
      });
      expect(edit.status).toBe(403);
      expect(edit.body.error.code).toBe('forbidden');
      const assigned = (
        await t.call('PATCH', `/api/v1/accounts/${owned.id}`, am, { version: 1, repIds: [rep.id] })
      ).body;
      expect(
        (
          await t.call('PATCH', `/api/v1/accounts/${owned.id}`, rep, {
            version: assigned.version,
            notes: 'ok',
          })
        ).status,
      ).toBe(200);
      const grab = await t.call('PATCH', `/api/v1/accounts/${owned.id}`, rep, {
        version: assigned.version + 1,
        ownerId: rep.id,
        tier: 'standard',
      });
      expect(grab.status).toBe(403);
      expect((await t.call('DELETE', `/api/v1/accounts/${owned.id}`, rep)).status).toBe(403);
    });
  });
}
