import type {
  Account,
  AccountPlan,
  Contact,
  Coverage,
  CreateAccountRequest,
  CreateContactRequest,
  CreateTouchRequest,
  CreateTouchResponse,
  LookupAccount,
  LookupResponse,
  Opportunity,
  Page,
  Portfolio,
  ProductLine,
  PutPlanRequest,
  SearchResponse,
  Signals,
  TimelineEntry,
  Touch,
  UpdateAccountRequest,
  UpdateContactRequest,
  UserRef,
} from '@rapport/shared';

import { type Browser, browser, type ContentScriptContext } from '#imports';
import { m } from './i18n';
import type { EndedSession, PendingWrite } from './storage';

/*
 * The one protocol between the extension's parts: content scripts, the options page and the popup send
 * requests, and the background (the only part that talks to the server) answers. Type-only imports from
 * `@rapport/shared` keep zod out of the content scripts.
 */

/** What went wrong, in words a person can act on; `code` tells the UI what to offer. */
export interface RapportError {
  code: ErrorCode;
  message: string;
  /** The server's details, e.g. `{ issues: [{ path, message }] }` for 'validation', `{ current }` for 'conflict'. */
  details?: unknown;
}

/**
 * What the UI should offer:
 * - `signed_out`: no session; "Sign in" (the options page).
 * - `expired`: the server ended the session; "Sign in again".
 * - `unreachable`: no answer (network, server down, timeout); try again later.
 * - `not_rapport`: the URL answers, but not as a Rapport server; fix the server URL.
 * - `forbidden`: this role may not do that (or a host permission is missing).
 * - `validation`: fix the fields (details.issues), or wrong email or password at sign-in.
 * - `conflict`: someone changed, merged or deleted the record first; reload it.
 * - `server`: anything else on the server's side (rate limits, database down, errors).
 * - `pending`: a write was kept on this device and will be sent later (issue 8); `details.id` names it.
 *   Not a failure: say it is saved and waiting. At sign-out: writes are waiting (`details.count`); ask.
 */
export type ErrorCode =
  | 'signed_out'
  | 'expired'
  | 'unreachable'
  | 'not_rapport'
  | 'forbidden'
  | 'validation'
  | 'conflict'
  | 'server'
  | 'pending';

/** Every answer: data, or a typed error. Never a thrown exception across the message boundary. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: RapportError };

/** The server's health as seen from the background. */
export type Connection = { ok: true } | { ok: false; error: RapportError };

export type Status =
  | { signedIn: false; serverUrl: string | null; ended: EndedSession | null }
  | {
      signedIn: true;
      serverUrl: string;
      user: UserRef;
      expiresAt: string | null;
      /** Present when the status request asked for `check`: `/healthz` and `/me` were called. */
      connection?: Connection;
    };

export interface DomainSettings {
  companyDomains: string[];
  personalDomains: string[];
}

/**
 * Every write may carry `key`, made once when the person acted (`newWriteKey()`): it is sent as
 * `Idempotency-Key`, so sending the same action twice applies it once. The background makes one when absent.
 */
interface Keyed {
  key?: string;
  /** What the pending list calls the write when the request does not say (a name, a subject). */
  subject?: string;
}

type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
/** A new account as the UI sends it: only the name is required (the server fills the defaults). */
export type NewAccount = Optional<CreateAccountRequest, Exclude<keyof CreateAccountRequest, 'name'>>;
/** A new stakeholder as the UI sends it: account and name required. */
export type NewContact = Optional<
  CreateContactRequest,
  Exclude<keyof CreateContactRequest, 'accountId' | 'name'>
>;

