import { describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from '../test/harness';

for (const dialect of DIALECTS) {
  describe(`contacts (${dialect})`, () => {
    async function setup() {
      const t = await testApp(dialect);
      const am = await t.user('account_manager', 'Alice Rossi');
      const rep = await t.user('sales_rep', 'Bob Bianchi');
      const acme = (
        await t.call('POST', '/api/v1/accounts', am, {
          name: 'Acme',
          domains: ['acme.com'],
          tier: 'key',
          ownerId: am.id,
        })
      ).body;
      const globex = (
        await t.call('POST', '/api/v1/accounts', am, { name: 'Globex', domains: ['globex.com'] })
      ).body;
      return { t, am, rep, acme, globex };
    }

    it('should create a stakeholder with roles, stance, influence and a relationship owner', async () => {
      const { t, am, rep, acme } = await setup();
      const res = await t.call('POST', '/api/v1/contacts', rep, {
        accountId: acme.id,
        name: 'Jane Doe',
        title: 'CFO',
        emails: ['Jane.Doe@ACME.com', 'jane.doe@acme.com', 'jd@acme.com'],
        linkedinSlug: 'https://it.linkedin.com/in/Jane-Doe-42/?locale=it_IT',
        roles: ['economic_buyer', 'executive_sponsor', 'economic_buyer'],
        stance: 'champion',
        influence: 'high',
        relationshipOwnerId: am.id,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        accountId: acme.id,
        emails: ['jane.doe@acme.com', 'jd@acme.com'],
        linkedinSlug: 'jane-doe-42',
        roles: ['economic_buyer', 'executive_sponsor'],
        stance: 'champion',
        influence: 'high',
        relationshipOwnerId: am.id,
        reportsToId: null,
        version: 1,
      });
    });

    it.each([
      [{ name: 'X' }, 'accountId'],
      [{ name: 'X', roles: ['decision_maker'] }, 'roles.0'],
      [{ name: 'X', stance: 'friendly' }, 'stance'],
      [{ name: 'X', influence: 'huge' }, 'influence'],
      [{ name: 'X', emails: ['nope'] }, 'emails.0'],
      [{ name: 'X', linkedinSlug: 'https://www.linkedin.com/company/acme' }, 'linkedinSlug'],
      [{ name: 'X', lastContactedAt: 'yesterday' }, 'lastContactedAt'],
    ])('should refuse %j naming %s', async (body, path) => {
      const { t, rep, acme } = await setup();
      const res = await t.call('POST', '/api/v1/contacts', rep, {
        accountId: acme.id,
        ...body,
        ...(path === 'accountId' ? { accountId: undefined } : {}),
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    });

    it('should keep emails and LinkedIn slugs unique, and a failed update changes nothing', async () => {
      const { t, rep, acme } = await setup();
      const jane = (
        await t.call('POST', '/api/v1/contacts', rep, {
          accountId: acme.id,
          name: 'Jane',
          emails: ['jane@acme.com'],
          linkedinSlug: 'jane',
        })
      ).body;
      const john = (
        await t.call('POST', '/api/v1/contacts', rep, {
          accountId: acme.id,
          name: 'John',
          emails: ['john@acme.com'],
        })
      ).body;
      const dupEmail = await t.call('POST', '/api/v1/contacts', rep, {
        accountId: acme.id,
        name: 'Jane 2',
        emails: ['JANE@acme.com'],
      });
      expect(dupEmail.status).toBe(409);
      expect(dupEmail.body.error.details).toMatchObject({ field: 'emails', contactId: jane.id });
      const dupSlug = await t.call('PATCH', `/api/v1/contacts/${john.id}`, rep, {
        version: 1,
        title: 'CTO',
        linkedinSlug: 'jane',
      });
      expect(dupSlug.status).toBe(409);
      expect((await t.call('GET', `/api/v1/contacts/${john.id}`, rep)).body).toMatchObject({
        title: null,
        linkedinSlug: null,
        version: 1,
      });
    });

    it('should build the org chart within one account and refuse loops and cross-account managers', async () => {
      const { t, rep, acme, globex } = await setup();
      const ceo = (await t.call('POST', '/api/v1/contacts', rep, { accountId: acme.id, name: 'CEO' })).body;
      const cfo = (
        await t.call('POST', '/api/v1/contacts', rep, {
          accountId: acme.id,
          name: 'CFO',
          reportsToId: ceo.id,
        })
      ).body;
      expect(cfo.reportsToId).toBe(ceo.id);
      const loop = await t.call('PATCH', `/api/v1/contacts/${ceo.id}`, rep, {
        version: 1,
        reportsToId: cfo.id,
      });
      expect(loop.status).toBe(400);
      expect(loop.body.error.message).toMatch(/loop/);
      const self = await t.call('PATCH', `/api/v1/contacts/${ceo.id}`, rep, {
        version: 1,
        reportsToId: ceo.id,
      });
      expect(self.status).toBe(400);
      const other = await t.call('POST', '/api/v1/contacts', rep, {
        accountId: globex.id,
        name: 'Z',
        reportsToId: ceo.id,
      });
      expect(other.status).toBe(400);
      expect(other.body.error.details.issues[0].path).toBe('reportsToId');
    });

    it('should move a contact to another account, clearing reporting links across accounts', async () => {
      const { t, rep, acme, globex } = await setup();
      const boss = (await t.call('POST', '/api/v1/contacts', rep, { accountId: acme.id, name: 'Boss' })).body;
      const jane = (
        await t.call('POST', '/api/v1/contacts', rep, {
          accountId: acme.id,
          name: 'Jane',
          reportsToId: boss.id,
          emails: ['jane@acme.com'],
        })
      ).body;
      const stale = await t.call('POST', `/api/v1/contacts/${boss.id}/move`, rep, {
        accountId: globex.id,
        version: 9,
      });
      expect(stale.status).toBe(409);
      const moved = await t.call('POST', `/api/v1/contacts/${boss.id}/move`, rep, {
        accountId: globex.id,
        version: 1,
      });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ accountId: globex.id, version: 2 });
      expect((await t.call('GET', `/api/v1/contacts/${jane.id}`, rep)).body.reportsToId).toBeNull();
      const ghost = await t.call('POST', `/api/v1/contacts/${jane.id}/move`, rep, {
        accountId: 'nope',
        version: 1,
      });
      expect(ghost.status).toBe(400);
    });

    it('should merge duplicates keeping every email, slug, role and the latest contact date', async () => {
      const { t, am, rep, acme } = await setup();
      const report = (await t.call('POST', '/api/v1/contacts', rep, { accountId: acme.id, name: 'Report' }))
        .body;
      const a = (
        await t.call('POST', '/api/v1/contacts', rep, {
          accountId: acme.id,
          name: 'Jane Doe',
          emails: ['jane@acme.com'],
          linkedinSlug: 'jane-doe',
          roles: ['economic_buyer'],
          lastContactedAt: '2026-01-01T10:00:00.000Z',
        })
      ).body;
      const b = (
        await t.call('POST', '/api/v1/contacts', rep, {
          accountId: acme.id,
          name: 'J. Doe',
          title: 'CFO',
          emails: ['j.doe@acme.com'],
          linkedinSlug: 'jdoe-old',
          roles: ['purchasing'],
          stance: 'supporter',
          relationshipOwnerId: am.id,
          lastContactedAt: '2026-03-01T10:00:00.000Z',
          notes: 'prefers calls',
        })
      ).body;
      await t.call('PATCH', `/api/v1/contacts/${report.id}`, rep, { version: 1, reportsToId: b.id });
      const res = await t.call('POST', `/api/v1/contacts/${a.id}/merge`, rep, { sourceId: b.id, version: 1 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        name: 'Jane Doe',
        title: 'CFO',
        emails: ['j.doe@acme.com', 'jane@acme.com'],
        linkedinSlug: 'jane-doe',
        linkedinAliases: ['jdoe-old'],
        roles: ['economic_buyer', 'purchasing'],
        stance: 'supporter',
        relationshipOwnerId: am.id,
        lastContactedAt: '2026-03-01T10:00:00.000Z',
        notes: 'prefers calls',
        version: 2,
      });
      expect((await t.call('GET', `/api/v1/contacts/${report.id}`, rep)).body.reportsToId).toBe(a.id);
      const gone = await t.call('GET', `/api/v1/contacts/${b.id}`, rep);
      expect(gone.status).toBe(404);
      expect(gone.body.error.details.mergedInto).toBe(a.id);
      const history = await t.db.kysely
        .selectFrom('audit_log')
        .select(['action', 'entity_id'])
        .where('entity', '=', 'contact')
        .where('action', '=', 'merge')
        .execute();
      expect(history.map((h) => h.entity_id).sort()).toEqual([a.id, b.id].sort());
    });

    it('should filter the list by account, role, email and slug', async () => {
      const { t, rep, acme, globex } = await setup();
      await t.call('POST', '/api/v1/contacts', rep, {
        accountId: acme.id,
        name: 'Jane',
        roles: ['legal'],
        emails: ['jane@acme.com'],
      });
      await t.call('POST', '/api/v1/contacts', rep, {
        accountId: globex.id,
        name: 'Hank',
        linkedinSlug: 'hank-s',
      });
      const names = async (qs: string) =>
        (await t.call('GET', `/api/v1/contacts?${qs}`, rep)).body.items.map((c: { name: string }) => c.name);
      expect(await names(`accountId=${acme.id}`)).toEqual(['Jane']);
      expect(await names('role=legal')).toEqual(['Jane']);
      expect(await names('email=JANE@acme.com')).toEqual(['Jane']);
      expect(await names('linkedinSlug=https://www.linkedin.com/in/hank-s')).toEqual(['Hank']);
      expect(await names('q=han')).toEqual(['Hank']);
    });

    it('should let a viewer read but not write, and only owners delete', async () => {
      const { t, am, rep, acme } = await setup();
      const viewer = await t.user('viewer');
      const jane = (await t.call('POST', '/api/v1/contacts', rep, { accountId: acme.id, name: 'Jane' })).body;
      expect((await t.call('GET', `/api/v1/contacts/${jane.id}`, viewer)).status).toBe(200);
      expect(
        (await t.call('POST', '/api/v1/contacts', viewer, { accountId: acme.id, name: 'X' })).status,
      ).toBe(403);
      expect(
        (await t.call('PATCH', `/api/v1/contacts/${jane.id}`, viewer, { version: 1, name: 'X' })).status,
      ).toBe(403);
      expect((await t.call('DELETE', `/api/v1/contacts/${jane.id}`, rep)).status).toBe(403);
      expect((await t.call('DELETE', `/api/v1/contacts/${jane.id}`, am)).status).toBe(204);
    });
  });
}
