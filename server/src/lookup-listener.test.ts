import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { getRequestListener } from '@hono/node-server';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { LookupReader } from './db/lookup-repository';

import { DIALECTS, testApp } from './test/harness';

/** Headers node:http adds itself, and which differ between any two answers. */
const OWN_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

type Harness = Awaited<ReturnType<typeof testApp>>;

/**
 * Two servers on one app: `fast` as `rapport serve` runs it (the lookup below Hono when it can be), counting
 * the requests it hands on to the app, and `app` with Hono answering everything.
 */
async function servers(t: Harness) {
  const appListener = getRequestListener(t.app.fetch);
  let handedOn = 0;
  const fast = createServer((req, res) =>
    t.app.lookupListener(req, res, () => {
      handedOn++;
      appListener(req, res);
    }),
  );
  const plain = createServer(appListener);
  const listening: Server[] = [];
  const url = async (server: Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    listening.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/lookup`;
  };
  const urls = { fast: await url(fast), app: await url(plain) };
  opened.push(...listening);
  return { urls, handedOn: () => handedOn };
}

const opened: Server[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** An answer with the headers both servers may set differently left out. */
async function answer(url: string, init: RequestInit) {
  const res = await fetch(url, { method: 'POST', ...init });
  const headers = Object.fromEntries([...res.headers].filter(([name]) => !OWN_HEADERS.has(name)));
  return { status: res.status, headers, body: await res.text() };
}

async function seed(t: Harness) {
  const am = await t.user('account_manager', 'Alice Rossi');
  const created = await t.call('POST', '/api/v1/accounts', am, {
    name: 'Acme',
    status: 'customer',
    tier: 'key',
    ownerId: am.id,
    domains: ['acme.com'],
  });
  expect(created.status).toBe(201);
  const contact = await t.call('POST', '/api/v1/contacts', am, {
    accountId: created.body.id,
    name: 'Jane Doe',
    emails: ['jane@acme.com'],
  });
  expect(contact.status).toBe(201);
  return { am, accountId: created.body.id as string, version: created.body.version as number };
}

for (const dialect of DIALECTS) {
  describe(`POST /lookup below Hono (${dialect})`, () => {
    it('should answer a lookup itself, with the very answer and headers the app gives', async () => {
      const t = await testApp(dialect);
      const { am } = await seed(t);
      const admin = await t.user('admin');
      const settings = await t.call('GET', '/api/v1/settings', admin);
      const saved = await t.call('PATCH', '/api/v1/settings', admin, {
        allowedOrigins: ['https://crm.example.com'],
        version: settings.body.version,
      });
      expect(saved.status).toBe(200);
      const { urls, handedOn } = await servers(t);
      const cases: Record<string, string>[] = [
        {},
        { 'accept-language': 'it-IT,it;q=0.9', origin: 'chrome-extension://abcdefghijklmnop' },
        { origin: 'https://crm.example.com' },
        { origin: 'https://elsewhere.example' },
      ];
      for (const extra of cases) {
        const init = {
          headers: { ...am.headers, ...extra },
          body: JSON.stringify({ emails: ['jane@acme.com', 'who@acme.com', 'x@nowhere.example'] }),
        };
        const fast = await answer(urls.fast, init);
        expect(fast, JSON.stringify(extra)).toEqual(await answer(urls.app, init));
        expect(fast.status).toBe(200);
        expect(JSON.parse(fast.body).results[0].match).toBe('email');
      }
      const [, italian, allowed, refused] = await Promise.all(
        cases.map((extra) =>
          answer(urls.fast, {
            headers: { ...am.headers, ...extra },
            body: JSON.stringify({ emails: ['jane@acme.com'] }),
          }),
        ),
      );
      expect(JSON.parse(italian?.body ?? '{}').accounts[0].ownership.message).toMatch(/chiave/i);
      expect(italian?.headers['access-control-allow-origin']).toBe('chrome-extension://abcdefghijklmnop');
      expect(allowed?.headers['access-control-allow-origin']).toBe('https://crm.example.com');
      expect(refused?.headers['access-control-allow-origin']).toBeUndefined();
      expect(handedOn()).toBe(0);
    });

    it('should hand every other request on to the app, which answers it as before', async () => {
      const t = await testApp(dialect, { RAPPORT_BODY_LIMIT: 2048 });
      const { am } = await seed(t);
      const { urls, handedOn } = await servers(t);
      const json = { 'content-type': 'application/json' };
      const cases: [string, RequestInit, number][] = [
        ['no token', { headers: json, body: '{"emails":[]}' }, 401],
        ['a bad token', { headers: { ...json, authorization: 'Bearer nope' }, body: '{"emails":[]}' }, 401],
        ['not JSON', { headers: am.headers, body: '{"emails":' }, 400],
        [
          'not a lookup, in Italian',
          { headers: { ...am.headers, 'accept-language': 'it' }, body: '{"emails":"jane@acme.com"}' },
          400,
        ],
        ['too large', { headers: am.headers, body: JSON.stringify({ emails: ['a'.repeat(4096)] }) }, 413],
        ['a text body', { headers: { ...am.headers, 'content-type': 'text/plain' }, body: '{}' }, 400],
      ];
      for (const [what, init, status] of cases) {
        const before = handedOn();
        const fast = await answer(urls.fast, init);
        expect(fast.status, what).toBe(status);
        expect(fast, what).toEqual(await answer(urls.app, init));
        expect(JSON.parse(fast.body).error.code, what).toBeTruthy();
        // The text body never reaches the listener's own reading; the rest were read once and handed on.
        expect(handedOn() - before, what).toBe(1);
      }
    });

    it('should answer a lookup that fails as the app does, without running it a second time', async () => {
      const t = await testApp(dialect);
      const { am } = await seed(t);
      const { urls, handedOn } = await servers(t);
      // A real fault: the table of addresses is gone, so every lookup of an address not yet known fails
      await sql`drop table contact_emails cascade`.execute(t.db.kysely).catch(async () => {
        await sql`drop table contact_emails`.execute(t.db.kysely);
      });
      const runs = vi.spyOn(LookupReader.prototype, 'lookupJson');
      try {
        const init = { headers: am.headers, body: JSON.stringify({ emails: ['new.person@acme.com'] }) };
        const fast = await answer(urls.fast, init);
        // Handed on once, with its error: the app answered from it and ran no lookup of its own
        expect(handedOn()).toBe(1);
        expect(runs).toHaveBeenCalledTimes(1);
        expect(fast.status).toBeGreaterThanOrEqual(500);
        expect(JSON.parse(fast.body).error.code).toBeTruthy();
        // The very answer the app gives when it runs the failing lookup itself
        const init2 = { headers: am.headers, body: JSON.stringify({ emails: ['other.person@acme.com'] }) };
        const app = await answer(urls.app, init2);
        expect(runs).toHaveBeenCalledTimes(2);
        expect(fast).toEqual(app);
      } finally {
        runs.mockRestore();
      }
    });

    it('should show a write made through the app at the next lookup', async () => {
      const t = await testApp(dialect);
      const { am, accountId, version } = await seed(t);
      const { urls } = await servers(t);
      const init = { headers: am.headers, body: JSON.stringify({ emails: ['jane@acme.com'] }) };
      const first = JSON.parse((await answer(urls.fast, init)).body);
      expect(first.accounts[0].name).toBe('Acme');
      const renamed = await t.call('PATCH', `/api/v1/accounts/${accountId}`, am, {
        name: 'Acme Group',
        version,
      });
      expect(renamed.status).toBe(200);
      const second = JSON.parse((await answer(urls.fast, init)).body);
      expect(second.accounts[0].name).toBe('Acme Group');
    });
  });
}
