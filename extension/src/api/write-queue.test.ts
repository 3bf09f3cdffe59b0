import { type Contact, type Page, zContact } from '@rapport/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import type { Request, Result, Sender } from '../messaging';
import { type PendingWrite, pendingWrites, rejectedWrites, session } from '../storage';
import { createRequestHandler } from './handler';
import {
  ADMIN_TOKEN,
  asAdmin,
  callApi,
  openLink,
  revokeToken,
  type SeededUser,
  seedAccount,
  seedUser,
  uniqueTag,
  watchRequests,
} from './test-rapport';
import { backoffMs, MAX_RETRY_MS, QUEUE_ALARM } from './write-queue';

const OPTIONS_PAGE: Sender = { url: 'chrome-extension://test-extension-id/options.html' };
const LINKEDIN_TAB: Sender = { tab: { id: 9 } as Sender['tab'], url: 'https://www.linkedin.com/in/jane' };

let now = 1_000_000;
/** The timers the queue asked for (run by hand: a test never waits for the clock). */
let timers: { ms: number; run: () => void }[] = [];

/** A background as a fresh service worker starts it; `random` fixes the jitter. */
function worker(random = () => 1) {
  const handler = createRequestHandler(
    { windowMs: 5, now: () => now },
    {
      now: () => now,
      random,
      setTimer: (run, ms) => {
        timers.push({ ms, run });
        return () => undefined;
      },
    },
  );
  const ask = <T = unknown>(req: Request, sender: Sender = LINKEDIN_TAB) =>
    handler.handle(req, sender) as Promise<Result<T>>;
  return { handler, ask };
}

type Ask = ReturnType<typeof worker>['ask'];

async function signIn(ask: Ask, origin: string, user?: SeededUser): Promise<SeededUser> {
  const marta = user ?? (await seedUser('account_manager', 'Marta Rossi'));
  const res = await ask(
    { type: 'signIn', serverUrl: origin, email: marta.email, password: marta.password },
    OPTIONS_PAGE,
  );
  expect(res.ok).toBe(true);
  return marta;
}

function data<T>(res: Result<T>): T {
  if (!res.ok) throw new Error(`expected data, got ${res.error.code}: ${res.error.message}`);
  return res.data;
}

function errorOf(res: Result<unknown>) {
  if (res.ok) throw new Error('expected an error');
  return res.error;
}

/** The account's stakeholders as the server has them (asked as the admin, beside the extension). */
async function stakeholders(accountId: string): Promise<Contact[]> {
  const res = await callApi<Page<Contact>>('GET', `/contacts?accountId=${accountId}&limit=200`, ADMIN_TOKEN);
  return res.body.items;
}

/** An account of this test, the server behind a link the test cuts, and Marta signed in through it. */
async function offlineWorld(random?: () => number) {
  const tag = uniqueTag();
  const account = await seedAccount({ name: `Acme ${tag}`, domains: [`acme-${tag}.example`] });
  const link = await openLink();
  const { ask, handler } = worker(random);
  const marta = await signIn(ask, link.origin);
  return { tag, account, link, ask, handler, marta };
}

