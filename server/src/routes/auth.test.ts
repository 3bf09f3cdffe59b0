import { describe, expect, it } from 'vitest';

import { DIALECTS, type TestUser, testApp } from '../test/harness';

const DAY_MS = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`auth (${dialect})`, () => {
    async function setup() {
      const t = await testApp(dialect);
      const admin = await t.user('admin', 'Ada Admin');
      const rep = await t.user('sales_rep', 'Bob Bianchi');
      const login = (email: string, password: string) =>
        t.call('POST', '/api/v1/auth/login', null, { email, password });
      /** GET /me with a bare token, as a client that only holds the token would send it. */
      const me = (token: string) =>
        t.app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
      const as = (token: string): TestUser => ({
        ...rep,
        token,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
      return { t, admin, rep, login, me, as };
    }

    it('should sign in with the right password and give a session token that works on /me', async () => {
      const { t, rep, login, as } = await setup();
      const before = Date.now();
      const res = await login(rep.email, 'password-sales_rep');
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ id: rep.id, email: rep.email, role: 'sales_rep', active: true });
      expect(res.body.user).not.toHaveProperty('passwordHash');
      const expires = Date.parse(res.body.expiresAt) - before;
      expect(expires).toBeGreaterThanOrEqual(t.env.RAPPORT_SESSION_DAYS * DAY_MS - 1000);
      expect(expires).toBeLessThanOrEqual(t.env.RAPPORT_SESSION_DAYS * DAY_MS + 5000);
      const me = await t.call('GET', '/api/v1/me', as(res.body.token));
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: rep.id, name: 'Bob Bianchi' });
    });

    it('should refuse a wrong password with the same answer as an unknown email', async () => {
      const { rep, login } = await setup();
      const wrong = await login(rep.email, 'not-my-password');
      const unknown = await login('nobody@ourco.example', 'password-sales_rep');
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body.error).toMatchObject({ code: 'unauthorized', message: 'Wrong email or password' });
      expect(wrong.body).not.toHaveProperty('token');
    });

    it.each([
      ['upper case', (e: string) => e.toUpperCase()],
      ['surrounding spaces', (e: string) => `  ${e} `],
      ['a display name', (e: string) => `Bob <${e.replace('ourco', 'OurCo')}>`],
    ])('should accept the email with %s', async (_how, variant) => {
      const { rep, login } = await setup();
      const res = await login(variant(rep.email), 'password-sales_rep');
      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe(rep.id);
    });

    it('should not sign in a deactivated user, even with the right password', async () => {
      const { t, admin, rep, login } = await setup();
      const off = await t.call('PATCH', `/api/v1/users/${rep.id}`, admin, { version: 1, active: false });
      expect(off.status).toBe(200);
      const res = await login(rep.email, 'password-sales_rep');
      expect(res.status).toBe(401);
      expect(res.body.error.message).toMatch(/deactivated/);
      expect(res.body).not.toHaveProperty('token');
    });

    it('should end only the current session on logout', async () => {
      const { t, rep, login, me, as } = await setup();
      const laptop = (await login(rep.email, 'password-sales_rep')).body.token;
      const phone = (await login(rep.email, 'password-sales_rep')).body.token;
      expect((await t.call('POST', '/api/v1/auth/logout', as(laptop))).status).toBe(204);
      const after = await me(laptop);
      expect(after.status).toBe(401);
      expect(await after.json()).toMatchObject({ error: { code: 'unauthorized' } });
      expect((await me(phone)).status).toBe(200);
      expect((await t.call('POST', '/api/v1/auth/logout', as(laptop))).status).toBe(401);
    });

    it('should show a personal token once, list it without the secret and refuse it once revoked', async () => {
      const { t, rep, me, as } = await setup();
      const created = await t.call('POST', '/api/v1/tokens', rep, { name: 'Laptop CLI' });
      expect(created.status).toBe(201);
      const { token, apiToken } = created.body;
      expect(token).toMatch(/^rpt_/);
      expect(apiToken).toMatchObject({
        name: 'Laptop CLI',
        kind: 'personal',
        expiresAt: null,
        lastUsedAt: null,
      });
      expect((await me(token)).status).toBe(200);

      const list = await t.call('GET', '/api/v1/tokens', rep);
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: { name: string }) => i.name).sort()).toEqual(['Laptop CLI', 'test']);
      const listed = list.body.items.find((i: { id: string }) => i.id === apiToken.id);
      expect(Object.keys(listed).sort()).toEqual([
        'createdAt',
        'expiresAt',
        'id',
        'kind',
        'lastUsedAt',
        'name',
      ]);
      expect(listed.lastUsedAt).not.toBeNull();
      expect(JSON.stringify(list.body)).not.toContain(token);
      expect(JSON.stringify(list.body)).not.toContain(rep.token);

      expect((await t.call('DELETE', `/api/v1/tokens/${apiToken.id}`, rep)).status).toBe(204);
      expect((await me(token)).status).toBe(401);
      expect((await t.call('DELETE', `/api/v1/tokens/${apiToken.id}`, rep)).status).toBe(404);
      const after = await t.call('GET', '/api/v1/tokens', as(rep.token));
      expect(after.body.items.map((i: { name: string }) => i.name)).toEqual(['test']);
    });

    it("should not let a user revoke or see a colleague's token", async () => {
      const { t, admin, rep, me } = await setup();
      const { token, apiToken } = (await t.call('POST', '/api/v1/tokens', rep, { name: 'CLI' })).body;
      const res = await t.call('DELETE', `/api/v1/tokens/${apiToken.id}`, admin);
      expect(res.status).toBe(404);
      expect((await me(token)).status).toBe(200);
      const adminList = await t.call('GET', '/api/v1/tokens', admin);
      expect(adminList.body.items.map((i: { id: string }) => i.id)).not.toContain(apiToken.id);
    });

    it('should make a personal token expire after expiresInDays and refuse an out-of-range value', async () => {
      const { t, rep } = await setup();
      const before = Date.now();
      const res = await t.call('POST', '/api/v1/tokens', rep, { name: 'Week', expiresInDays: 7 });
      expect(res.status).toBe(201);
      const lasts = Date.parse(res.body.apiToken.expiresAt) - before;
      expect(lasts).toBeGreaterThanOrEqual(7 * DAY_MS - 1000);
      expect(lasts).toBeLessThanOrEqual(7 * DAY_MS + 5000);
      for (const expiresInDays of [0, 3651, 1.5]) {
        const bad = await t.call('POST', '/api/v1/tokens', rep, { name: 'Bad', expiresInDays });
        expect(bad.status).toBe(400);
        expect(bad.body.error.details.issues[0].path).toBe('expiresInDays');
      }
    });

    it('should refuse an expired token and leave it out of the list', async () => {
      const { t, rep, me } = await setup();
      const { token, apiToken } = (
        await t.call('POST', '/api/v1/tokens', rep, { name: 'Short', expiresInDays: 1 })
      ).body;
      expect((await me(token)).status).toBe(200);
      await t.db.kysely
        .updateTable('api_tokens')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', apiToken.id)
        .execute();
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/invalid_token/);
      const list = await t.call('GET', '/api/v1/tokens', rep);
      expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(apiToken.id);
    });

    it('should answer 429 with Retry-After after 10 failed attempts for one email, even with the right password', async () => {
      const { rep, login } = await setup();
      for (let i = 0; i < 10; i++) expect((await login(rep.email, `wrong-${i}`)).status).toBe(401);
      const blocked = await login(rep.email.toUpperCase(), 'password-sales_rep');
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('rate_limited');
      const retryAfter = Number(blocked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    });

    it("should not lock a colleague out because someone else's email was locked", async () => {
      // Every request in these tests comes from the same client address, like an office behind one NAT.
      const { admin, rep, login } = await setup();
      for (let i = 0; i < 11; i++) await login(rep.email, `wrong-${i}`);
      expect((await login(rep.email, 'password-sales_rep')).status).toBe(429);
      expect((await login(admin.email, 'password-admin')).status).toBe(200);
    });

    it('should let a whole team sign in from one address, and reset the count on success', async () => {
      const { t, rep, login } = await setup();
      const team = [];
      for (let i = 0; i < 12; i++) team.push(await t.user('sales_rep'));
      for (const member of team) expect((await login(member.email, 'password-sales_rep')).status).toBe(200);
      for (let i = 0; i < 9; i++) await login(rep.email, `wrong-${i}`);
      expect((await login(rep.email, 'password-sales_rep')).status).toBe(200);
      for (let i = 0; i < 9; i++) expect((await login(rep.email, `wrong-again-${i}`)).status).toBe(401);
    });

    it('should answer 429 to one address that tries 100 different emails', async () => {
      const { admin, login } = await setup();
      for (let i = 0; i < 100; i++) {
        expect((await login(`guess${i}@ourco.example`, 'Summer2026!')).status).toBe(401);
      }
      const blocked = await login(admin.email, 'password-admin');
      expect(blocked.status).toBe(429);
      expect(blocked.headers.get('retry-after')).toBeTruthy();
    });

    it('should let an admin raise the per-address limit for an office behind one address', async () => {
      const t = await testApp(dialect, { RAPPORT_LOGIN_LIMIT_PER_ADDRESS: 150 });
      const admin = await t.user('admin');
      const login = (email: string, password: string) =>
        t.call('POST', '/api/v1/auth/login', null, { email, password });
      for (let i = 0; i < 149; i++) {
        expect((await login(`guess${i}@ourco.example`, 'Summer2026!')).status).toBe(401);
      }
      expect((await login(admin.email, 'password-admin')).status).toBe(200); // the 150th
      expect((await login(admin.email, 'password-admin')).status).toBe(429);
    });

    it('should limit by the address the reverse proxy saw, not one the client made up', async () => {
      const t = await testApp(dialect, { RAPPORT_TRUST_PROXY: true });
      const admin = await t.user('admin');
      const login = (email: string, password: string, forwardedFor: string) =>
        t.app.request('/api/v1/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
          body: JSON.stringify({ email, password }),
        });
      // The proxy appends the address it saw; whatever the client sent comes before it.
      for (let i = 0; i < 100; i++) {
        expect(
          (await login(`guess${i}@ourco.example`, 'Summer2026!', `10.0.0.${i}, 203.0.113.7`)).status,
        ).toBe(401);
      }
      expect((await login(admin.email, 'password-admin', '10.9.9.9, 203.0.113.7')).status).toBe(429);
      expect((await login(admin.email, 'password-admin', '198.51.100.2')).status).toBe(200);
    });

    it('should not sign in a user added without a password, whatever is typed', async () => {
      const { t, admin, login } = await setup();
      const added = await t.call('POST', '/api/v1/users', admin, {
        email: 'nopass@ourco.example',
        name: 'No Pass',
        role: 'viewer',
      });
      expect(added.status).toBe(201);
      for (const password of ['', 'not a real password', 'password-viewer']) {
        const res = await login('nopass@ourco.example', password);
        expect(res.status).toBe(password ? 401 : 400);
        expect(res.body).not.toHaveProperty('token');
      }
    });

    it('should make the tokens of a deactivated user fail at once', async () => {
      const { t, admin, rep, me } = await setup();
      const personal = (await t.call('POST', '/api/v1/tokens', rep, { name: 'CLI' })).body.token;
      expect((await me(rep.token)).status).toBe(200);
      const off = await t.call('PATCH', `/api/v1/users/${rep.id}`, admin, { version: 1, active: false });
      expect(off.body.active).toBe(false);
      expect((await me(rep.token)).status).toBe(401);
      expect((await me(personal)).status).toBe(401);
      // Reactivating does not bring the old tokens back.
      await t.call('PATCH', `/api/v1/users/${rep.id}`, admin, { version: 2, active: true });
      expect((await me(rep.token)).status).toBe(401);
    });

    it("should revoke a user's tokens when an admin resets the password, and accept only the new one", async () => {
      const { t, admin, rep, login, me } = await setup();
      const reset = await t.call('PATCH', `/api/v1/users/${rep.id}`, admin, {
        version: 1,
        password: 'a brand new password',
      });
      expect(reset.status).toBe(200);
      expect((await me(rep.token)).status).toBe(401);
      expect((await me(admin.token)).status).toBe(200);
      expect((await login(rep.email, 'password-sales_rep')).status).toBe(401);
      expect((await login(rep.email, 'a brand new password')).status).toBe(200);
    });

    it('should store tokens and passwords only as hashes', async () => {
      const { t, rep, login } = await setup();
      const session = (await login(rep.email, 'password-sales_rep')).body.token;
      const personal = (await t.call('POST', '/api/v1/tokens', rep, { name: 'CLI' })).body.token;
      const tokens = JSON.stringify(await t.db.kysely.selectFrom('api_tokens').selectAll().execute());
      for (const secret of [session, personal, rep.token]) {
        expect(tokens).not.toContain(secret);
        expect(tokens).not.toContain(secret.slice(4)); // without the rpt_ prefix
      }
      const users = JSON.stringify(await t.db.kysely.selectFrom('users').selectAll().execute());
      expect(users).not.toContain('password-sales_rep');
      expect(users).not.toContain('password-admin');
      expect(users).toContain('scrypt$');
    });
  });
}
