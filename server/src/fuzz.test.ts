import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

import { getRequestListener } from '@hono/node-server';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';

import { issueToken } from './auth/tokens';
import { API_PREFIX, type CollectedRoute, collectRoutes } from './openapi/document';
import { DIALECTS, freshDb, testApp } from './test/harness';
import { importSnapshot } from './transfer/snapshot';

/*
 * Issue 8, "bad input": random and malformed path parameters, query strings, bodies and headers, and bodies
 * over the limit, sent to every route of the API (as the OpenAPI document lists them) through a real
 * node:http server, as `rapport serve` runs (the lookup below Hono included). Never a 5xx, every refusal in
 * the API's error shape, and what is stored afterwards still passes the database's checks and exports and
 * re-imports without one rejected record. RAPPORT_FUZZ_RUNS (requests per route) and RAPPORT_FUZZ_SEED
 * reproduce a run; fast-check prints the seed and the smallest failing request it found.
 */

const RUNS = Number(process.env.RAPPORT_FUZZ_RUNS ?? 25);
const SEED = Number(process.env.RAPPORT_FUZZ_SEED ?? 20261207);
const BODY_LIMIT = 16 * 1024;

interface FuzzRequest {
  path: string;
  query: Record<string, string>;
  body: string | null;
  headers: Record<string, string>;
}

/** Printable ASCII: what a header value may hold (fetch refuses control characters before sending). */
const headerText = fc.stringMatching(/^[\x20-\x7e]{0,60}$/);
const oddText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '0', '-1', '1e309', 'NaN', 'null', 'true', '9'.repeat(30), 'x'.repeat(3000)),
  fc.constantFrom(
    '<script>alert(1)</script>',
    "' or 1=1 --",
    '..',
    '%00',
    '\u0000',
    'Ä°Ã\u202e',
    '😀'.repeat(50),
  ),
);

/** The keys of an object schema (zod 4), else none: random values under the right names get further in. */
function keysOf(schema: z.ZodType | undefined): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}

function requestOf(route: CollectedRoute, ids: string[]): fc.Arbitrary<FuzzRequest> {
  const schema = (target: string) => route.validations.find((v) => v.target === target)?.schema;
  const params = [...route.path.matchAll(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g)].map((m) => m[0]);
  const param = fc.oneof(fc.constantFrom(...ids), oddText);
  const queryKeys = keysOf(schema('query'));
  const bodyKeys = keysOf(schema('json'));
  const anyKey = (known: string[]) =>
    known.length > 0
      ? fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 8 }))
      : fc.string({ maxLength: 8 });
  const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), oddText, fc.constantFrom(...ids));
  const body = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.dictionary(anyKey(bodyKeys), value, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
    },
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    oddText,
    fc.constantFrom('{"a":', '[', '{"__proto__":{"admin":true}}', 'null', '"'),
    fc.constant(JSON.stringify({ padding: 'a'.repeat(BODY_LIMIT + 10) })),
  );
  const contentType = fc.oneof(
    { weight: 4, arbitrary: fc.constant('application/json') },
    fc.constantFrom(
      'application/json; charset=utf-8',
      'text/csv',
      'text/plain',
      'multipart/form-data; boundary=z',
    ),
    headerText,
  );
  const authorization = fc.oneof(
    { weight: 6, arbitrary: fc.constant('admin') },
    fc.constantFrom('', 'Bearer', 'Bearer x', 'Basic YTpi'),
    headerText,
  );
  return fc
    .record({
      values: fc.tuple(...params.map(() => param)),
      query: fc.dictionary(anyKey(queryKeys), oddText, { maxKeys: 4 }),
      body: route.method === 'GET' ? fc.constant(null) : body,
      contentType,
      authorization,
      language: fc.oneof(fc.constantFrom('it', 'en', 'it-CH,it;q=0.9', '*'), headerText),
      idempotencyKey: fc.option(headerText),
    })
    .map(({ values, query, body, contentType, authorization, language, idempotencyKey }) => {
      let path = route.path;
      params.forEach((p, i) => {
        path = path.replace(p, encodeURIComponent(values[i] ?? ''));
      });
      const headers: Record<string, string> = { 'content-type': contentType, 'accept-language': language };
      if (authorization === 'admin') headers.authorization = 'admin';
      else if (authorization !== '') headers.authorization = authorization;
      if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey;
      return { path, query, body, headers };
    });
}

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

