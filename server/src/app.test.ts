import { type ApiErrorBody, zApiErrorBody } from '@rapport/shared';
import { describe, expect, inject, it } from 'vitest';

import { createApp } from './app';
import { createDb, type Db } from './db/create-db';
import { createLogger } from './lib/log';
import { DIALECTS, testApp } from './test/harness';

type T = Awaited<ReturnType<typeof testApp>>;

/** The parsed body of an API error response. */
async function errorBody(res: Response): Promise<ApiErrorBody> {
  return zApiErrorBody.parse(await res.json());
}

const EXTENSION_ORIGINS = [
  'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
  'moz-extension://0b6e1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b',
];

/** A CORS preflight as a browser sends it before an authenticated PATCH. */
function preflight(t: T, origin: string, app = t.app) {
  return app.request('/api/v1/accounts', {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'PATCH',
      'access-control-request-headers': 'authorization,content-type',
    },
  });
}

for (const dialect of DIALECTS) {
  describe(`app (${dialect})`, () => {
    /**
     * A database connection of the app's own that a test may close: with PostgreSQL a second pool on the
     * test's schema, so the harness can still drop that schema afterwards.
     */
    async function ownConnection(t: T): Promise<Db> {
      if (t.db.dialect === 'sqlite') return t.db;
      const url = inject('postgresUrl');
      if (!url) throw new Error('PostgreSQL is not available in this run');
      return createDb({ url, pgSchema: t.db.label.split('#')[1], poolSize: 1 });
    }

    it.each([
      ['a truncated object', '{"email": "ada@ourco.example", "password": '],
      ['a trailing comma', '{"email": "ada@ourco.example",}'],
      ['an empty body', ''],
    ])('should answer malformed JSON (%s) with 400 invalid_json', async (_what, body) => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      for (const [path, headers] of [
        ['/api/v1/auth/login', { 'content-type': 'application/json' }],
        ['/api/v1/products', admin.headers],
      ] as const) {
        const res = await t.app.request(path, { method: 'POST', headers, body });
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/application\/json/);
        const json = await errorBody(res);
        expect(json).toEqual({ error: { code: 'invalid_json', message: expect.any(String) } });
        expect(json.error.message).toMatch(/JSON/);
      }
    });

    it.each([
      ['null', 'null'],
      ['an array', '[]'],
      ['a string', '"ada@ourco.example"'],
    ])('should answer a JSON body that is %s with 400 validation_failed', async (_what, body) => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const res = await t.app.request('/api/v1/products', { method: 'POST', headers: admin.headers, body });
      expect(res.status).toBe(400);
      expect((await errorBody(res)).error.code).toBe('validation_failed');
    });

    it('should refuse a body over RAPPORT_BODY_LIMIT with 413, with or without Content-Length', async () => {
      const t = await testApp(dialect, { RAPPORT_BODY_LIMIT: 2048 });
      const admin = await t.user('admin');
      const big = JSON.stringify({
        version: 1,
        companyDomains: Array.from({ length: 150 }, (_, i) => `d${i}.example`),
      });
      expect(big.length).toBeGreaterThan(2048);
      for (const headers of [admin.headers, { ...admin.headers, 'content-length': String(big.length) }]) {
        const res = await t.app.request('/api/v1/settings', { method: 'PATCH', headers, body: big });
        expect(res.status).toBe(413);
        const json = await errorBody(res);
        expect(json.error).toMatchObject({ code: 'payload_too_large', details: { limitBytes: 2048 } });
      }
      const login = await t.app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@ourco.example', password: 'x'.repeat(3000) }),
      });
      expect(login.status).toBe(413);
      expect((await t.call('GET', '/api/v1/settings', admin)).body.companyDomains).toEqual([]);
      const small = await t.call('PATCH', '/api/v1/settings', admin, {
        version: 1,
        companyDomains: ['ourco.example'],
      });
      expect(small.status).toBe(200);
    });

    it('should answer an unknown route with 404 JSON', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      for (const res of [
        await t.call('GET', '/nope', null),
        await t.call('DELETE', '/api/v1/nope/1', admin),
      ]) {
        expect(res.status).toBe(404);
        expect(res.headers.get('content-type')).toMatch(/application\/json/);
        expect(res.body).toEqual({
          error: { code: 'not_found', message: expect.stringMatching(/No route/) },
        });
      }
    });

    it('should refuse text with NUL in a path, query or body with 400 and store nothing', async () => {
      const t = await testApp(dialect);
      const am = await t.user('account_manager');
      const refused = [
        await t.call('POST', '/api/v1/accounts', am, { name: 'Acme\u0000', domains: ['acme.com'] }),
        await t.call('POST', '/api/v1/accounts', am, {
          name: 'Acme',
          domains: ['acme.com'],
          notes: 'a\u0000',
        }),
        await t.call('GET', '/api/v1/accounts/a%00b', am),
        await t.call('DELETE', '/api/v1/tokens/%00', am),
        await t.call('GET', '/api/v1/accounts?q=%00', am),
      ];
      for (const res of refused) {
        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({
          code: 'validation_failed',
          message: expect.stringMatching(/NUL/),
        });
      }
      expect((await t.call('GET', '/api/v1/accounts', am)).body.items).toEqual([]);
      // An escaped backslash before "u0000" is not NUL: the text `\u0000` is stored as written.
      const literal = await t.call('POST', '/api/v1/accounts', am, {
        name: 'Acme \\u0000',
        domains: ['acme.com'],
      });
      expect(literal.status).toBe(201);
      expect(literal.body.name).toBe('Acme \\u0000');
    });

    it.each([
      ['no Authorization header', undefined, /^Bearer$/],
      ['an empty bearer', 'Bearer ', /^Bearer$/],
      ['a garbage bearer', 'Bearer garbage', /invalid_token/],
      ['a token of the right shape that was never issued', `Bearer rpt_${'A'.repeat(43)}`, /invalid_token/],
      ['basic auth', 'Basic YWRhOnB3', /^Bearer$/],
    ])('should answer %s with 401 and WWW-Authenticate', async (_what, authorization, challenge) => {
      const t = await testApp(dialect);
      const res = await t.app.request('/api/v1/me', { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(challenge);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    });

    it.each(EXTENSION_ORIGINS)('should allow the browser extension at %s', async (origin) => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const pre = await preflight(t, origin);
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
      expect(pre.headers.get('access-control-allow-methods')).toContain('PATCH');
      expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      const get = await t.app.request('/api/v1/me', { headers: { ...admin.headers, origin } });
      expect(get.status).toBe(200);
      expect(get.headers.get('access-control-allow-origin')).toBe(origin);
    });

    it('should not allow other origins until an admin adds one to the settings', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      for (const origin of ['https://evil.example', 'chrome-extension://abc/../evil', 'null']) {
        expect((await preflight(t, origin)).headers.get('access-control-allow-origin')).toBeNull();
      }
      const webApp = 'https://crm.ourco.example';
      expect((await preflight(t, webApp)).headers.get('access-control-allow-origin')).toBeNull();
      const set = await t.call('PATCH', '/api/v1/settings', admin, { version: 1, allowedOrigins: [webApp] });
      expect(set.status).toBe(200);
      expect((await preflight(t, webApp)).headers.get('access-control-allow-origin')).toBe(webApp);
      expect(
        (await preflight(t, 'https://evil.example')).headers.get('access-control-allow-origin'),
      ).toBeNull();
    });

    it('should allow a configured origin from the first request after a restart', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const webApp = 'https://crm.ourco.example';
      await t.call('PATCH', '/api/v1/settings', admin, { version: 1, allowedOrigins: [webApp] });
      const restarted = createApp({ db: t.db, env: t.env });
      expect((await preflight(t, webApp, restarted)).headers.get('access-control-allow-origin')).toBe(webApp);
      const again = createApp({ db: t.db, env: t.env });
      const get = await again.request('/api/v1/me', { headers: { ...admin.headers, origin: webApp } });
      expect(get.headers.get('access-control-allow-origin')).toBe(webApp);
    });

    it('should send security headers on pages, API answers and errors', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const requests: Array<[string, RequestInit?]> = [
        ['/healthz'],
        ['/setup'],
        ['/api/v1/me', { headers: admin.headers }],
        ['/api/v1/me'],
        ['/api/v1/export?format=json', { headers: admin.headers }],
        ['/nope'],
      ];
      for (const [path, init] of requests) {
        const res = await t.app.request(path, init);
        expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(res.headers.get('x-frame-options'), path).toMatch(/^(SAMEORIGIN|DENY)$/);
        expect(res.headers.get('vary'), path).toMatch(/Accept-Language/);
        if (path.startsWith('/api/')) expect(res.headers.get('vary'), path).toMatch(/Origin/);
      }
    });

    it('should report health: 200 with the database, 503 once it is gone', async () => {
      const t = await testApp(dialect);
      const db = await ownConnection(t);
      const app = createApp({ db, env: t.env });
      const ok = await app.request('/healthz');
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ ok: true, database: dialect });
      await db.close();
      const down = await app.request('/healthz');
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ ok: false, database: dialect });
    });

    it('should answer an unexpected error with 500 internal_error, no internals, and log it without the token', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const db = await ownConnection(t);
      const lines: string[] = [];
      const app = createApp({
        db,
        env: t.env,
        log: createLogger('debug', (line) => {
          lines.push(line);
          return true;
        }),
      });
      expect((await app.request('/api/v1/me', { headers: admin.headers })).status).toBe(200);
      await db.close();
      const res = await app.request('/api/v1/accounts?limit=5', { headers: admin.headers });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
      expect(text).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d|sqlite|pool|kysely|database connection/i);
      const logged = lines.join('');
      expect(logged).toContain('unhandled error');
      expect(logged).toContain('/api/v1/accounts');
      expect(logged).not.toContain(admin.token);
      expect(logged).not.toContain(admin.token.slice(4));
    });

    it('should answer 500 without internals when stored settings are unreadable', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      await t.call('GET', '/api/v1/settings', admin);
      await t.db.kysely
        .updateTable('settings')
        .set({ data: '{"companyDomains": [' })
        .where('id', '=', 1)
        .execute();
      const restarted = createApp({ db: t.db, env: t.env });
      const res = await restarted.request('/api/v1/settings', { headers: admin.headers });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text).error.code).toBe('internal_error');
      expect(text).not.toMatch(/SyntaxError|JSON\.parse|companyDomains|\bat \S+ \(/);
    });
  });
}
