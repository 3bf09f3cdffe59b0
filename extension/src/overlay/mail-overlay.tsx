import type { UserRef } from '@rapport/shared';
import { type ComponentChildren, render } from 'preact';

import type { ContentScriptContext, ShadowRootContentScriptUi } from '#imports';
import { classifyParticipants, type Participant } from '../extract/gmail';
import { followLocale, m } from '../i18n';
import { onSessionChange, sendToBackground } from '../messaging';
import { isPanelCollapsed, setPanelCollapsed } from '../storage';
import type { SaveResult } from '../ui/stakeholder-form';
import { createPanelHost } from './panel-host';
import { lookupEmails, threadLog, toThreadView, touchFromThread } from './thread-model';
import { contactFromDraft, type PanelState, ThreadPanel } from './thread-panel';

/**
 * Re-read the page at most once a frame while the site renders (chips, expanding messages). Reading is cheap
 * (headers only) and an unchanged set of people stops right there, so a short interval costs little and
 * the card follows the page without a visible delay.
 */
const SETTLE_MS = 16;

/**
 * An answer slower than this shows "Loading"; a faster one paints the cards straight away, without a flash
 * of the loading state. Another conversation's cards are taken away at once either way.
 */
const LOADING_AFTER_MS = 60;

/**
 * After the address changes, how long to wait for the conversation view to change before reading it anyway
 * (a site that changes the URL first and re-renders after; the same conversation under another URL never
 * changes the view).
 */
const VIEW_CHANGE_WAIT_MS = 2000;

/** What one read of the page found. */
export interface MailPage {
  /** The people of the open conversation (never a compose form's). */
  threadPeople: Participant[];
  /** The recipients of open compose forms. */
  composePeople: Participant[];
  /** People the page shows by name only: never looked up, only counted (see `MailSite.note`). */
  unresolved: string[];
  /** The open conversation's key, subject and link; null in a list or compose-only view. */
  thread: { id: string; subject: string; link: string } | null;
}

/** What the overlay needs from a mail site: how to read it, where to dock, what to add to the panel. */
export interface MailSite {
  /** `gmail` or `outlook`: the log prefix and the source key of a logged email (`<site>:<thread id>`). */
  site: 'gmail' | 'outlook';
  /** Panel offsets that keep the site's own controls reachable. */
  offsets: { top: string; right: string };
  read(doc: Document): MailPage;
  /** The open conversation's key now: "Log this email" only reads the subject and date if it is the same. */
  threadId(doc: Document): string | null;
  subject(doc: Document): string | null;
  lastMessageDate(doc: Document): string | null;
  accountEmail(doc: Document): string | null;
  /**
   * Text that changes when the conversation view re-renders, for a site that changes the URL before its
   * view: after a URL change the overlay waits (up to VIEW_CHANGE_WAIT_MS) until it differs from the last
   * read, so it never looks up the previous conversation's people under the new address.
   */
  viewSignature?(doc: Document): string | null;
  /** Attributes whose changes are read too (by default only added and removed nodes are). */
  watchAttributes?: string[];
  /** Extra lines at the end of a ready panel (Outlook: the people without a visible address). */
  note?(unresolved: readonly string[]): ComponentChildren;
}

/**
 * Runs a mail overlay: watches the open conversation and compose forms, looks their external participants up
 * through the background, and shows the panel while there is anyone to show.
 * @example startMailOverlay(ctx, gmailSite);
 */