for (const dialect of DIALECTS) {
  describe(`every API route under random and malformed input (${dialect})`, () => {
    it('should never answer 5xx, refuse in the error shape, and store nothing invalid', {
      timeout: 300_000,
    }, async () => {
      const t = await testApp(dialect, {
        RAPPORT_BODY_LIMIT: BODY_LIMIT,
        RAPPORT_IMPORT_LIMIT: BODY_LIMIT * 4,
      });
      const admin = await t.user('admin');
      const am = await t.user('account_manager', 'Alice Rossi');
      const rep = await t.user('sales_rep');
      const account = await t.call('POST', '/api/v1/accounts', am, {
        name: 'Acme',
        status: 'customer',
        tier: 'key',
        ownerId: am.id,
        domains: ['acme.com'],
      });
      const contact = await t.call('POST', '/api/v1/contacts', am, {
        accountId: account.body.id,
        name: 'Jane Doe',
        emails: ['jane@acme.com'],
      });
      const opportunity = await t.call('POST', '/api/v1/opportunities', am, {
        accountId: account.body.id,
        title: 'Renewal 2027',
        amount: 100000,
      });
      expect([account.status, contact.status]).toEqual([201, 201]);
      // Real ids, so that random requests reach past "not found" (the admin's own is left out: a random
      // change to it would only lock the fuzzer out).
      const ids = [account.body.id, contact.body.id, opportunity.body?.id, am.id, rep.id, '2027'].filter(
        (id): id is string => typeof id === 'string',
      );
      // A fresh session per request: a random sign-out, or a password change ending every session, must not
      // end the run.
      const token = async () =>
        (await issueToken(t.db.kysely, admin.id, { name: 'fuzz', kind: 'session', days: 1 })).token;

      const appListener = getRequestListener(t.app.fetch);
      const server = createServer((req, res) => t.app.lookupListener(req, res, () => appListener(req, res)));
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

      const routes = collectRoutes(t.app.routes).filter((r) => r.path.startsWith(`${API_PREFIX}/`));
      expect(routes.length).toBeGreaterThan(40);
      let sent = 0;
      for (const route of routes) {
        await fc.assert(
          fc.asyncProperty(requestOf(route, ids), async (req) => {
            if (req.headers.authorization === 'admin') req.headers.authorization = `Bearer ${await token()}`;
            const url = new URL(`${base}${req.path}`);
            for (const [k, v] of Object.entries(req.query)) url.searchParams.append(k, v);
            const res = await fetch(url, {
              method: route.method,
              headers: req.headers,
              ...(req.body === null ? {} : { body: req.body }),
            });
            const text = await res.text();
            sent++;
            const what = `${route.method} ${url.pathname}${url.search} → ${res.status}: ${text.slice(0, 300)}`;
            expect(res.status, what).toBeLessThan(500);
            if (res.status >= 400) {
              const error = JSON.parse(text).error;
              expect(typeof error?.code === 'string' && typeof error?.message === 'string', what).toBe(true);
              expect(error.message.length, what).toBeGreaterThan(0);
            }
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: false },
        );
      }
      expect(sent).toBeGreaterThanOrEqual(routes.length * RUNS);

      // What the run stored: the database's own checks, then every record as the snapshot import checks it.
      if (t.db.sqlite) {
        expect(t.db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(t.db.sqlite.pragma('foreign_key_check')).toEqual([]);
      } else {
        await sql`select 1`.execute(t.db.kysely);
      }
      const exported = await fetch(`${base}/api/v1/export?format=json`, {
        headers: { authorization: `Bearer ${await token()}` },
      });
      expect(exported.status).toBe(200);
      const target = await freshDb(dialect);
      const report = await importSnapshot(target, Readable.from([await exported.text()]), {
        dryRun: true,
        actorId: null,
      });
      expect(report.rejected).toEqual([]);
      await target.close();
    });
  });
}
