import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from '../test/harness';
import { consoleBrowser, type Got, inputValue, textOf } from './test-kit';
import { CONSOLE_UPLOAD_PATH } from './uploads';

type Harness = Awaited<ReturnType<typeof testApp>>;
type Browser = ReturnType<typeof consoleBrowser>;

const SELF = 'http://localhost';
/** What a stale or forged form is told: reload and send it again (sign-out says so in its own words). */
const STALE = /out of date or was not sent from the console|Reload the page and sign out again/;

/** The console's routes as the app serves them (`app.routes`), so a new page or form is covered by itself. */
function consoleRoutes(t: Harness, method: 'GET' | 'POST'): string[] {
  const paths = t.app.routes
    .filter((r) => r.method === method && r.path.startsWith('/admin') && !r.path.includes('*'))
    .map((r) => r.path);
  return [...new Set(paths)].sort();
}

/**
 * Every row of every table, as text, with what a read may touch left out (`last_used_at` of the session's token,
 * the audit entry of a person's data downloaded).
 * Two equal snapshots mean a request changed nothing.
 */
async function snapshot(t: Harness): Promise<string> {
  const tables = (await t.db.kysely.introspection.getTables())
    .map((table) => table.name)
    .filter((name) => !name.startsWith('kysely_'))
    .sort();
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
      t.db.kysely,
    );
    out[table] = rows
      // Downloading a person's data is itself recorded (an `export` audit entry, issue 8): a record of a read,
      // which changes nothing a forged request could use.
      .filter((row) => !(table === 'audit_log' && row.action === 'export'))
      .map(({ last_used_at: _used, ...rest }) => JSON.stringify(rest))
      .sort()
      .map((row) => JSON.parse(row));
  }
  return JSON.stringify(out);
}

/** A console with one of each thing a path names: a user, a token, an invite, an upload. */
async function world(dialect: (typeof DIALECTS)[number]) {
  const t = await testApp(dialect);
  const admin = await t.user('admin', 'Ada Admin');
  const rep = await t.user('account_manager', 'Marta Rossi');
  const b = consoleBrowser(t.app, SELF);
  await b.signIn(admin);
  await b.get('/admin/tokens');
  expect((await b.post('/admin/tokens', { name: 'Nightly report', expiresInDays: '30' })).status).toBe(303);
  await b.get('/admin/users');
  expect(
    (await b.post('/admin/invites', { email: 'new.hire@ourco.example', role: 'sales_rep' })).status,
  ).toBe(303);
  const tokenId = (await t.call('GET', '/api/v1/tokens', admin)).body.items.find(
    (i: { name: string }) => i.name === 'Nightly report',
  ).id;
  const inviteId = (await t.call('GET', '/api/v1/invites', admin)).body.items[0].id;
  const uploaded = await sendUpload(t, b, { csrf: csrfOf(await b.get('/admin/transfer')) });
  expect(uploaded.status).toBe(303);
  const uploadId = /uploads\/([^/?]+)/.exec(uploaded.location ?? '')?.[1] ?? '';
  expect(uploadId).not.toBe('');
  const account = await t.call('POST', '/api/v1/accounts', admin, {
    name: 'Quill',
    domains: ['quill.example'],
  });
  const person = await t.call('POST', '/api/v1/contacts', admin, {
    accountId: account.body.id,
    name: 'Jo Quill',
  });
  expect(person.status).toBe(201);
  const ids: Record<string, string> = {
    '/admin/users/:id': rep.id,
    '/admin/people/:id': person.body.id,
    '/admin/tokens/:id': tokenId,
    '/admin/invites/:id': inviteId,
    '/admin/transfer/uploads/:id': uploadId,
    '/admin/transfer/export/:file': 'accounts.csv',
  };
  /** A route's path with real values; a parameter nobody named here fails, so a new one is added on purpose. */
  const concrete = (path: string) =>
    path.replace(/^(.*?)\/(:[a-z]+)/i, (_whole, before: string, param: string) => {
      const value = ids[`${before}/${param}`];
      if (!value) throw new Error(`web-security.test.ts: name a value for ${param} in ${path}`);
      return `${before}/${value}`;
    });
  return { t, admin, rep, b, concrete };
}

function csrfOf(page: Got): string {
  const value = inputValue(page.html, 'csrf');
  if (!value) throw new Error(`no csrf field on the page: ${textOf(page.html).slice(0, 200)}`);
  return value;
}

/** Posts the streamed upload form (multipart) as a browser does, with the given headers. */
async function sendUpload(
  t: Harness,
  b: Browser,
  opts: { csrf?: string; headers?: Record<string, string> },
): Promise<Got> {
  const form = new FormData();
  if (opts.csrf) form.append('csrf', opts.csrf);
  form.append('file', new Blob(['Company name,Company Domain Name\nQuill Labs,quill.example\n']), 'c.csv');
  const res = await t.app.request(CONSOLE_UPLOAD_PATH, {
    method: 'POST',
    body: form,
    headers: {
      origin: SELF,
      cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      ...opts.headers,
    },
  });
  return {
    status: res.status,
    headers: res.headers,
    html: await res.text(),
    location: res.headers.get('location'),
  };
}

