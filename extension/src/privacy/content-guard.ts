import type { ContentScriptContext } from '#imports';
import type { SiteId } from '../sites/registry';
import { modeOf, siteModes } from './site-modes';

/*
 * Content scripts: a mark that Rapport runs on this page, and an off switch. The mark (a set of site ids on
 * the isolated world's global, which the page itself cannot see) lets the background tell "already running"
 * from "start it" when the toolbar button is clicked again (start-here.ts). Should a second copy be injected
 * anyway, WXT's ContentScriptContext invalidates the older one, which removes its overlay, so the page never
 * shows two. Switching the site to "only when I click" stops a running copy at once: the promise is that
 * nothing runs there until the person asks.
 */

/** The global the mark lives on (read by the background's probe; keep the name in sync). */
export const RUNNING_KEY = '__rapportRunning';

function runningSet(): Set<string> {
  const global = globalThis as unknown as Record<string, unknown>;
  const existing = global[RUNNING_KEY];
  if (existing instanceof Set) return existing as Set<string>;
  const created = new Set<string>();
  global[RUNNING_KEY] = created;
  return created;
}

/**
 * Marks the page as running `site` until `ctx` ends, and ends `ctx` (removing the overlay) when the person
 * switches the site to "only when I click". Call first thing in the content script's `main`.
 * @example main(ctx) { guardSite(ctx, 'gmail'); startGmailOverlay(ctx); }
 */
export function guardSite(ctx: ContentScriptContext, site: SiteId): void {
  runningSet().add(site);
  const unwatch = siteModes.watch((next, previous) => {
    if (modeOf(next, site) === 'click' && modeOf(previous, site) !== 'click') ctx.notifyInvalidated();
  });
  ctx.onInvalidated(() => {
    unwatch();
    runningSet().delete(site);
  });
}

/** Whether a content script of `site` runs in this world (tests; the background has its own probe). */
export function isRunning(site: SiteId): boolean {
  return runningSet().has(site);
}