/** Each request type with its fields and the data of its answer. */
export interface Protocol {
  /** The connection state; `check: true` also asks the server (`/healthz`, `/me`). */
  status: { request: { check?: boolean }; response: Status };
  /** Options page only: the host permission must already be granted (see `src/api/server-url.ts`). */
  signIn: { request: { serverUrl: string; email: string; password: string }; response: Status };
  /**
   * Signs out. While writes wait to be sent it answers 'pending' (`details.count`) unless `pending` says
   * what to do: 'discard' drops them (and the refused ones), 'send' tries them first and signs out only
   * when none is left (else 'pending' again).
   */
  signOut: { request: { pending?: 'send' | 'discard' }; response: Status };
  /** Sends the waiting writes now ("Retry now"); answers how many still wait. */
  retryPending: { request: object; response: { left: number } };
  /** Takes a waiting write out of the queue; answers it, so "Undo" can put it back. */
  discardPending: { request: { id: string }; response: PendingWrite | null };
  /** Puts a discarded write back in its place ("Undo"). */
  restorePending: { request: { write: PendingWrite }; response: null };
  /** Forgets a write the server refused, once read; `applied` once its values were saved another way. */
  dismissRejected: { request: { id: string; applied?: boolean }; response: null };
  /** Coalesced and cached in the background; each caller gets the results for its inputs and their accounts. */
  lookup: { request: { emails?: string[]; linkedin?: string[] }; response: LookupResponse };
  search: { request: { q: string; kind?: 'account' | 'contact'; limit?: number }; response: SearchResponse };
  settings: { request: object; response: DomainSettings };
  createAccount: { request: Keyed & { account: NewAccount }; response: Account };
  createContact: { request: Keyed & { contact: NewContact }; response: Contact };
  /** `changes.version` must be the version last read; a stale one answers 'conflict'. */
  updateContact: { request: Keyed & { id: string; changes: UpdateContactRequest }; response: Contact };
  /** `changes.version` must be the version last read; a stale one answers 'conflict'. */
  updateAccount: { request: Keyed & { id: string; changes: UpdateAccountRequest }; response: Account };
  /** All stakeholders of an account (e.g. to pick "reports to"). */
  listContacts: { request: { accountId: string }; response: Contact[] };
  /** Active colleagues (e.g. to pick a relationship owner). */
  listUsers: { request: object; response: UserRef[] };
  getAccount: { request: { id: string }; response: Account };
  /**
   * The account as the overlay's card shows it (a lookup's `accounts[]` entry: owner, reps, the caller's
   * relation, open deals, stakeholders). A merged account answers 'conflict' with `details.mergedInto`.
   */
  accountSummary: { request: { id: string }; response: LookupAccount };
  /** Opens the options page (content scripts cannot do it themselves), e.g. for "Sign in again". */
  openOptions: { request: object; response: null };
  /** Opens the account page (`dashboard.html#/accounts/<id>`) in a new tab. */
  openAccountPage: { request: { accountId: string }; response: null };
  /** The caller's accounts with plan attainment and signals; `period` defaults to the current fiscal year. */
  portfolio: { request: { period?: string }; response: Portfolio };
  /** An account's plan for a fiscal year (version 0 when none was saved; actual and pipeline computed). */
  accountPlan: { request: { accountId: string; period: string }; response: AccountPlan };
  /** Replaces the plan; `plan.version` 0 creates it, else must be current ('conflict' with the current one). */
  savePlan: {
    request: Keyed & { accountId: string; period: string; plan: PutPlanRequest };
    response: AccountPlan;
  };
  /** Buying roles covered or not, and the org chart's stakeholders. */
  coverage: { request: { accountId: string }; response: Coverage };
  /** The account's signals; `contactIds` are the current thread's people (for "a blocker in this thread"). */
  signals: { request: { accountId: string; contactIds?: string[] }; response: Signals };
  /** Touches and stage changes, newest first, a page at a time. */
  timeline: { request: { accountId: string; cursor?: string }; response: Page<TimelineEntry> };
  /** Logs an email, call, meeting or note; the same `sourceKey` again answers the touch already logged. */
  logTouch: { request: Keyed & { touch: CreateTouchRequest }; response: CreateTouchResponse };
  /** Undoes a touch logged by mistake (its author or an admin). */
  deleteTouch: { request: Keyed & { id: string; version: number }; response: null };
  /** The touches of an account or contact, newest first. */
  listTouches: {
    request: { accountId?: string; contactId?: string; cursor?: string };
    response: Page<Touch>;
  };
  /** The owner (or an admin) has seen new business someone else opened on their key account. */
  acknowledgeOpportunity: { request: Keyed & { id: string }; response: Opportunity };
  /** Active product lines (for plan targets). */
  listProducts: { request: object; response: ProductLine[] };
}

export type RequestType = keyof Protocol;
export type RequestOf<K extends RequestType> = { type: K } & Protocol[K]['request'];
export type Request = { [K in RequestType]: RequestOf<K> }[RequestType];
export type ResponseOf<K extends RequestType> = Protocol[K]['response'];

const REQUEST_TYPES: Record<RequestType, true> = {
  status: true,
  signIn: true,
  signOut: true,
  lookup: true,
  search: true,
  settings: true,
  createAccount: true,
  createContact: true,
  updateContact: true,
  updateAccount: true,
  listContacts: true,
  listUsers: true,
  getAccount: true,
  accountSummary: true,
  openOptions: true,
  openAccountPage: true,
  portfolio: true,
  accountPlan: true,
  savePlan: true,
  coverage: true,
  signals: true,
  timeline: true,
  logTouch: true,
  deleteTouch: true,
  listTouches: true,
  acknowledgeOpportunity: true,
  listProducts: true,
  retryPending: true,
  discardPending: true,
  restorePending: true,
  dismissRejected: true,
};

