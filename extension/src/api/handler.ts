import {
  type Page,
  type UserRef,
  zAccount,
  zAccountPlan,
  zContact,
  zCoverage,
  zLookupAccount,
  zLookupResponse,
  zPage,
  zPortfolio,
  zProductLine,
  zSearchResponse,
  zSettings,
  zSignals,
  zTimelineEntry,
  zTouch,
  zUser,
} from '@rapport/shared';

import { browser } from '#imports';
import { intlLocale, m } from '../i18n';
import type {
  DomainSettings,
  Request,
  RequestOf,
  RequestType,
  ResponseOf,
  Result,
  Sender,
} from '../messaging';
import { announceSessionChange } from '../messaging';
import {
  endedSession,
  type PendingWrite,
  pendingWrites,
  type QueuedWriteType,
  settingsCache,
} from '../storage';
import { api, type Schema } from './client';
import { fail, RapportFailure, toRapportError } from './errors';
import { LookupBatcher, type LookupBatcherOptions } from './lookup-batcher';
import { readStatus, signIn, signOut } from './session';
import { currentSession, liveSession } from './session-store';
import { createWriteQueue, type WriteQueueOptions } from './write-queue';

/** Settings change rarely; refetch them after this long (a failed refresh keeps the last copy). */
const SETTINGS_TTL_MS = 10 * 60_000;
/** Most pages followed when listing contacts or users (200 per page). */
const MAX_PAGES = 10;

/** Requests that manage the queue itself: their success says nothing about the server answering again. */
const QUEUE_REQUESTS = new Set<RequestType>([
  'retryPending',
  'discardPending',
  'restorePending',
  'dismissRejected',
  'signOut',
]);

/** A write as the queue sends it. */
interface WriteCall {
  method: PendingWrite['method'];
  path: string;
  body?: unknown;
  query?: Record<string, string | number>;
  /** What the pending list calls it (a name, a subject). */
  subject: string;
}

type Handlers = { [K in RequestType]: (request: RequestOf<K>, sender: Sender) => Promise<ResponseOf<K>> };

/**
 * The background's answers to every request of `src/messaging.ts`. Holds the lookup cache, so create one per
 * service worker (in `main()`); `lookup` tunes its coalescing window and TTL (tests shorten them).
 * @example const handler = createRequestHandler(); listenForRequests(handler.handle);
 */