describe('write queue', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    now = 1_000_000;
    timers = [];
  });
  afterEach(() => vi.unstubAllGlobals());

  it('should send one Idempotency-Key per action, so the same action sent twice is applied once', async () => {
    const { tag, account, ask } = await offlineWorld();
    const watch = watchRequests();
    const contact = { accountId: account.id, name: `Jane ${tag}` };
    const first = data(await ask<Contact>({ type: 'createContact', contact, key: `k-${tag}` }));
    const again = data(await ask<Contact>({ type: 'createContact', contact, key: `k-${tag}` }));
    expect(again.id).toBe(first.id);
    expect((await stakeholders(account.id)).map((c) => c.name)).toEqual([`Jane ${tag}`]);
    // Without a key from the page the background makes one, a new one for each action.
    await ask({ type: 'createContact', contact: { accountId: account.id, name: `Ann ${tag}` } });
    const keys = watch.sent.filter((r) => r.path === '/api/v1/contacts').map((r) => r.idempotencyKey);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toBe(`k-${tag}`);
    expect(keys[2]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should keep a write the server did not answer, say so, and send it once when the server is back', async () => {
    const { tag, account, link, ask } = await offlineWorld();
    await link.cut(); // the server went away
    const res = await ask({ type: 'createContact', contact: { accountId: account.id, name: `Jane ${tag}` } });
    expect(errorOf(res)).toMatchObject({ code: 'pending' });
    const [kept] = await pendingWrites.getValue();
    expect(kept).toMatchObject({
      type: 'createContact',
      path: '/contacts',
      subject: `Jane ${tag}`,
      attempts: 1,
    });
    expect(await stakeholders(account.id)).toEqual([]);

    await link.restore();
    const watch = watchRequests();
    expect(data(await ask({ type: 'retryPending' }))).toEqual({ left: 0 });
    expect(watch.sent.map((r) => r.idempotencyKey)).toEqual([kept?.id]);
    expect((await stakeholders(account.id)).map((c) => c.name)).toEqual([`Jane ${tag}`]);
    expect(await pendingWrites.getValue()).toEqual([]);
    // Sending it again (a retry whose answer was lost) changes nothing: the server answers the first result.
    expect(data(await ask({ type: 'retryPending' }))).toEqual({ left: 0 });
    expect(await stakeholders(account.id)).toHaveLength(1);
  });

  it('should wait 5 s, then twice as long each time up to 5 minutes, with jitter, on an alarm', async () => {
    expect([1, 2, 3, 7, 8, 30].map((n) => backoffMs(n, () => 1))).toEqual([
      5_000,
      10_000,
      20_000,
      MAX_RETRY_MS,
      MAX_RETRY_MS,
      MAX_RETRY_MS,
    ]);
    // The jitter draws between half and all of the wait.
    expect(backoffMs(3, () => 0)).toBe(10_000);
    expect(backoffMs(3, () => 0.5)).toBe(15_000);

    const { tag, account, link, ask } = await offlineWorld(() => 1);
    await link.cut();
    await ask({ type: 'createContact', contact: { accountId: account.id, name: `Jane ${tag}` } });
    const alarm = async () => (await fakeBrowser.alarms.get(QUEUE_ALARM))?.scheduledTime;
    expect(await alarm()).toBe(now + 5_000);
    expect(timers.at(-1)?.ms).toBe(5_000);
    expect(data(await ask({ type: 'retryPending' }))).toEqual({ left: 1 });
    expect(await alarm()).toBe(now + 10_000);
    expect(data(await ask({ type: 'retryPending' }))).toEqual({ left: 1 });
    expect(await alarm()).toBe(now + 20_000);

    // The alarm wakes the worker: a due write goes, an early alarm sends nothing.
    const watch = watchRequests();
    await link.restore();
    const { handler } = worker();
    await handler.resume(); // not due yet
    expect(watch.sent).toEqual([]);
    now += 20_000;
    await fakeBrowser.alarms.onAlarm.trigger({ name: QUEUE_ALARM, scheduledTime: now });
    await vi.waitFor(async () => expect(await stakeholders(account.id)).toHaveLength(1));
    expect(await pendingWrites.getValue()).toEqual([]);
    expect(await alarm()).toBeUndefined();
  });

  it('should send the writes in the order they were made, none before the one ahead of it', async () => {
    const { tag, account, link, ask } = await offlineWorld();
    await link.cut();
    const watch = watchRequests();
    await ask({ type: 'createAccount', account: { name: `Globex ${tag}` } });
    await ask({ type: 'createContact', contact: { accountId: account.id, name: `Jane ${tag}` } });
    await ask({ type: 'updateAccount', id: account.id, changes: { version: account.version, tier: 'key' } });
    expect((await pendingWrites.getValue()).map((w) => w.type)).toEqual([
      'createAccount',
      'createContact',
      'updateAccount',
    ]);
    // While the first cannot go, the later ones are not tried: each new write tries the oldest.
    expect(watch.sent.map((r) => r.path)).toEqual([
      '/api/v1/accounts',
      '/api/v1/accounts',
      '/api/v1/accounts',
    ]);

    await link.restore();
    watch.sent.splice(0);
    expect(data(await ask({ type: 'retryPending' }))).toEqual({ left: 0 });
    expect(watch.sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v1/accounts',
      'POST /api/v1/contacts',
      `PATCH /api/v1/accounts/${account.id}`,
    ]);
  });

  it('should keep writes through an ended session and send them once after signing in again', async () => {
    const { tag, account, ask, marta, link } = await offlineWorld();
    const current = await session.getValue();
    if (!current) throw new Error('no session');
    await revokeToken(current.token); // signed out elsewhere, or by an admin
    const res = await ask({ type: 'createContact', contact: { accountId: account.id, name: `Jane ${tag}` } });
    expect(errorOf(res)).toMatchObject({ code: 'pending' });
    expect(errorOf(res).message).toMatch(/sign in again/i);
    // Signed-out now ("Sign in again"); a second write waits too, behind the first.
    const second = await ask({
      type: 'createContact',
      contact: { accountId: account.id, name: `Ann ${tag}` },
    });
    expect(errorOf(second)).toMatchObject({ code: 'pending' });
    expect(await pendingWrites.getValue()).toHaveLength(2);
    expect(await stakeholders(account.id)).toEqual([]);

    await signIn(ask, link.origin, marta);
    await vi.waitFor(async () => expect(await pendingWrites.getValue()).toEqual([]));
    expect((await stakeholders(account.id)).map((c) => c.name).sort()).toEqual([`Ann ${tag}`, `Jane ${tag}`]);
  });

  it.each([
    ['409, someone changed it first', 'conflict'],
    ['400, the values are refused', 'validation'],
  ])('should take a refused write out of the queue and keep what was typed (%s)', async (_, code) => {
    const { tag, account, link, ask } = await offlineWorld();
    const jane = await asAdmin('POST', '/contacts', zContact, { accountId: account.id, name: `Jane ${tag}` });
    await link.cut();
    const changes =
      code === 'conflict'
        ? { version: jane.version, title: 'CFO' }
        : { version: jane.version, title: 'CFO', emails: ['not an address'] };
    await ask({ type: 'updateContact', id: jane.id, changes, subject: jane.name });
    if (code === 'conflict') {
      await asAdmin('PATCH', `/contacts/${jane.id}`, zContact, { version: jane.version, title: 'CEO' });
    }
    await link.restore();
    expect(data(await ask({ type: 'retryPending' }))).toEqual({ left: 0 });
    const [refused] = await rejectedWrites.getValue();
    expect(refused).toMatchObject({ code, write: { body: changes, subject: `Jane ${tag}` } });
    expect(refused?.message).toBeTruthy();
    if (code === 'conflict') {
      expect(refused?.details).toMatchObject({ current: { title: 'CEO' } });
    }
    const stored = await asAdmin('GET', `/contacts/${jane.id}`, zContact);
    expect(stored.title).toBe(code === 'conflict' ? 'CEO' : null);
    // Read and dismissed, it is gone.
    await ask({ type: 'dismissRejected', id: refused?.write.id ?? '' });
    expect(await rejectedWrites.getValue()).toEqual([]);
  });

  it('should let the person discard a waiting write and undo that', async () => {
    const { tag, account, link, ask } = await offlineWorld();
    await link.cut();
    await ask({ type: 'createContact', contact: { accountId: account.id, name: `Jane ${tag}` } });
    await ask({ type: 'createContact', contact: { accountId: account.id, name: `Ann ${tag}` } });
    const [jane] = await pendingWrites.getValue();
    const discarded = data(await ask<PendingWrite | null>({ type: 'discardPending', id: jane?.id ?? '' }));
    expect((await pendingWrites.getValue()).map((w) => w.subject)).toEqual([`Ann ${tag}`]);
    if (!discarded) throw new Error('nothing discarded');
    await ask({ type: 'restorePending', write: discarded });
    expect((await pendingWrites.getValue()).map((w) => w.subject)).toEqual([`Jane ${tag}`, `Ann ${tag}`]);
    await ask({ type: 'discardPending', id: jane?.id ?? '' });
    await link.restore();
    await ask({ type: 'retryPending' });
    expect((await stakeholders(account.id)).map((c) => c.name)).toEqual([`Ann ${tag}`]);
  });

  it('should ask before signing out with writes waiting, and drop them only when told', async () => {
    const { tag, account, link, ask } = await offlineWorld();
    await link.cut();
    await ask({ type: 'createContact', contact: { accountId: account.id, name: `Jane ${tag}` } });
    const asked = errorOf(await ask({ type: 'signOut' }, OPTIONS_PAGE));
    expect(asked).toMatchObject({ code: 'pending', details: { count: 1 } });
    expect(await session.getValue()).not.toBeNull();
    // "Send first" while the server is still away: still waiting, still signed in.
    expect(errorOf(await ask({ type: 'signOut', pending: 'send' }, OPTIONS_PAGE)).code).toBe('pending');
    data(await ask({ type: 'signOut', pending: 'discard' }, OPTIONS_PAGE));
    expect(await session.getValue()).toBeNull();
    expect(await pendingWrites.getValue()).toEqual([]);
    await link.restore();
    expect(await stakeholders(account.id)).toEqual([]);
  });

  it('should send at once when the server answers another request again', async () => {
    const { tag, account, link, ask } = await offlineWorld();
    await link.cut();
    await ask({ type: 'createContact', contact: { accountId: account.id, name: `Jane ${tag}` } });
    await link.restore();
    data(await ask({ type: 'lookup', emails: [`jane@acme-${tag}.example`] }));
    await vi.waitFor(async () => expect(await stakeholders(account.id)).toHaveLength(1));
  });
});
