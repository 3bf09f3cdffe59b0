import { USER_ROLES, type UserRole } from '@rapport/shared';
import { describe, expect, it } from 'vitest';

import { issueToken } from '../auth/tokens';
import { DIALECTS, type TestUser, testApp } from '../test/harness';
import { registerSecretsIn } from '../test/secrets-in-logs';

type T = Awaited<ReturnType<typeof testApp>>;

/** Records one role acts on, created by an admin and owned by an account manager who is not the actor. */
async function fixture(t: T, admin: TestUser, owner: TestUser, me: TestUser) {
  const mk = async (path: string, body: unknown) => {
    const res = await t.call('POST', path, admin, body);
    if (res.status !== 201) throw new Error(`fixture ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; version: number };
  };
  const n = Math.random().toString(36).slice(2, 8);
  const owned = await mk('/api/v1/accounts', {
    name: `Owned ${n}`,
    tier: 'key',
    ownerId: owner.id,
    domains: [`o${n}.com`],
  });
  const empty = await mk('/api/v1/accounts', { name: `Empty ${n}`, tier: 'key', ownerId: owner.id });
  const spare = await mk('/api/v1/accounts', { name: `Spare ${n}`, tier: 'key', ownerId: owner.id });
  const unowned = await mk('/api/v1/accounts', { name: `Unowned ${n}` });
  const contact = await mk('/api/v1/contacts', {
    accountId: owned.id,
    name: `Jane ${n}`,
    relationshipOwnerId: owner.id,
  });
  const dup = await mk('/api/v1/contacts', { accountId: owned.id, name: `J ${n}` });
  const opportunity = await mk('/api/v1/opportunities', {
    accountId: owned.id,
    title: `Deal ${n}`,
    ownerId: owner.id,
  });
  const product = await mk('/api/v1/products', { name: `Line ${n}` });
  const touch = await mk('/api/v1/touches', { kind: 'note', contactIds: [contact.id] });
  const user = await mk('/api/v1/users', { email: `u${n}@ourco.example`, name: 'U', role: 'viewer' });
  const invited = await t.call('POST', '/api/v1/invites', admin, {
    email: `i${n}@ourco.example`,
    role: 'viewer',
  });
  const invite = invited.body.invite as { id: string };
  const inviteToken = invited.body.token as string;
  const reset = await t.call('POST', `/api/v1/users/${user.id}/password-reset`, admin);
  const resetToken = reset.body.token as string;
  // A personal token of the caller's own, for `DELETE /tokens/:id`.
  const mine = (await issueToken(t.db.kysely, me.id, { name: 'mine', kind: 'personal', days: null })).row;
  return {
    inviteToken,
    resetToken,
    mine,
    owned,
    empty,
    spare,
    unowned,
    contact,
    dup,
    opportunity,
    product,
    touch,
    user,
    invite,
    n,
    ownerId: owner.id,
  };
}
type Fx = Awaited<ReturnType<typeof fixture>>;

interface Route {
  method: string;
  /** The Hono route this row covers, when not `/api/v1` + the row's name up to a space, `?` or `(`. */
  route?: string;
  /** The status of a request without a token (default 401). */
  anonymous?: number;
  path: (f: Fx, me: TestUser) => string;
  body?: (f: Fx, me: TestUser) => unknown;
  /** The status each role gets; roles not listed get 403. */
  allow: Partial<Record<UserRole, number>>;
  /** A raw text/csv body instead of JSON (the CSV import). */
  csv?: (f: Fx) => string;
  /** A form body (`application/x-www-form-urlencoded`) instead of JSON (the first-run page). */
  form?: (f: Fx, me: TestUser) => Record<string, string>;
}

/**
 * Sends a route's request for `me` (its path and body) as `as` (null: no token), with a JSON, raw CSV or form
 * body (a form with the Origin a browser sends).
 */
async function send(t: T, route: Route, f: Fx, me: TestUser, as: TestUser | null) {
  const auth: Record<string, string> = as ? { authorization: `Bearer ${as.token}` } : {};
  const [type, body] = route.csv
    ? ['text/csv', route.csv(f)]
    : route.form
      ? ['application/x-www-form-urlencoded', new URLSearchParams(route.form(f, me)).toString()]
      : ['application/json', route.body ? JSON.stringify(route.body(f, me)) : undefined];
  const res = await t.app.request(route.path(f, me), {
    method: route.method,
    headers: { 'content-type': type, ...(route.form && { origin: 'http://localhost' }), ...auth },
    ...(body === undefined ? {} : { body }),
  });
  // CSV files and pages answer other than JSON: only the status matters for those.
  const json = /json/.test(res.headers.get('content-type') ?? '');
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  const parsed: any = json && text ? JSON.parse(text) : null;
  registerSecretsIn(parsed); // sign-in and link answers hold session tokens (secrets-in-logs.ts)
  return { status: res.status, body: parsed };
}

/** The Hono route (`METHOD /path/:param`) a row covers. */
function routeOf(name: string, route: Route): string {
  if (route.route) return route.route;
  const path = name.slice(name.indexOf(' ') + 1).split(/[ ?]/)[0];
  return `${route.method} /api/v1${path}`;
}

const ALL = (status: number) =>
  Object.fromEntries(USER_ROLES.map((r) => [r, status])) as Record<UserRole, number>;
const EXCEPT_VIEWER = (status: number) => ({ ...ALL(status), viewer: 403 });

const ROUTES: Record<string, Route> = {
  'GET /me': { method: 'GET', path: () => '/api/v1/me', allow: ALL(200) },
  'GET /tokens': { method: 'GET', path: () => '/api/v1/tokens', allow: ALL(200) },
  'POST /tokens': {
    method: 'POST',
    path: () => '/api/v1/tokens',
    body: () => ({ name: 'script' }),
    allow: ALL(201),
  },
  'POST /auth/logout': { method: 'POST', path: () => '/api/v1/auth/logout', allow: ALL(204) },
  'DELETE /tokens/:id (own)': {
    method: 'DELETE',
    path: (f) => `/api/v1/tokens/${f.mine.id}`,
    allow: ALL(204),
  },
  // Public routes: a token changes nothing, whoever sends it.
  'POST /auth/login': {
    method: 'POST',
    path: () => '/api/v1/auth/login',
    body: (_f, me) => ({ email: me.email, password: `password-${me.role}` }),
    allow: ALL(200),
    anonymous: 200,
  },
  'GET /setup (done)': { method: 'GET', path: () => '/api/v1/setup', allow: ALL(200), anonymous: 200 },
  'POST /setup (done)': {
    method: 'POST',
    path: () => '/api/v1/setup',
    body: () => ({
      token: 'x'.repeat(43),
      name: 'Eve',
      email: 'eve@ourco.example',
      password: 'a long password',
    }),
    allow: ALL(409),
    anonymous: 409,
  },
  'POST /invites/accept': {
    method: 'POST',
    path: () => '/api/v1/invites/accept',
    body: (f) => ({ token: f.inviteToken, name: 'Invited', password: 'a long password' }),
    allow: ALL(201),
    anonymous: 201,
  },
  'POST /password-reset': {
    method: 'POST',
    path: () => '/api/v1/password-reset',
    body: (f) => ({ token: f.resetToken, password: 'a new long password' }),
    allow: ALL(200),
    anonymous: 200,
  },
  'GET /healthz': {
    route: 'GET /healthz',
    method: 'GET',
    path: () => '/healthz',
    allow: ALL(200),
    anonymous: 200,
  },
  'GET /setup (page, done)': {
    route: 'GET /setup',
    method: 'GET',
    path: () => '/setup',
    allow: ALL(200),
    anonymous: 200,
  },
  'POST /setup (page, done)': {
    route: 'POST /setup',
    method: 'POST',
    path: () => '/setup',
    form: () => ({
      token: 'x'.repeat(43),
      name: 'Eve',
      email: 'eve@ourco.example',
      password: 'a long password',
    }),
    allow: ALL(400),
    anonymous: 400,
  },
  'GET /api/openapi.json': {
    route: 'GET /api/openapi.json',
    method: 'GET',
    path: () => '/api/openapi.json',
    allow: ALL(200),
    anonymous: 200,
  },
  'GET /api/docs': {
    route: 'GET /api/docs',
    method: 'GET',
    path: () => '/api/docs',
    allow: ALL(200),
    anonymous: 200,
  },
  'GET /settings': { method: 'GET', path: () => '/api/v1/settings', allow: ALL(200) },
  'PATCH /settings': {
    method: 'PATCH',
    path: () => '/api/v1/settings',
    body: () => ({ version: 1, companyDomains: ['ourco.example'] }),
    allow: { admin: 200 },
  },
  'GET /users': { method: 'GET', path: () => '/api/v1/users', allow: ALL(200) },
  'GET /users/:id': { method: 'GET', path: (f) => `/api/v1/users/${f.user.id}`, allow: ALL(200) },
  'POST /users': {
    method: 'POST',
    path: () => '/api/v1/users',
    body: (f) => ({ email: `new${f.n}@ourco.example`, name: 'New', role: 'viewer' }),
    allow: { admin: 201 },
  },
  'PATCH /users/:id': {
    method: 'PATCH',
    path: (f) => `/api/v1/users/${f.user.id}`,
    body: (f) => ({ version: f.user.version, role: 'marketing' }),
    allow: { admin: 200 },
  },
  'GET /invites': { method: 'GET', path: () => '/api/v1/invites', allow: { admin: 200 } },
  'POST /invites': {
    method: 'POST',
    path: () => '/api/v1/invites',
    body: (f) => ({ email: `new${f.n}@ourco.example`, role: 'sales_rep' }),
    allow: { admin: 201 },
  },
  'DELETE /invites/:id': {
    method: 'DELETE',
    path: (f) => `/api/v1/invites/${f.invite.id}`,
    allow: { admin: 204 },
  },
  'POST /users/:id/password-reset': {
    method: 'POST',
    path: (f) => `/api/v1/users/${f.user.id}/password-reset`,
    allow: { admin: 201 },
  },
  'GET /products': { method: 'GET', path: () => '/api/v1/products', allow: ALL(200) },
  'GET /products/:id': { method: 'GET', path: (f) => `/api/v1/products/${f.product.id}`, allow: ALL(200) },
  'POST /products': {
    method: 'POST',
    path: () => '/api/v1/products',
    body: (f) => ({ name: `New ${f.n}` }),
    allow: { admin: 201 },
  },
  'PATCH /products/:id': {
    method: 'PATCH',
    path: (f) => `/api/v1/products/${f.product.id}`,
    body: () => ({ version: 1, active: false }),
    allow: { admin: 200 },
  },
  'GET /accounts': { method: 'GET', path: () => '/api/v1/accounts', allow: ALL(200) },
  'GET /accounts/:id': { method: 'GET', path: (f) => `/api/v1/accounts/${f.owned.id}`, allow: ALL(200) },
  'GET /portfolio': { method: 'GET', path: () => '/api/v1/portfolio', allow: ALL(200) },
  'GET /accounts/:id/summary': {
    method: 'GET',
    path: (f) => `/api/v1/accounts/${f.owned.id}/summary`,
    allow: ALL(200),
  },
  'GET /accounts/:id/coverage': {
    method: 'GET',
    path: (f) => `/api/v1/accounts/${f.owned.id}/coverage`,
    allow: ALL(200),
  },
  'GET /accounts/:id/signals': {
    method: 'GET',
    path: (f) => `/api/v1/accounts/${f.owned.id}/signals?contactIds=${f.contact.id}`,
    allow: ALL(200),
  },
  'POST /accounts (standard)': {
    method: 'POST',
    path: () => '/api/v1/accounts',
    body: () => ({ name: 'New prospect' }),
    allow: { admin: 201, account_manager: 201, sales_rep: 201 },
  },
  'POST /accounts (key)': {
    method: 'POST',
    path: () => '/api/v1/accounts',
    body: (f) => ({ name: 'New key', tier: 'key', ownerId: f.ownerId }),
    allow: { admin: 201, account_manager: 201 },
  },
  "PATCH /accounts/:id (someone else's)": {
    method: 'PATCH',
    path: (f) => `/api/v1/accounts/${f.owned.id}`,
    body: () => ({ version: 1, notes: 'x' }),
    allow: { admin: 200 },
  },
  'PATCH /accounts/:id (unowned)': {
    method: 'PATCH',
    path: (f) => `/api/v1/accounts/${f.unowned.id}`,
    body: () => ({ version: 1, notes: 'x' }),
    allow: { admin: 200, account_manager: 200, sales_rep: 200 },
  },
  "DELETE /accounts/:id (someone else's)": {
    method: 'DELETE',
    path: (f) => `/api/v1/accounts/${f.empty.id}`,
    allow: { admin: 204 },
  },
  "POST /accounts/:id/merge (someone else's)": {
    method: 'POST',
    path: (f) => `/api/v1/accounts/${f.spare.id}/merge`,
    body: (f) => ({ sourceId: f.empty.id, version: 1 }),
    allow: { admin: 200 },
  },
  'GET /accounts/:id/plans/:period': {
    method: 'GET',
    path: (f) => `/api/v1/accounts/${f.owned.id}/plans/2027`,
    allow: ALL(200),
  },
  "PUT /accounts/:id/plans/:period (someone else's)": {
    method: 'PUT',
    path: (f) => `/api/v1/accounts/${f.owned.id}/plans/2027`,
    body: (f) => ({ lines: [{ productLineId: f.product.id, target: 100 }], objectives: [], actions: [] }),
    allow: { admin: 201 },
  },
  'PUT /accounts/:id/plans/:period (unowned)': {
    method: 'PUT',
    path: (f) => `/api/v1/accounts/${f.unowned.id}/plans/2027`,
    body: () => ({ lines: [], objectives: [{ text: 'Find an owner' }], actions: [] }),
    allow: { admin: 201, account_manager: 201 },
  },
  'GET /contacts': { method: 'GET', path: () => '/api/v1/contacts', allow: ALL(200) },
  'GET /contacts/:id': { method: 'GET', path: (f) => `/api/v1/contacts/${f.contact.id}`, allow: ALL(200) },
  'POST /contacts': {
    method: 'POST',
    path: () => '/api/v1/contacts',
    body: (f) => ({ accountId: f.owned.id, name: 'New person' }),
    allow: EXCEPT_VIEWER(201),
  },
  'PATCH /contacts/:id': {
    method: 'PATCH',
    path: (f) => `/api/v1/contacts/${f.contact.id}`,
    body: () => ({ version: 1, stance: 'skeptic' }),
    allow: EXCEPT_VIEWER(200),
  },
  'DELETE /contacts/:id': {
    method: 'DELETE',
    path: (f) => `/api/v1/contacts/${f.contact.id}`,
    allow: { admin: 204 },
  },
  'POST /contacts/:id/move': {
    method: 'POST',
    path: (f) => `/api/v1/contacts/${f.contact.id}/move`,
    body: (f) => ({ accountId: f.unowned.id, version: 1 }),
    allow: EXCEPT_VIEWER(200),
  },
  'POST /contacts/:id/merge': {
    method: 'POST',
    path: (f) => `/api/v1/contacts/${f.contact.id}/merge`,
    body: (f) => ({ sourceId: f.dup.id, version: 1 }),
    allow: EXCEPT_VIEWER(200),
  },
  // People's rights (issue 8): admins only, since an erasure rewrites the audit log and cannot be undone.
  'GET /contacts/:id/export': {
    method: 'GET',
    path: (f) => `/api/v1/contacts/${f.contact.id}/export`,
    allow: { admin: 200 },
  },
  'POST /contacts/:id/erase': {
    method: 'POST',
    path: (f) => `/api/v1/contacts/${f.contact.id}/erase`,
    body: () => ({ reason: 'Asked by email' }),
    allow: { admin: 200 },
  },
  'GET /opportunities': { method: 'GET', path: () => '/api/v1/opportunities', allow: ALL(200) },
  'GET /opportunities/:id': {
    method: 'GET',
    path: (f) => `/api/v1/opportunities/${f.opportunity.id}`,
    allow: ALL(200),
  },
  'POST /opportunities': {
    method: 'POST',
    path: () => '/api/v1/opportunities',
    body: (f) => ({ accountId: f.owned.id, title: 'New deal' }),
    allow: { admin: 201, account_manager: 201, sales_rep: 201, coordinator: 201 },
  },
  "PATCH /opportunities/:id (someone else's)": {
    method: 'PATCH',
    path: (f) => `/api/v1/opportunities/${f.opportunity.id}`,
    body: () => ({ version: 1, stage: 'propose' }),
    allow: { admin: 200, coordinator: 200 },
  },
  "DELETE /opportunities/:id (someone else's)": {
    method: 'DELETE',
    path: (f) => `/api/v1/opportunities/${f.opportunity.id}`,
    allow: { admin: 204 },
  },
  "POST /opportunities/:id/acknowledge (someone else's)": {
    method: 'POST',
    path: (f) => `/api/v1/opportunities/${f.opportunity.id}/acknowledge`,
    allow: { admin: 200 },
  },
  'GET /touches': { method: 'GET', path: (f) => `/api/v1/touches?accountId=${f.owned.id}`, allow: ALL(200) },
  'POST /touches': {
    method: 'POST',
    path: () => '/api/v1/touches',
    body: (f) => ({ kind: 'call', contactIds: [f.contact.id] }),
    allow: EXCEPT_VIEWER(201),
  },
  "DELETE /touches/:id (someone else's)": {
    method: 'DELETE',
    path: (f) => `/api/v1/touches/${f.touch.id}`,
    allow: { admin: 204 },
  },
  'GET /accounts/:id/timeline': {
    method: 'GET',
    path: (f) => `/api/v1/accounts/${f.owned.id}/timeline`,
    allow: ALL(200),
  },
  'POST /lookup': {
    method: 'POST',
    path: () => '/api/v1/lookup',
    body: (f) => ({ emails: [`x@o${f.n}.com`] }),
    allow: ALL(200),
  },
  'GET /audit': { method: 'GET', path: (f) => `/api/v1/audit?entityId=${f.owned.id}`, allow: { admin: 200 } },
  'GET /export?format=json': {
    method: 'GET',
    path: () => '/api/v1/export?format=json',
    allow: { admin: 200 },
  },
  'GET /export?format=csv': { method: 'GET', path: () => '/api/v1/export?format=csv', allow: { admin: 200 } },
  'GET /export/:file': { method: 'GET', path: () => '/api/v1/export/accounts.csv', allow: { admin: 200 } },
  'GET /search': { method: 'GET', path: (f) => `/api/v1/search?q=Owned ${f.n}`, allow: ALL(200) },
  'POST /import/csv': {
    method: 'POST',
    path: () => '/api/v1/import/csv?dryRun=false',
    csv: (f) => `Company name,Company Domain Name\nImported ${f.n},imported-${f.n}.example\n`,
    allow: { admin: 200 },
  },
};

describe('the role × route table', () => {
  // A new route fails here until it has a row above (and so a rule for every role and for no token).
  it('should have a row for every route the app serves outside the admin console', async () => {
    const t = await testApp('sqlite');
    const served = new Set(
      t.app.routes
        .filter((r) => r.method !== 'ALL' && !r.path.startsWith('/admin'))
        .map((r) => `${r.method} ${r.path}`),
    );
    const covered = new Set(Object.entries(ROUTES).map(([name, route]) => routeOf(name, route)));
    expect(
      [...served].filter((r) => !covered.has(r)),
      'routes without a row in ROUTES',
    ).toEqual([]);
    expect(
      [...covered].filter((r) => !served.has(r)),
      'rows of routes the app does not serve',
    ).toEqual([]);
  });
});

for (const dialect of DIALECTS) {
  describe(`role × route (${dialect})`, () => {
    it.each(Object.entries(ROUTES))('%s', async (_name, route) => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const owner = await t.user('account_manager', 'The Owner');
      const got: Record<string, number> = {};
      const want: Record<string, number> = {};
      for (const role of USER_ROLES) {
        const me = await t.user(role);
        const f = await fixture(t, admin, owner, me);
        const res = await send(t, route, f, me, me);
        got[role] = res.status;
        want[role] = route.allow[role] ?? 403;
        if (res.status === 403) expect(res.body.error.code).toBe('forbidden');
      }
      expect(got).toEqual(want);
    });

    it.each(Object.entries(ROUTES))('%s without a token', async (_name, route) => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const f = await fixture(t, admin, admin, admin);
      const res = await send(t, route, f, admin, null);
      expect(res.status).toBe(route.anonymous ?? 401);
      if (res.status === 401) expect(res.body.error.code).toBe('unauthorized');
    });
  });
}