export function startMailOverlay(ctx: ContentScriptContext, mail: MailSite): void {
  const warn = (err: unknown) => console.warn(`[rapport:${mail.site}]`, err);
  let ui: ShadowRootContentScriptUi<HTMLElement> | null = null;
  let state: PanelState = { kind: 'loading' };
  let collapsed = false;
  let userId: string | null = null;
  let me: UserRef | null = null;
  let lastKey: string | null = null;
  let run = 0;
  let timer: number | null = null;
  // The conversation the cards on screen are about, as `mail.threadId` read it when they were drawn.
  let shownConversation: string | null = null;
  /** People by name only on the page shown (the signed-in user's name left out). */
  let unresolved: string[] = [];
  // The address and view as last read, and, after the address changed, the view to wait to see replaced.
  let lastHref = location.href;
  let lastSignature: string | null = null;
  let waitingFor: { signature: string; until: number } | null = null;

  /**
   * False while the address has changed but the view still shows what was read under the previous one
   * (then a read is scheduled for when the wait ends; the view's own mutations come sooner).
   */
  function viewReady(): boolean {
    const now = performance.now();
    const signature = mail.viewSignature?.(document) ?? null;
    if (location.href !== lastHref) {
      lastHref = location.href;
      if (lastSignature !== null) waitingFor = { signature: lastSignature, until: now + VIEW_CHANGE_WAIT_MS };
    }
    if (waitingFor && signature === waitingFor.signature && now < waitingFor.until) {
      ctx.setTimeout(schedule, waitingFor.until - now);
      return false;
    }
    waitingFor = null;
    lastSignature = signature;
    return true;
  }

  const paint = () => {
    if (!ui?.mounted) return;
    render(
      <ThreadPanel
        state={state}
        collapsed={collapsed}
        onToggle={() => {
          collapsed = !collapsed;
          if (userId) void setPanelCollapsed(userId, collapsed);
          paint();
        }}
        onRetry={() => void refresh(true)}
        onOpenOptions={() => void sendToBackground({ type: 'openOptions' })}
        onAddStakeholder={async (accountId, draft) =>
          saved(
            await sendToBackground({ type: 'createContact', contact: contactFromDraft(accountId, draft) }),
          )
        }
        onCreateAccount={async (d) =>
          saved(
            await sendToBackground({ type: 'createAccount', account: { name: d.name, domains: [d.domain] } }),
          )
        }
        me={me}
        onAcknowledge={async (id) => {
          const res = await sendToBackground({ type: 'acknowledgeOpportunity', id });
          if (!res.ok) return res.error.message;
          await refresh(true, true).catch(warn); // the flag goes away
          return null;
        }}
        onLogEmail={async (thread) => {
          // The subject as shown now (the heading may have rendered after the people), never a message.
          const open = mail.threadId(document) === thread.id;
          const subject = open ? mail.subject(document) : null;
          const lastMessageAt = open ? mail.lastMessageDate(document) : null;
          const touch = touchFromThread({
            ...thread,
            subject: subject || thread.subject,
            lastMessageAt,
            source: mail.site,
          });
          const res = await sendToBackground({ type: 'logTouch', touch });
          // The background dropped its lookup cache: the cards show the new "last contacted".
          if (res.ok) void refresh(true, true).catch(warn);
          return res;
        }}
        onUndoLog={async (touch) => {
          const res = await sendToBackground({ type: 'deleteTouch', id: touch.id, version: touch.version });
          if (res.ok) void refresh(true, true).catch(warn);
          return res;
        }}
        footer={unresolved.length > 0 ? mail.note?.(unresolved) : null}
      />,
      ui.mounted,
    );
  };

  const saved = (res: { ok: true } | { ok: false; error: { code: string; message: string } }): SaveResult => {
    // Kept in the queue (issue 8): the form closes and the panel counts it as waiting to be sent.
    if (!res.ok && res.error.code === 'pending') return { ok: true };
    if (!res.ok) return { ok: false, message: res.error.message };
    void refresh(true); // the background dropped its cache on the write: the card shows the change at once
    return { ok: true };
  };

  // The panel is created once, up front, so its stylesheet is loaded before anyone appears; it is then
  // mounted while there are people to show and removed when there are none.
  let wanted = false;
  const panel = createPanelHost(ctx, mail.offsets);

  async function mount(): Promise<void> {
    wanted = true;
    const ready = await panel;
    if (!wanted || ready.mounted) return;
    ui = ready;
    ui.mount();
    paint();
  }

  /** Removes the panel; `keepKey` when the same page should not be looked up again on the next change. */
  function unmount(keepKey = false) {
    wanted = false;
    ui?.remove();
    if (!keepKey) lastKey = null;
  }

  // Who is signed in, the domain settings and the panel state, fetched as soon as the script starts: by the
  // time the site shows a conversation only the lookup itself is left to ask. Kept for a minute.
  const CONNECTION_TTL_MS = 60_000;
  let ahead: ReturnType<typeof fetchConnection> | null = null;
  let aheadAt = 0;
  async function fetchConnection() {
    const answers = await Promise.all([
      sendToBackground({ type: 'status' }),
      sendToBackground({ type: 'settings' }),
    ]);
    const status = answers[0];
    if (status.ok && status.data.signedIn && userId !== status.data.user.id) {
      userId = status.data.user.id;
      collapsed = await isPanelCollapsed(userId);
    }
    return answers;
  }
  function connection(fresh: boolean) {
    if (fresh || !ahead || performance.now() - aheadAt > CONNECTION_TTL_MS) {
      ahead = fetchConnection();
      aheadAt = performance.now();
    }
    return ahead;
  }
  void connection(true);

  /**
   * Reads the page and looks its people up when they changed (or when forced). `quiet` keeps the cards on
   * screen until the new answer replaces them (after a write the panel does not flash "Loading").
   */
  async function refresh(force = false, quiet = false) {
    if (mail.viewSignature && !viewReady()) {
      run++; // the previous page's answers are for a page that is gone; this one is not drawn yet
      lastKey = null;
      return;
    }
    const read = mail.read(document);
    const people = merge(read.threadPeople, read.composePeople);
    if (people.length === 0 && read.unresolved.length === 0) {
      run++; // answers still on their way are for a page that is gone
      unresolved = [];
      return unmount();
    }
    const key = `${read.thread?.id ?? ''}|${people
      .map((p) => p.email)
      .sort()
      .join(',')}|${read.unresolved.join(',')}`;
    // Our own panel's insertion and unrelated DOM churn land here too: same people, nothing to do. Only a
    // new set of people starts a new lookup (and makes older answers stale).
    if (!force && key === lastKey) return;
    lastKey = key;
    const mine = ++run;
    const loading = quiet ? null : ctx.setTimeout(() => show(mine, { kind: 'loading' }), LOADING_AFTER_MS);
    const page: Page = {
      key,
      thread: read.thread && read.threadPeople.length > 0 ? read.thread : null,
      threadPeople: read.threadPeople,
      unresolved: read.unresolved,
    };
    try {
      await lookUp(mine, people, page, force);
    } finally {
      if (loading !== null) clearTimeout(loading);
    }
  }

  async function lookUp(mine: number, people: Participant[], page: Page, force: boolean) {
    let [status, settings] = await connection(force);
    if (!status.ok || !status.data.signedIn || !settings.ok) {
      [status, settings] = await connection(true); // what was fetched ahead may be out of date
    }
    if (mine !== run) return;
    if (!status.ok) return show(mine, { kind: 'error', error: status.error });
    if (!status.data.signedIn) {
      const code = status.data.ended ? 'expired' : 'signed_out';
      return show(mine, { kind: 'error', error: { code, message: m.overlay.signInToRapport } });
    }
    me = status.data.user;
    if (!settings.ok) return show(mine, { kind: 'error', error: settings.error });
    const myName = me.name.trim().toLowerCase();
    const named = page.unresolved.filter((n) => n.trim().toLowerCase() !== myName);
    const options = { userEmail: mail.accountEmail(document), ...settings.data };
    const classified = classifyParticipants(people, options);
    const emails = lookupEmails(classified);
    const ready = { kind: 'ready', key: page.key, revision: mine } as const;
    if (emails.length === 0) {
      if (people.length === 0 && named.length === 0) {
        unresolved = [];
        return unmount(true); // only the user, by name: nobody to show until the page changes
      }
      const view = { accounts: [], unknownDomains: [], personal: [] };
      return show(mine, { ...ready, view, thread: null }, named);
    }
    const answer = await sendToBackground({ type: 'lookup', emails });
    if (!answer.ok) return show(mine, { kind: 'error', error: answer.error });
    // Only the conversation's own people are logged: compose recipients have not been written to yet.
    const thread = page.thread
      ? threadLog(page.thread, classifyParticipants(page.threadPeople, options), answer.data)
      : null;
    show(mine, { ...ready, view: toThreadView(classified, answer.data), thread }, named);
  }

  function show(mine: number, next: PanelState, named?: string[]) {
    if (mine !== run) return; // a newer page state is being looked up
    state = next;
    if (next.kind === 'ready') shownConversation = mail.threadId(document);
    if (named) unresolved = named;
    if (ui?.mounted) paint();
    else void mount(); // paints the latest state once mounted
  }

  // Throttled with a leading edge: the first change is read at once (the overlay feels instant), the ones
  // that follow while the site keeps rendering are read together at most every SETTLE_MS.
  let lastRead = 0;
  const read = () => {
    timer = null;
    lastRead = performance.now();
    refresh().catch(warn);
  };
  const schedule = () => {
    if (timer !== null) return;
    const wait = Math.max(0, lastRead + SETTLE_MS - performance.now());
    timer = ctx.setTimeout(read, wait);
  };

  /**
   * Another conversation came into view: its predecessor's cards go before the page paints again (the
   * observer runs before rendering; reading the people waits for the throttle). The next read looks up anew.
   */
  function dropOtherConversation() {
    if (state.kind !== 'ready' || mail.threadId(document) === shownConversation) return;
    lastKey = null;
    show(run, { kind: 'loading', blank: true });
  }

  const observer = new MutationObserver(() => {
    dropOtherConversation();
    schedule();
  });
  observer.observe(document.body, {
    childList: true,
    subtree: true,
    ...(mail.watchAttributes ? { attributes: true, attributeFilter: mail.watchAttributes } : {}),
  });
  ctx.onInvalidated(() => {
    observer.disconnect();
    unmount();
  });
  // The address may change before the view it shows: `viewReady` waits for the view, whichever comes first.
  ctx.addEventListener(window, 'wxt:locationchange', schedule);
  // Another language chosen on the options page: the panel follows (text read at render time).
  followLocale(ctx, paint, () => void refresh(true, true).catch(warn));
  // Signed in, out or ended elsewhere (the options page, another tab): look again without a reload.
  onSessionChange(ctx, () => void refresh(true).catch(warn));
  // Back to the tab after an error (server down, signed out): try again.
  ctx.addEventListener(document, 'visibilitychange', () => {
    if (document.visibilityState === 'visible' && state.kind === 'error') void refresh(true).catch(warn);
  });
  schedule();
}

/** What one refresh read from the page, alongside its people. */
interface Page {
  /** The conversation and its people: what signals are kept with. */
  key: string;
  /** The open conversation; null in a list or compose-only view. */
  thread: { id: string; subject: string; link: string } | null;
  threadPeople: Participant[];
  unresolved: string[];
}

/** Thread participants and compose recipients, once per address. */
function merge(...lists: Participant[][]): Participant[] {
  const byEmail = new Map<string, Participant>();
  for (const p of lists.flat()) if (!byEmail.has(p.email)) byEmail.set(p.email, p);
  return [...byEmail.values()];
}
