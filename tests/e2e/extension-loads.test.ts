import { existsSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  builtManifest,
  type ExtensionBrowser,
  launchExtension,
  type RapportServer,
  screenshot,
  serveHtml,
  startRapport,
  watchErrors,
} from './harness';

// A stand-in until the Gmail fixtures in tests/fixtures/gmail/ land (issue 3).
const INBOX_HTML = `<!doctype html>
<html><head><title>Inbox - demo@northpeak.example - Gmail</title></head>
<body><div role="main"><h1 id="fixture-heading">Inbox fixture</h1><p>Served by the e2e harness.</p></div></body></html>`;

/** The part of the `chrome` global the service worker test reads (tests/ has no chrome types). */
type ExtensionGlobal = { chrome: { runtime: { getManifest(): { name: string } } } };

// Proves the harness: the real built extension in real Chromium, a real server, a site at its real URL.
describe('the built extension in headless Chromium', () => {
  let server: RapportServer;
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchExtension()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('should start its background service worker from the manifest', async () => {
    const manifest = builtManifest();
    expect(manifest.manifest_version).toBe(3);
    expect(browser.extensionId).toMatch(/^[a-p]{32}$/);
    expect(browser.worker.url()).toBe(browser.extensionUrl(manifest.background?.service_worker ?? ''));
    const running = await browser.worker.evaluate(
      () => (globalThis as unknown as ExtensionGlobal).chrome.runtime.getManifest().name,
    );
    // The manifest names it through _locales (`__MSG_extensionName__`); Chromium answers the resolved name.
    expect(manifest.name).toBe('__MSG_extensionName__');
    expect(running).toBe('Rapport');
  });

  it('should reach the Rapport server on loopback from the service worker', async () => {
    const status = await browser.worker.evaluate(
      (url) => fetch(`${url}/healthz`).then((r) => r.status),
      server.url,
    );
    expect(status).toBe(200);
    // The server holds the demo organisation: a demo rep signs in.
    expect(await server.signIn('lena@northpeak.example')).toMatch(/^rpt_/);
  });

  it('should open its options page with the sign-in form', async () => {
    const manifest = builtManifest();
    const path = manifest.options_ui?.page ?? manifest.options_page;
    expect(path, 'the built manifest names no options page').toBeTruthy();
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(browser.extensionUrl(path ?? ''));
    // The form of issue 3. TODO(lead): the sign-in flow itself (fill, "Sign in", signed-in state) belongs in
    // its own e2e test with the extension's options page object.
    for (const label of ['Server URL', 'Email', 'Password']) {
      await page.getByLabel(label, { exact: true }).waitFor({ timeout: 10_000 });
    }
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'options-page');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("should serve a page at Gmail's real URL with the page's own content", async () => {
    await serveHtml(browser.context, 'https://mail.google.com/**', INBOX_HTML);
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto('https://mail.google.com/mail/u/0/#inbox');
    expect(page.url()).toBe('https://mail.google.com/mail/u/0/#inbox');
    expect(await page.locator('#fixture-heading').textContent()).toBe('Inbox fixture');
    expect(await page.title()).toContain('Gmail');
    const file = await screenshot(page, 'gmail-inbox-fixture');
    expect(existsSync(file)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('should refuse live sites that no fixture serves', async () => {
    const page = await browser.context.newPage();
    await expect(page.goto('https://www.linkedin.com/in/someone/')).rejects.toThrow(/ERR_BLOCKED_BY_CLIENT/);
    expect(browser.blocked).toContain('https://www.linkedin.com/in/someone/');
    await page.close();
  });
});
