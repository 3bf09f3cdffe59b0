import { parseLinkedin, type UserRef } from '@rapport/shared';
import { render } from 'preact';

import type { ContentScriptContext } from '#imports';
import type { LinkedinCompany, LinkedinProfile } from '../extract/linkedin';
import { followLocale, m } from '../i18n';
import { onSessionChange, sendToBackground } from '../messaging';
import { extractCompany, extractProfile, pageKind } from '../sites/linkedin';
import { isPanelCollapsed, setPanelCollapsed } from '../storage';
import { companyMatch, profileMatch } from './linkedin-model';
import { LinkedinPanel, type LinkedinState } from './linkedin-panel';
import { createPanelHost } from './panel-host';

/**
 * Re-read the page at most this often while LinkedIn renders. Short, because the lookup only needs the URL
 * and the panel should follow it at once; reading the page is cheap and stops early when nothing changed.
 */
const SETTLE_MS = 50;
/**
 * After pushState LinkedIn shows the old page for a moment under the new URL: a heading still naming the
 * previous page is not trusted for this long (two people may share a name, so not forever).
 */
const STALE_GRACE_MS = 2_500;

const warn = (err: unknown) => console.warn('[rapport:linkedin]', err);

type Facts = { profile: LinkedinProfile | null; company: LinkedinCompany | null };

/**
 * Runs the LinkedIn overlay: follows the URL through LinkedIn's pushState navigation, looks the profile or
 * company up through the background, and shows the panel on profile and company pages only.
 */
export function startLinkedinOverlay(ctx: ContentScriptContext): void {
  // Created once, up front, so its stylesheet is loaded before the first profile shows; mounted on profile
  // and company pages and removed on every other page.
  // Below LinkedIn's top bar (52px) and clear of its messaging dock at the bottom right.
  const panel = createPanelHost(ctx, { top: '72px', right: '24px' });
  let container: HTMLElement | undefined;
  let state: LinkedinState = { kind: 'loading' };
  let facts: Facts = { profile: null, company: null };
  let me: UserRef | null = null;
  let collapsed = false;
  let lastKey: string | null = null;
  let staleName: string | null = null;
  let navigatedAt = 0;
  let run = 0;
  let timer: number | null = null;

  const paint = () => {
    if (!container) return;
    render(
      <LinkedinPanel
        state={state}
        {...facts}
        me={me}
        collapsed={collapsed}
        onToggle={() => {
          collapsed = !collapsed;
          if (me) void setPanelCollapsed(me.id, collapsed);
          paint();
        }}
        onRetry={() => void refresh(true).catch(warn)}
        onOpenOptions={() => void sendToBackground({ type: 'openOptions' })}
        onChanged={() => refresh(true).catch(warn)}
      />,
      container,
    );
  };

  /** Shows the panel (again) on a profile or company page. */
  async function mount() {
    const ui = await panel;
    if (lastKey === null) return; // left the page meanwhile
    if (!ui.mounted) ui.mount();
    container = ui.mounted;
    paint();
  }

  function unmount() {
    lastKey = null;
    facts = { profile: null, company: null };
    container = undefined;
    void panel.then((ui) => {
      if (lastKey === null && ui.mounted) ui.remove();
    });
  }

  /** Re-reads the page; looks it up again when the URL names another person or company (or when forced). */
  async function refresh(force = false): Promise<void> {
    const kind = pageKind(location);
    const slug = parseLinkedin(location.href)?.slug;
    if (kind === 'other' || !slug) {
      if (lastKey !== null) unmount();
      return;
    }
    const key = `${kind}:${slug}`;
    const fresh = key !== lastKey;
    if (fresh) {
      staleName = facts.profile?.name ?? facts.company?.name ?? null;
      navigatedAt = Date.now();
      facts = { profile: null, company: null };
      ctx.setTimeout(schedule, STALE_GRACE_MS); // read the page again once the grace is over
    }
    const changed = readFacts(kind);
    if (!fresh && !force) {
      if (changed) paint();
      return;
    }
    lastKey = key;
    const mine = ++run;
    if (fresh || state.kind === 'error') state = { kind: 'loading' };
    paint();
    await mount();
    const status = await sendToBackground({ type: 'status' });
    if (mine !== run) return;
    if (!status.ok) return show(mine, { kind: 'error', error: status.error });
    if (!status.data.signedIn) {
      const code = status.data.ended ? 'expired' : 'signed_out';
      return show(mine, { kind: 'error', error: { code, message: m.overlay.signInToRapport } });
    }
    if (me?.id !== status.data.user.id) collapsed = await isPanelCollapsed(status.data.user.id);
    me = status.data.user;
    const input = kind === 'profile' ? `in:${slug}` : `company:${slug}`;
    const answer = await sendToBackground({ type: 'lookup', linkedin: [input] });
    if (!answer.ok) return show(mine, { kind: 'error', error: answer.error });
    show(
      mine,
      kind === 'profile'
        ? { kind, slug, match: profileMatch(answer.data) }
        : { kind, slug, account: companyMatch(answer.data) },
    );
  }

  /** Reads the page's facts; true when they changed. A heading left over from the last page reads as none. */
  function readFacts(kind: 'profile' | 'company'): boolean {
    const profile = kind === 'profile' ? extractProfile(document, location) : null;
    const company = kind === 'company' ? extractCompany(document, location) : null;
    const name = profile?.name ?? company?.name;
    const stale = name === staleName && Date.now() - navigatedAt < STALE_GRACE_MS;
    const next: Facts = stale ? { profile: null, company: null } : { profile, company };
    if (JSON.stringify(next) === JSON.stringify(facts)) return false;
    facts = next;
    return true;
  }

  function show(mine: number, next: LinkedinState) {
    if (mine !== run) return; // the page moved on while this answer was on its way
    state = next;
    paint();
  }

  const schedule = () => {
    if (timer !== null) return;
    timer = ctx.setTimeout(() => {
      timer = null;
      refresh().catch(warn);
    }, SETTLE_MS);
  };

  const observer = new MutationObserver(schedule);
  observer.observe(document.body, { childList: true, subtree: true });
  ctx.onInvalidated(() => {
    observer.disconnect();
    unmount();
  });
  ctx.addEventListener(window, 'wxt:locationchange', schedule);
  // Another language chosen on the options page: the panel follows (text read at render time).
  followLocale(ctx, paint, () => void refresh(true).catch(warn));
  // Signed in, out or ended elsewhere (the options page, another tab): look again without a reload.
  onSessionChange(ctx, () => void refresh(true).catch(warn));
  // Back from the options page after signing in: try again without a reload.
  ctx.addEventListener(document, 'visibilitychange', () => {
    if (document.visibilityState === 'visible' && state.kind === 'error') void refresh(true).catch(warn);
  });
  schedule();
}
