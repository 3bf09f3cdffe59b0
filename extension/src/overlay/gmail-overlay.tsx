import type { UserRef } from '@rapport/shared';
import { render } from 'preact';

import type { ContentScriptContext, ShadowRootContentScriptUi } from '#imports';
import { classifyParticipants, type Participant } from '../extract/gmail';
import { m, watchLocale } from '../i18n';
import { onSessionChange, sendToBackground } from '../messaging';
import {
  composeParticipants,
  extractAccountEmail,
  extractComposeRecipients,
  extractLastMessageDate,
  extractThreadParticipants,
  extractThreadSubject,
  threadIdFromLocation,
  threadLink,
} from '../sites/gmail';
import { isPanelCollapsed, setPanelCollapsed } from '../storage';
import type { SaveResult } from '../ui/stakeholder-form';
import { createPanelHost } from './panel-host';
import { lookupEmails, threadLog, toThreadView, touchFromThread } from './thread-model';
import { contactFromDraft, type PanelState, ThreadPanel } from './thread-panel';

/**
 * Re-read the page at most once a frame while Gmail renders (chips, expanding messages). Reading is cheap
 * (headers only) and an unchanged set of people stops right there, so a short interval costs little and
 * the card follows the page without a visible delay.
 */
const SETTLE_MS = 16;

/**
 * An answer slower than this shows "Loading" (or replaces the previous conversation's cards with it); a
 * faster one paints the cards straight away, without a flash of the loading state.
 */
const LOADING_AFTER_MS = 60;

const warn = (err: unknown) => console.warn('[rapport:gmail]', err);

/**
 * Runs the Gmail overlay: watches the open conversation and compose windows, looks their external
 * participants up through the background, and shows the panel while there is anyone to show.
 */
export function startGmailOverlay(ctx: ContentScriptContext): void {
  let ui: ShadowRootContentScriptUi<HTMLElement> | null = null;
  let state: PanelState = { kind: 'loading' };
  let collapsed = false;
  let userId: string | null = null;
  let me: UserRef | null = null;
  let lastKey: string | null = null;
  let run = 0;
  let timer: number | null = null;

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
          const open = threadIdFromLocation() === thread.id;
          const subject = open ? extractThreadSubject(document) : null;
          const lastMessageAt = open ? extractLastMessageDate(document) : null;
          const touch = touchFromThread({ ...thread, subject: subject || thread.subject, lastMessageAt });
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
      />,
      ui.mounted,
    );
  };

  const saved = (res: { ok: true } | { ok: false; error: { message: string } }): SaveResult => {
    if (!res.ok) return { ok: false, message: res.error.message };
    void refresh(true); // the background dropped its cache on the write: the card shows the change at once
    return { ok: true };
  };

  // The panel is created once, up front, so its stylesheet is loaded before anyone appears; it is then
  // mounted while there are people to show and removed when there are none.
  let wanted = false;
  // Below Gmail's top bar (64px) and the toolbar under it (48px, whose right end holds the "1 of 50 < >"
  // pager), and left of the 56px side-panel strip, so Gmail's own controls stay reachable.
  const panel = createPanelHost(ctx, { top: '120px', right: '72px' });

  async function mount(): Promise<void> {
    wanted = true;
    const ready = await panel;
    if (!wanted || ready.mounted) return;
    ui = ready;
    ui.mount();
    paint();
  }

  function unmount() {
    wanted = false;
    ui?.remove();
    lastKey = null;
  }

  // Who is signed in, the domain settings and the panel state, fetched as soon as the script starts: by the
  // time Gmail shows a conversation only the lookup itself is left to ask. Kept for a minute.
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
    const threadPeople = extractThreadParticipants(document);
    const people = merge(threadPeople, composeParticipants(extractComposeRecipients(document)));
    if (people.length === 0) {
      run++; // answers still on their way are for a page that is gone
      return unmount();
    }
    const key = `${threadIdFromLocation() ?? ''}|${people
      .map((p) => p.email)
      .sort()
      .join(',')}`;
    // Our own panel's insertion and unrelated DOM churn land here too: same people, nothing to do. Only a
    // new set of people starts a new lookup (and makes older answers stale).
    if (!force && key === lastKey) return;
    lastKey = key;
    const mine = ++run;
    const loading = quiet ? null : ctx.setTimeout(() => show(mine, { kind: 'loading' }), LOADING_AFTER_MS);
    // Read now, with the people: by the time the answer comes the page may show another conversation.
    const id = threadIdFromLocation();
    const page: Page = {
      key,
      thread:
        id && threadPeople.length > 0
          ? { id, subject: extractThreadSubject(document) ?? '', link: threadLink() }
          : null,
      threadPeople,
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
    const options = { userEmail: extractAccountEmail(document), ...settings.data };
    const classified = classifyParticipants(people, options);
    const emails = lookupEmails(classified);
    const ready = { kind: 'ready', key: page.key, revision: mine } as const;
    if (emails.length === 0) {
      const view = { accounts: [], unknownDomains: [], personal: [] };
      return show(mine, { ...ready, view, thread: null });
    }
    const answer = await sendToBackground({ type: 'lookup', emails });
    if (!answer.ok) return show(mine, { kind: 'error', error: answer.error });
    // Only the conversation's own people are logged: compose recipients have not been written to yet.
    const thread = page.thread
      ? threadLog(page.thread, classifyParticipants(page.threadPeople, options), answer.data)
      : null;
    show(mine, { ...ready, view: toThreadView(classified, answer.data), thread });
  }

  function show(mine: number, next: PanelState) {
    if (mine !== run) return; // a newer page state is being looked up
    state = next;
    if (ui?.mounted) paint();
    else void mount(); // paints the latest state once mounted
  }

  // Throttled with a leading edge: the first change is read at once (the overlay feels instant), the ones
  // that follow while Gmail keeps rendering are read together at most every SETTLE_MS.
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

  const observer = new MutationObserver(schedule);
  observer.observe(document.body, { childList: true, subtree: true });
  ctx.onInvalidated(() => {
    observer.disconnect();
    unmount();
  });
  ctx.addEventListener(window, 'wxt:locationchange', schedule);
  // Another language chosen on the options page: the panel repaints in it (text read at render time).
  ctx.onInvalidated(watchLocale(() => paint()));
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
}

/** Thread participants and compose recipients, once per address. */
function merge(...lists: Participant[][]): Participant[] {
  const byEmail = new Map<string, Participant>();
  for (const p of lists.flat()) if (!byEmail.has(p.email)) byEmail.set(p.email, p);
  return [...byEmail.values()];
}
