import {
  type Page,
  type UserRef,
  zAccount,
  zAccountPlan,
  zContact,
  zCoverage,
  zCreateTouchResponse,
  zLookupAccount,
  zLookupResponse,
  zOpportunity,
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
import { settingsCache } from '../storage';
import { api, type Schema } from './client';
import { fail, toRapportError } from './errors';
import { LookupBatcher, type LookupBatcherOptions } from './lookup-batcher';
import { readStatus, signIn, signOut } from './session';
import { currentSession } from './session-store';

/** Settings change rarely; refetch them after this long (a failed refresh keeps the last copy). */
const SETTINGS_TTL_MS = 10 * 60_000;
/** Most pages followed when listing contacts or users (200 per page). */
const MAX_PAGES = 10;

type Handlers = { [K in RequestType]: (request: RequestOf<K>, sender: Sender) => Promise<ResponseOf<K>> };

/**
 * The background's answers to every request of `src/messaging.ts`. Holds the lookup cache, so create one per
 * service worker (in `main()`); `lookup` tunes its coalescing window and TTL (tests shorten them).
 * @example const handler = createRequestHandler(); listenForRequests(handler.handle);
 */
export function createRequestHandler(lookup: Partial<Omit<LookupBatcherOptions, 'send'>> = {}) {
  const batcher = new LookupBatcher({
    ...lookup,
    send: async (body) => api(await currentSession(), '/lookup', zLookupResponse, { method: 'POST', body }),
  });

  /** Runs a write, then drops the lookup cache so every overlay sees the change at once. */
  const write = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } finally {
      batcher.invalidate();
    }
  };

  const handlers: Handlers = {
    status: (req) => readStatus(req.check ?? false),
    signIn: (req, sender) => {
      // The password is typed in the options page; a content script has no business sending one.
      if (!isExtensionPage(sender)) fail('forbidden', m.common.errors.signInFromOptions);
      batcher.invalidate();
      return signIn(req);
    },
    signOut: async () => {
      batcher.invalidate();
      return signOut();
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
    createAccount: async (req) => {
      const s = await currentSession();
      return write(() => api(s, '/accounts', zAccount, { method: 'POST', body: req.account }));
    },
    createContact: async (req) => {
      const s = await currentSession();
      return write(() => api(s, '/contacts', zContact, { method: 'POST', body: req.contact }));
    },
    updateContact: async (req) => {
      const s = await currentSession();
      const path = `/contacts/${encodeURIComponent(req.id)}`;
      return write(() => api(s, path, zContact, { method: 'PATCH', body: req.changes }));
    },
    updateAccount: async (req) => {
      const s = await currentSession();
      const path = `/accounts/${encodeURIComponent(req.id)}`;
      return write(() => api(s, path, zAccount, { method: 'PATCH', body: req.changes }));
    },
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
    savePlan: async (req) => {
      const s = await currentSession();
      return write(() => api(s, planPath(req), zAccountPlan, { method: 'PUT', body: req.plan }));
    },
    coverage: async (req) => api(await currentSession(), `${accountPath(req.accountId)}/coverage`, zCoverage),
    signals: async (req) =>
      api(await currentSession(), `${accountPath(req.accountId)}/signals`, zSignals, {
        query: { contactIds: req.contactIds?.length ? req.contactIds.join(',') : undefined },
      }),
    timeline: async (req) =>
      api(await currentSession(), `${accountPath(req.accountId)}/timeline`, zPage(zTimelineEntry), {
        query: { cursor: req.cursor },
      }),
    logTouch: async (req) => {
      const s = await currentSession();
      return write(() => api(s, '/touches', zCreateTouchResponse, { method: 'POST', body: req.touch }));
    },
    deleteTouch: async (req) => {
      const s = await currentSession();
      const path = `/touches/${encodeURIComponent(req.id)}`;
      await write(() => api(s, path, null, { method: 'DELETE', query: { version: req.version } }));
      return null;
    },
    listTouches: async (req) =>
      api(await currentSession(), '/touches', zPage(zTouch), {
        query: { accountId: req.accountId, contactId: req.contactId, cursor: req.cursor },
      }),
    acknowledgeOpportunity: async (req) => {
      const s = await currentSession();
      const path = `/opportunities/${encodeURIComponent(req.id)}/acknowledge`;
      return write(() => api(s, path, zOpportunity, { method: 'POST' }));
    },
    listProducts: async () => allPages('/products', zPage(zProductLine), { active: 'true' }),
  };

  // Cached answers hold the server's sentences (ownership lines) in the language they were asked in.
  let answeredIn = intlLocale();

  return {
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
        return { ok: true, data: await run(request, sender) };
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
