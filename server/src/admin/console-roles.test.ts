import { USER_ROLES, type UserRole } from '@rapport/shared';
import { describe, expect, it } from 'vitest';

import { issueToken } from '../auth/tokens';
import { DIALECTS, type TestUser, testApp } from '../test/harness';
import { consoleBrowser, type Got, inputValue, textOf } from './test-kit';

type T = Awaited<ReturnType<typeof testApp>>;
type Browser = ReturnType<typeof consoleBrowser>;

/** Posts the import form as a browser does (multipart, the CSRF value first, the file last). */
async function upload(t: T, b: Browser): Promise<Got> {
  const page = await b.get('/admin/transfer');
  const form = new FormData();
  form.append('csrf', inputValue(page.html, 'csrf') ?? '');
  form.append('file', new Blob(['Company name,Company Domain Name\nRoles Ltd,roles-ltd.example\n']), 'a.csv');
  const res = await t.app.request('/admin/transfer/upload', {
    method: 'POST',
    body: form,
    headers: {
      origin: 'http://localhost',
      cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
  return {
    status: res.status,
    headers: res.headers,
    html: await res.text(),
    location: res.headers.get('location'),
  };
}

/** What the console's actions act on, made through the API by an admin; an upload of `me`'s own if an admin. */
async function fixture(t: T, admin: TestUser, me: TestUser, b: Browser | null) {
  const n = Math.random().toString(36).slice(2, 8);
  const mk = async (path: string, body: unknown) => {
    const res = await t.call('POST', path, admin, body);
    if (res.status !== 201) throw new Error(`fixture ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const target = await mk('/api/v1/users', { email: `t${n}@ourco.example`, name: 'Target', role: 'viewer' });
  const gone = await mk('/api/v1/users', { email: `g${n}@ourco.example`, name: 'Gone', role: 'viewer' });
  const off = await t.call('PATCH', `/api/v1/users/${gone.id}`, admin, {
    version: gone.version,
    active: false,
  });
  const invited = await mk('/api/v1/invites', { email: `i${n}@ourco.example`, role: 'viewer' });
  const reset = await mk(`/api/v1/users/${target.id}/password-reset`, {});
  const account = await mk('/api/v1/accounts', { name: `Acme ${n}`, domains: [`acme${n}.example`] });
  const person = await mk('/api/v1/contacts', { accountId: account.id, name: `Jane ${n}` });
  const mine = (await issueToken(t.db.kysely, me.id, { name: 'mine', kind: 'personal', days: null })).row;
  let uploadId = 'none';
  if (b && me.role === 'admin') {
    const got = await upload(t, b);
    uploadId = /\/uploads\/([^/?]+)/.exec(got.location ?? '')?.[1] ?? 'none';
    // Waits for the check of the file to finish, as a person would before applying it.
    for (let i = 0; i < 100; i++) {
      const page = await b.get(`/admin/transfer/uploads/${uploadId}`);
      if (!/http-equiv="refresh"/.test(page.html)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    n,
    target: target as { id: string; version: number },
    gone: off.body as { id: string; version: number },
    invite: invited.invite as { id: string },
    inviteToken: invited.token as string,
    resetToken: reset.token as string,
    mine,
    uploadId,
    person: person as { id: string; name: string },
  };
}
type Fx = Awaited<ReturnType<typeof fixture>>;

interface ConsoleRoute {
  method: 'GET' | 'POST';
  path: (f: Fx) => string;
  /** The form a browser posts (the session's CSRF value is added). */
  form?: (f: Fx, me: TestUser) => Record<string, string>;
  /** The import's multipart upload. */
  upload?: true;
  /** The status each signed-in role gets; roles not listed get 403. */
  allow: Partial<Record<UserRole, number>>;
  /** Without a session: a status, or `sign-in` for a 303 to the sign-in page. */
  anonymous: number | 'sign-in';
  /** Statuses that differ on PostgreSQL. */
  postgres?: Partial<Record<UserRole, number>>;
}

const ALL = (status: number) =>
  Object.fromEntries(USER_ROLES.map((r) => [r, status])) as Record<UserRole, number>;
const PASSWORD = 'a long new password';

/** Every page and form action of the console, by Hono route (`docs/roles.md`, "Admin console"). */
const ROUTES: Record<string, ConsoleRoute> = {
  'GET /admin/admin.css': { method: 'GET', path: () => '/admin/admin.css', allow: ALL(200), anonymous: 200 },
  'GET /admin/admin.js': { method: 'GET', path: () => '/admin/admin.js', allow: ALL(200), anonymous: 200 },
  'POST /admin/language': {
    method: 'POST',
    path: () => '/admin/language',
    form: () => ({ lang: 'it', next: '/admin' }),
    allow: ALL(303),
    anonymous: 303,
  },
  'GET /admin': { method: 'GET', path: () => '/admin', allow: ALL(303), anonymous: 'sign-in' },
  'GET /admin/sign-in': { method: 'GET', path: () => '/admin/sign-in', allow: ALL(303), anonymous: 200 },
  'POST /admin/sign-in': {
    method: 'POST',
    path: () => '/admin/sign-in',
    form: (_f, me) => ({ email: me.email, password: `password-${me.role}`, next: '/admin' }),
    allow: ALL(303),
    anonymous: 303,
  },
  'POST /admin/sign-out': {
    method: 'POST',
    path: () => '/admin/sign-out',
    form: () => ({}),
    allow: ALL(303),
    anonymous: 303,
  },
  'GET /admin/invite': {
    method: 'GET',
    path: (f) => `/admin/invite?token=${f.inviteToken}`,
    allow: ALL(200),
    anonymous: 200,
  },
  'POST /admin/invite': {
    method: 'POST',
    path: () => '/admin/invite',
    form: (f) => ({ token: f.inviteToken, name: 'Invited', password: PASSWORD, passwordRepeat: PASSWORD }),
    allow: ALL(303),
    anonymous: 303,
  },
  'GET /admin/reset': {
    method: 'GET',
    path: (f) => `/admin/reset?token=${f.resetToken}`,
    allow: ALL(200),
    anonymous: 200,
  },
  'POST /admin/reset': {
    method: 'POST',
    path: () => '/admin/reset',
    form: (f) => ({ token: f.resetToken, password: PASSWORD, passwordRepeat: PASSWORD }),
    allow: ALL(303),
    anonymous: 303,
  },
  'GET /admin/users': {
    method: 'GET',
    path: () => '/admin/users',
    allow: { admin: 200 },
    anonymous: 'sign-in',
  },
  'GET /admin/people': {
    method: 'GET',
    path: (f) => `/admin/people?q=${encodeURIComponent(f.person.name)}`,
    allow: { admin: 200 },
    anonymous: 'sign-in',
  },
  'GET /admin/people/:id': {
    method: 'GET',
    path: (f) => `/admin/people/${f.person.id}`,
    allow: { admin: 200 },
    anonymous: 'sign-in',
  },
  'GET /admin/people/:id/export': {
    method: 'GET',
    path: (f) => `/admin/people/${f.person.id}/export`,
    allow: { admin: 200 },
    anonymous: 'sign-in',
  },
  'POST /admin/people/:id/erase': {
    method: 'POST',
    path: (f) => `/admin/people/${f.person.id}/erase`,
    form: (f) => ({ reason: 'Asked by email', confirmName: f.person.name }),
    allow: { admin: 303 },
    anonymous: 'sign-in',
  },
  'GET /admin/users/:id': {
    method: 'GET',
    path: (f) => `/admin/users/${f.target.id}`,
    allow: { admin: 200 },
    anonymous: 'sign-in',
  },
  'POST /admin/users/:id/role': {
    method: 'POST',
    path: (f) => `/admin/users/${f.target.id}/role`,
    form: (f) => ({ role: 'marketing', version: String(f.target.version) }),
    allow: { admin: 303 },
    anonymous: 'sign-in',
  },
  'GET /admin/users/:id/deactivate': {
    method: 'GET',
    path: (f) => `/admin/users/${f.target.id}/deactivate`,
    allow: { admin: 200 },
    anonymous: 'sign-in',
  },
  'POST /admin/users/:id/deactivate': {
    method: 'POST',
    path: (f) => `/admin/users/${f.target.id}/deactivate`,
    form: (f) => ({ confirm: 'yes', version: String(f.target.version) }),
    allow: { admin: 303 },
    anonymous: 'sign-in',
  },
  'POST /admin/users/:id/reactivate': {
    method: 'POST',
    path: (f) => `/admin/users/${f.gone.id}/reactivate`,
    form: (f) => ({ version: String(f.gone.version) }),
    allow: { admin: 303 },
    anonymous: 'sign-in',
  },
  'POST /admin/users/:id/reset': {
    method: 'POST',
    path: (f) => `/admin/users/${f.target.id}/reset`,
    form: () => ({}),
    allow: { admin: 303 },
    anonymous: 'sign-in',
  },
  'POST /admin/invites': {
    method: 'POST',
    path: () => '/admin/invites',
    form: (f) => ({ email: `new${f.n}@ourco.example`, role: 'viewer' }),
    allow: { admin: 303 },
    anonymous: 'sign-in',
  },
  'GET /admin/invites/:id/revoke': {
    method: 'GET',
    path: (f) => `/admin/invites/${f.invite.id}/revoke`,
    allow: { admin: 200 },
    anonymous: 'sign-in',
  },
  'POST /admin/invites/:id/revoke': {
    method: 'POST',
    path: (f) => `/admin/invites/${f.invite.id}/revoke`,
    form: () => ({ confirm: 'yes' }),
    allow: { admin: 303 },
    anonymous: 'sign-in',
  },
  'GET /admin/tokens': { method: 'GET', path: () => '/admin/tokens', allow: ALL(200), anonymous: 'sign-in' },
  'POST /admin/tokens': {
    method: 'POST',
    path: () => '/admin/tokens',
    form: () => ({ name: 'script' }),
    allow: ALL(303),
    anonymous: 'sign-in',
  },
  'GET /admin/tokens/:id/revoke': {
    method: 'GET',
    path: (f) => `/admin/tokens/${f.mine.id}/revoke`,
    allow: ALL(200),
    anonymous: 'sign-in',
  },
  'POST /admin/tokens/:id/revoke': {
    method: 'POST',
    path: (f) => `/admin/tokens/${f.mine.id}/revoke`,
    form: () => ({ confirm: 'yes' }),
    allow: ALL(303),
    anonymous: 'sign-in',
  },
  'GET /admin/settings': {
    method: 'GET',
    path: () => '/admin/settings',
    allow: { admin: 200 },
    anonymous: 'sign-in',
  },
  'POST /admin/settings': {
    method: 'POST',
    path: () => '/admin/settings',
    form: () => ({
      version: '1',
      companyDomains: 'ourco.example',
      personalDomains: '',
      allowedOrigins: '',
      coverageWindowDays: '90',
      fiscalYearStartMonth: '1',
      defaultCurrency: 'EUR',
    }),
    allow: { admin: 303 },
    anonymous: 'sign-in',
  },
  'GET /admin/transfer': {
    method: 'GET',
    path: () => '/admin/transfer',
    allow: { admin: 200 },
    anonymous: 'sign-in',
  },
  'POST /admin/transfer/upload': {
    method: 'POST',
    path: () => '/admin/transfer/upload',
    upload: true,
    allow: { admin: 303 },
    anonymous: 'sign-in',
  },
  'GET /admin/transfer/uploads/:id': {
    method: 'GET',
    path: (f) => `/admin/transfer/uploads/${f.uploadId}`,
    allow: { admin: 200 },
    anonymous: 'sign-in',
  },
  'GET /admin/transfer/uploads/:id/progress': {
    method: 'GET',
    path: (f) => `/admin/transfer/uploads/${f.uploadId}/progress`,
    allow: { admin: 200 },
    anonymous: 'sign-in',
  },
  'POST /admin/transfer/uploads/:id/apply': {
    method: 'POST',
    path: (f) => `/admin/transfer/uploads/${f.uploadId}/apply`,
    form: () => ({}),
    allow: { admin: 303 },
    anonymous: 'sign-in',
  },
  'POST /admin/transfer/uploads/:id/discard': {
    method: 'POST',
    path: (f) => `/admin/transfer/uploads/${f.uploadId}/discard`,
    form: () => ({}),
    allow: { admin: 303 },
    anonymous: 'sign-in',
  },
  'GET /admin/transfer/export/rapport-export.json': {
    method: 'GET',
    path: () => '/admin/transfer/export/rapport-export.json',
    allow: { admin: 200 },
    anonymous: 'sign-in',
  },
  'GET /admin/transfer/export/:file': {
    method: 'GET',
    path: () => '/admin/transfer/export/accounts.csv',
    allow: { admin: 200 },
    anonymous: 'sign-in',
  },
  'GET /admin/audit': {
    method: 'GET',
    path: () => '/admin/audit',
    allow: { admin: 200 },
    anonymous: 'sign-in',
  },
  'GET /admin/backup': {
    method: 'GET',
    path: () => '/admin/backup',
    allow: { admin: 200 },
    anonymous: 'sign-in',
  },
  'GET /admin/backup/download': {
    method: 'GET',
    path: () => '/admin/backup/download',
    allow: { admin: 200 },
    anonymous: 'sign-in',
    // PostgreSQL is backed up with pg_dump: the page says so and there is no file to download.
    postgres: { admin: 404 },
  },
};

/** Sends a row's request as a browser would: a form after loading a page (for its CSRF value), or a GET. */
async function send(t: T, b: Browser, route: ConsoleRoute, f: Fx, me: TestUser): Promise<Got> {
  if (route.upload) return upload(t, b);
  if (route.method === 'GET') return b.get(route.path(f));
  return b.post(route.path(f), route.form?.(f, me) ?? {});
}

describe('the console role table', () => {
  // A new page or form action fails here until it has a row above.
  it('should have a row for every route of the admin console', async () => {
    const t = await testApp('sqlite');
    const served = new Set(
      t.app.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/admin'))
        .map((r) => `${r.method} ${r.path}`),
    );
    const covered = new Set(Object.keys(ROUTES));
    expect(
      [...served].filter((r) => !covered.has(r)),
      'console routes without a row in ROUTES',
    ).toEqual([]);
    expect(
      [...covered].filter((r) => !served.has(r)),
      'rows of routes the console does not serve',
    ).toEqual([]);
  });
});

for (const dialect of DIALECTS) {
  describe(`console role × route (${dialect})`, () => {
    it.each(Object.entries(ROUTES))('%s', async (_name, route) => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const got: Record<string, number> = {};
      const want: Record<string, number> = {};
      for (const role of USER_ROLES) {
        const me = await t.user(role);
        const b = consoleBrowser(t.app);
        await b.signIn(me);
        const f = await fixture(t, admin, me, b);
        if (route.method === 'POST') await b.get('/admin/tokens'); // a page, for the form's CSRF value
        const res = await send(t, b, route, f, me);
        got[role] = res.status;
        want[role] =
          (dialect === 'postgres' ? route.postgres?.[role] : undefined) ?? route.allow[role] ?? 403;
        // A refused page says what the person can do instead.
        if (res.status === 403) {
          expect(textOf(res.html)).toContain('This page is for admins. You can manage your own tokens.');
        }
      }
      expect(got).toEqual(want);
    });

    it.each(Object.entries(ROUTES))('%s without a session', async (_name, route) => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const b = consoleBrowser(t.app);
      const f = await fixture(t, admin, admin, null);
      const res = await send(t, b, route, f, admin);
      if (route.anonymous === 'sign-in') {
        expect(res.status).toBe(303);
        expect(res.location).toMatch(/^\/admin\/sign-in/);
      } else {
        expect(res.status).toBe(route.anonymous);
      }
    });
  });
}
