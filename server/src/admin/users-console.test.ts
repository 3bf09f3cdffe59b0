import { describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from '../test/harness';
import { consoleBrowser, type Got, inputValue, textOf } from './test-kit';

/** The shown-once secret on a page (an invite or reset link, a token). */
const secretOf = (got: Got) =>
  /id="secret-value"[^>]*value="([^"]+)"/.exec(got.html)?.[1]?.replace(/&amp;/g, '&') ?? '';

for (const dialect of DIALECTS) {
  describe(`admin console users (${dialect})`, () => {
    async function setup() {
      const t = await testApp(dialect);
      const admin = await t.user('admin', 'Ada Admin');
      const rep = await t.user('sales_rep', 'Bob Bianchi');
      const b = consoleBrowser(t.app);
      await b.signIn(admin);
      return { t, admin, rep, b };
    }

    /** Creates an invite through the console and returns its link's path. */
    async function invite(
      b: ReturnType<typeof consoleBrowser>,
      email: string,
      role = 'account_manager',
      days = '7',
    ) {
      const res = await b.post('/admin/invites', { email, role, expiresInDays: days });
      expect(res.status).toBe(303);
      const page = await b.follow(res);
      const url = new URL(secretOf(page));
      return { page, path: url.pathname + url.search, url };
    }

    it('should list users with role, status and last sign-in', async () => {
      const { t, b, rep, admin } = await setup();
      await t.call('PATCH', `/api/v1/users/${rep.id}`, admin, { version: 1, active: false });
      await t.call('POST', '/api/v1/users', admin, {
        email: 'nina@ourco.example',
        name: 'Nina Never',
        role: 'viewer',
      });
      const page = await b.get('/admin/users');
      const text = textOf(page.html);
      expect(text).toMatch(
        /Ada Admin admin\d+@ourco\.example Admin Active \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC/,
      );
      expect(text).toMatch(
        /Bob Bianchi sales\.rep\d+@ourco\.example Sales rep Deactivated \d{1,2} [A-Z][a-z]{2} \d{4}/,
      );
      expect(text).toContain('Nina Never nina@ourco.example Viewer Active never');
      const filtered = await b.get('/admin/users?active=false');
      expect(textOf(filtered.html)).toContain('Bob Bianchi');
      expect(textOf(filtered.html)).not.toContain('Ada Admin admin');
    });

    it('should invite a colleague with a one-time link that signs them in, then refuse it reused', async () => {
      const { t, admin, b } = await setup();
      const { page, path, url } = await invite(b, 'Carla.Verdi@OurCo.example');
      expect(textOf(page.html)).toContain('Invite for carla.verdi@ourco.example (Account manager) created');
      expect(url.origin).toBe('http://localhost');
      expect(url.pathname).toBe('/admin/invite');
      expect(textOf((await b.get('/admin/users')).html)).toMatch(
        /Pending invites .*carla\.verdi@ourco\.example Account manager/,
      );
      // Only the hash is stored.
      const stored = JSON.stringify(
        await t.db.kysely
          .withTables<{ invites: { token_hash: string } }>()
          .selectFrom('invites')
          .selectAll()
          .execute(),
      );
      expect(stored).not.toContain(url.searchParams.get('token'));

      const guest = consoleBrowser(t.app);
      const form = await guest.get(path);
      expect(form.status).toBe(200);
      expect(textOf(form.html)).toContain(
        'You are invited as Account manager with the email carla.verdi@ourco.example',
      );
      const mismatch = await guest.post('/admin/invite', {
        token: inputValue(form.html, 'token') ?? '',
        name: 'Carla Verdi',
        password: 'carla password 1',
        passwordRepeat: 'carla password 2',
      });
      expect(mismatch.status).toBe(400);
      expect(textOf(mismatch.html)).toContain('Password again: The two passwords are not the same');
      expect(inputValue(mismatch.html, 'name')).toBe('Carla Verdi');

      const accepted = await guest.post('/admin/invite', {
        token: url.searchParams.get('token') ?? '',
        name: ' Carla Verdi ',
        password: 'carla password 1',
        passwordRepeat: 'carla password 1',
      });
      expect(accepted.status).toBe(303);
      expect(accepted.location).toBe('/admin');
      const home = await guest.follow(await guest.follow(accepted));
      expect(textOf(home.html)).toContain('Welcome to Rapport, Carla Verdi');
      expect(textOf(home.html)).toContain('Carla Verdi (Account manager)');

      const login = await t.call('POST', '/api/v1/auth/login', null, {
        email: 'carla.verdi@ourco.example',
        password: 'carla password 1',
      });
      expect(login.status).toBe(200);
      expect(login.body.user).toMatchObject({ name: 'Carla Verdi', role: 'account_manager', active: true });
      const created = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'user')
        .where('entity_id', '=', login.body.user.id)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(created.after ?? '{}')).toMatchObject({
        role: 'account_manager',
        invitedBy: admin.id,
      });
      const issued = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'invite')
        .execute();
      expect(issued.map((a) => [a.action, a.user_id])).toEqual([['create', admin.id]]);

      const reused = await consoleBrowser(t.app).get(path);
      expect(reused.status).toBe(410);
      expect(textOf(reused.html)).toContain(
        'This invite has been used already: sign in with your email and password',
      );
      const repost = await consoleBrowser(t.app).post('/admin/invite', {
        token: url.searchParams.get('token') ?? '',
        name: 'Eve',
        password: 'eve password 12',
        passwordRepeat: 'eve password 12',
      });
      expect(repost.status).toBe(410);
      expect((await t.call('GET', '/api/v1/users?q=eve', admin)).body.items).toHaveLength(0);
    });

    it('should say so for an expired, withdrawn, replaced or unknown link', async () => {
      const { t, b } = await setup();
      const first = await invite(b, 'dan@ourco.example');
      const second = await invite(b, 'dan@ourco.example', 'viewer');
      const replaced = await consoleBrowser(t.app).get(first.path);
      expect(replaced.status).toBe(410);
      expect(textOf(replaced.html)).toContain('withdrawn or replaced by a newer one');

      await t.db.kysely
        .withTables<{ invites: { expires_at: string; email: string } }>()
        .updateTable('invites')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('email', '=', 'dan@ourco.example')
        .execute();
      const expired = await consoleBrowser(t.app).get(second.path);
      expect(expired.status).toBe(410);
      expect(textOf(expired.html)).toContain('This invite link has expired: ask your admin for a new one');
      const lateAccept = await consoleBrowser(t.app).post('/admin/invite', {
        token: second.url.searchParams.get('token') ?? '',
        name: 'Dan',
        password: 'dan password 12',
        passwordRepeat: 'dan password 12',
      });
      expect(lateAccept.status).toBe(410);

      const third = await invite(b, 'erin@ourco.example');
      const id =
        /href="\/admin\/invites\/([^/]+)\/revoke"/.exec((await b.get('/admin/users')).html)?.[1] ?? '';
      const confirm = await b.get(`/admin/invites/${id}/revoke`);
      expect(textOf(confirm.html)).toContain('Withdraw the invite for erin@ourco.example?');
      const withdrawn = await b.post(`/admin/invites/${id}/revoke`, { confirm: 'yes' });
      expect(textOf((await b.follow(withdrawn)).html)).toContain('The invite is withdrawn');
      expect((await consoleBrowser(t.app).get(third.path)).status).toBe(410);

      const unknown = await consoleBrowser(t.app).get('/admin/invite?token=rpi_made_up');
      expect(unknown.status).toBe(404);
      expect(textOf(unknown.html)).toContain('This invite link is not valid');
    });

    it('should refuse to invite an email that is a user already, next to the field', async () => {
      const { b, rep } = await setup();
      const res = await b.post('/admin/invites', {
        email: rep.email.toUpperCase(),
        role: 'viewer',
        expiresInDays: '7',
      });
      expect(res.status).toBe(409);
      expect(textOf(res.html)).toContain(`Email: ${rep.email} is a user already`);
      expect(res.html).toMatch(/id="invite-email"[^>]*aria-invalid="true"/);
    });

    it('should change a role, and answer a stale form with the current values', async () => {
      const { t, admin, rep, b } = await setup();
      const page = await b.get(`/admin/users/${rep.id}`);
      expect(page.html).toMatch(/<label for="user-role">Role<\/label>/);
      const changed = await b.post(`/admin/users/${rep.id}/role`, {
        role: 'account_manager',
        version: inputValue(page.html, 'version') ?? '',
      });
      expect(changed.status).toBe(303);
      expect(textOf((await b.follow(changed)).html)).toContain('Bob Bianchi is now Account manager');
      expect((await t.call('GET', `/api/v1/users/${rep.id}`, admin)).body).toMatchObject({
        role: 'account_manager',
        version: 2,
      });
      const stale = await b.post(`/admin/users/${rep.id}/role`, { role: 'viewer', version: '1' });
      expect(stale.status).toBe(409);
      expect(textOf(stale.html)).toContain('Someone else changed this user meanwhile');
      expect((await t.call('GET', `/api/v1/users/${rep.id}`, admin)).body.role).toBe('account_manager');
      // Field by field (issue 8): the role saved meanwhile and the one chosen, which stays selected with
      // the current version, so choosing "Change role" again saves it.
      expect(textOf(stale.html)).toContain(
        'the role saved now is Account manager. Yours, Viewer, is still selected',
      );
      expect(stale.html).toMatch(/<option value="viewer" selected/);
      expect(inputValue(stale.html, 'version')).toBe('2');
      const again = await b.post(`/admin/users/${rep.id}/role`, {
        role: 'viewer',
        version: inputValue(stale.html, 'version') ?? '',
      });
      expect(again.status).toBe(303);
      expect((await t.call('GET', `/api/v1/users/${rep.id}`, admin)).body).toMatchObject({
        role: 'viewer',
        version: 3,
      });
      const bogus = await b.post(`/admin/users/${rep.id}/role`, { role: 'superuser', version: '3' });
      expect(bogus.status).toBe(400);
    });

    it('should refuse to demote or deactivate the last active admin, with a clear message', async () => {
      const { t, admin, b } = await setup();
      const demote = await b.post(`/admin/users/${admin.id}/role`, { role: 'viewer', version: '1' });
      expect(demote.status).toBe(409);
      expect(textOf(demote.html)).toContain(
        'Role: You are the last active admin: make another user an admin first',
      );
      const deactivate = await b.post(`/admin/users/${admin.id}/deactivate`, {
        confirm: 'yes',
        version: '1',
      });
      expect(deactivate.status).toBe(409);
      expect(textOf(deactivate.html)).toContain('You are the last active admin');
      expect((await t.call('GET', '/api/v1/me', admin)).body).toMatchObject({
        role: 'admin',
        active: true,
        version: 1,
      });

      const other = await t.user('admin', 'Otto Other');
      const self = await b.post(`/admin/users/${admin.id}/role`, { role: 'viewer', version: '1' });
      expect(textOf(self.html)).toContain('You cannot deactivate or demote yourself; ask another admin');
      const byOther = consoleBrowser(t.app);
      await byOther.signIn(other);
      expect(
        (await byOther.post(`/admin/users/${admin.id}/role`, { role: 'viewer', version: '1' })).status,
      ).toBe(303);
      // Now Otto is the last one; Ada (demoted) may not touch him, and he may not demote himself.
      const last = await byOther.post(`/admin/users/${other.id}/deactivate`, {
        confirm: 'yes',
        version: '1',
      });
      expect(textOf(last.html)).toContain('You are the last active admin');
    });

    it("should deactivate after a confirmation step: the user's bearer token is refused at once; reactivate restores sign-in", async () => {
      const { t, admin, rep, b } = await setup();
      expect((await t.call('GET', '/api/v1/me', rep)).status).toBe(200);
      const repConsole = consoleBrowser(t.app);
      await repConsole.signIn(rep);
      const confirm = await b.get(`/admin/users/${rep.id}/deactivate`);
      expect(textOf(confirm.html)).toContain('Bob Bianchi');
      expect(textOf(confirm.html)).toMatch(/their 2 sessions and tokens stop working at once/);
      const skipped = await b.post(`/admin/users/${rep.id}/deactivate`, { version: '1' });
      expect(skipped.location).toBe(`/admin/users/${rep.id}/deactivate`);
      expect((await t.call('GET', '/api/v1/me', rep)).status).toBe(200);

      const done = await b.post(`/admin/users/${rep.id}/deactivate`, {
        confirm: 'yes',
        version: inputValue(confirm.html, 'version') ?? '',
      });
      expect(done.status).toBe(303);
      expect(textOf((await b.follow(done)).html)).toContain('Bob Bianchi is deactivated');
      const refused = await t.call('GET', '/api/v1/me', rep);
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('unauthorized');
      expect((await repConsole.get('/admin/tokens')).status).toBe(303);
      expect(
        (
          await t.call('POST', '/api/v1/auth/login', null, {
            email: rep.email,
            password: 'password-sales_rep',
          })
        ).status,
      ).toBe(401);
      expect(
        (
          await consoleBrowser(t.app).post('/admin/sign-in', {
            email: rep.email,
            password: 'password-sales_rep',
          })
        ).status,
      ).toBe(401);

      const page = await b.get(`/admin/users/${rep.id}`);
      const again = await b.post(`/admin/users/${rep.id}/reactivate`, {
        version: inputValue(page.html, 'version') ?? '',
      });
      expect(textOf((await b.follow(again)).html)).toContain('Bob Bianchi is active again');
      expect(
        (
          await t.call('POST', '/api/v1/auth/login', null, {
            email: rep.email,
            password: 'password-sales_rep',
          })
        ).status,
      ).toBe(200);
      expect((await t.call('GET', '/api/v1/me', rep)).status).toBe(401); // old tokens stay revoked
      const audits = await t.db.kysely
        .selectFrom('audit_log')
        .select(['user_id', 'after'])
        .where('entity', '=', 'user')
        .where('entity_id', '=', rep.id)
        .orderBy('id')
        .execute();
      expect(audits.map((a) => [a.user_id, JSON.parse(a.after ?? '{}').active])).toEqual([
        [admin.id, false],
        [admin.id, true],
      ]);
    });

    it('should reset a password with a one-time link that ends the old sessions', async () => {
      const { t, rep, b } = await setup();
      const made = await b.post(`/admin/users/${rep.id}/reset`);
      expect(made.status).toBe(303);
      const shown = await b.follow(made);
      expect(textOf(shown.html)).toContain('Password reset link for Bob Bianchi created');
      const url = new URL(secretOf(shown));
      expect(url.pathname).toBe('/admin/reset');
      // Until it is used, nothing changes for the user.
      expect((await t.call('GET', '/api/v1/me', rep)).status).toBe(200);

      const user = consoleBrowser(t.app);
      const form = await user.get(url.pathname + url.search);
      expect(textOf(form.html)).toContain(`Choose a new password For ${rep.email}`);
      const short = await user.post('/admin/reset', {
        token: url.searchParams.get('token') ?? '',
        password: 'short',
        passwordRepeat: 'short',
      });
      expect(short.status).toBe(400);
      expect(textOf(short.html)).toContain('New password: Use at least 10 characters');
      const done = await user.post('/admin/reset', {
        token: url.searchParams.get('token') ?? '',
        password: 'a brand new password',
        passwordRepeat: 'a brand new password',
      });
      expect(done.status).toBe(303);
      expect(textOf((await user.follow(await user.follow(done))).html)).toContain('Your password is changed');

      expect((await t.call('GET', '/api/v1/me', rep)).status).toBe(401);
      expect(
        (
          await t.call('POST', '/api/v1/auth/login', null, {
            email: rep.email,
            password: 'password-sales_rep',
          })
        ).status,
      ).toBe(401);
      expect(
        (
          await t.call('POST', '/api/v1/auth/login', null, {
            email: rep.email,
            password: 'a brand new password',
          })
        ).status,
      ).toBe(200);
      const reused = await consoleBrowser(t.app).get(url.pathname + url.search);
      expect(reused.status).toBe(410);
      expect(textOf(reused.html)).toContain('This password reset link has been used already');
    });
  });
}
