import { ERASED_MARKER, zPersonExport } from '@rapport/shared';
import { describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from '../test/harness';

for (const dialect of DIALECTS) {
  describe(`person export and erasure (${dialect})`, () => {
    /** Acme with Jane (merged from an older record), her report Mark, her manager Carla, and touches. */
    async function setup() {
      const t = await testApp(dialect);
      const admin = await t.user('admin', 'Ada Admin');
      const am = await t.user('account_manager', 'Alice Rossi');
      const acme = (
        await t.call('POST', '/api/v1/accounts', am, {
          name: 'Acme',
          domains: ['acme.com'],
          tier: 'key',
          ownerId: am.id,
        })
      ).body;
      const add = async (body: Record<string, unknown>) =>
        (await t.call('POST', '/api/v1/contacts', am, { accountId: acme.id, ...body })).body;
      const carla = await add({ name: 'Carla Verdi', emails: ['carla@acme.com'] });
      const jane = await add({
        name: 'Jane Quibble',
        title: 'CFO',
        emails: ['jane.quibble@acme.com'],
        linkedinSlug: 'jane-quibble',
        roles: ['economic_buyer'],
        reportsToId: carla.id,
        notes: 'Prefers calls on Fridays',
        relationshipOwnerId: am.id,
      });
      const old = await add({ name: 'J. Quibble', emails: ['jq@acme.com'], linkedinSlug: 'jquibble-old' });
      const merged = await t.call('POST', `/api/v1/contacts/${jane.id}/merge`, am, {
        sourceId: old.id,
        version: jane.version,
      });
      expect(merged.status).toBe(200);
      const mark = await add({ name: 'Mark Neri', emails: ['mark@acme.com'], reportsToId: jane.id });
      const alone = (
        await t.call('POST', '/api/v1/touches', am, {
          kind: 'call',
          subject: 'Budget call with Jane Quibble',
          notes: 'Jane Quibble wants a discount',
          contactIds: [jane.id],
        })
      ).body;
      const both = (
        await t.call('POST', '/api/v1/touches', am, {
          kind: 'meeting',
          subject: 'Review with Mark and Jane Quibble',
          notes: 'jane.quibble@acme.com to send figures',
          contactIds: [jane.id, mark.id],
        })
      ).body;
      return { t, admin, am, acme, carla, jane: merged.body, old, mark, alone, both };
    }

    it('should export everything stored about a stakeholder in the documented shape', async () => {
      const { t, admin, acme, carla, jane, old, mark, alone, both } = await setup();
      const res = await t.call('GET', `/api/v1/contacts/${jane.id}/export`, admin);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain(`rapport-person-${jane.id}.json`);
      const data = zPersonExport.parse(res.body);
      expect(data.contact).toMatchObject({
        id: jane.id,
        name: 'Jane Quibble',
        linkedinAliases: ['jquibble-old'],
      });
      expect(data.account).toEqual({ id: acme.id, name: 'Acme' });
      expect(data.mergedIds).toEqual([old.id]);
      expect(data.reportsTo).toEqual({ id: carla.id, name: 'Carla Verdi' });
      expect(data.directReports).toEqual([{ id: mark.id, name: 'Mark Neri' }]);
      expect(data.touches.map((x) => x.id).sort()).toEqual([alone.id, both.id].sort());
      // Her create, the merge under both ids, the old record's create, the touches and Mark's create
      const about = new Set(data.audit.map((e) => `${e.action}:${e.entityId}`));
      expect(about).toContain(`create:${jane.id}`);
      expect(about).toContain(`create:${old.id}`);
      expect(about).toContain(`merge:${old.id}`);
      expect(about).toContain(`create:${alone.id}`);
      // The download itself is recorded
      const log = await t.call('GET', `/api/v1/audit?entityId=${jane.id}`, admin);
      expect(log.body.items[0]).toMatchObject({ action: 'export', entity: 'contact', userId: admin.id });
    });

    it('should erase a stakeholder so no lookup, search, record or export finds them', async () => {
      const { t, admin, am, acme, jane, old, mark, alone, both } = await setup();
      // Renamed since the touches were logged: the old name must go too.
      const renamed = await t.call('PATCH', `/api/v1/contacts/${jane.id}`, am, {
        name: 'Jane Smithers',
        version: jane.version,
      });
      expect(renamed.status).toBe(200);
      const res = await t.call('POST', `/api/v1/contacts/${jane.id}/erase`, admin, {
        reason: 'Request by email of 3 December',
      });
      expect(res.status).toBe(200);
      expect(res.body.counts).toMatchObject({ touchesAnonymised: 1, touchesUnlinked: 1, reportsCleared: 1 });

      expect((await t.call('GET', `/api/v1/contacts/${jane.id}`, am)).status).toBe(404);
      // The merged-away id no longer points anywhere either
      const gone = await t.call('GET', `/api/v1/contacts/${old.id}`, am);
      expect(gone.status).toBe(404);
      expect(gone.body.error.details?.mergedInto).toBeUndefined();
      for (const email of ['jane.quibble@acme.com', 'jq@acme.com']) {
        const found = await t.call('POST', '/api/v1/lookup', am, { emails: [email] });
        expect(found.body.results[0].contactId).toBeNull();
        expect(JSON.stringify(found.body.accounts)).not.toMatch(/quibble/i);
      }
      const bySlug = await t.call('POST', '/api/v1/lookup', am, {
        linkedin: ['https://www.linkedin.com/in/jquibble-old/'],
      });
      expect(bySlug.body.results[0]).toMatchObject({
        normalized: 'jquibble-old',
        match: 'none',
        contactId: null,
      });
      expect(JSON.stringify(bySlug.body.accounts)).not.toMatch(/quibble/i);
      for (const q of ['quibble', 'jane', 'jquibble-old']) {
        expect((await t.call('GET', `/api/v1/search?q=${q}`, am)).body.items).toEqual([]);
      }
      // Mark reports to no one now; the touch only about Jane stays, anonymous; the shared one loses her
      expect((await t.call('GET', `/api/v1/contacts/${mark.id}`, am)).body.reportsToId).toBeNull();
      const touches = (await t.call('GET', `/api/v1/touches?accountId=${acme.id}`, am)).body.items;
      const byId = (id: string) => touches.find((x: { id: string }) => x.id === id);
      const a = byId(alone.id);
      expect(a).toMatchObject({ kind: 'call', subject: '', notes: '', contacts: [] });
      const b = byId(both.id);
      expect(b.contacts.map((x: { id: string }) => x.id)).toEqual([mark.id]);
      expect(b.subject).toBe(`Review with Mark and ${ERASED_MARKER}`);
      expect(b.notes).toBe(`${ERASED_MARKER} to send figures`);

      // The whole server's export holds none of her data
      const snapshot = await t.app.request('/api/v1/export?format=json', { headers: admin.headers });
      const text = await snapshot.text();
      expect(snapshot.status).toBe(200);
      for (const word of [
        'Quibble',
        'Smithers',
        'jane.quibble@acme.com',
        'jq@acme.com',
        'jquibble-old',
        'Fridays',
        'CFO',
      ]) {
        expect(text.toLowerCase()).not.toContain(word.toLowerCase());
      }
      // Others named beside her keep their words: Mark's entry points at her id, and only that is left
      const marks = (await t.call('GET', `/api/v1/audit?entityId=${mark.id}`, admin)).body.items;
      expect(marks.find((e: { action: string }) => e.action === 'create').after).toMatchObject({
        name: 'Mark Neri',
        emails: ['mark@acme.com'],
        reportsToId: jane.id,
      });
      // …and the erasure record is there, naming no one
      const log = await t.call('GET', `/api/v1/audit?entityId=${jane.id}`, admin);
      const record = log.body.items.find((e: { action: string }) => e.action === 'erase');
      expect(record).toMatchObject({
        id: res.body.erasureId,
        userId: admin.id,
        entity: 'contact',
        before: null,
      });
      expect(record.after).toMatchObject({ reason: 'Request by email of 3 December', mergedIds: [old.id] });
    });

    it('should let only admins export or erase, and refuse a missing reason with nothing changed', async () => {
      const { t, admin, am, jane } = await setup();
      expect((await t.call('GET', `/api/v1/contacts/${jane.id}/export`, am)).status).toBe(403);
      const refused = await t.call('POST', `/api/v1/contacts/${jane.id}/erase`, am, { reason: 'asked' });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
      const bad = await t.call('POST', `/api/v1/contacts/${jane.id}/erase`, admin, { reason: '  ' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.issues[0].path).toBe('reason');
      expect((await t.call('GET', `/api/v1/contacts/${jane.id}`, am)).body.name).toBe('Jane Quibble');
      const missing = await t.call('POST', '/api/v1/contacts/000000000000000000000/erase', admin, {
        reason: 'x',
      });
      expect(missing.status).toBe(404);
    });

    it('should drop answers kept for retried writes that hold the person', async () => {
      const { t, admin, am, acme } = await setup();
      const sent = await t.app.request('/api/v1/contacts', {
        method: 'POST',
        headers: { ...am.headers, 'idempotency-key': 'offline-1' },
        body: JSON.stringify({ accountId: acme.id, name: 'Otto Keyed', emails: ['otto@acme.com'] }),
      });
      const otto = (await sent.json()) as { id: string };
      const kept = () =>
        t.db.kysely.selectFrom('idempotency_keys').select('body').where('key', '=', 'offline-1').execute();
      expect((await kept())[0]?.body).toContain('otto@acme.com');
      const res = await t.call('POST', `/api/v1/contacts/${otto.id}/erase`, admin, { reason: 'asked' });
      expect(res.body.counts.idempotentAnswersDropped).toBe(1);
      expect(await kept()).toEqual([]);
    });
  });
}
