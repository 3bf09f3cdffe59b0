import { describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from '../test/harness';

for (const dialect of DIALECTS) {
  describe(`products (${dialect})`, () => {
    async function setup() {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const rep = await t.user('sales_rep');
      return { t, admin, rep };
    }

    it('should let an admin add, read, rename and deactivate a product line', async () => {
      const { t, admin, rep } = await setup();
      const created = await t.call('POST', '/api/v1/products', admin, { name: ' Resins ', code: ' RES ' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'Resins', code: 'RES', active: true, version: 1 });
      const id = created.body.id;
      expect((await t.call('GET', `/api/v1/products/${id}`, rep)).body).toEqual(created.body);
      const renamed = await t.call('PATCH', `/api/v1/products/${id}`, admin, {
        version: 1,
        name: 'Epoxy resins',
      });
      expect(renamed.body).toMatchObject({ name: 'Epoxy resins', code: 'RES', active: true, version: 2 });
      const off = await t.call('PATCH', `/api/v1/products/${id}`, admin, {
        version: 2,
        active: false,
        code: null,
      });
      expect(off.body).toMatchObject({ name: 'Epoxy resins', code: null, active: false, version: 3 });
      expect((await t.call('GET', `/api/v1/products/${id}`, rep)).body).toEqual(off.body);
    });

    it('should list product lines for everyone, filtered by active, page by page', async () => {
      const { t, admin, rep } = await setup();
      for (const name of ['Resins', 'Coatings', 'Adhesives']) {
        await t.call('POST', '/api/v1/products', admin, { name, active: name !== 'Coatings' });
      }
      // Ids order by creation time only to the millisecond, so compare names as sets.
      const names = async (query: string) =>
        (await t.call('GET', `/api/v1/products?${query}`, rep)).body.items
          .map((p: { name: string }) => p.name)
          .sort();
      expect(await names('')).toEqual(['Adhesives', 'Coatings', 'Resins']);
      expect(await names('active=true')).toEqual(['Adhesives', 'Resins']);
      expect(await names('active=false')).toEqual(['Coatings']);
      const p1 = await t.call('GET', '/api/v1/products?limit=2', rep);
      const p2 = await t.call('GET', `/api/v1/products?limit=2&cursor=${p1.body.nextCursor}`, rep);
      expect(p1.body.items).toHaveLength(2);
      expect(p2.body.items).toHaveLength(1);
      expect(p2.body.nextCursor).toBeNull();
      expect([...p1.body.items, ...p2.body.items].map((p: { name: string }) => p.name).sort()).toEqual(
        await names(''),
      );
    });

    it('should keep names and codes unique, saying which one clashes', async () => {
      const { t, admin } = await setup();
      const resins = (await t.call('POST', '/api/v1/products', admin, { name: 'Resins', code: 'RES' })).body;
      const coatings = (await t.call('POST', '/api/v1/products', admin, { name: 'Coatings' })).body;
      const sameName = await t.call('POST', '/api/v1/products', admin, { name: 'Resins', code: 'R2' });
      expect(sameName.status).toBe(409);
      expect(sameName.body.error.details).toEqual({ field: 'name', id: resins.id });
      const sameCode = await t.call('POST', '/api/v1/products', admin, { name: 'Other', code: 'RES' });
      expect(sameCode.status).toBe(409);
      expect(sameCode.body.error.details).toEqual({ field: 'code', id: resins.id });
      const rename = await t.call('PATCH', `/api/v1/products/${coatings.id}`, admin, {
        version: 1,
        name: 'Resins',
      });
      expect(rename.status).toBe(409);
      expect(rename.body.error.details.field).toBe('name');
      const recode = await t.call('PATCH', `/api/v1/products/${coatings.id}`, admin, {
        version: 1,
        code: 'RES',
      });
      expect(recode.status).toBe(409);
      expect(recode.body.error.details.field).toBe('code');
      expect((await t.call('GET', `/api/v1/products/${coatings.id}`, admin)).body).toMatchObject({
        name: 'Coatings',
        code: null,
        version: 1,
      });
      // Keeping its own name and code is no clash, and many lines may have no code.
      const same = await t.call('PATCH', `/api/v1/products/${resins.id}`, admin, {
        version: 1,
        name: 'Resins',
        code: 'RES',
      });
      expect(same.status).toBe(200);
      expect((await t.call('POST', '/api/v1/products', admin, { name: 'Adhesives' })).status).toBe(201);
    });

    it('should answer a stale version with 409 and the current record', async () => {
      const { t, admin } = await setup();
      const p = (await t.call('POST', '/api/v1/products', admin, { name: 'Resins' })).body;
      await t.call('PATCH', `/api/v1/products/${p.id}`, admin, { version: 1, code: 'RES' });
      const stale = await t.call('PATCH', `/api/v1/products/${p.id}`, admin, {
        version: 1,
        name: 'Old view',
      });
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('version_conflict');
      expect(stale.body.error.details.current).toMatchObject({ name: 'Resins', code: 'RES', version: 2 });
    });

    it.each([
      [{ name: '' }, 'name'],
      [{ name: 'X', code: '   ' }, 'code'],
      [{ name: 'X', code: 'C'.repeat(51) }, 'code'],
      [{ name: 'X', active: 'yes' }, 'active'],
      [{ name: 'X', price: 10 }, 'json'],
    ])('should refuse %j naming %s', async (body, path) => {
      const { t, admin } = await setup();
      const res = await t.call('POST', '/api/v1/products', admin, body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
      expect((await t.call('GET', '/api/v1/products', admin)).body.items).toEqual([]);
    });

    it('should answer 404 for an unknown product line', async () => {
      const { t, admin } = await setup();
      expect((await t.call('GET', '/api/v1/products/nope', admin)).status).toBe(404);
      expect((await t.call('PATCH', '/api/v1/products/nope', admin, { version: 1, name: 'X' })).status).toBe(
        404,
      );
    });

    it.each(['account_manager', 'sales_rep', 'coordinator', 'marketing', 'viewer'] as const)(
      'should forbid a %s to change the catalogue',
      async (role) => {
        const { t, admin } = await setup();
        const someone = await t.user(role);
        const p = (await t.call('POST', '/api/v1/products', admin, { name: 'Resins' })).body;
        const add = await t.call('POST', '/api/v1/products', someone, { name: 'Mine' });
        expect(add.status).toBe(403);
        expect(add.body.error.code).toBe('forbidden');
        const edit = await t.call('PATCH', `/api/v1/products/${p.id}`, someone, {
          version: 1,
          active: false,
        });
        expect(edit.status).toBe(403);
        expect((await t.call('GET', '/api/v1/products', someone)).body.items).toEqual([p]);
      },
    );

    it('should record product changes in the audit log', async () => {
      const { t, admin } = await setup();
      const p = (await t.call('POST', '/api/v1/products', admin, { name: 'Resins' })).body;
      await t.call('PATCH', `/api/v1/products/${p.id}`, admin, { version: 1, active: false });
      const rows = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'product_line')
        .where('entity_id', '=', p.id)
        .execute();
      expect(rows.map((r) => `${r.action} by ${r.user_id}`).sort()).toEqual([
        `create by ${admin.id}`,
        `update by ${admin.id}`,
      ]);
      const update = rows.find((r) => r.action === 'update');
      expect(JSON.parse(update?.before ?? 'null')).toMatchObject({ active: true, version: 1 });
      expect(JSON.parse(update?.after ?? 'null')).toMatchObject({ active: false, version: 2 });
    });
  });
}
