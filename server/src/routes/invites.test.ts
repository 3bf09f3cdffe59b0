import { describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from '../test/harness';

for (const dialect of DIALECTS) {
  describe(`invites and password resets (${dialect})`, () => {
    async function setup() {
      const t = await testApp(dialect, { RAPPORT_PUBLIC_URL: 'https://rapport.ourco.example/' });
      const admin = await t.user('admin', 'Ada Admin');
      const rep = await t.user('sales_rep', 'Bob Bianchi');
      return { t, admin, rep };
    }

    it('should invite with a link shown once, let the invitee sign up with it once, and audit it', async () => {
      const { t, admin } = await setup();
      const res = await t.call('POST', '/api/v1/invites', admin, {
        email: ' Carla@OurCo.example ',
        role: 'marketing',
      });
      expect(res.status).toBe(201);
      expect(res.body.invite).toMatchObject({
        purpose: 'invite',
        email: 'carla@ourco.example',
        role: 'marketing',
        status: 'pending',
        createdBy: admin.id,
        usedAt: null,
      });
      expect(Date.parse(res.body.invite.expiresAt) - Date.parse(res.body.invite.createdAt)).toBe(
        7 * 86_400_000,
      );
      expect(res.body.url).toBe(`https://rapport.ourco.example/admin/invite?token=${res.body.token}`);
      const list = await t.call('GET', '/api/v1/invites?status=pending', admin);
      expect(list.body.items).toHaveLength(1);
      expect(JSON.stringify(list.body)).not.toContain(res.body.token);

      const accepted = await t.call('POST', '/api/v1/invites/accept', null, {
        token: res.body.token,
        name: 'Carla Verdi',
        password: 'carla password 1',
      });
      expect(accepted.status).toBe(201);
      expect(accepted.body.user).toMatchObject({
        email: 'carla@ourco.example',
        name: 'Carla Verdi',
        role: 'marketing',
      });
      const me = await t.app.request('/api/v1/me', {
        headers: { authorization: `Bearer ${accepted.body.token}` },
      });
      expect(me.status).toBe(200);
      expect((await t.call('GET', '/api/v1/invites?status=used', admin)).body.items[0]).toMatchObject({
        status: 'used',
        userId: accepted.body.user.id,
      });

      const again = await t.call('POST', '/api/v1/invites/accept', null, {
        token: res.body.token,
        name: 'Eve',
        password: 'eve password 12',
      });
      expect(again.status).toBe(409);
      expect(again.body.error.details).toEqual({ reason: 'used' });
      const audit = await t.call('GET', `/api/v1/audit?entity=invite&entityId=${res.body.invite.id}`, admin);
      expect(audit.body.items).toHaveLength(1);
      expect(audit.body.items[0]).toMatchObject({
        action: 'create',
        userId: admin.id,
        after: { email: 'carla@ourco.example', role: 'marketing' },
      });
      expect(JSON.stringify(audit.body)).not.toContain(res.body.token);
    });

    it('should refuse expired, withdrawn and unknown invites, and invites for existing users', async () => {
      const { t, admin, rep } = await setup();
      const taken = await t.call('POST', '/api/v1/invites', admin, { email: rep.email, role: 'viewer' });
      expect(taken.status).toBe(409);
      expect(taken.body.error.details).toEqual({ field: 'email' });

      const short = await t.call('POST', '/api/v1/invites', admin, {
        email: 'dan@ourco.example',
        role: 'viewer',
        expiresInDays: 1,
      });
      await t.db.kysely
        .withTables<{ invites: { id: string; expires_at: string } }>()
        .updateTable('invites')
        .set({ expires_at: new Date(Date.now() - 1).toISOString() })
        .where('id', '=', short.body.invite.id)
        .execute();
      const expired = await t.call('POST', '/api/v1/invites/accept', null, {
        token: short.body.token,
        name: 'Dan',
        password: 'dan password 12',
      });
      expect(expired.status).toBe(409);
      expect(expired.body.error).toMatchObject({ code: 'conflict', details: { reason: 'expired' } });
      expect(expired.body.error.message).toMatch(/expired/);

      const other = await t.call('POST', '/api/v1/invites', admin, {
        email: 'erin@ourco.example',
        role: 'viewer',
        expiresInDays: 30,
      });
      expect((await t.call('DELETE', `/api/v1/invites/${other.body.invite.id}`, admin)).status).toBe(204);
      expect((await t.call('DELETE', `/api/v1/invites/${other.body.invite.id}`, admin)).status).toBe(409);
      const withdrawn = await t.call('POST', '/api/v1/invites/accept', null, {
        token: other.body.token,
        name: 'Erin',
        password: 'erin password 1',
      });
      expect(withdrawn.body.error.details).toEqual({ reason: 'revoked' });
      const unknown = await t.call('POST', '/api/v1/invites/accept', null, {
        token: 'rpi_nope',
        name: 'X',
        password: 'x password 123',
      });
      expect(unknown.status).toBe(404);
      expect((await t.call('GET', '/api/v1/users', admin)).body.items).toHaveLength(2);
    });

    it.each([
      [{ email: 'not an email', role: 'viewer' }, 'email'],
      [{ email: 'x@ourco.example', role: 'boss' }, 'role'],
      [{ email: 'x@ourco.example', role: 'viewer', expiresInDays: 31 }, 'expiresInDays'],
      [{ email: 'x@ourco.example', role: 'viewer', extra: 1 }, 'invites'],
    ])('should refuse the invite %j naming %s', async (body, field) => {
      const { t, admin } = await setup();
      const res = await t.call('POST', '/api/v1/invites', admin, body);
      expect(res.status).toBe(400);
      const paths = res.body.error.details.issues.map((i: { path: string }) => i.path);
      expect(field === 'invites' ? paths.length : paths).toEqual(
        field === 'invites' ? 1 : expect.arrayContaining([field]),
      );
    });

    it('should reset a password with a one-time link: the new password works, every old token stops', async () => {
      const { t, admin, rep } = await setup();
      const personal = await t.call('POST', '/api/v1/tokens', rep, { name: 'script' });
      const link = await t.call('POST', `/api/v1/users/${rep.id}/password-reset`, admin);
      expect(link.status).toBe(201);
      expect(link.body.url).toBe(`https://rapport.ourco.example/admin/reset?token=${link.body.token}`);
      expect(link.body.invite).toMatchObject({ purpose: 'reset', userId: rep.id, status: 'pending' });
      expect(Date.parse(link.body.invite.expiresAt) - Date.parse(link.body.invite.createdAt)).toBe(
        86_400_000,
      );
      // A second link replaces the first.
      const newer = await t.call('POST', `/api/v1/users/${rep.id}/password-reset`, admin);
      const old = await t.call('POST', '/api/v1/password-reset', null, {
        token: link.body.token,
        password: 'a new password 1',
      });
      expect(old.body.error.details).toEqual({ reason: 'revoked' });
      expect((await t.call('GET', '/api/v1/me', rep)).status).toBe(200);

      const done = await t.call('POST', '/api/v1/password-reset', null, {
        token: newer.body.token,
        password: 'a new password 1',
      });
      expect(done.status).toBe(200);
      expect(done.body.user.id).toBe(rep.id);
      expect((await t.call('GET', '/api/v1/me', rep)).status).toBe(401);
      expect(
        (await t.app.request('/api/v1/me', { headers: { authorization: `Bearer ${personal.body.token}` } }))
          .status,
      ).toBe(401);
      expect(
        (await t.app.request('/api/v1/me', { headers: { authorization: `Bearer ${done.body.token}` } }))
          .status,
      ).toBe(200);
      expect(
        (await t.call('POST', '/api/v1/auth/login', null, { email: rep.email, password: 'a new password 1' }))
          .status,
      ).toBe(200);
      const reused = await t.call('POST', '/api/v1/password-reset', null, {
        token: newer.body.token,
        password: 'another one 123',
      });
      expect(reused.body.error.details).toEqual({ reason: 'used' });
      const audit = await t.call('GET', `/api/v1/audit?entity=user&entityId=${rep.id}`, admin);
      expect(audit.body.items[0]).toMatchObject({
        action: 'update',
        userId: rep.id,
        after: { passwordChanged: true },
      });
      expect(JSON.stringify(audit.body)).not.toContain('a new password 1');
    });

    it('should refuse a reset link for a deactivated or unknown user', async () => {
      const { t, admin, rep } = await setup();
      await t.call('PATCH', `/api/v1/users/${rep.id}`, admin, { version: 1, active: false });
      const res = await t.call('POST', `/api/v1/users/${rep.id}/password-reset`, admin);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/deactivated/);
      expect((await t.call('POST', '/api/v1/users/nobody/password-reset', admin)).status).toBe(404);
    });

    it('should refuse through the API, too, to leave no active admin', async () => {
      const { t, admin, rep } = await setup();
      const res = await t.call('PATCH', `/api/v1/users/${admin.id}`, admin, { version: 1, role: 'viewer' });
      expect(res.status).toBe(409);
      expect(res.body.error.details).toEqual({ reason: 'last_admin' });
      expect(res.body.error.message).toMatch(/last active admin/);
      const other = await t.user('admin');
      const self = await t.call('PATCH', `/api/v1/users/${admin.id}`, admin, { version: 1, active: false });
      expect(self.body.error.details).toEqual({ reason: 'self' });
      expect(
        (await t.call('PATCH', `/api/v1/users/${admin.id}`, other, { version: 1, active: false })).status,
      ).toBe(200);
      expect(
        (await t.call('PATCH', `/api/v1/users/${rep.id}`, other, { version: 1, role: 'admin' })).status,
      ).toBe(200);
    });
  });
}
