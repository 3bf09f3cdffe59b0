import {
  type Account,
  type LookupAccount,
  type LookupResponse,
  zAccount,
  zSettings,
  zUser,
} from '@rapport/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import type { Request, Result, Sender } from '../messaging';
import { endedSession, serverUrl, session, settingsCache } from '../storage';
import { createRequestHandler } from './handler';
import {
  asAdmin,
  CLOSED_ORIGIN,
  callApi,
  ORIGIN,
  openLink,
  revokeToken,
  type SeededUser,
  seedAccount,
  seedUser,
  startOtherServer,
  uniqueTag,
  watchRequests,
} from './test-rapport';

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

/** A new account manager, signed in through the handler at `origin` (the test server unless told). */
async function signIn(ask: ReturnType<typeof setup>['ask'], origin = ORIGIN): Promise<SeededUser> {
  const marta = await seedUser('account_manager', 'Marta Rossi');
  const res = await ask(
    { type: 'signIn', serverUrl: origin, email: marta.email, password: marta.password },
    OPTIONS_PAGE,
  );
  expect(res.ok).toBe(true);
  return marta;
}

/** The stored session's token. */
async function token(): Promise<string> {
  const current = await session.getValue();
  if (!current) throw new Error('no session');
  return current.token;
}

function data<T>(res: Result<T>): T {
  if (!res.ok) throw new Error(`expected data, got ${res.error.code}: ${res.error.message}`);
  return res.data;
}

function errorOf(res: Result<unknown>) {
  if (res.ok) throw new Error('expected an error');
  return res.error;
}