export function createRequestHandler(
  lookup: Partial<Omit<LookupBatcherOptions, 'send'>> = {},
  queueOptions: Omit<WriteQueueOptions, 'onSettled'> = {},
) {
  const batcher = new LookupBatcher({
    ...lookup,
    send: async (body) => api(await currentSession(), '/lookup', zLookupResponse, { method: 'POST', body }),
  });
  // The writes a caller is waiting for (its page refreshes itself once answered).
  const awaited = new Set<string>();
  let announcing = false;
  // A write the queue sends drops the lookup cache, as a direct write does; one sent later, from the queue,
  // also makes the open overlays look again, so what was added offline shows without a reload.
  const queue = createWriteQueue({
    ...queueOptions,
    onSettled: (write) => {
      batcher.invalidate();
      if (awaited.has(write.id) || announcing) return;
      announcing = true;
      queueMicrotask(() => {
        announcing = false;
        void announceSessionChange();
      });
    },
  });

  /**
   * A write that is never lost (issue 8): sent with its Idempotency-Key behind any write still waiting, so
   * order is kept. Taken: its answer. Refused: the server's reason, as any failed request. Not taken
   * (unreachable, 5xx, session ended): kept in the queue and answered 'pending'.
   */
  const queued = async <T>(type: QueuedWriteType, key: string | undefined, call: WriteCall): Promise<T> => {
    const s = await liveSession();
    const ended = s ? null : await endedSession.getValue();
    if (!s && !ended) return fail('signed_out', m.common.errors.notConnected); // nothing kept signed out
    const write: PendingWrite = {
      id: key ?? crypto.randomUUID(),
      type,
      serverUrl: s?.serverUrl ?? ended?.serverUrl ?? '',
      user: s?.user.email ?? ended?.email ?? '',
      method: call.method,
      path: call.path,
      subject: call.subject,
      createdAt: Date.now(),
      attempts: 0,
      nextAt: 0,
    };
    if (call.body !== undefined) write.body = call.body;
    if (call.query !== undefined) write.query = call.query;
    await queue.add(write);
    awaited.add(write.id);
    const outcome = s ? (await queue.flush(true)).get(write.id) : undefined;
    awaited.delete(write.id);
    if (outcome?.status === 'sent') {
      batcher.invalidate();
      if (outcome.data === null && type !== 'deleteTouch')
        fail('server', m.common.errors.unknownShape(s?.serverUrl ?? ''));
      return outcome.data as T;
    }
    if (outcome?.status === 'rejected') {
      // The person is looking at the form: they see the reason there, not in the pending list too.
      await queue.dismiss(write.id);
      throw new RapportFailure(outcome.error);
    }
    const why = outcome?.error.code ?? (s ? queue.waitingFor() : 'expired');
    return fail('pending', why === 'expired' ? m.common.pending.savedSignIn : m.common.pending.saved, {
      id: write.id,
    });
  };

  const handlers: Handlers = {
    status: (req) => readStatus(req.check ?? false),
    signIn: async (req, sender) => {
      // The password is typed in the options page; a content script has no business sending one.
      if (!isExtensionPage(sender)) fail('forbidden', m.common.errors.signInFromOptions);
      batcher.invalidate();
      const status = await signIn(req);
      void queue.flush(true); // what waited for this sign-in goes now
      return status;
    },
    signOut: async (req) => {
      if (req.pending === 'send') await queue.flush(true);
      const left = (await pendingWrites.getValue()).length;
      if (left > 0 && req.pending !== 'discard') {
        fail('pending', m.common.pending.signOutAsk(left), { count: left });
      }
      await queue.clear(); // the bodies are what the person typed: not kept past their session
      batcher.invalidate();
      return signOut();
    },
    retryPending: async () => {
      await currentSession();
      await queue.flush(true);
      return { left: (await pendingWrites.getValue()).length };
    },
    discardPending: async (req) => queue.discard(req.id),
    restorePending: async (req) => {
      await queue.restore(req.write);
      return null;
    },
    dismissRejected: async (req) => {
      await queue.dismiss(req.id);
      // Re-applied from the pending list: the overlays look again (they did not make the write themselves)
      if (req.applied) void announceSessionChange();
      return null;
    },
    lookup: async (req) => {
      await currentSession(); // signed out: answer at once, send nothing
      return batcher.lookup(req.emails ?? [], req.linkedin ?? []);
    },
    search: async (req) => {
      const s = await currentSession();
      const q = req.q.trim();
      if (!q) return { items: [] };
      return api(s, '/search', zSearchResponse, { query: { q, type: req.kind, limit: req.limit } });
    },
    settings: () => domainSettings(),
    createAccount: (req) =>
      queued('createAccount', req.key, {
        method: 'POST',
        path: '/accounts',
        body: req.account,
        subject: req.account.name,
      }),
    createContact: (req) =>
      queued('createContact', req.key, {
        method: 'POST',
        path: '/contacts',
        body: req.contact,
        subject: req.contact.name,
      }),
    updateContact: (req) =>
      queued('updateContact', req.key, {
        method: 'PATCH',
        path: `/contacts/${encodeURIComponent(req.id)}`,
        body: req.changes,
        subject: req.subject ?? req.changes.name ?? '',
      }),
    updateAccount: (req) =>
      queued('updateAccount', req.key, {
        method: 'PATCH',
        path: accountPath(req.id),
        body: req.changes,
        subject: req.subject ?? req.changes.name ?? '',
      }),
    listContacts: async (req) => allPages('/contacts', zPage(zContact), { accountId: req.accountId }),
    listUsers: async () => {
      const users = await allPages('/users', zPage(zUser), { active: 'true' });
      return users.map(({ id, name, email, role }): UserRef => ({ id, name, email, role }));
    },
    getAccount: async (req) =>
      api(await currentSession(), `/accounts/${encodeURIComponent(req.id)}`, zAccount),
    accountSummary: async (req) =>
      api(await currentSession(), `/accounts/${encodeURIComponent(req.id)}/summary`, zLookupAccount),
    openOptions: async () => {
      await browser.runtime.openOptionsPage();
      return null;
    },
    openAccountPage: async (req) => {
      const hash = `#/accounts/${encodeURIComponent(req.accountId)}`;
      await browser.tabs.create({ url: `${browser.runtime.getURL('/dashboard.html')}${hash}` });
      return null;
    },
    portfolio: async (req) =>
      api(await currentSession(), '/portfolio', zPortfolio, { query: { period: req.period } }),
    accountPlan: async (req) => api(await currentSession(), planPath(req), zAccountPlan),
    savePlan: (req) =>
      queued('savePlan', req.key, {
        method: 'PUT',
        path: planPath(req),
        body: req.plan,
        subject: req.subject ?? req.period,
      }),
    coverage: async (req) => api(await currentSession(), `${accountPath(req.accountId)}/coverage`, zCoverage),
    signals: async (req) =>
      api(await currentSession(), `${accountPath(req.accountId)}/signals`, zSignals, {
        query: { contactIds: req.contactIds?.length ? req.contactIds.join(',') : undefined },
      }),
    timeline: async (req) =>
      api(await currentSession(), `${accountPath(req.accountId)}/timeline`, zPage(zTimelineEntry), {
        query: { cursor: req.cursor },
      }),
    logTouch: (req) =>
      queued('logTouch', req.key, {
        method: 'POST',
        path: '/touches',
        body: req.touch,
        subject: req.touch.subject ?? '',
      }),
    deleteTouch: async (req) => {
      await queued('deleteTouch', req.key, {
        method: 'DELETE',
        path: `/touches/${encodeURIComponent(req.id)}`,
        query: { version: req.version },
        subject: req.subject ?? '',
      });
      return null;
    },
    listTouches: async (req) =>
      api(await currentSession(), '/touches', zPage(zTouch), {
        query: { accountId: req.accountId, contactId: req.contactId, cursor: req.cursor },
      }),
    acknowledgeOpportunity: (req) =>
      queued('acknowledgeOpportunity', req.key, {
        method: 'POST',
        path: `/opportunities/${encodeURIComponent(req.id)}/acknowledge`,
        subject: req.subject ?? '',
      }),
    listProducts: async () => allPages('/products', zPage(zProductLine), { active: 'true' }),
  };

  // Cached answers hold the server's sentences (ownership lines) in the language they were asked in.
  let answeredIn = intlLocale();

  return {
    /** Background start: the queue left by a previous worker or browser session goes when due. */
    resume: () => queue.resume(),
    /**
     * Answers one request; never throws. A rejected token, or another language chosen since the last
     * request, also drops the lookup cache.
     */
    handle: async (request: Request, sender: Sender): Promise<Result<unknown>> => {
      if (answeredIn !== intlLocale()) {
        answeredIn = intlLocale();
        batcher.invalidate();
      }
      try {
        const run = handlers[request.type] as (r: Request, s: Sender) => Promise<unknown>;
        const data = await run(request, sender);
        // The server answers again: what waited for it goes now, not at the next alarm.
        if (queue.waitingFor() === 'unreachable' && !QUEUE_REQUESTS.has(request.type)) void queue.flush(true);
        return { ok: true, data };
      } catch (err) {
        const error = toRapportError(err);
        if (error.code === 'expired') batcher.invalidate();
        return { ok: false, error };
      }
    },
  };
}

