import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seedGmailWorld, serveGmail, signInThroughOptions, THREAD_1 } from './gmail-world';
import {
  type ExtensionBrowser,
  expectedRegistrations,
  launchExtension,
  type RapportServer,
  registeredScripts,
  screenshot,
  startRapport,
  waitForRegistrations,
  watchErrors,
} from './harness';
import { serveLinkedIn } from './linkedin-world';

const CASTELLAN_PAGE = 'https://www.linkedin.com/company/castellan-foods/';

/** The part of the `chrome` global these tests use in the service worker and extension pages. */
type ChromeGlobal = {
  chrome: {
    tabs: { query(info: { url: string }): Promise<{ id?: number; url?: string }[]> };
    runtime: { sendMessage(message: unknown): Promise<unknown> };
  };
};

/**
 * Records, in the page's own world, every "content script started" announcement: WXT's
 * ContentScriptContext posts `{ type: 'wxt:content-script-started…', contentScriptName }` to the window when
 * a content script starts, injected or registered. An empty list means no Rapport script ran on the page.
 */
async function recordScriptStarts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const page = globalThis as unknown as PageGlobal;
    const seen: string[] = [];
    page.rapportStarts = seen;
    page.addEventListener('message', (event) => {
      const data = event.data as { type?: unknown; contentScriptName?: unknown } | null;
      if (typeof data?.type === 'string' && data.type.includes('content-script-started'))
        seen.push(String(data.contentScriptName));
    });
  });
}

/** The page's window as the recorder uses it (tests/ has no DOM types). */
type PageGlobal = {
  rapportStarts: string[];
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
};

const scriptStarts = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobal).rapportStarts);

/**
 * Privacy mode (issue 6): a site set to "Only when I click" on the real options page gets no content script
 * until the toolbar button is clicked on a page, and then the overlay works there as usual.
 */
