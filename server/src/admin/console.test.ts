import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { ensureSetupToken } from '../auth/setup';
import { DIALECTS, testApp } from '../test/harness';
import { consoleBrowser, inputValue, textOf } from './test-kit';

for (const dialect of DIALECTS) {
  describe(`admin console (${dialect})`, () => {
    it('should sign an admin in with a hardened cookie, and sign out revoking the session', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin', 'Ada Admin');
      const b = consoleBrowser(t.app);
      const anonymous = await b.get('/admin/users');
      expect(anonymous.status).toBe(303);
      expect(anonymous.location).toBe('/admin/sign-in?next=%2Fadmin%2Fusers');

      const res = await b.post('/admin/sign-in', {
        email: admin.email.toUpperCase(),
        password: 'password-admin',
        next: '/admin/settings',
      });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/admin/settings');
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('rapport_console='));
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\/admin/);
      expect(cookie).not.toMatch(/Secure/);
      const token = b.cookies.get('rapport_console') ?? '';
      // Stored hashed, as a console token: the cookie's secret is nowhere in the database.
      const row = await t.db.kysely
        .selectFrom('api_tokens')
        .selectAll()
        .where('kind', '=', 'console')
        .executeTakeFirstOrThrow();
      expect(row.user_id).toBe(admin.id);
      expect(JSON.stringify(row)).not.toContain(token);
      expect(Date.parse(row.expires_at ?? '') - Date.parse(row.created_at)).toBe(12 * 3600_000);
      // The console cookie is not an API bearer token.
      expect(
        (await t.app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).status,
      ).toBe(401);

      const page = await b.get('/admin/settings');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(textOf(page.html)).toContain('Ada Admin (Admin)');

      const out = await b.post('/admin/sign-out');
      expect(out.status).toBe(303);
      expect(out.location).toBe('/admin/sign-in');
      expect(textOf((await b.follow(out)).html)).toContain('You are signed out');
      const revoked = await t.db.kysely
        .selectFrom('api_tokens')
        .select('revoked_at')
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      expect(revoked.revoked_at).not.toBeNull();
      // The old cookie, replayed, no longer opens the console.
      const replay = await t.app.request('/admin/users', { headers: { cookie: `rapport_console=${token}` } });
      expect(replay.status).toBe(303);
    });

    it('should send a fresh server to the setup link, then sign the new admin in', async () => {
      const t = await testApp(dialect);
      const b = consoleBrowser(t.app);
      const before = await b.get('/admin/sign-in');
      expect(textOf(before.html)).toContain('No administrator exists yet. Open the one-time setup link');
      const token = (await ensureSetupToken(t.db.kysely)) ?? '';
      const setup = await b.post('/setup', {
        token,
        name: 'Ada Admin',
        email: 'ada@ourco.example',
        password: 'a long password',
      });
      expect(setup.status).toBe(201);
      expect(setup.html).toContain('href="/admin/sign-in"');
      const landing = await b.signIn({ email: 'ada@ourco.example', role: 'admin' }, 'a long password');
      expect(landing.status).toBe(200);
      expect(textOf(landing.html)).toContain('Ada Admin (Admin)');
    });

    it('should mark the cookie Secure behind https', async () => {
      const t = await testApp(dialect, { RAPPORT_PUBLIC_URL: 'https://rapport.ourco.example' });
      const admin = await t.user('admin');
      const b = consoleBrowser(t.app, 'https://rapport.ourco.example');
      const res = await b.post('/admin/sign-in', { email: admin.email, password: 'password-admin' });
      expect(res.status).toBe(303);
      expect(res.headers.getSetCookie().find((c) => c.startsWith('rapport_console='))).toMatch(/Secure/);
    });

    it('should show wrong credentials next to the form, keep the email, and count towards the login limit', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const b = consoleBrowser(t.app);
      const wrong = await b.post('/admin/sign-in', { email: admin.email, password: 'not the password' });
      expect(wrong.status).toBe(401);
      expect(textOf(wrong.html)).toContain('There is a problem Wrong email or password');
      expect(wrong.html).toMatch(/class="error-summary"[^>]*autofocus/);
      expect(inputValue(wrong.html, 'email')).toBe(admin.email);
      const empty = await b.post('/admin/sign-in', { email: 'not an email', password: '' });
      expect(empty.status).toBe(400);
      expect(empty.html).toContain('href="#signin-email"');
      expect(empty.html).toMatch(/id="signin-email"[^>]*aria-invalid="true"/);
      for (let i = 0; i < 9; i++) await b.post('/admin/sign-in', { email: admin.email, password: 'nope' });
      const limited = await b.post('/admin/sign-in', { email: admin.email, password: 'password-admin' });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBeTruthy();
      // The API shares the limit.
      expect(
        (await t.call('POST', '/api/v1/auth/login', null, { email: admin.email, password: 'password-admin' }))
          .status,
      ).toBe(429);
    });

    it('should refuse a POST from another site or without the session CSRF value, changing nothing', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const b = consoleBrowser(t.app);
      await b.signIn(admin);
      const form = await b.get('/admin/settings');
      const version = inputValue(form.html, 'version') ?? '';
      const change = {
        version,
        companyDomains: 'evil.example',
        personalDomains: 'gmail.com',
        allowedOrigins: '',
        coverageWindowDays: '90',
        fiscalYearStartMonth: '1',
        defaultCurrency: 'EUR',
      };

      const foreign = await b.post('/admin/settings', change, { origin: 'https://evil.example' });
      expect(foreign.status).toBe(403);
      expect(textOf(foreign.html)).toContain('sent from another site');
      const crossSite = await b.post('/admin/settings', change, {
        origin: '',
        'sec-fetch-site': 'cross-site',
      });
      expect(crossSite.status).toBe(403);
      const noToken = await b.post('/admin/settings', { ...change, csrf: 'guessed' });
      expect(noToken.status).toBe(403);
      expect(textOf(noToken.html)).toContain('reload the page');
      expect((await t.call('GET', '/api/v1/settings', admin)).body.companyDomains).toEqual([]);
      const signInElsewhere = await consoleBrowser(t.app).post(
        '/admin/sign-in',
        { email: admin.email, password: 'password-admin' },
        { origin: 'https://evil.example' },
      );
      expect(signInElsewhere.status).toBe(403);
    });

    it.each(['account_manager', 'sales_rep', 'coordinator', 'marketing', 'viewer'] as const)(
      'should let a %s in to their own tokens only',
      async (role) => {
        const t = await testApp(dialect);
        const admin = await t.user('admin', 'Ada Admin');
        const someone = await t.user(role, 'Sam Someone');
        const b = consoleBrowser(t.app);
        const landing = await b.signIn(someone);
        expect(textOf(landing.html)).toContain('Your tokens');
        expect(textOf(landing.html)).not.toContain('Ada Admin');
        expect(landing.html).not.toContain('href="/admin/users"');
        for (const path of [
          '/admin/users',
          `/admin/users/${admin.id}`,
          '/admin/settings',
          '/admin/audit',
          '/admin/backup',
          '/admin/backup/download',
        ]) {
          const got = await b.get(path);
          expect(got.status, path).toBe(403);
          expect(textOf(got.html)).toContain('This page is for admins');
        }
        const promote = await b.post(`/admin/users/${someone.id}/role`, { role: 'admin', version: '1' });
        expect(promote.status).toBe(403);
        const invite = await b.post('/admin/invites', { email: 'new@ourco.example', role: 'admin' });
        expect(invite.status).toBe(403);
        expect((await t.call('GET', `/api/v1/users/${someone.id}`, admin)).body.role).toBe(role);
        // Another user's token is not theirs to see or revoke.
        const adminToken = await t.db.kysely
          .selectFrom('api_tokens')
          .select('id')
          .where('user_id', '=', admin.id)
          .executeTakeFirstOrThrow();
        expect((await b.get(`/admin/tokens/${adminToken.id}/revoke`)).status).toBe(404);
        expect((await b.post(`/admin/tokens/${adminToken.id}/revoke`, { confirm: 'yes' })).status).toBe(404);
        expect((await t.call('GET', '/api/v1/me', admin)).status).toBe(200);
      },
    );

    it('should create a personal token shown once, list it with its owner, and revoke it after confirming', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin', 'Ada Admin');
      const rep = await t.user('sales_rep', 'Bob Bianchi');
      const b = consoleBrowser(t.app);
      await b.signIn(admin);
      const bad = await b.post('/admin/tokens', { name: ' ', expiresInDays: 'soon', userId: rep.id });
      expect(bad.status).toBe(400);
      expect(bad.html).toContain('href="#token-name"');
      expect(bad.html).toContain('href="#token-expiresInDays"');

      const created = await b.post('/admin/tokens', {
        name: 'CRM sync',
        expiresInDays: '30',
        userId: rep.id,
      });
      expect(created.status).toBe(303);
      const shown = await b.follow(created);
      const secret = /id="secret-value"[^>]*value="([^"]+)"/.exec(shown.html)?.[1] ?? '';
      expect(secret).toMatch(/^rpt_/);
      expect(textOf(shown.html)).toContain('Token "CRM sync" created for Bob Bianchi');
      expect(shown.html).toMatch(/<input[^>]*id="secret-value"[^>]*readonly/);
      // It works as the rep's bearer token…
      const me = await t.app.request('/api/v1/me', { headers: { authorization: `Bearer ${secret}` } });
      expect(((await me.json()) as { id: string }).id).toBe(rep.id);
      // …and is never shown again.
      const again = await b.get('/admin/tokens');
      expect(again.html).not.toContain(secret);
      expect(textOf(again.html)).toMatch(/Bob Bianchi CRM sync Personal access token/);

      const row = await t.db.kysely
        .selectFrom('api_tokens')
        .selectAll()
        .where('name', '=', 'CRM sync')
        .executeTakeFirstOrThrow();
      const confirm = await b.get(`/admin/tokens/${row.id}/revoke`);
      expect(confirm.status).toBe(200);
      expect(textOf(confirm.html)).toContain('Revoke "CRM sync"?');
      // A POST without the confirmation step goes to it and revokes nothing.
      const unconfirmed = await b.post(`/admin/tokens/${row.id}/revoke`, {});
      expect(unconfirmed.location).toBe(`/admin/tokens/${row.id}/revoke`);
      expect(
        (await t.app.request('/api/v1/me', { headers: { authorization: `Bearer ${secret}` } })).status,
      ).toBe(200);
      const revoked = await b.post(`/admin/tokens/${row.id}/revoke`, { confirm: 'yes' });
      expect(revoked.status).toBe(303);
      expect(textOf((await b.follow(revoked)).html)).toContain('Token "CRM sync" of Bob Bianchi is revoked');
      expect(
        (await t.app.request('/api/v1/me', { headers: { authorization: `Bearer ${secret}` } })).status,
      ).toBe(401);
      const audit = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'token')
        .where('entity_id', '=', row.id)
        .orderBy('id')
        .execute();
      expect(audit.map((a) => [a.action, a.user_id])).toEqual([
        ['create', admin.id],
        ['delete', admin.id],
      ]);
      expect(JSON.stringify(audit)).not.toContain(secret);
    });

    it('should let a rep create and revoke their own token, whatever owner the form names', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const rep = await t.user('sales_rep', 'Bob Bianchi');
      const b = consoleBrowser(t.app);
      await b.signIn(rep);
      const created = await b.post('/admin/tokens', { name: 'My script', userId: admin.id });
      expect(created.status).toBe(303);
      const row = await t.db.kysely
        .selectFrom('api_tokens')
        .selectAll()
        .where('name', '=', 'My script')
        .executeTakeFirstOrThrow();
      expect(row.user_id).toBe(rep.id);
      expect(row.expires_at).toBeNull();
      const list = await b.get('/admin/tokens');
      expect(textOf(list.html)).toContain('My script');
      expect((await b.post(`/admin/tokens/${row.id}/revoke`, { confirm: 'yes' })).status).toBe(303);
      const api = await t.call('GET', '/api/v1/tokens', rep);
      expect(api.body.items.map((i: { name: string }) => i.name)).not.toContain('My script');
    });

    it('should save settings with the API rules, show errors per field, and answer a stale form with 409 and the current values', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const b = consoleBrowser(t.app);
      await b.signIn(admin);
      const form = await b.get('/admin/settings');
      expect(form.html).toMatch(/<label for="settings-companyDomains">Company email domains<\/label>/);
      const version = inputValue(form.html, 'version') ?? '';
      const good = {
        version,
        companyDomains: 'OurCo.example\nhttps://www.ourco-group.example/about',
        personalDomains: 'gmail.com\nyahoo.com',
        allowedOrigins: 'https://crm.ourco.example',
        coverageWindowDays: '60',
        fiscalYearStartMonth: '4',
        defaultCurrency: 'usd',
      };
      const invalid = await b.post('/admin/settings', {
        ...good,
        companyDomains: 'ourco.example\nnot a domain',
        coverageWindowDays: 'lots',
        defaultCurrency: 'EURO',
      });
      expect(invalid.status).toBe(400);
      const text = textOf(invalid.html);
      expect(text).toContain('Company email domains: Line 2: "not a domain" is not a valid domain');
      expect(text).toContain('Coverage window (days): Enter a whole number');
      expect(text).toContain('Default currency: Use an ISO 4217 code');
      expect(invalid.html).toContain('not a domain</textarea>');

      const saved = await b.post('/admin/settings', good);
      expect(saved.status).toBe(303);
      expect(textOf((await b.follow(saved)).html)).toContain('Settings saved');
      const api = await t.call('GET', '/api/v1/settings', admin);
      expect(api.body).toMatchObject({
        companyDomains: ['ourco.example', 'ourco-group.example'],
        personalDomains: ['gmail.com', 'yahoo.com'],
        allowedOrigins: ['https://crm.ourco.example'],
        coverageWindowDays: 60,
        fiscalYearStartMonth: 4,
        defaultCurrency: 'USD',
        version: Number(version) + 1,
      });
      // The CORS cache saw the change at once.
      const preflight = await t.app.request('/api/v1/settings', {
        method: 'OPTIONS',
        headers: { origin: 'https://crm.ourco.example', 'access-control-request-method': 'GET' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://crm.ourco.example');

      const stale = await b.post('/admin/settings', { ...good, version, coverageWindowDays: '30' });
      expect(stale.status).toBe(409);
      expect(textOf(stale.html)).toContain('Someone else changed the settings');
      expect(inputValue(stale.html, 'coverageWindowDays')).toBe('60');
      expect(inputValue(stale.html, 'version')).toBe(String(Number(version) + 1));
      expect((await t.call('GET', '/api/v1/settings', admin)).body.coverageWindowDays).toBe(60);
      const audits = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'settings')
        .execute();
      expect(audits).toHaveLength(1);
      expect(audits[0]?.user_id).toBe(admin.id);
    });

    it('should show a 409 on the settings field by field, keep what was typed, and save "Use mine" per field (issue 8)', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const other = await t.user('admin', 'Otto Other');
      const b = consoleBrowser(t.app);
      await b.signIn(admin);
      const FIELDS = [
        'companyDomains',
        'personalDomains',
        'coverageWindowDays',
        'fiscalYearStartMonth',
        'defaultCurrency',
        'allowedOrigins',
      ];
      /** The form as a browser would send it back: the values it holds, what it started from, its version. */
      const formOf = (html: string, edits: Record<string, string>) => ({
        version: inputValue(html, 'version') ?? '',
        ...Object.fromEntries(FIELDS.map((k) => [k, inputValue(html, `was-${k}`) ?? ''])),
        ...Object.fromEntries(FIELDS.map((k) => [`was-${k}`, inputValue(html, `was-${k}`) ?? ''])),
        ...edits,
      });
      const row = (html: string, field: string) =>
        textOf(new RegExp(`<tr data-field="${field}">[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '');

      const page = await b.get('/admin/settings');
      const version = Number(inputValue(page.html, 'version'));
      // A colleague saves a coverage window and a currency while the form is open.
      const theirs = await t.call('PATCH', '/api/v1/settings', other, {
        version,
        coverageWindowDays: 45,
        defaultCurrency: 'GBP',
      });
      expect(theirs.status).toBe(200);
      const stale = await b.post(
        '/admin/settings',
        formOf(page.html, { coverageWindowDays: '30', defaultCurrency: 'usd' }),
      );
      expect(stale.status).toBe(409);
      expect(textOf(stale.html)).toContain('Someone else changed the settings');
      // Field by field: the value saved meanwhile and the one typed; untouched settings are not listed.
      expect(row(stale.html, 'coverageWindowDays')).toBe(
        'Coverage window (days) 45 30 Use mine for Coverage window (days)',
      );
      expect(row(stale.html, 'defaultCurrency')).toBe(
        'Default currency GBP usd Use mine for Default currency',
      );
      expect(stale.html).not.toContain('data-field="companyDomains"');
      // The form holds the current values and version; nothing was saved.
      expect(inputValue(stale.html, 'coverageWindowDays')).toBe('45');
      expect(inputValue(stale.html, 'version')).toBe(String(version + 1));
      expect((await t.call('GET', '/api/v1/settings', admin)).body).toMatchObject({
        coverageWindowDays: 45,
        defaultCurrency: 'GBP',
      });

      // The admin keeps the colleague's window and puts their own currency back.
      const merged = await b.post(
        '/admin/settings',
        formOf(stale.html, {
          'use-mine-defaultCurrency': '1',
          'mine-defaultCurrency': inputValue(stale.html, 'mine-defaultCurrency') ?? '',
          'mine-coverageWindowDays': inputValue(stale.html, 'mine-coverageWindowDays') ?? '',
        }),
      );
      expect(merged.status).toBe(303);
      expect((await t.call('GET', '/api/v1/settings', admin)).body).toMatchObject({
        coverageWindowDays: 45,
        defaultCurrency: 'USD',
        version: version + 2,
      });
    });

    it('should filter the audit log by user, record and dates, page it, and show each change as a diff', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin', 'Ada Admin');
      const other = await t.user('admin', 'Otto Other');
      const account = await t.call('POST', '/api/v1/accounts', admin, { name: 'Globex' });
      await t.call('PATCH', `/api/v1/accounts/${account.body.id}`, other, {
        version: 1,
        name: 'Globex GmbH',
      });
      for (let i = 0; i < 55; i++) await t.call('POST', '/api/v1/accounts', admin, { name: `Filler ${i}` });
      const b = consoleBrowser(t.app);
      await b.signIn(admin);

      const byRecord = await b.get(`/admin/audit?entity=account&entityId=${account.body.id}`);
      expect(byRecord.status).toBe(200);
      const text = textOf(byRecord.html);
      expect(text).toContain('Otto Other · update account');
      expect(text).toMatch(/name Globex Globex GmbH/);
      expect(text).toContain('Ada Admin · create account');
      expect(byRecord.html).toContain('<del>Globex</del>');
      expect(byRecord.html).toContain('<ins>Globex GmbH</ins>');
      expect(text).not.toContain('Filler');

      const byUser = await b.get(`/admin/audit?userId=${other.id}`);
      expect(textOf(byUser.html).match(/Otto Other ·/g)).toHaveLength(1);
      expect(textOf(byUser.html)).not.toContain('Ada Admin ·');

      const all = await b.get('/admin/audit?entity=account');
      expect(all.html.match(/<article/g)).toHaveLength(50);
      const next = /<a href="([^"]+)" rel="next">/.exec(all.html)?.[1]?.replace(/&amp;/g, '&') ?? '';
      expect(next).toContain('entity=account');
      const second = await b.get(next);
      expect(second.html.match(/<article/g)).toHaveLength(7);
      expect(second.html).not.toContain('rel="next"');

      const today = new Date().toISOString().slice(0, 10);
      expect(
        (await b.get(`/admin/audit?entity=account&from=${today}&to=${today}`)).html.match(/<article/g),
      ).toHaveLength(50);
      const past = await b.get('/admin/audit?from=2001-01-01&to=2001-01-31');
      expect(textOf(past.html)).toContain('No entries match these filters');
      const bad = await b.get('/admin/audit?from=yesterday&to=2001-01-01');
      expect(bad.status).toBe(400);
      expect(textOf(bad.html)).toContain('From: Enter a date as YYYY-MM-DD');
    });

    if (dialect === 'sqlite') {
      it('should download a backup that is a valid SQLite database holding the users', async () => {
        const t = await testApp(dialect);
        const admin = await t.user('admin', 'Ada Admin');
        await t.user('sales_rep', 'Bob Bianchi');
        const b = consoleBrowser(t.app);
        await b.signIn(admin);
        const page = await b.get('/admin/backup');
        expect(page.html).toContain('href="/admin/backup/download"');
        const res = await t.app.request('/admin/backup/download', {
          headers: { cookie: `rapport_console=${b.cookies.get('rapport_console')}` },
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-disposition')).toMatch(
          /^attachment; filename="rapport-\d{4}-\d{2}-\d{2}\.db"$/,
        );
        const bytes = Buffer.from(await res.arrayBuffer());
        expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
        const dir = mkdtempSync(join(tmpdir(), 'rapport-test-'));
        try {
          writeFileSync(join(dir, 'copy.db'), bytes);
          const copy = new SQLite(join(dir, 'copy.db'), { readonly: true });
          const names = copy.prepare('select name from users order by name').all() as { name: string }[];
          expect(names.map((n) => n.name)).toEqual(['Ada Admin', 'Bob Bianchi']);
          expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
          copy.close();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
        const audit = await t.call('GET', '/api/v1/audit?entity=data&entityId=backup', admin);
        expect(audit.body.items).toMatchObject([{ action: 'export', userId: admin.id }]);
      });
    } else {
      it('should show the pg_dump command with the database name and without the password', async () => {
        const t = await testApp(dialect, {
          RAPPORT_DATABASE_URL: 'postgres://rapport:s3cret@db.internal:5433/rapport_prod',
        });
        const admin = await t.user('admin');
        const b = consoleBrowser(t.app);
        await b.signIn(admin);
        const page = await b.get('/admin/backup');
        const text = textOf(page.html);
        expect(text).toContain(
          'pg_dump --format=custom --file=rapport-$(date +%F).dump --host=db.internal --port=5433 --username=rapport rapport_prod',
        );
        expect(text).toContain('pg_restore --clean --if-exists');
        expect(page.html).not.toContain('s3cret');
        expect((await b.get('/admin/backup/download')).status).toBe(404);
      });
    }
  });
}