const accountPath = (id: string) => `/accounts/${encodeURIComponent(id)}`;
const planPath = (req: { accountId: string; period: string }) =>
  `${accountPath(req.accountId)}/plans/${encodeURIComponent(req.period)}`;

/** Extension pages (options, popup) have no tab or an extension URL; content scripts have a web page's. */
function isExtensionPage(sender: Sender): boolean {
  return !sender.tab || (sender.url ?? '').startsWith(browser.runtime.getURL('/'));
}

async function allPages<T>(
  path: string,
  schema: Schema<Page<T>>,
  query: Record<string, string>,
): Promise<T[]> {
  const s = await currentSession();
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await api(s, path, schema, { query: { ...query, limit: 200, cursor } });
    items.push(...res.items);
    if (!res.nextCursor) break;
    cursor = res.nextCursor;
  }
  return items;
}

/** The server's domain lists, from storage while fresh; a stale copy serves while the server is away. */
async function domainSettings(): Promise<DomainSettings> {
  const s = await currentSession();
  const cached = await settingsCache.getValue();
  const usable = cached?.serverUrl === s.serverUrl ? cached : null;
  if (usable && Date.now() - usable.fetchedAt < SETTINGS_TTL_MS) return pick(usable);
  try {
    const fresh = await api(s, '/settings', zSettings);
    const value = { ...pick(fresh), fetchedAt: Date.now(), serverUrl: s.serverUrl };
    await settingsCache.setValue(value);
    return pick(value);
  } catch (err) {
    const code = toRapportError(err).code;
    if (usable && (code === 'unreachable' || code === 'server')) return pick(usable);
    throw err;
  }
}

function pick({ companyDomains, personalDomains }: DomainSettings): DomainSettings {
  return { companyDomains, personalDomains };
}
