import { render } from 'preact';

import { type ContentScriptContext, createShadowRootUi, type ShadowRootContentScriptUi } from '#imports';
import { classifyParticipants, type Participant } from '../extract/gmail';
import { sendToBackground } from '../messaging';
import {
  composeParticipants,
  extractAccountEmail,
  extractComposeRecipients,
  extractThreadParticipants,
  threadIdFromLocation,
} from '../sites/gmail';
import { isPanelCollapsed, setPanelCollapsed } from '../storage';
import type { SaveResult } from '../ui/stakeholder-form';
import { lookupEmails, toThreadView } from './thread-model';
import { contactFromDraft, type PanelState, ThreadPanel } from './thread-panel';

/** Re-read the page at most this often while Gmail renders (chips, expanding messages). */
const SETTLE_MS = 120;

/**
 * Runs the Gmail overlay: watches the open conversation and compose windows, looks their external
 * participants up through the background, and shows the panel while there is anyone to show.
 */
export function startGmailOverlay(ctx: ContentScriptContext): void {
  let ui: ShadowRootContentScriptUi<HTMLElement> | null = null;
  let state: PanelState = { kind: 'loading' };
  let collapsed = false;
  let userId: string | null = null;
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
      />,
      ui.mounted,
    );
  };

  const saved = (res: { ok: true } | { ok: false; error: { message: string } }): SaveResult => {
    if (!res.ok) return { ok: false, message: res.error.message };
    void refresh(true); // the background dropped its cache on the write: the card shows the change at once
    return { ok: true };
  };

  async function mount() {
    if (ui) return;
    ui = await createShadowRootUi(ctx, {
      name: 'rapport-overlay',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      onMount: (container) => {
        // Below Gmail's top bar and left of its side-panel strip, so its own controls stay reachable.
        container.style.setProperty('--rp-top', '72px');
        container.style.setProperty('--rp-right', '72px');
        return container;
      },
      onRemove: (container) => {
        if (container) render(null, container);
      },
    });
    ui.mount();
    paint();
  }

  function unmount() {
    ui?.remove();
    ui = null;
    lastKey = null;
  }

  async function refresh(force = false) {
    const mine = ++run;
    const people = merge(
      extractThreadParticipants(document),
      composeParticipants(extractComposeRecipients(document)),
    );
    if (people.length === 0) return unmount();
    const key = `${threadIdFromLocation() ?? ''}|${people
      .map((p) => p.email)
      .sort()
      .join(',')}`;
    if (!force && key === lastKey) return;
    lastKey = key;
    await mount();
    const status = await sendToBackground({ type: 'status' });
    if (mine !== run) return;
    if (!status.ok) return show(mine, { kind: 'error', error: status.error });
    if (!status.data.signedIn) {
      const code = status.data.ended ? 'expired' : 'signed_out';
      return show(mine, { kind: 'error', error: { code, message: 'Sign in to Rapport' } });
    }
    if (userId !== status.data.user.id) {
      userId = status.data.user.id;
      collapsed = await isPanelCollapsed(userId);
    }
    const settings = await sendToBackground({ type: 'settings' });
    if (!settings.ok) return show(mine, { kind: 'error', error: settings.error });
    const classified = classifyParticipants(people, {
      userEmail: extractAccountEmail(document),
      ...settings.data,
    });
    const emails = lookupEmails(classified);
    if (emails.length === 0)
      return show(mine, { kind: 'ready', view: { accounts: [], unknownDomains: [], personal: [] } });
    if (state.kind !== 'ready') show(mine, { kind: 'loading' });
    const answer = await sendToBackground({ type: 'lookup', emails });
    show(
      mine,
      answer.ok
        ? { kind: 'ready', view: toThreadView(classified, answer.data) }
        : { kind: 'error', error: answer.error },
    );
  }

  function show(mine: number, next: PanelState) {
    if (mine !== run) return; // a newer page state is being looked up
    state = next;
    paint();
  }

  const schedule = () => {
    if (timer !== null) return;
    timer = ctx.setTimeout(() => {
      timer = null;
      refresh().catch((err) => console.warn('[rapport:gmail]', err));
    }, SETTLE_MS);
  };

  const observer = new MutationObserver(schedule);
  observer.observe(document.body, { childList: true, subtree: true });
  ctx.onInvalidated(() => {
    observer.disconnect();
    unmount();
  });
  ctx.addEventListener(window, 'wxt:locationchange', schedule);
  schedule();
}

/** Thread participants and compose recipients, once per address. */
function merge(...lists: Participant[][]): Participant[] {
  const byEmail = new Map<string, Participant>();
  for (const p of lists.flat()) if (!byEmail.has(p.email)) byEmail.set(p.email, p);
  return [...byEmail.values()];
}