/** Acme (by domain) and Globex (by domain and company page), named for this test. */
async function twoAccounts() {
  const tag = uniqueTag();
  const acme = await seedAccount({ name: `Acme ${tag}`, domains: [`acme-${tag}.example`] });
  const globex = await seedAccount({
    name: `Globex ${tag}`,
    domains: [`globex-${tag}.example`],
    linkedinSlug: `globex-${tag}`,
  });
  return { tag, acme, globex };
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
      { type: 'accountSummary', id: 'a_acme' },
    ])('should answer $type with signed_out and send nothing anywhere', async (req) => {
      const watch = watchRequests();
      const { ask } = setup();
      expect(errorOf(await ask(req)).code).toBe('signed_out');
      expect(watch.sent).toEqual([]);
    });
  });

  describe('signIn', () => {
    it('should normalise the URL, check /healthz, log in and store the session', async () => {
      const marta = await seedUser('account_manager', 'Marta Rossi');
      const watch = watchRequests();
      const { ask } = setup();
      const { host } = new URL(ORIGIN); // 127.0.0.1:<port>, typed without a scheme
      const res = await ask(
        { type: 'signIn', serverUrl: ` ${host}/login/ `, email: marta.email, password: marta.password },
        OPTIONS_PAGE,
      );
      expect(data(res)).toMatchObject({ signedIn: true, serverUrl: ORIGIN, user: { name: 'Marta Rossi' } });
      expect(watch.sent.map((c) => `${c.method} ${c.url.origin}${c.path}`)).toEqual([
        `GET ${ORIGIN}/healthz`,
        `POST ${ORIGIN}/api/v1/auth/login`,
      ]);
      const stored = await session.getValue();
      expect(stored).toMatchObject({ serverUrl: ORIGIN, user: { id: marta.id, email: marta.email } });
      expect(await serverUrl.getValue()).toBe(ORIGIN);
      // The stored token is one the server honours.
      expect((await callApi('GET', '/me', stored?.token ?? null)).body).toMatchObject({ id: marta.id });
    });

    it('should say so when the email or password is wrong', async () => {
      const marta = await seedUser('account_manager', 'Marta Rossi');
      const { ask } = setup();
      const res = await ask(
        { type: 'signIn', serverUrl: ORIGIN, email: marta.email, password: 'not her password' },
        OPTIONS_PAGE,
      );
      expect(errorOf(res)).toMatchObject({ code: 'validation', message: 'Wrong email or password.' });
      expect(await session.getValue()).toBeNull();
    });

    it.each([
      [
        'an HTML page',
        { status: 200, type: 'text/html', body: '<!doctype html><title>Welcome to nginx</title>' },
      ],
      ['another JSON API', { status: 404, type: 'application/json', body: '{"message":"Not Found"}' }],
    ])('should refuse a server that is not Rapport (%s)', async (_, reply) => {
      const other = await startOtherServer(reply);
      const watch = watchRequests();
      const { ask } = setup();
      const res = await ask(
        { type: 'signIn', serverUrl: other, email: 'marta@ourco.example', password: 'correct horse' },
        OPTIONS_PAGE,
      );
      expect(errorOf(res)).toMatchObject({ code: 'not_rapport' });
      expect(errorOf(res).message).toContain(other);
      expect(watch.sent.map((c) => c.path)).toEqual(['/healthz']); // the password never left
    });

    it('should report an unreachable server with its address', async () => {
      const { ask } = setup();
      const res = await ask(
        { type: 'signIn', serverUrl: CLOSED_ORIGIN, email: 'marta@ourco.example', password: 'x' },
        OPTIONS_PAGE,
      );
      expect(errorOf(res)).toMatchObject({ code: 'unreachable' });
      expect(errorOf(res).message).toContain(CLOSED_ORIGIN);
    });

    it('should need the host permission for an origin the manifest does not grant, and use https by default', async () => {
      // Any loopback address but 127.0.0.1 and localhost needs a permission; nothing listens on this one.
      const watch = watchRequests();
      const contains = vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
      const { ask } = setup();
      const req = {
        type: 'signIn',
        serverUrl: '127.0.0.2:9/app',
        email: 'marta@ourco.example',
        password: 'correct horse',
      } as const;
      expect(errorOf(await ask(req, OPTIONS_PAGE)).code).toBe('forbidden');
      expect(contains).toHaveBeenCalledWith({ origins: ['https://127.0.0.2/*'] });
      expect(watch.sent).toEqual([]);

      contains.mockResolvedValue(true);
      expect(errorOf(await ask(req, OPTIONS_PAGE))).toMatchObject({ code: 'unreachable' });
      expect(watch.sent.map((c) => c.url.href)).toEqual(['https://127.0.0.2:9/healthz']);
    });

    it('should refuse a sign-in sent by a content script', async () => {
      const watch = watchRequests();
      const { ask } = setup();
      const res = await ask(
        { type: 'signIn', serverUrl: ORIGIN, email: 'marta@ourco.example', password: 'correct horse' },
        GMAIL_TAB,
      );
      expect(errorOf(res).code).toBe('forbidden');
      expect(watch.sent).toEqual([]);
    });
  });

  describe('lookup', () => {
    it('should coalesce three concurrent lookups into one request and give each its own results', async () => {
      const { tag, acme, globex } = await twoAccounts();
      const { ask } = setup();
      await signIn(ask);
      const watch = watchRequests();
      const [a, b, c] = await Promise.all([
        ask<LookupResponse>({ type: 'lookup', emails: [`Jane@ACME-${tag}.example`] }),
        ask<LookupResponse>({
          type: 'lookup',
          emails: [`bob@globex-${tag}.example`, `jane@acme-${tag}.example`],
        }),
        ask<LookupResponse>({
          type: 'lookup',
          linkedin: [`https://www.linkedin.com/company/globex-${tag}/`],
          emails: ['friend@gmail.com'],
        }),
      ]);
      expect(watch.lookups()).toHaveLength(1);
      // One key per normalised address: Jane@ACME… and jane@acme… were asked once.
      expect(watch.lookups()[0]?.body).toEqual({
        emails: [`Jane@ACME-${tag}.example`, `bob@globex-${tag}.example`, 'friend@gmail.com'],
        linkedin: [`https://www.linkedin.com/company/globex-${tag}/`],
      });
      expect(watch.lookups()[0]?.authorization).toBe(`Bearer ${await token()}`);

      expect(data(a).results).toEqual([
        expect.objectContaining({ input: `Jane@ACME-${tag}.example`, accountId: acme.id }),
      ]);
      expect(data(a).accounts.map((x) => x.name)).toEqual([acme.name]);
      expect(data(b).results.map((r) => [r.input, r.accountId])).toEqual([
        [`bob@globex-${tag}.example`, globex.id],
        [`jane@acme-${tag}.example`, acme.id],
      ]);
      expect(
        data(b)
          .accounts.map((x) => x.id)
          .sort(),
      ).toEqual([acme.id, globex.id].sort());
      expect(data(c).results.map((r) => [r.input, r.accountId])).toEqual([
        ['friend@gmail.com', null],
        [`https://www.linkedin.com/company/globex-${tag}/`, globex.id],
      ]);
      expect(data(c).accounts.map((x) => x.name)).toEqual([globex.name]);
    });

    it('should join a lookup already in flight instead of asking again', async () => {
      const { tag, acme } = await twoAccounts();
      const { ask } = setup();
      await signIn(ask);
      let release: () => void = () => {};
      const slowNetwork = new Promise<void>((r) => {
        release = r;
      });
      const watch = watchRequests({
        hold: (req) => (req.path === '/api/v1/lookup' ? slowNetwork : undefined),
      });
      const first = ask<LookupResponse>({ type: 'lookup', emails: [`jane@acme-${tag}.example`] });
      await vi.waitFor(() => expect(watch.lookups()).toHaveLength(1), { timeout: 8000 });
      const second = ask<LookupResponse>({ type: 'lookup', emails: [`JANE@acme-${tag}.example`] });
      await new Promise((r) => setTimeout(r, 40)); // longer than the window: the second is not queued
      release();
      const [a, b] = [data(await first), data(await second)];
      expect(watch.lookups()).toHaveLength(1);
      expect(a.results[0]).toMatchObject({ input: `jane@acme-${tag}.example`, accountId: acme.id });
      expect(b.results[0]).toMatchObject({ input: `JANE@acme-${tag}.example`, accountId: acme.id });
    });

    it('should split more than 50 inputs of a kind into several requests', async () => {
      const { tag, acme } = await twoAccounts();
      const { ask } = setup();
      await signIn(ask);
      const watch = watchRequests();
      const emails = Array.from({ length: 120 }, (_, i) => `p${i}@acme-${tag}.example`);
      const res = await ask<LookupResponse>({ type: 'lookup', emails, linkedin: ['in:jane-doe'] });
      expect(data(res).results).toHaveLength(121);
      expect(data(res).results.filter((r) => r.accountId === acme.id)).toHaveLength(120);
      expect(watch.lookups().map((c) => (c.body as { emails: string[] }).emails.length)).toEqual([
        50, 50, 20,
      ]);
    });

    it('should answer from the cache within the TTL and ask again after a write or once it expires', async () => {
      const { tag, acme } = await twoAccounts();
      const { ask } = setup();
      await signIn(ask);
      const watch = watchRequests();
      const jane = `jane@acme-${tag}.example`;
      const look = async () => data(await ask<LookupResponse>({ type: 'lookup', emails: [jane] })).results[0];
      expect(await look()).toMatchObject({ match: 'domain', contactId: null });
      now += 30_000;
      expect(await look()).toMatchObject({ match: 'domain' });
      expect(watch.lookups()).toHaveLength(1);

      const created = await ask({
        type: 'createContact',
        contact: { accountId: acme.id, name: 'Jane Doe', emails: [jane] },
      });
      expect(created.ok).toBe(true);
      expect(await look()).toMatchObject({ match: 'email', accountId: acme.id }); // she is a stakeholder now
      expect(watch.lookups()).toHaveLength(2);

      now += 61_000;
      expect((await look())?.match).toBe('email');
      expect(watch.lookups()).toHaveLength(3);
    });

    it('should end the session on 401 and answer expired, then send nothing more', async () => {
      const { tag } = await twoAccounts();
      const { ask } = setup();
      const marta = await signIn(ask);
      await settingsCache.setValue({
        companyDomains: [],
        personalDomains: [],
        fetchedAt: now,
        serverUrl: ORIGIN,
      });
      await revokeToken(await token()); // signed out elsewhere: the server no longer honours the token
      const watch = watchRequests();
      const res = await ask({ type: 'lookup', emails: [`jane@acme-${tag}.example`] });
      expect(errorOf(res)).toMatchObject({
        code: 'expired',
        message: 'Your Rapport session has ended. Sign in again.',
      });
      expect(watch.lookups()).toHaveLength(1);
      expect(await session.getValue()).toBeNull();
      expect(await settingsCache.getValue()).toBeNull();
      expect(await endedSession.getValue()).toMatchObject({ serverUrl: ORIGIN, email: marta.email });

      const calls = watch.sent.length;
      expect(errorOf(await ask({ type: 'lookup', emails: [`x@acme-${tag}.example`] })).code).toBe('expired');
      expect(data(await ask({ type: 'status' }))).toMatchObject({
        signedIn: false,
        ended: { email: marta.email },
      });
      expect(watch.sent).toHaveLength(calls);
    });

    it('should not send a token that is past its expiry', async () => {
      const { ask } = setup();
      await signIn(ask);
      const current = await session.getValue();
      if (!current) throw new Error('no session');
      await session.setValue({ ...current, expiresAt: new Date(Date.now() - 1000).toISOString() });
      const watch = watchRequests();
      expect(errorOf(await ask({ type: 'lookup', emails: ['jane@acme.example'] })).code).toBe('expired');
      expect(data(await ask({ type: 'status' }))).toMatchObject({
        signedIn: false,
        ended: { serverUrl: ORIGIN },
      });
      expect(watch.sent).toEqual([]);
    });

    it('should report an unreachable server without ending the session', async () => {
      const { tag } = await twoAccounts();
      const link = await openLink();
      const { ask } = setup();
      await signIn(ask, link.origin);
      await link.cut(); // the server went away
      const res = await ask({ type: 'lookup', emails: [`jane@acme-${tag}.example`] });
      expect(errorOf(res)).toMatchObject({ code: 'unreachable' });
      expect(errorOf(res).message).toContain(link.origin);
      expect(await session.getValue()).not.toBeNull();
    });
  });

  describe('status and signOut', () => {
    it('should check /healthz and /me when asked', async () => {
      const { ask } = setup();
      const marta = await signIn(ask);
      const watch = watchRequests();
      const res = await ask({ type: 'status', check: true }, OPTIONS_PAGE);
      expect(data(res)).toMatchObject({ signedIn: true, connection: { ok: true }, user: { id: marta.id } });
      expect(watch.sent.map((c) => c.path)).toEqual(['/healthz', '/api/v1/me']);
    });

    it('should revoke the token on the server and forget the session', async () => {
      const { ask } = setup();
      await signIn(ask);
      const signedIn = await token();
      const watch = watchRequests();
      const res = await ask({ type: 'signOut' }, OPTIONS_PAGE);
      expect(data(res)).toEqual({ signedIn: false, serverUrl: ORIGIN, ended: null });
      expect(watch.sent).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: '/api/v1/auth/logout',
          authorization: `Bearer ${signedIn}`,
        }),
      ]);
      expect(await session.getValue()).toBeNull();
      expect((await callApi('GET', '/me', signedIn)).status).toBe(401);
    });
  });

  describe('accountSummary', () => {
    it('should answer the account as the card shows it, as seen by the person signed in', async () => {
      const { ask } = setup();
      const marta = await signIn(ask);
      const tag = uniqueTag();
      const account = await seedAccount({
        name: `Umbrella ${tag}`,
        tier: 'key',
        ownerId: marta.id,
        status: 'customer',
      });
      const watch = watchRequests();
      const summary = data(await ask<LookupAccount>({ type: 'accountSummary', id: account.id }));
      expect(summary).toMatchObject({
        id: account.id,
        name: account.name,
        owner: { id: marta.id, name: 'Marta Rossi' },
        ownership: { relation: 'owner', message: 'Your key account' },
        openOpportunities: [],
        stakeholderCount: 0,
      });
      expect(watch.sent.map((c) => `${c.method} ${c.path}`)).toEqual([
        `GET /api/v1/accounts/${account.id}/summary`,
      ]);
    });

    it('should answer a merged account as a conflict that names the account it lives on', async () => {
      const { ask } = setup();
      await signIn(ask);
      const { acme, globex } = await twoAccounts();
      await asAdmin('POST', `/accounts/${acme.id}/merge`, zAccount, {
        sourceId: globex.id,
        version: acme.version,
      });
      expect(errorOf(await ask({ type: 'accountSummary', id: globex.id }))).toMatchObject({
        code: 'conflict',
        details: { id: globex.id, mergedInto: acme.id },
      });
    });
  });

  describe('settings and users', () => {
    afterEach(() => vi.useRealTimers());

    it('should keep the domain lists for ten minutes and serve the last copy while the server is away', async () => {
      const link = await openLink();
      const { ask } = setup();
      await signIn(ask, link.origin);
      const settings = await asAdmin('GET', '/settings', zSettings);
      const expected = { companyDomains: settings.companyDomains, personalDomains: settings.personalDomains };
      const watch = watchRequests();
      expect(data(await ask({ type: 'settings' }))).toEqual(expected);
      expect(data(await ask({ type: 'settings' }))).toEqual(expected);
      expect(watch.sent.filter((c) => c.path === '/api/v1/settings')).toHaveLength(1);

      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 11 * 60_000);
      await link.cut();
      expect(data(await ask({ type: 'settings' }))).toEqual(expected); // stale, but better than nothing
      expect(watch.sent.filter((c) => c.path === '/api/v1/settings')).toHaveLength(2);
    });

    it('should list active colleagues across pages as user references', async () => {
      const { ask } = setup();
      const marta = await signIn(ask);
      // More colleagues than one page holds (200), so the list is followed by its cursor.
      const team = [];
      for (let i = 0; i < 4; i++) {
        const batch = Array.from({ length: 50 }, (_, j) =>
          seedUser('sales_rep', `Rep ${i * 50 + j}`, { password: false }),
        );
        team.push(...(await Promise.all(batch)));
      }
      const gone = await seedUser('sales_rep', 'Left Already', { password: false });
      await asAdmin('PATCH', `/users/${gone.id}`, zUser, { version: 1, active: false });

      const watch = watchRequests();
      const users = data(await ask<{ id: string }[]>({ type: 'listUsers' }));
      const ref = ({ id, name, email, role }: SeededUser) => ({ id, name, email, role });
      expect(users).toEqual(expect.arrayContaining([ref(marta), ...team.map(ref)]));
      expect(users.map((u) => u.id)).not.toContain(gone.id);
      const pages = watch.sent.filter((c) => c.path === '/api/v1/users');
      expect(pages.length).toBeGreaterThan(1);
      expect(pages.map((c) => c.url.searchParams.get('active'))).toEqual(pages.map(() => 'true'));
      expect(pages[1]?.url.searchParams.get('cursor')).toBeTruthy();
    });
  });

  describe('writes', () => {
    it('should pass the server’s validation details on', async () => {
      const { ask } = setup();
      await signIn(ask);
      const res = await ask({ type: 'createAccount', account: { name: '' } });
      expect(errorOf(res)).toMatchObject({
        code: 'validation',
        details: { issues: [expect.objectContaining({ path: 'name' })] },
      });
    });
  });

  describe('updateAccount', () => {
    /** Initech, found by its domain, without a LinkedIn company page yet. */
    async function initech() {
      const tag = uniqueTag();
      const account = await seedAccount({ name: `Initech ${tag}`, domains: [`initech-${tag}.example`] });
      return { tag, account, link: { linkedinSlug: `initech-${tag}` } };
    }

    it('should send the changes with the version read, answer the saved account and drop the lookup cache', async () => {
      const { tag, account, link } = await initech();
      const { ask } = setup();
      await signIn(ask);
      const watch = watchRequests();
      const look = async () =>
        data(await ask<LookupResponse>({ type: 'lookup', linkedin: [`company:initech-${tag}`] })).results[0];
      expect(await look()).toMatchObject({ match: 'none', accountId: null });
      expect(await look()).toMatchObject({ match: 'none' });
      expect(watch.lookups()).toHaveLength(1);

      const res = await ask<Account>({
        type: 'updateAccount',
        id: account.id,
        changes: { version: account.version, ...link },
      });
      expect(data(res)).toMatchObject({ id: account.id, ...link, version: account.version + 1 });
      expect(watch.sent.at(-1)).toMatchObject({
        method: 'PATCH',
        path: `/api/v1/accounts/${account.id}`,
        body: { version: account.version, ...link },
        authorization: `Bearer ${await token()}`,
      });
      expect(await look()).toMatchObject({ match: 'linkedin', accountId: account.id });
      expect(watch.lookups()).toHaveLength(2);
    });

    it('should answer a 409 for a stale version as a conflict with the server’s message', async () => {
      const { account, link } = await initech();
      const { ask } = setup();
      await signIn(ask);
      // Someone else saved the account after it was read.
      await asAdmin('PATCH', `/accounts/${account.id}`, zAccount, { version: account.version, notes: 'Hi' });
      const res = await ask({
        type: 'updateAccount',
        id: account.id,
        changes: { version: account.version, ...link },
      });
      expect(errorOf(res)).toEqual({
        code: 'conflict',
        message:
          'Account was changed by someone else; review the current version and apply your changes again',
        details: {
          current: expect.objectContaining({ id: account.id, notes: 'Hi', version: account.version + 1 }),
        },
      });
    });

    it('should answer a 409 for a page linked to another account as a conflict with the server’s message', async () => {
      const { tag, account, link } = await initech();
      const other = await seedAccount({ name: `Initech Holding ${tag}`, ...link });
      const { ask } = setup();
      await signIn(ask);
      const res = await ask({
        type: 'updateAccount',
        id: account.id,
        changes: { version: account.version, ...link },
      });
      expect(errorOf(res)).toEqual({
        code: 'conflict',
        message: `Another account has the LinkedIn page initech-${tag}`,
        details: { field: 'linkedinSlug', accountId: other.id },
      });
    });
  });
});
