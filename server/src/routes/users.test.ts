import { describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from '../test/harness';

for (const dialect of DIALECTS) {
  describe(`users (${dialect})`, () => {
    async function setup() {
      const t = await testApp(dialect);
      const admin = await t.user('admin', 'Ada Admin');
      const am = await t.user('account_manager', 'Alice Rossi');
      const rep = await t.user('sales_rep', 'Bob Bianchi');
      return { t, admin, am, rep };
    }

    it('should let an admin add a user who can then sign in, normalising the email', async () => {
      const { t, admin } = await setup();
      const res = await t.call('POST', '/api/v1/users', admin, {
        email: ' Carla.Verdi@OurCo.Example ',
        name: ' Carla Verdi ',
        role: 'coordinator',
        password: 'carla password 1',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        email: 'carla.verdi@ourco.example',
        name: 'Carla Verdi',
        role: 'coordinator',
        active: true,
        version: 1,
      });
      expect(res.body).not.toHaveProperty('passwordHash');
      expect((await t.call('GET', `/api/v1/users/${res.body.id}`, admin)).body).toEqual(res.body);
      const login = await t.call('POST', '/api/v1/auth/login', null, {
        email: 'carla.verdi@ourco.example',
        password: 'carla password 1',
      });
      expect(login.status).toBe(200);
    });

    it('should refuse a second user with the same email, whatever its case', async () => {
      const { t, admin, rep } = await setup();
      const res = await t.call('POST', '/api/v1/users', admin, {
        email: rep.email.toUpperCase(),
        name: 'Imposter',
        role: 'viewer',
      });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'conflict', details: { field: 'email' } });
      const list = await t.call('GET', '/api/v1/users', admin);
      expect(list.body.items).toHaveLength(3);
    });

    it.each([
      [{ email: 'x@ourco.example', name: 'X', role: 'superuser' }, 'role'],
      [{ email: 'not an email', name: 'X', role: 'viewer' }, 'email'],
      [{ email: 'x@ourco.example', name: ' ', role: 'viewer' }, 'name'],
      [{ email: 'x@ourco.example', name: 'X', role: 'viewer', password: 'short' }, 'password'],
      [{ email: 'x@ourco.example', name: 'X' }, 'role'],
    ])('should refuse %j naming the field %s', async (body, field) => {
      const { t, admin } = await setup();
      const res = await t.call('POST', '/api/v1/users', admin, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(field);
    });

    it.each(['account_manager', 'sales_rep', 'coordinator', 'marketing', 'viewer'] as const)(
      'should forbid a %s to add or change users',
      async (role) => {
        const { t, rep } = await setup();
        const someone = await t.user(role);
        const add = await t.call('POST', '/api/v1/users', someone, {
          email: 'new@ourco.example',
          name: 'New',
          role: 'admin',
        });
        expect(add.status).toBe(403);
        expect(add.body.error.code).toBe('forbidden');
        const promote = await t.call('PATCH', `/api/v1/users/${someone.id}`, someone, {
          version: 1,
          role: 'admin',
        });
        expect(promote.status).toBe(403);
        const rename = await t.call('PATCH', `/api/v1/users/${rep.id}`, someone, {
          version: 1,
          name: 'Renamed',
        });
        expect(rename.status).toBe(403);
        const me = await t.call('GET', '/api/v1/me', someone);
        expect(me.body).toMatchObject({ role, version: 1 });
        expect((await t.call('GET', `/api/v1/users/${rep.id}`, someone)).body.name).toBe('Bob Bianchi');
      },
    );

    it('should let everyone list colleagues, filtered by role, active and name or email', async () => {
      const { t, admin, am, rep } = await setup();
      const viewer = await t.user('viewer', 'Vera Viewer');
      await t.call('PATCH', `/api/v1/users/${am.id}`, admin, { version: 1, active: false });
      const all = await t.call('GET', '/api/v1/users', viewer);
      expect(all.status).toBe(200);
      // Ids order by creation time only to the millisecond, so compare names as sets.
      expect(all.body.items.map((u: { name: string }) => u.name).sort()).toEqual([
        'Ada Admin',
        'Alice Rossi',
        'Bob Bianchi',
        'Vera Viewer',
      ]);
      expect(all.body.items[0]).not.toHaveProperty('passwordHash');
      const names = async (query: string) =>
        (await t.call('GET', `/api/v1/users?${query}`, viewer)).body.items.map(
          (u: { name: string }) => u.name,
        );
      expect(await names('role=sales_rep')).toEqual(['Bob Bianchi']);
      expect(await names('active=false')).toEqual(['Alice Rossi']);
      expect(await names('q=BIANCHI')).toEqual(['Bob Bianchi']);
      expect(await names(`q=${encodeURIComponent(rep.email.slice(0, 9))}`)).toEqual(['Bob Bianchi']);
      expect(await names('q=100%25')).toEqual([]);
      const p1 = await t.call('GET', '/api/v1/users?limit=3', viewer);
      const p2 = await t.call('GET', `/api/v1/users?limit=3&cursor=${p1.body.nextCursor}`, viewer);
      expect(p1.body.items).toHaveLength(3);
      expect(p2.body).toMatchObject({ items: [expect.anything()], nextCursor: null });
      const paged = [...p1.body.items, ...p2.body.items].map((u: { id: string }) => u.id).sort();
      expect(paged).toEqual(all.body.items.map((u: { id: string }) => u.id).sort());
      expect((await t.call('GET', '/api/v1/users?role=boss', viewer)).status).toBe(400);
    });

    it('should answer 404 for an unknown user', async () => {
      const { t, admin } = await setup();
      expect((await t.call('GET', '/api/v1/users/nobody', admin)).status).toBe(404);
      const res = await t.call('PATCH', '/api/v1/users/nobody', admin, { version: 1, name: 'X' });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    });

    it.each([
      ['deactivate', { active: false }],
      ['demote', { role: 'account_manager' }],
    ])('should not let an admin %s themselves', async (_what, change) => {
      const { t, admin } = await setup();
      const res = await t.call('PATCH', `/api/v1/users/${admin.id}`, admin, { version: 1, ...change });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/another admin/);
      expect((await t.call('GET', '/api/v1/me', admin)).body).toMatchObject({
        role: 'admin',
        active: true,
        version: 1,
      });
    });

    it('should let an admin rename themselves and promote or demote another admin', async () => {
      const { t, admin, am } = await setup();
      const renamed = await t.call('PATCH', `/api/v1/users/${admin.id}`, admin, {
        version: 1,
        name: 'Ada L.',
        role: 'admin',
      });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name: 'Ada L.', role: 'admin', version: 2 });
      const promoted = await t.call('PATCH', `/api/v1/users/${am.id}`, admin, { version: 1, role: 'admin' });
      expect(promoted.body.role).toBe('admin');
      const demoted = await t.call(
        'PATCH',
        `/api/v1/users/${admin.id}`,
        { ...am, role: 'admin' },
        {
          version: 2,
          role: 'viewer',
        },
      );
      expect(demoted.status).toBe(200);
      expect(demoted.body.role).toBe('viewer');
    });

    it('should answer a stale version with 409 and the current record, changing nothing', async () => {
      const { t, admin, rep } = await setup();
      const first = await t.call('PATCH', `/api/v1/users/${rep.id}`, admin, {
        version: 1,
        name: 'Roberto Bianchi',
      });
      expect(first.body.version).toBe(2);
      const stale = await t.call('PATCH', `/api/v1/users/${rep.id}`, admin, { version: 1, role: 'viewer' });
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('version_conflict');
      expect(stale.body.error.details.current).toMatchObject({
        name: 'Roberto Bianchi',
        role: 'sales_rep',
        version: 2,
      });
      expect(stale.body.error.details.current).not.toHaveProperty('passwordHash');
      expect((await t.call('GET', `/api/v1/users/${rep.id}`, admin)).body).toMatchObject({
        role: 'sales_rep',
        version: 2,
      });
    });

    it("should refuse to change a user's email to a colleague's", async () => {
      const { t, admin, am, rep } = await setup();
      const res = await t.call('PATCH', `/api/v1/users/${rep.id}`, admin, {
        version: 1,
        email: am.email.toUpperCase(),
      });
      expect(res.status).toBe(409);
      expect(res.body.error.details).toEqual({ field: 'email' });
      const same = await t.call('PATCH', `/api/v1/users/${rep.id}`, admin, { version: 1, email: rep.email });
      expect(same.status).toBe(200);
    });

    it('should record a user update in the audit log with before and after, never the password', async () => {
      const { t, admin, rep } = await setup();
      await t.call('PATCH', `/api/v1/users/${rep.id}`, admin, {
        version: 1,
        role: 'account_manager',
        password: 'a secret new password',
      });
      const rows = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'user')
        .where('entity_id', '=', rep.id)
        .execute();
      expect(rows).toHaveLength(1);
      const row = rows[0];
      expect(row).toMatchObject({ user_id: admin.id, action: 'update' });
      expect(JSON.parse(row?.before ?? 'null')).toMatchObject({ role: 'sales_rep', version: 1 });
      expect(JSON.parse(row?.after ?? 'null')).toMatchObject({
        role: 'account_manager',
        version: 2,
        passwordChanged: true,
      });
      const log = JSON.stringify(await t.db.kysely.selectFrom('audit_log').selectAll().execute());
      expect(log).not.toContain('a secret new password');
      expect(log).not.toContain('scrypt$');
    });
  });
}
