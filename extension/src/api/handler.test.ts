import { type Account, type LookupResponse, zAccount, zContact, zSettings } from '@rapport/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import type { Request, Result, Sender } from '../messaging';
import { endedSession, serverUrl, session, settingsCache } from '../storage';
import { createRequestHandler } from './handler';
import { answerLookup, MARTA, ORIGIN, stubServer } from './test-server';

const OPTIONS_PAGE: Sender = { url: 'chrome-extension://test-extension-id/options.html' };
const GMAIL_TAB: Sender = {
  tab: { id: 7 } as Sender['tab'],
  url: 'https://mail.google.com/mail/u/0/#inbox/FMfcg',
};

let now = 1_000_000;
function setup() {
  const handler = createRequestHandler({ windowMs: 15, ttlMs: 60_000, now: () => now });
  const ask = <T = unknown>(req: Request, sender: Sender = GMAIL_TAB) =>
    handler.handle(req, sender) as Promise<Result<T>>;
  return { handler, ask };
}

async function signIn(ask: ReturnType<typeof setup>['ask']) {
  const res = await ask(
    { type: 'signIn', serverUrl: 'localhost:8787/', email: MARTA.email, password: 'correct horse' },
    OPTIONS_PAGE,
  );
  expect(res.ok).toBe(true);
}

function data<T>(res: Result<T>): T {
  if (!res.ok) throw new Error(`expected data, got ${res.error.code}: ${res.error.message}`);
  return res.data;
}

function errorOf(res: Result<unknown>) {
  if (res.ok) throw new Error('expected an error');
  return res.error;
}

