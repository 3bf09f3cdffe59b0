import { zAccount, zAccountPlan, zContact, zCreateTouchResponse, zOpportunity } from '@rapport/shared';

import { browser } from '#imports';
import type { RapportError } from '../messaging';
import {
  type PendingWrite,
  pendingWrites,
  type QueuedWriteType,
  type RejectedWrite,
  rejectedWrites,
  type Session,
} from '../storage';
import { type Schema, send } from './client';
import { fromHttp, toRapportError } from './errors';
import { expireSession, liveSession } from './session-store';

/*
 * The offline write queue (issue 8, "Nothing lost"). A write the server did not take — nothing answered,
 * a proxy said 502/503/504, the server was busy (429, 5xx), or the session ended (401) — is kept in
 * `local:pendingWrites` with the Idempotency-Key it was first sent with, and sent again, oldest first, with
 * exponential backoff and jitter: a `browser.alarms` alarm wakes the service worker when it is due (Chrome
 * fires alarms 30 s apart at most often, so a shorter wait also gets a timer while the worker lives). The
 * queue is also sent at once after sign-in, when the server answers any other request, and on "Retry now".
 * The key makes the server apply each write once however often it is sent. A refusal that a retry cannot
 * change (400, 403, 404, 409, 422) takes the write out of the queue into `local:rejectedWrites`, with the
 * server's reason and the write's body, so the person sees why and what they typed.
 */

/** The alarm that wakes the worker for the next attempt. */
export const QUEUE_ALARM = 'rapport-write-queue';
/** The first wait after a failed attempt, and the longest. */
export const FIRST_RETRY_MS = 5_000;
export const MAX_RETRY_MS = 5 * 60_000;

/** How each queued write's answer is read. */
const SCHEMAS: Record<QueuedWriteType, Schema<unknown> | null> = {
  createAccount: zAccount,
  createContact: zContact,
  updateContact: zContact,
  updateAccount: zAccount,
  savePlan: zAccountPlan,
  logTouch: zCreateTouchResponse,
  deleteTouch: null,
  acknowledgeOpportunity: zOpportunity,
};

/** Answers a retry may change: sent again later. 401 waits for sign-in. */
const RETRIED = new Set([401, 408, 425, 429]);

/**
 * The wait before attempt `attempts + 1`: 5 s doubling to a 5-minute cap, drawn between half and all of it
 * ("equal jitter"), so many browsers coming back at once do not all ask at the same moment.
 * @example backoffMs(1, () => 1) // 5000; backoffMs(20, () => 0) // 150000
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Whether this write was made by the signed-in user on their server. */
const mine = (w: PendingWrite, s: Session) =>
  w.serverUrl === s.serverUrl && w.user.toLowerCase() === s.user.email.toLowerCase();

/** What became of one write: taken (with the server's answer), refused for good, or still waiting. */
export type Outcome =
  | { status: 'sent'; data: unknown }
  | { status: 'rejected'; error: RapportError }
  | { status: 'waiting'; error: RapportError };

/** Whether this failure is one the queue keeps the write for (nothing answered, or sign in again). */
export function isQueueable(error: RapportError): boolean {
  return error.code === 'unreachable' || error.code === 'expired';
}

export interface WriteQueueOptions {
  now?: () => number;
  random?: () => number;
  /** Called after a queued write was taken or refused (the handler drops its lookup cache, and tells the overlays). */
  onSettled?: (write: PendingWrite) => void;
  /** Starts the in-worker timer for the next attempt; answers how to cancel it (tests record it instead). */
  setTimer?: (run: () => void, ms: number) => () => void;
}

const realTimer = (run: () => void, ms: number) => {
  const id = setTimeout(run, ms);
  return () => clearTimeout(id);
};

export type WriteQueue = ReturnType<typeof createWriteQueue>;

/**
 * The queue, for one service worker. Its state is in storage, so a restarted worker (or browser) picks it
 * up: call `resume()` at start.
 * @example const queue = createWriteQueue(); await queue.add(write); const outcomes = await queue.flush();
 */