/** True for a message of this protocol (other listeners may share the channel). */
export function isRequest(message: unknown): message is Request {
  const type = (message as { type?: unknown } | null)?.type;
  return typeof type === 'string' && Object.hasOwn(REQUEST_TYPES, type);
}

/**
 * A new Idempotency-Key for one action of the person; keep it with the action so a second click or a retry
 * sends the same one.
 * @example const key = newWriteKey(); await sendToBackground({ type: 'createContact', contact, key });
 */
export function newWriteKey(): string {
  return crypto.randomUUID();
}

/**
 * Sends a request to the background and resolves with its typed answer; never rejects.
 * @example
 * const res = await sendToBackground({ type: 'lookup', emails: ['jane@acme.com'] });
 * if (res.ok) render(res.data.accounts); else if (res.error.code === 'expired') showSignInAgain();
 */
export async function sendToBackground<K extends RequestType>(
  request: RequestOf<K>,
): Promise<Result<ResponseOf<K>>> {
  try {
    const answer = (await browser.runtime.sendMessage(request)) as Result<ResponseOf<K>> | undefined;
    if (answer && typeof answer === 'object' && 'ok' in answer) return answer;
    return { ok: false, error: { code: 'server', message: m.common.errors.noAnswer } };
  } catch (err) {
    // "Extension context invalidated" after an update or reload: the page keeps a dead content script.
    const message = /context invalidated/i.test(String(err))
      ? m.common.errors.reloaded
      : m.common.errors.notRunning;
    return { ok: false, error: { code: 'unreachable', message } };
  }
}

export type Sender = Browser.runtime.MessageSender;

/**
 * Background only: answers protocol requests with `handle`. Uses `sendResponse` + `return true`, which
 * Chrome and Firefox both honour, and falls back to a returned promise where no `sendResponse` is given.
 * @example listenForRequests((req, sender) => handler.handle(req, sender))
 */
export function listenForRequests(handle: (request: Request, sender: Sender) => Promise<Result<unknown>>) {
  const listener = (message: unknown, sender: Sender, sendResponse?: (answer: unknown) => void) => {
    if (!isRequest(message)) return undefined;
    const answer = handle(message, sender ?? {});
    if (typeof sendResponse !== 'function') return answer;
    void answer.then(sendResponse);
    return true;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

/**
 * The message for each field of a 'validation' error, keyed by field path (e.g. `emails.0`).
 * @example fieldMessages(res.error) // { name: 'Required' }
 */
/** What the background tells the content scripts when the session changes; nothing answers it. */
const SESSION_CHANGED = 'rapport:session-changed';

/**
 * Background: tells the overlays in every open tab that the user signed in or out or the server ended the
 * session, so they look again without a reload. Tabs without a Rapport content script refuse it quietly.
 * @example await storage.setItems([...]); void announceSessionChange();
 */
export async function announceSessionChange(): Promise<void> {
  const tell = async (tabId: number | undefined) => {
    try {
      if (tabId !== undefined) await browser.tabs.sendMessage(tabId, { type: SESSION_CHANGED });
    } catch {
      // No Rapport content script in that tab.
    }
  };
  try {
    const tabs = await browser.tabs.query({});
    await Promise.all(tabs.map((tab) => tell(tab.id)));
  } catch {
    // No tabs to tell.
  }
}

/**
 * Content scripts: runs `run` whenever the background announces a session change, until the script ends.
 * @example onSessionChange(ctx, () => void refresh(true));
 */
export function onSessionChange(ctx: ContentScriptContext, run: () => void): void {
  const listener = (message: unknown) => {
    if ((message as { type?: unknown } | null)?.type === SESSION_CHANGED) run();
  };
  browser.runtime.onMessage.addListener(listener);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));
}

export function fieldMessages(error: RapportError): Record<string, string> {
  const issues = (error.details as { issues?: { path?: unknown; message?: unknown }[] } | undefined)?.issues;
  const out: Record<string, string> = {};
  for (const issue of Array.isArray(issues) ? issues : []) {
    if (typeof issue.path === 'string' && typeof issue.message === 'string')
      out[issue.path] ??= issue.message;
  }
  return out;
}