describe('createRequestHandler', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    now = 1_000_000;
  });
  afterEach(() => vi.unstubAllGlobals());

  describe('signed out', () => {
    it.each<Request>([
      { type: 'lookup', emails: ['jane@acme.example'] },
      { type: 'search', q: 'acme' },
      { type: 'settings' },
      { type: 'listUsers' },
      { type: 'createContact', contact: { accountId: 'a_acme', name: 'Jane' } },
      { type: 'updateAccount', id: 'a_acme', changes: { version: 1, linkedinSlug: 'acme' } },
    ])('should answer $type with signed_out and send nothing anywhere', async (req) => {
      const server = stubServer();
      const { ask } = setup();
      expect(errorOf(await ask(req)).code).toBe('signed_out');
      expect(server.fetch).not.toHaveBeenCalled();
    });
  });

  describe('signIn', () => {
    it('should normalise the URL, check /healthz, log in and store the session', async () => {
      const server = stubServer();
      const { ask } = setup();
      const res = await ask(
        {
          type: 'signIn',
          serverUrl: ' localhost:8787/login/ ',
          email: MARTA.email,
          password: 'correct horse',
        },
        OPTIONS_PAGE,
      );
      expect(data(res)).toMatchObject({ signedIn: true, serverUrl: ORIGIN, user: { name: 'Marta Rossi' } });
      expect(server.calls.map((c) => `${c.method} ${c.url.origin}${c.path}`)).toEqual([
        `GET ${ORIGIN}/healthz`,
        `POST ${ORIGIN}/api/v1/auth/login`,
      ]);
      expect(await session.getValue()).toMatchObject({ serverUrl: ORIGIN, token: 'tok_1' });
      expect(await serverUrl.getValue()).toBe(ORIGIN);
    });

    it('should say so when the email or password is wrong', async () => {
      stubServer();
      const { ask } = setup();
      const res = await ask(
        { type: 'signIn', serverUrl: ORIGIN, email: MARTA.email, password: 'nope' },
        OPTIONS_PAGE,
      );
      expect(errorOf(res)).toMatchObject({ code: 'validation', message: 'Wrong email or password.' });
      expect(await session.getValue()).toBeNull();
    });

    it.each([
      ['an HTML page', { status: 200, text: '<!doctype html><title>Welcome to nginx</title>' }],
      ['another JSON API', { status: 404, body: { message: 'Not Found' } }],
    ])('should refuse a server that is not Rapport (%s)', async (_, reply) => {
      const server = stubServer({ 'GET /healthz': () => reply });
      const { ask } = setup();
      const res = await ask(
        { type: 'signIn', serverUrl: ORIGIN, email: MARTA.email, password: 'correct horse' },
        OPTIONS_PAGE,
      );
      expect(errorOf(res)).toMatchObject({ code: 'not_rapport' });
      expect(errorOf(res).message).toContain(ORIGIN);
      expect(server.calls.map((c) => c.path)).toEqual(['/healthz']); // the password never left
    });

    it('should report an unreachable server with its address', async () => {
      stubServer({ 'GET /healthz': () => 'network-error' });
      const { ask } = setup();
      const res = await ask(
        { type: 'signIn', serverUrl: '127.0.0.1:9', email: MARTA.email, password: 'x' },
        OPTIONS_PAGE,
      );
      expect(errorOf(res)).toMatchObject({ code: 'unreachable' });
      expect(errorOf(res).message).toContain('http://127.0.0.1:9');
    });

    it('should need the host permission for a remote origin, and use https by default', async () => {
      const server = stubServer();
      const contains = vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
      const { ask } = setup();
      const req = {
        type: 'signIn',
        serverUrl: 'Rapport.Example.com/app',
        email: MARTA.email,
        password: 'correct horse',
      } as const;
      expect(errorOf(await ask(req, OPTIONS_PAGE)).code).toBe('forbidden');
      expect(contains).toHaveBeenCalledWith({ origins: ['https://rapport.example.com/*'] });
      expect(server.fetch).not.toHaveBeenCalled();

      contains.mockResolvedValue(true);
      expect(data(await ask(req, OPTIONS_PAGE))).toMatchObject({ serverUrl: 'https://rapport.example.com' });
    });

    it('should refuse a sign-in sent by a content script', async () => {
      const server = stubServer();
      const { ask } = setup();
      const res = await ask(
        { type: 'signIn', serverUrl: ORIGIN, email: MARTA.email, password: 'correct horse' },
        GMAIL_TAB,
      );
      expect(errorOf(res).code).toBe('forbidden');
      expect(server.fetch).not.toHaveBeenCalled();
    });
  });

  describe('lookup', () => {
    it('should coalesce three concurrent lookups into one request and give each its own results', async () => {
      const server = stubServer();
      const { ask } = setup();
      await signIn(ask);
      const [a, b, c] = await Promise.all([
        ask<LookupResponse>({ type: 'lookup', emails: ['Jane@ACME.example'] }),
        ask<LookupResponse>({ type: 'lookup', emails: ['bob@globex.example', 'jane@acme.example'] }),
        ask<LookupResponse>({
          type: 'lookup',
          linkedin: ['https://www.linkedin.com/company/globex/'],
          emails: ['friend@gmail.com'],
        }),
      ]);
      expect(server.lookups()).toHaveLength(1);
      // One key per normalised address: Jane@ACME.example and jane@acme.example were asked once.
      expect(server.lookups()[0]?.body).toEqual({
        emails: ['Jane@ACME.example', 'bob@globex.example', 'friend@gmail.com'],
        linkedin: ['https://www.linkedin.com/company/globex/'],
      });
      expect(server.lookups()[0]?.authorization).toBe('Bearer tok_1');

      expect(data(a).results).toEqual([
        expect.objectContaining({ input: 'Jane@ACME.example', accountId: 'a_acme' }),
      ]);
      expect(data(a).accounts.map((x) => x.id)).toEqual(['a_acme']);
      expect(data(b).results.map((r) => [r.input, r.accountId])).toEqual([
        ['bob@globex.example', 'a_globex'],
        ['jane@acme.example', 'a_acme'],
      ]);
      expect(
        data(b)
          .accounts.map((x) => x.id)
          .sort(),
      ).toEqual(['a_acme', 'a_globex']);
      expect(data(c).results.map((r) => [r.input, r.accountId])).toEqual([
        ['friend@gmail.com', null],
        ['https://www.linkedin.com/company/globex/', 'a_globex'],
      ]);
      expect(data(c).accounts.map((x) => x.id)).toEqual(['a_globex']);
    });

    it('should join a lookup already in flight instead of asking again', async () => {
      let release: () => void = () => {};
      const gate = new Promise<void>((r) => {
        release = r;
      });
      const server = stubServer({
        'POST /api/v1/lookup': async ({ body }) => {
          await gate;
          return { status: 200, body: answerLookup(body) };
        },
      });
      const { ask } = setup();
      await signIn(ask);
      const first = ask<LookupResponse>({ type: 'lookup', emails: ['jane@acme.example'] });
      await vi.waitFor(() => expect(server.lookups()).toHaveLength(1));
      const second = ask<LookupResponse>({ type: 'lookup', emails: ['JANE@acme.example'] });
      await new Promise((r) => setTimeout(r, 40)); // longer than the window: the second is not queued
      release();
      const [a, b] = [data(await first), data(await second)];
      expect(server.lookups()).toHaveLength(1);
      expect(a.results[0]).toMatchObject({ input: 'jane@acme.example', accountId: 'a_acme' });
      expect(b.results[0]).toMatchObject({ input: 'JANE@acme.example', accountId: 'a_acme' });
    });

    it('should split more than 50 inputs of a kind into several requests', async () => {
      const server = stubServer();
      const { ask } = setup();
      await signIn(ask);
      const emails = Array.from({ length: 120 }, (_, i) => `p${i}@acme.example`);
      const res = await ask<{ results: unknown[] }>({ type: 'lookup', emails, linkedin: ['in:jane-doe'] });
      expect(data(res).results).toHaveLength(121);
      expect(server.lookups().map((c) => (c.body as { emails: string[] }).emails.length)).toEqual([
        50, 50, 20,
      ]);
    });

    it('should answer from the cache within the TTL and ask again after a write or once it expires', async () => {
      const server = stubServer({
        'POST /api/v1/contacts': ({ body }) => ({ status: 201, body: contactFrom(body) }),
      });
      const { ask } = setup();
      await signIn(ask);
      const look = () => ask({ type: 'lookup', emails: ['jane@acme.example'] });
      expect((await look()).ok).toBe(true);
      now += 30_000;
      expect((await look()).ok).toBe(true);
      expect(server.lookups()).toHaveLength(1);

      const created = await ask({
        type: 'createContact',
        contact: { accountId: 'a_acme', name: 'Jane Doe', emails: ['jane@acme.example'] },
      });
      expect(created.ok).toBe(true);
      expect((await look()).ok).toBe(true);
      expect(server.lookups()).toHaveLength(2);

      now += 61_000;
      expect((await look()).ok).toBe(true);
      expect(server.lookups()).toHaveLength(3);
    });

    it('should end the session on 401 and answer expired, then send nothing more', async () => {
      const server = stubServer({
        'POST /api/v1/lookup': () => ({
          status: 401,
          body: {
            error: {
              code: 'unauthorized',
              message: 'This token is invalid, expired or revoked; sign in again',
            },
          },
        }),
      });
      const { ask } = setup();
      await signIn(ask);
      await settingsCache.setValue({
        companyDomains: [],
        personalDomains: [],
        fetchedAt: now,
        serverUrl: ORIGIN,
      });
      const res = await ask({ type: 'lookup', emails: ['jane@acme.example'] });
      expect(errorOf(res)).toMatchObject({
        code: 'expired',
        message: 'Your Rapport session has ended. Sign in again.',
      });
      expect(await session.getValue()).toBeNull();
      expect(await settingsCache.getValue()).toBeNull();
      expect(await endedSession.getValue()).toMatchObject({ serverUrl: ORIGIN, email: MARTA.email });

      const calls = server.calls.length;
      expect(errorOf(await ask({ type: 'lookup', emails: ['x@acme.example'] })).code).toBe('expired');
      expect(data(await ask({ type: 'status' }))).toMatchObject({
        signedIn: false,
        ended: { email: MARTA.email },
      });
      expect(server.calls).toHaveLength(calls);
    });

    it('should not send a token that is past its expiry', async () => {
      const server = stubServer();
      const { ask } = setup();
      await signIn(ask);
      const current = await session.getValue();
      if (!current) throw new Error('no session');
      await session.setValue({ ...current, expiresAt: new Date(Date.now() - 1000).toISOString() });
      const calls = server.calls.length;
      expect(errorOf(await ask({ type: 'lookup', emails: ['jane@acme.example'] })).code).toBe('expired');
      expect(data(await ask({ type: 'status' }))).toMatchObject({
        signedIn: false,
        ended: { serverUrl: ORIGIN },
      });
      expect(server.calls).toHaveLength(calls);
    });

    it('should report an unreachable server without ending the session', async () => {
      const server = stubServer();
      const { ask } = setup();
      await signIn(ask);
      server.fetch.mockRejectedValueOnce(new TypeError('Failed to fetch'));
      const res = await ask({ type: 'lookup', emails: ['jane@acme.example'] });
      expect(errorOf(res)).toMatchObject({ code: 'unreachable' });
      expect(errorOf(res).message).toContain(ORIGIN);
      expect(await session.getValue()).not.toBeNull();
    });
  });

  describe('status and signOut', () => {
    it('should check /healthz and /me when asked', async () => {
      const server = stubServer();
      const { ask } = setup();
      await signIn(ask);
      const res = await ask({ type: 'status', check: true }, OPTIONS_PAGE);
      expect(data(res)).toMatchObject({ signedIn: true, connection: { ok: true }, user: { id: MARTA.id } });
      expect(server.calls.slice(-2).map((c) => c.path)).toEqual(['/healthz', '/api/v1/me']);
    });

    it('should revoke the token on the server and forget the session', async () => {
      const server = stubServer();
      const { ask } = setup();
      await signIn(ask);
      const res = await ask({ type: 'signOut' }, OPTIONS_PAGE);
      expect(data(res)).toEqual({ signedIn: false, serverUrl: ORIGIN, ended: null });
      expect(server.calls.at(-1)).toMatchObject({
        method: 'POST',
        path: '/api/v1/auth/logout',
        authorization: 'Bearer tok_1',
      });
      expect(await session.getValue()).toBeNull();
    });
  });

  describe('settings and users', () => {
    afterEach(() => vi.useRealTimers());

    it('should keep the domain lists for ten minutes and serve the last copy while the server is away', async () => {
      const settings = zSettings.parse({
        companyDomains: ['ourco.example'],
        personalDomains: ['gmail.com'],
        allowedOrigins: [],
        version: 3,
      });
      const server = stubServer({ 'GET /api/v1/settings': () => ({ status: 200, body: settings }) });
      const { ask } = setup();
      await signIn(ask);
      const expected = { companyDomains: ['ourco.example'], personalDomains: ['gmail.com'] };
      expect(data(await ask({ type: 'settings' }))).toEqual(expected);
      expect(data(await ask({ type: 'settings' }))).toEqual(expected);
      expect(server.calls.filter((c) => c.path === '/api/v1/settings')).toHaveLength(1);

      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 11 * 60_000);
      const before = server.fetch.mock.calls.length;
      server.fetch.mockRejectedValueOnce(new TypeError('Failed to fetch'));
      expect(data(await ask({ type: 'settings' }))).toEqual(expected); // stale, but better than nothing
      expect(server.fetch).toHaveBeenCalledTimes(before + 1);
    });

    it('should list active colleagues across pages as user references', async () => {
      const user = (id: string) => ({ ...MARTA, id, email: `${id}@ourco.example` });
      const server = stubServer({
        'GET /api/v1/users': ({ url }) => ({
          status: 200,
          body: url.searchParams.get('cursor')
            ? { items: [user('u_b')], nextCursor: null }
            : { items: [user('u_a')], nextCursor: 'u_a' },
        }),
      });
      const { ask } = setup();
      await signIn(ask);
      const users = data(await ask<{ id: string }[]>({ type: 'listUsers' }));
      expect(users).toEqual([
        { id: 'u_a', name: MARTA.name, email: 'u_a@ourco.example', role: MARTA.role },
        { id: 'u_b', name: MARTA.name, email: 'u_b@ourco.example', role: MARTA.role },
      ]);
      expect(server.calls.find((c) => c.path === '/api/v1/users')?.url.searchParams.get('active')).toBe(
        'true',
      );
    });
  });

  describe('writes', () => {
    it('should pass the server’s validation details on', async () => {
      const issues = [{ path: 'name', message: 'Required' }];
      stubServer({
        'POST /api/v1/accounts': () => ({
          status: 400,
          body: {
            error: {
              code: 'validation_failed',
              message: 'Invalid json: name: Required',
              details: { target: 'json', issues },
            },
          },
        }),
      });
      const { ask } = setup();
      await signIn(ask);
      const res = await ask({ type: 'createAccount', account: { name: '' } });
      expect(errorOf(res)).toMatchObject({ code: 'validation', details: { issues } });
    });
  });

  describe('updateAccount', () => {
    const PATCH_INITECH = 'PATCH /api/v1/accounts/a_initech';
    const linkInitech = {
      type: 'updateAccount',
      id: 'a_initech',
      changes: { version: 3, linkedinSlug: 'initech' },
    } as const;

    it('should send the changes with the version read, answer the saved account and drop the lookup cache', async () => {
      const server = stubServer({
        [PATCH_INITECH]: ({ body }) => ({
          status: 200,
          body: accountFrom({ ...(body as Partial<Account>), version: 4 }),
        }),
      });
      const { ask } = setup();
      await signIn(ask);
      const look = () => ask({ type: 'lookup', linkedin: ['company:initech'] });
      expect((await look()).ok).toBe(true);
      expect((await look()).ok).toBe(true);
      expect(server.lookups()).toHaveLength(1);

      const res = await ask<Account>(linkInitech);
      expect(data(res)).toMatchObject({ id: 'a_initech', linkedinSlug: 'initech', version: 4 });
      expect(server.calls.at(-1)).toMatchObject({
        method: 'PATCH',
        path: '/api/v1/accounts/a_initech',
        body: { version: 3, linkedinSlug: 'initech' },
        authorization: 'Bearer tok_1',
      });
      expect((await look()).ok).toBe(true);
      expect(server.lookups()).toHaveLength(2);
    });

    it.each([
      [
        'a stale version',
        {
          code: 'version_conflict',
          message:
            'Account was changed by someone else; review the current version and apply your changes again',
          details: { current: { id: 'a_initech', version: 5 } },
        },
      ],
      [
        'a page linked to another account',
        {
          code: 'conflict',
          message: 'Another account has the LinkedIn page initech',
          details: { field: 'linkedinSlug', accountId: 'a_other' },
        },
      ],
    ])('should answer a 409 for %s as a conflict with the server’s message', async (_, error) => {
      stubServer({ [PATCH_INITECH]: () => ({ status: 409, body: { error } }) });
      const { ask } = setup();
      await signIn(ask);
      expect(errorOf(await ask(linkInitech))).toEqual({
        code: 'conflict',
        message: error.message,
        details: error.details,
      });
    });
  });
});

function accountFrom(overrides: Partial<Account>): Account {
  return zAccount.parse({
    id: 'a_initech',
    name: 'Initech',
    domains: ['initech.example'],
    linkedinSlug: null,
    linkedinAliases: [],
    status: 'customer',
    tier: 'standard',
    ownerId: null,
    repIds: [],
    industry: null,
    notes: '',
    createdAt: '2026-01-05T09:00:00.000Z',
    updatedAt: '2026-01-05T09:00:00.000Z',
    version: 3,
    ...overrides,
  });
}

function contactFrom(body: unknown) {
  const b = body as { accountId: string; name: string; emails?: string[] };
  return zContact.parse({
    id: 'c_jane',
    accountId: b.accountId,
    name: b.name,
    title: null,
    emails: b.emails ?? [],
    linkedinSlug: null,
    linkedinAliases: [],
    roles: [],
    stance: null,
    influence: null,
    reportsToId: null,
    relationshipOwnerId: null,
    lastContactedAt: null,
    notes: '',
    createdAt: '2026-01-05T09:00:00.000Z',
    updatedAt: '2026-01-05T09:00:00.000Z',
    version: 1,
  });
}
