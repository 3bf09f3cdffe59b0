import { describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from '../test/harness';

for (const dialect of DIALECTS) {
  describe(`audit (${dialect})`, () => {
    it("should show a record's history newest first, with who changed what, before and after", async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const am = await t.user('account_manager');
      const acc = (await t.call('POST', '/api/v1/accounts', am, { name: 'Acme', ownerId: am.id })).body;
      await t.call('PATCH', `/api/v1/accounts/${acc.id}`, am, { version: 1, name: 'Acme S.p.A.' });
      await t.call('POST', '/api/v1/accounts', am, { name: 'Other' });

      const history = await t.call('GET', `/api/v1/audit?entity=account&entityId=${acc.id}`, admin);
      expect(history.status).toBe(200);
      expect(history.body.items.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
      expect(history.body.items[0]).toMatchObject({
        userId: am.id,
        entityId: acc.id,
        before: { name: 'Acme', version: 1 },
        after: { name: 'Acme S.p.A.', version: 2 },
      });

      const page1 = await t.call('GET', `/api/v1/audit?userId=${am.id}&limit=2`, admin);
      expect(page1.body.items).toHaveLength(2);
      const page2 = await t.call(
        'GET',
        `/api/v1/audit?userId=${am.id}&limit=2&cursor=${page1.body.nextCursor}`,
        admin,
      );
      expect(page2.body).toMatchObject({
        items: [{ action: 'create', after: { name: 'Acme' } }],
        nextCursor: null,
      });

      const future = await t.call('GET', '/api/v1/audit?from=2999-01-01T00:00:00Z', admin);
      expect(future.body.items).toEqual([]);
      expect((await t.call('GET', '/api/v1/audit?entity=planet', admin)).status).toBe(400);
    });
  });
}