describe('privacy mode: only when I click', { timeout: 120_000 }, () => {
  let server: RapportServer;
  let browser: ExtensionBrowser;
  let options: Page;
  let popup: Page | undefined;

  /** Chooses a site's mode on the options page (already open) and waits for its confirmation. */
  const choose = async (site: string, mode: 'Automatically' | 'Only when I click') => {
    const group = options.getByRole('group', { name: `When Rapport runs on ${site}` });
    await group.getByLabel(mode, { exact: true }).check();
    const saved =
      mode === 'Automatically'
        ? `Saved: Rapport starts by itself on ${site}`
        : `Saved: Rapport no longer runs on ${site}`;
    await options.getByText(saved).waitFor({ timeout: 5_000 });
  };

  /** The tab id of the one open page at `url` (asked in the service worker, as the popup's tab query would). */
  const tabIdOf = async (url: string): Promise<number> => {
    const tabs = await browser.worker.evaluate(
      (pattern) => (globalThis as unknown as ChromeGlobal).chrome.tabs.query({ url: pattern }),
      url,
    );
    expect(tabs).toHaveLength(1);
    return tabs[0]?.id ?? -1;
  };

  /**
   * What the toolbar button does. Headless Chromium has no toolbar to click, so the popup is opened as a tab
   * in the same window while the site's page stays the active tab: the popup's own code (StartHereLine) asks
   * for the active tab, sends the background its `rapport:start-here` message and shows the answer, exactly
   * as after a click. Not covered: the click itself and the `activeTab` grant it gives. The extension holds
   * the site's host permission (WXT adds the runtime scripts' matches to `host_permissions`), so in Chromium
   * the injection does not depend on that grant; the privacy promise rests on nothing being registered or
   * injected before the click, which is what this file checks. Returns the popup's line ('' when none).
   */
  const clickToolbarButton = async (site: Page): Promise<string> => {
    await site.bringToFront();
    popup ??= await browser.context.newPage();
    await site.bringToFront();
    await popup.goto(browser.extensionUrl('popup.html'));
    // The popup's own content (signed in: the search) shows once its requests are answered.
    await popup.getByText('Signed in as').waitFor({ timeout: 10_000 });
    await popup.waitForTimeout(300);
    const line = popup.locator('.privacy-here');
    return (await line.count()) ? ((await line.textContent()) ?? '') : '';
  };

  /** The message the popup sends, from an extension page, to read the background's answer itself. */
  const askBackground = (tabId: number) =>
    options.evaluate(
      (id) =>
        (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage({
          type: 'rapport:start-here',
          tabId: id,
        }),
      tabId,
    );

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchExtension()]);
    const { admin, castellanId } = await seedGmailWorld(server);
    await serveGmail(browser);
    await serveLinkedIn(browser, server, { admin, castellanId });
    await signInThroughOptions(browser, server, 'marta@northpeak.example');
    options = await browser.context.newPage();
    await options.goto(browser.extensionUrl('options.html'));
    await options.getByRole('heading', { name: 'Privacy' }).waitFor({ timeout: 10_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("should save each site's choice from the options page, by mouse or keyboard, and unregister its script", async () => {
    const all = expectedRegistrations();
    expect(all).toEqual(expect.arrayContaining(['rapport-gmail', 'rapport-linkedin']));
    expect(await registeredScripts(browser.worker)).toEqual(all);
    // The plain-words explanation names the server everything goes to.
    const linkedin = options.getByRole('group', { name: 'When Rapport runs on LinkedIn' }).locator('..');
    expect(await linkedin.textContent()).toContain(`Only to your own Rapport server, ${server.url}`);

    await choose('LinkedIn', 'Only when I click');
    // Gmail by keyboard: Tab reaches the checked radio, an arrow key moves to the next and saves it.
    const gmail = options.getByRole('group', { name: 'When Rapport runs on Gmail' });
    await gmail.getByLabel('Automatically', { exact: true }).focus();
    await options.keyboard.press('ArrowDown');
    await options.getByText('Saved: Rapport no longer runs on Gmail').waitFor({ timeout: 5_000 });
    expect(await gmail.getByLabel('Only when I click', { exact: true }).isChecked()).toBe(true);
    await screenshot(options, 'privacy-options-only-when-i-click', { fullPage: true });

    await waitForRegistrations(
      browser.worker,
      all.filter((id) => id !== 'rapport-gmail' && id !== 'rapport-linkedin'),
    );
    // Reloaded, the page shows the stored choice.
    await options.reload();
    await expect
      .poll(() => gmail.getByLabel('Only when I click', { exact: true }).isChecked(), { timeout: 5_000 })
      .toBe(true);
  });

  it('should run nothing on a LinkedIn page until the button is clicked, then show the overlay there', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await recordScriptStarts(page);
    await page.goto(CASTELLAN_PAGE);
    await page.getByRole('heading', { name: 'Castellan Foods' }).first().waitFor();
    // Long enough for a registered script (document_idle) and the overlay's lookup to have shown up.
    await page.waitForTimeout(1_500);
    expect(await page.locator('rapport-overlay').count()).toBe(0);
    expect(await scriptStarts(page)).toEqual([]);
    expect(await registeredScripts(browser.worker)).not.toContain('rapport-linkedin');
    await screenshot(page, 'privacy-linkedin-before-click');

    const tabId = await tabIdOf(CASTELLAN_PAGE);
    expect(await clickToolbarButton(page)).toContain('Rapport is running on this LinkedIn page.');
    await page.getByText('Buying committee').waitFor({ timeout: 10_000 });
    const panel = (await page.locator('rapport-overlay').evaluate((el) => el.shadowRoot?.textContent)) ?? '';
    expect(panel).toContain('Your key account');
    expect(panel).toContain('Elena Marchetti');
    await screenshot(page, 'privacy-linkedin-after-click');
    if (popup) await screenshot(popup, 'privacy-popup-running-on-linkedin');

    // A second click leaves the running overlay alone: one script start, one overlay.
    expect(await clickToolbarButton(page)).toContain('Rapport is running on this LinkedIn page.');
    expect(await askBackground(tabId)).toEqual({ state: 'running', site: 'linkedin' });
    await page.waitForTimeout(300);
    expect(await scriptStarts(page)).toEqual(['linkedin']);
    expect(await page.locator('rapport-overlay').count()).toBe(1);

    // It follows LinkedIn's own navigation on that page...
    await page.locator('a[href*="/in/elena-marchetti-4a1b2c/"]').first().click();
    await page.getByText('Elena Marchetti is not a stakeholder yet').waitFor({ timeout: 10_000 });
    // ...and a reload ends it: the next page gets nothing until the next click.
    await page.reload();
    await page.getByRole('heading', { name: 'Elena Marchetti' }).first().waitFor();
    await page.waitForTimeout(1_500);
    expect(await scriptStarts(page)).toEqual([]);
    expect(await page.locator('rapport-overlay').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('should run nothing on a Gmail thread until the button is clicked, then show the cards', async () => {
    const page = await browser.context.newPage();
    await recordScriptStarts(page);
    await page.goto(THREAD_1);
    await page.locator('h2.hP').waitFor();
    await page.waitForTimeout(1_500);
    expect(await page.locator('rapport-overlay').count()).toBe(0);
    expect(await scriptStarts(page)).toEqual([]);

    expect(await clickToolbarButton(page)).toContain('Rapport is running on this Gmail page.');
    await page.getByRole('article', { name: 'Castellan Foods' }).waitFor({ timeout: 10_000 });
    await expect
      .poll(() => page.getByRole('article', { name: 'Castellan Foods' }).textContent())
      .toContain('Cold-chain sensors, Verona plant');
    expect(await scriptStarts(page)).toEqual(['gmail']);
    await screenshot(page, 'privacy-gmail-after-click');
    await page.close();
  });

  it('should start by itself again on the next page load once switched back to automatically', async () => {
    await choose('LinkedIn', 'Automatically');
    await waitForRegistrations(
      browser.worker,
      expectedRegistrations().filter((id) => id !== 'rapport-gmail'),
    );
    const page = await browser.context.newPage();
    await recordScriptStarts(page);
    await page.goto(CASTELLAN_PAGE);
    await page.getByText('Buying committee').waitFor({ timeout: 10_000 });
    expect(await scriptStarts(page)).toEqual(['linkedin']);
    // A click on a site set to "automatically" injects nothing more: its registered script already runs.
    expect(await clickToolbarButton(page)).toBe('');
    expect(await askBackground(await tabIdOf(CASTELLAN_PAGE))).toEqual({
      state: 'automatic',
      site: 'linkedin',
    });
    await page.close();
  });

  it('should stop a running overlay at once when its site is switched to only when I click', async () => {
    await choose('Gmail', 'Automatically');
    await waitForRegistrations(browser.worker, expectedRegistrations());
    const page = await browser.context.newPage();
    await page.goto(THREAD_1);
    await page.getByRole('article', { name: 'Castellan Foods' }).waitFor({ timeout: 10_000 });
    await choose('Gmail', 'Only when I click');
    await expect.poll(() => page.locator('rapport-overlay').count(), { timeout: 5_000 }).toBe(0);
    await page.close();
  });
});
