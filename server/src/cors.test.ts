import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { getRequestListener } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from './test/harness';

type Harness = Awaited<ReturnType<typeof testApp>>;

/** The origin an admin allowed in the settings (a CRM page calling the API, say). */
const CONFIGURED = 'https://crm.ourco.example';
/** Origins the API answers to: the extension's in Chrome and in Firefox, and the configured one. */
const ALLOWED = [
  'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
  'moz-extension://1b7c1f9e-7c1a-4b4e-9a1d-2b2d1c0f3e4a',
  CONFIGURED,
];
/** Origins it must not answer to: elsewhere, a look-alike, another scheme or port, `null`, a path. */
const REFUSED = [
  'https://evil.example',
  'https://crm.ourco.example.evil.example',
  'http://crm.ourco.example',
  'https://crm.ourco.example:8443',
  'null',
  'chrome-extension://abc/popup.html',
  'file://',
];

const opened: Server[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/**
 * The app on two real servers: as `rapport serve` runs it (the lookup fast path first, server/src/index.ts) and
 * with Hono answering everything. Returns both base URLs.
 */
async function serve(t: Harness): Promise<{ fast: string; app: string }> {
  const appListener = getRequestListener(t.app.fetch);
  const fast = createServer((req, res) => t.app.lookupListener(req, res, () => appListener(req, res)));
  const plain = createServer(appListener);
  const base = async (server: Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    opened.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  return { fast: await base(fast), app: await base(plain) };
}

async function setup(dialect: (typeof DIALECTS)[number]) {
  const t = await testApp(dialect);
  const admin = await t.user('admin');
  const saved = await t.call('PATCH', '/api/v1/settings', admin, {
    version: 1,
    allowedOrigins: [CONFIGURED],
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  return { t, admin, urls: await serve(t) };
}

/** The CORS headers of an answer (absent ones as null). */
function cors(res: Response) {
  return {
    origin: res.headers.get('access-control-allow-origin'),
    credentials: res.headers.get('access-control-allow-credentials'),
    methods: res.headers.get('access-control-allow-methods'),
    headers: res.headers.get('access-control-allow-headers'),
    vary: res.headers.get('vary'),
  };
}

const preflight = (url: string, origin: string, method = 'POST') =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization,content-type,idempotency-key',
    },
  });

for (const dialect of DIALECTS) {
  describe(`CORS (${dialect})`, () => {
    it('should answer a preflight from the extension and configured origins only, without credentials', async () => {
      const { urls } = await setup(dialect);
      for (const path of ['/api/v1/accounts', '/api/v1/lookup', '/api/v1/touches']) {
        for (const origin of ALLOWED) {
          const res = await preflight(`${urls.fast}${path}`, origin);
          const h = cors(res);
          expect(res.status, `${origin} ${path}`).toBe(204);
          expect(h.origin, `${origin} ${path}`).toBe(origin);
          expect(h.methods?.split(',')).toEqual(expect.arrayContaining(['GET', 'POST', 'PATCH', 'DELETE']));
          expect(h.headers?.toLowerCase().split(',')).toEqual(
            expect.arrayContaining(['authorization', 'content-type', 'idempotency-key']),
          );
          // Bearer tokens, never cookies: the API does not let a page send credentials.
          expect(h.credentials).toBeNull();
          expect(h.vary).toMatch(/\bOrigin\b/i);
        }
        for (const origin of REFUSED) {
          const h = cors(await preflight(`${urls.fast}${path}`, origin));
          expect(h.origin, `${origin} ${path}`).toBeNull();
          expect(h.credentials).toBeNull();
        }
      }
    });

    it('should answer requests from allowed origins with their origin, and others without any', async () => {
      const { t, admin, urls } = await setup(dialect);
      const created = await t.call('POST', '/api/v1/accounts', admin, {
        name: 'Acme',
        status: 'customer',
        tier: 'key',
        ownerId: (await t.user('account_manager')).id,
        domains: ['acme.example'],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const requests: [string, string, string?][] = [
        ['GET', '/api/v1/me'],
        ['GET', '/api/v1/accounts?limit=1'],
        ['POST', '/api/v1/lookup', JSON.stringify({ emails: ['ann@acme.example'] })],
        ['GET', '/api/v1/nowhere'],
      ];
      for (const [method, path, body] of requests) {
        for (const origin of [...ALLOWED, ...REFUSED]) {
          const res = await fetch(`${urls.fast}${path}`, {
            method,
            headers: { ...admin.headers, origin },
            ...(body && { body }),
          });
          const h = cors(res);
          const where = `${method} ${path} from ${origin}`;
          expect(h.origin, where).toBe(ALLOWED.includes(origin) ? origin : null);
          expect(h.credentials, where).toBeNull();
          expect(h.vary, where).toMatch(/\bOrigin\b/i);
          await res.arrayBuffer();
        }
      }
      // A refused origin's request is still answered (CORS only tells the browser what it may read), never with `*`.
      const refused = await fetch(`${urls.fast}/api/v1/me`, {
        headers: { ...admin.headers, origin: 'null' },
      });
      expect(refused.status).toBe(200);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('should give no CORS headers outside the API: console, setup, health', async () => {
      const { urls } = await setup(dialect);
      for (const path of ['/admin/sign-in', '/setup', '/healthz']) {
        for (const origin of ALLOWED) {
          const res = await fetch(`${urls.fast}${path}`, { headers: { origin } });
          expect(res.headers.get('access-control-allow-origin'), `${path} from ${origin}`).toBeNull();
          await res.arrayBuffer();
        }
      }
    });

    it('should answer the lookup the same on the fast path as through the app, for every origin', async () => {
      const { t, admin, urls } = await setup(dialect);
      const am = await t.user('account_manager');
      const acme = await t.call('POST', '/api/v1/accounts', admin, {
        name: 'Acme',
        status: 'customer',
        tier: 'key',
        ownerId: am.id,
        domains: ['acme.example'],
      });
      expect(acme.status).toBe(201);
      for (const origin of [...ALLOWED, ...REFUSED, undefined]) {
        const answers = [];
        for (const base of [urls.fast, urls.app]) {
          const res = await fetch(`${base}/api/v1/lookup`, {
            method: 'POST',
            headers: { ...admin.headers, ...(origin && { origin }) },
            body: JSON.stringify({
              emails: ['ann@acme.example'],
              linkedin: ['https://www.linkedin.com/in/ann-acme'],
            }),
          });
          answers.push({ status: res.status, ...cors(res), body: await res.text() });
        }
        expect(answers[0], `lookup from ${origin}`).toEqual(answers[1]);
        expect(answers[0]?.status).toBe(200);
        expect(answers[0]?.origin).toBe(origin && ALLOWED.includes(origin) ? origin : null);
      }
      // A change of the setting reaches both at once.
      const t2 = await fetch(`${urls.app}/api/v1/settings`, { headers: admin.headers });
      const { version } = (await t2.json()) as { version: number };
      const cleared = await fetch(`${urls.app}/api/v1/settings`, {
        method: 'PATCH',
        headers: admin.headers,
        body: JSON.stringify({ version, allowedOrigins: [] }),
      });
      expect(cleared.status).toBe(200);
      for (const base of [urls.fast, urls.app]) {
        const res = await fetch(`${base}/api/v1/lookup`, {
          method: 'POST',
          headers: { ...admin.headers, origin: CONFIGURED },
          body: JSON.stringify({ emails: ['ann@acme.example'] }),
        });
        expect(res.headers.get('access-control-allow-origin'), base).toBeNull();
        await res.arrayBuffer();
      }
    });
  });
}