/** Fields each form takes, valid enough that only the origin or CSRF check stands between it and a change. */
function fieldsFor(path: string, admin: { email: string }): Record<string, string> {
  const fields: Record<string, Record<string, string>> = {
    '/admin/language': { lang: 'it', next: '/admin' },
    '/admin/sign-in': { email: admin.email, password: 'password-admin' },
    '/admin/invite': {
      token: 'x',
      name: 'New Hire',
      password: 'a long password',
      passwordRepeat: 'a long password',
    },
    '/admin/reset': { token: 'x', password: 'a long password', passwordRepeat: 'a long password' },
    '/admin/tokens': { name: 'Forged', expiresInDays: '30' },
    '/admin/invites': { email: 'forged@ourco.example', role: 'admin' },
    '/admin/settings': { companyDomains: 'evil.example', coverageWindowDays: '7' },
  };
  if (fields[path]) return fields[path];
  if (/\/users\/:id\/role$/.test(path)) return { role: 'admin', version: '1' };
  if (/\/people\/:id\/erase$/.test(path)) return { reason: 'Forged', confirmName: 'Jo Quill' };
  return { confirm: 'yes', version: '1' };
}

/** The form, posted with `headers` (Origin, Referer…) and `csrf` as given. */
async function post(
  t: Harness,
  b: Browser,
  path: string,
  concrete: string,
  fields: Record<string, string>,
  headers: Record<string, string>,
): Promise<Got> {
  if (path === CONSOLE_UPLOAD_PATH)
    return sendUpload(t, b, { ...(fields.csrf && { csrf: fields.csrf }), headers });
  // Not `b.post`, which would add the last page's CSRF value to a form sent without one.
  const res = await t.app.request(concrete, {
    method: 'POST',
    headers: {
      origin: SELF,
      'content-type': 'application/x-www-form-urlencoded',
      cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
  return {
    status: res.status,
    headers: res.headers,
    html: await res.text(),
    location: res.headers.get('location'),
  };
}

/** A refusal a person can read: a console page (not JSON, no stack) saying why, with a way back. */
function expectReadableRefusal(got: Got, path: string, why: RegExp) {
  expect(got.status, `${path}: ${textOf(got.html).slice(0, 200)}`).toBe(403);
  expect(got.headers.get('content-type')).toMatch(/^text\/html/);
  expect(got.html).toMatch(/<p role="alert">/);
  expect(textOf(got.html)).toMatch(why);
  expect(got.html).not.toMatch(/at .*\.ts:\d+/);
}

for (const dialect of DIALECTS) {
  describe(`console web security (${dialect})`, { timeout: 60_000 }, () => {
    it('should send a strict Content Security Policy with every console page, download and error, and the API reference', async () => {
      const { t, b, concrete } = await world(dialect);
      const gets = consoleRoutes(t, 'GET');
      expect(gets).toEqual(expect.arrayContaining(['/admin/users', '/admin/audit', '/admin/tokens']));
      const anonymous = consoleBrowser(t.app, SELF);
      const pages = [...gets.map(concrete), '/admin/no-such-page', '/admin/users/nobody'];
      for (const path of pages) {
        for (const [who, browser] of [
          ['admin', b],
          ['signed out', anonymous],
        ] as const) {
          const got = await browser.get(path);
          const csp = got.headers.get('content-security-policy') ?? '';
          const where = `${who} GET ${path} (${got.status})`;
          expect(csp, where).toContain("default-src 'none'");
          expect(csp, where).toContain("script-src 'self'");
          expect(csp, where).toContain("frame-ancestors 'none'");
          expect(csp, where).toContain("form-action 'self'");
          expect(csp, where).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
          // No inline script anywhere, which the policy would block anyway.
          expect(got.html, where).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
          expect(got.html, where).not.toMatch(/\son[a-z]+=/i);
        }
      }
      // The API reference: no script at all, its inline style allowed by hash only.
      for (const path of ['/api/docs']) {
        const res = await t.app.request(path);
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(res.status, path).toBe(200);
        expect(csp, path).toContain("default-src 'none'");
        expect(csp, path).not.toMatch(/script-src|unsafe-inline|unsafe-eval/);
      }
      // The first-run page, which signs nobody in but takes a password.
      const setup = await t.app.request('/setup');
      expect(setup.headers.get('content-security-policy') ?? '').not.toMatch(/unsafe-inline|unsafe-eval/);
    });

    it('should refuse every console form posted from another site, from no named site, or without this session’s CSRF value, changing nothing', async () => {
      const { t, admin, b, concrete } = await world(dialect);
      const posts = consoleRoutes(t, 'POST');
      expect(posts).toEqual(
        expect.arrayContaining(['/admin/sign-in', '/admin/settings', CONSOLE_UPLOAD_PATH]),
      );
      // Another person's session, whose form value must not open this one's.
      const other = await t.user('admin', 'Olga Other');
      const b2 = consoleBrowser(t.app, SELF);
      await b2.signIn(other);
      const otherCsrf = csrfOf(await b2.get('/admin/tokens'));
      const csrf = csrfOf(await b.get('/admin/tokens'));
      expect(otherCsrf).not.toBe(csrf);

      const before = await snapshot(t);
      for (const path of posts) {
        const target = concrete(path);
        const fields = fieldsFor(path, admin);
        const cases: [string, Record<string, string>, Record<string, string>, RegExp][] = [
          ['another site', { ...fields, csrf }, { origin: 'https://evil.example' }, /another site/],
          [
            'a look-alike host',
            { ...fields, csrf },
            { origin: 'http://localhost.evil.example' },
            /another site/,
          ],
          ['Origin null', { ...fields, csrf }, { origin: 'null' }, /did not say which site/],
          ['no Origin, no Referer', { ...fields, csrf }, { origin: '' }, /did not say which site/],
          [
            'no Origin, a Referer elsewhere',
            { ...fields, csrf },
            { origin: '', referer: 'https://evil.example/admin/tokens' },
            /another site/,
          ],
        ];
        // Forms behind sign-in also need this session's value: none, a guess, or another session's.
        const signedInForm = !['/admin/sign-in', '/admin/invite', '/admin/reset'].includes(path);
        if (signedInForm) {
          cases.push(
            ['no CSRF value', fields, {}, STALE],
            ['another session’s CSRF value', { ...fields, csrf: otherCsrf }, {}, STALE],
          );
        }
        for (const [label, sent, headers, why] of cases) {
          const got = await post(t, b, path, target, sent, headers);
          expectReadableRefusal(got, `POST ${path}, ${label}`, why);
        }
      }
      expect(await snapshot(t)).toBe(before);

      // The same forms from this server go through: by Origin, and by Referer where a browser sends no Origin.
      const byOrigin = await b.post('/admin/tokens', { csrf, name: 'Mine', expiresInDays: '30' });
      expect(byOrigin.status).toBe(303);
      const byReferer = await b.post(
        '/admin/tokens',
        { csrf, name: 'Mine too', expiresInDays: '30' },
        { origin: '', referer: `${SELF}/admin/tokens` },
      );
      expect(byReferer.status).toBe(303);
      const names = (await t.call('GET', '/api/v1/tokens', admin)).body.items.map(
        (i: { name: string }) => i.name,
      );
      expect(names).toEqual(expect.arrayContaining(['Mine', 'Mine too']));
      expect(names).not.toContain('Forged');
    });

    it('should change nothing on a GET of any console page or confirmation page, and refuse a GET of a form’s address', async () => {
      const { t, b, concrete } = await world(dialect);
      const gets = consoleRoutes(t, 'GET').filter(
        (path) => !path.includes('/export/') && !path.endsWith('/download'),
      );
      const posts = consoleRoutes(t, 'POST');
      const before = await snapshot(t);
      for (const path of [...gets, ...posts]) {
        const got = await b.get(concrete(path));
        expect(got.status, `GET ${path}`).toBeLessThan(500);
        if (posts.includes(path) && !gets.includes(path)) {
          // A form's address opened as a link is refused with a page saying to use the form, never the action.
          expectReadableRefusal(got, `GET ${path}`, /takes a form sent from a console page/);
        }
      }
      expect(await snapshot(t)).toBe(before);
      // Still signed in: no GET signed anyone out.
      expect((await b.get('/admin/tokens')).status).toBe(200);
    });

    it('should set every console cookie HttpOnly, SameSite=Strict on /admin, and Secure only over https', async () => {
      for (const [env, secure] of [
        [{}, false],
        [{ RAPPORT_PUBLIC_URL: 'https://rapport.ourco.example' }, true],
      ] as const) {
        const t = await testApp(dialect, env);
        const admin = await t.user('admin');
        const origin = env.RAPPORT_PUBLIC_URL ?? SELF;
        const b = consoleBrowser(t.app, origin);
        const cookies: string[] = [];
        const signIn = await t.app.request('/admin/sign-in', {
          method: 'POST',
          headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ email: admin.email, password: 'password-admin' }).toString(),
        });
        cookies.push(...signIn.headers.getSetCookie());
        await b.signIn(admin);
        await b.get('/admin/tokens');
        const lang = await b.post('/admin/language', { lang: 'it', next: '/admin/tokens' });
        cookies.push(...lang.headers.getSetCookie());
        const names = cookies.map((c) => c.split('=')[0]);
        expect(names).toEqual(expect.arrayContaining(['rapport_console', 'rapport_flash', 'rapport_lang']));
        for (const cookie of cookies) {
          expect(cookie).toMatch(/;\s*HttpOnly/i);
          expect(cookie).toMatch(/;\s*SameSite=Strict/i);
          expect(cookie).toMatch(/;\s*Path=\/admin(;|$)/);
          if (secure) expect(cookie).toMatch(/;\s*Secure/i);
          else expect(cookie).not.toMatch(/;\s*Secure/i);
        }
      }
    });
  });
}