export function createWriteQueue(options: WriteQueueOptions = {}) {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  // Storage changes and flushes each run one at a time, in the order asked.
  let changes: Promise<unknown> = Promise.resolve();
  let flushes: Promise<unknown> = Promise.resolve();
  const setTimer = options.setTimer ?? realTimer;
  let cancelTimer = () => {};
  /** Why the head of the queue last had to wait (an error code), null once something was taken. */
  let lastWait: string | null = null;

  const change = <T>(run: () => Promise<T>): Promise<T> => {
    const next = changes.then(run, run);
    changes = next.catch(() => undefined);
    return next;
  };

  const edit = (fn: (items: PendingWrite[]) => PendingWrite[]) =>
    change(async () => pendingWrites.setValue(fn(await pendingWrites.getValue())));

  /** Wakes the worker at `at` (an alarm) and, while it lives, sooner (a timer). */
  const schedule = async (at: number) => {
    cancelTimer();
    cancelTimer = setTimer(() => void flush(), Math.max(0, at - now()));
    await browser.alarms.create(QUEUE_ALARM, { when: Math.max(at, now() + 1000) });
  };

  async function deliver(s: Session, w: PendingWrite): Promise<Outcome> {
    let answer: Awaited<ReturnType<typeof send>>;
    try {
      answer = await send(s.serverUrl, `/api/v1${w.path}`, {
        method: w.method,
        query: w.query,
        body: w.body,
        token: s.token,
        idempotencyKey: w.id,
      });
    } catch (err) {
      return { status: 'waiting', error: toRapportError(err) };
    }
    const { status, body } = answer;
    if (status >= 200 && status < 300) {
      const schema = SCHEMAS[w.type];
      if (status === 204 || schema === null) return { status: 'sent', data: null };
      const parsed = schema.safeParse(body);
      return { status: 'sent', data: parsed.success ? parsed.data : null };
    }
    const error = fromHttp(status, body, s.serverUrl);
    if (status === 401) {
      await expireSession(s);
      return { status: 'waiting', error };
    }
    // 409 with Retry-After: the same key is still being applied (an earlier attempt that timed out).
    const busy = status === 409 && answer.retryAfter !== undefined;
    if (RETRIED.has(status) || status >= 500 || busy) return { status: 'waiting', error };
    return { status: 'rejected', error };
  }

  async function run(force: boolean): Promise<Map<string, Outcome>> {
    const outcomes = new Map<string, Outcome>();
    const s = await liveSession();
    if (!s) return outcomes; // sent after sign-in
    for (;;) {
      const head = (await pendingWrites.getValue()).find((w) => mine(w, s));
      if (!head) break;
      if (!force && head.nextAt > now()) {
        await schedule(head.nextAt);
        break;
      }
      const outcome = await deliver(s, head);
      outcomes.set(head.id, outcome);
      if (outcome.status === 'waiting') {
        lastWait = outcome.error.code;
        const attempts = head.attempts + 1;
        const nextAt = now() + backoffMs(attempts, random);
        await edit((items) => items.map((w) => (w.id === head.id ? { ...w, attempts, nextAt } : w)));
        if (outcome.error.code !== 'expired') await schedule(nextAt);
        break;
      }
      lastWait = null;
      await edit((items) => items.filter((w) => w.id !== head.id));
      if (outcome.status === 'rejected') {
        const { code, message, details } = outcome.error;
        const rejected: RejectedWrite = { write: head, code, message, at: now() };
        if (details !== undefined) rejected.details = details;
        await change(async () => rejectedWrites.setValue([...(await rejectedWrites.getValue()), rejected]));
      }
      // Taken or refused, the server has answered for it: a refusal (409: saved by someone meanwhile) also
      // means what the overlays show may be stale.
      options.onSettled?.(head);
    }
    if (!(await pendingWrites.getValue()).some((w) => mine(w, s))) {
      cancelTimer();
      await browser.alarms.clear(QUEUE_ALARM);
    }
    return outcomes;
  }

  /**
   * Sends what is due, oldest first, stopping at the first write that must wait (order is kept: a contact
   * added offline goes before the changes made to it). `force` sends even what is not due yet ("Retry now",
   * sign-in, the server answering again). Answers what became of each write tried.
   */
  function flush(force = false): Promise<Map<string, Outcome>> {
    const next = flushes.then(
      () => run(force),
      () => run(force),
    );
    flushes = next.catch(() => undefined);
    return next;
  }

  return {
    flush,
    /** Appends a write (due at once: the caller flushes); the same action (key) sent again is kept once. */
    add: (write: PendingWrite) =>
      edit((items) => (items.some((w) => w.id === write.id) ? items : [...items, write])),
    /** Removes a write and answers it (for "Undo"), or null when it was already sent or removed. */
    discard: (id: string) =>
      change(async () => {
        const items = await pendingWrites.getValue();
        const found = items.find((w) => w.id === id) ?? null;
        await pendingWrites.setValue(items.filter((w) => w.id !== id));
        return found;
      }),
    /** Puts a discarded write back where it was (by when it was made). */
    restore: (write: PendingWrite) =>
      edit((items) =>
        items.some((w) => w.id === write.id)
          ? items
          : [...items, write].sort((a, b) => a.createdAt - b.createdAt),
      ),
    /** Forgets a refused write the person has read. */
    dismiss: (id: string) =>
      change(async () =>
        rejectedWrites.setValue((await rejectedWrites.getValue()).filter((r) => r.write.id !== id)),
      ),
    /** Why the queue last had to wait ('unreachable', 'expired', …), or null. */
    waitingFor: () => lastWait,
    /** Whether anything waits for the signed-in user (cheap enough to ask after each answer). */
    hasPending: async () => (await pendingWrites.getValue()).length > 0,
    /** At worker start: listens for the alarm and sends what is due. */
    resume: () => {
      browser.alarms.onAlarm.addListener((alarm) => {
        if (alarm.name === QUEUE_ALARM) void flush();
      });
      return flush();
    },
    /** At sign-out: forgets every pending and refused write (their bodies are what the person typed). */
    clear: () =>
      change(async () => {
        cancelTimer();
        await pendingWrites.setValue([]);
        await rejectedWrites.setValue([]);
        await browser.alarms.clear(QUEUE_ALARM);
      }),
  };
}
