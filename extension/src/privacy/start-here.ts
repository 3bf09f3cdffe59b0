import { browser, MatchPattern, type ScriptPublicPath } from '#imports';
import type { Sender } from '../messaging';
import { SITES, type Site, type SiteId } from '../sites/registry';
import { RUNNING_KEY } from './content-guard';
import { modeOf, siteModes } from './site-modes';

/*
 * "Only when I click": the toolbar button opens the popup (so `action.onClicked` never fires), and opening
 * it, by a click or the extension's keyboard shortcut, grants `activeTab` for the tab. The popup then asks
 * the background, with this message, to start Rapport in that tab: the background injects the site's script
 * with `scripting.executeScript`, once per page (a page where it already runs is left alone). A site set to
 * "automatically" is not touched: its registered script starts with the page.
 */

const START_HERE = 'rapport:start-here';

/** What the popup shows after asking. */
export type StartHere =
  /** Not a page Rapport reads (or a tab the extension may not see). */
  | { state: 'none' }
  /** The site is set to "automatically": the page's own load starts Rapport. */
  | { state: 'automatic'; site: SiteId }
  /** Injected just now / was already running on this page (a second click). */
  | { state: 'started' | 'running'; site: SiteId }
  /** The browser refused (`no_access`: the page's permission is missing; `error`: anything else). */
  | { state: 'failed'; site: SiteId; reason: 'no_access' | 'error'; detail: string };

/**
 * The site whose patterns match `url`, if any.
 * @example siteForUrl('https://www.linkedin.com/in/someone/')?.id // 'linkedin'
 */
export function siteForUrl(url: string | undefined): Site | undefined {
  if (!url) return undefined;
  return SITES.find((site) => site.matches.some((pattern) => new MatchPattern(pattern).includes(url)));
}

/** Tabs with a start under way, so two quick clicks cannot inject the script twice. */
const starting = new Map<number, Promise<StartHere>>();

/**
 * Background: starts Rapport in the tab if its site is set to "only when I click" and it is not running yet.
 * Never throws; what went wrong is in the answer.
 */
export function startHere(tabId: number): Promise<StartHere> {
  const pending = starting.get(tabId);
  if (pending) return pending;
  const run = startNow(tabId).finally(() => starting.delete(tabId));
  starting.set(tabId, run);
  return run;
}

async function startNow(tabId: number): Promise<StartHere> {
  let url: string | undefined;
  try {
    url = (await browser.tabs.get(tabId)).url;
  } catch {
    return { state: 'none' };
  }
  const site = siteForUrl(url);
  if (!site) return { state: 'none' };
  if (modeOf(await siteModes.getValue(), site.id) === 'automatic')
    return { state: 'automatic', site: site.id };
  try {
    // The content script marks the page while it runs (content-guard.ts); this reads the mark in the same
    // isolated world the content scripts share.
    const [probe] = await browser.scripting.executeScript({
      target: { tabId },
      func: (key: string, id: string) => {
        const running = (globalThis as unknown as Record<string, unknown>)[key];
        return running instanceof Set && running.has(id);
      },
      args: [RUNNING_KEY, site.id],
    });
    if (probe?.result === true) return { state: 'running', site: site.id };
    // WXT types `files` with the scripts of this build; the registry names Outlook's before it is built
    // everywhere, and a missing file is refused by the browser like any other failure below.
    const file = `/${site.script}` as ScriptPublicPath;
    await browser.scripting.executeScript({ target: { tabId }, files: [file] });
    return { state: 'started', site: site.id };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    // Chrome: "Cannot access contents of the page…"; Firefox: "Missing host permission for the tab".
    const reason = /cannot access|permission/i.test(detail) ? 'no_access' : 'error';
    return { state: 'failed', site: site.id, reason, detail };
  }
}

/**
 * Background: answers the popup's "start here" message. Only the extension's own pages may ask (a content
 * script could otherwise start Rapport in another tab).
 */
export function listenForStartHere(): () => void {
  const listener = (message: unknown, sender: Sender, sendResponse?: (answer: unknown) => void) => {
    const request = message as { type?: unknown; tabId?: unknown } | null;
    if (request?.type !== START_HERE || typeof request.tabId !== 'number') return undefined;
    const fromExtension = (sender?.url ?? '').startsWith(browser.runtime.getURL('/'));
    const answer: Promise<StartHere> = fromExtension
      ? startHere(request.tabId)
      : Promise.resolve({ state: 'none' });
    if (typeof sendResponse !== 'function') return answer;
    void answer.then(sendResponse);
    return true;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

/**
 * Popup: asks the background to start Rapport in the tab the popup was opened on.
 * @example const [tab] = await browser.tabs.query({ active: true, currentWindow: true }); askToStartHere(tab.id)
 */
export async function askToStartHere(tabId: number): Promise<StartHere> {
  try {
    const answer = (await browser.runtime.sendMessage({ type: START_HERE, tabId })) as StartHere | undefined;
    return answer && typeof answer === 'object' && 'state' in answer ? answer : { state: 'none' };
  } catch {
    return { state: 'none' };
  }
}
