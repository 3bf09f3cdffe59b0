import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMPOSE,
  seedGmailWorld,
  serveGmail,
  signInThroughOptions,
  THREAD_1,
  THREAD_2_ID,
} from './gmail-world';
import {
  type ExtensionBrowser,
  FIXTURES_DIR,
  launchExtension,
  type RapportServer,
  screenshot,
  startRapport,
  watchErrors,
} from './harness';

/**
 * The Gmail overlay end to end: the built extension in Chromium, signed in through its options page to a real
 * Rapport server, on the Gmail fixtures served at Gmail's real address.
 */
describe('Gmail overlay', { timeout: 90_000 }, () => {
  let server: RapportServer;
  let browser: ExtensionBrowser;
  let admin: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchExtension()]);
    ({ admin } = await seedGmailWorld(server));
    await serveGmail(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('should ask to sign in, without sending anything, before the extension is connected', async () => {
    const page = await browser.context.newPage();
    await page.goto(THREAD_1);
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'gmail-signed-out');
    await page.close();
  });

  it("should show the key account, its owner, the open deal and the stakeholder's badges on a thread", async () => {
    await signInThroughOptions(browser, server, 'lena@northpeak.example');
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(THREAD_1);
    const owner = page.getByText('Key account, owned by Marta Rossi');
    await owner.waitFor({ timeout: 10_000 });
    const card = page.getByRole('article', { name: 'Castellan Foods' });
    await expect.poll(() => card.textContent()).toContain('Cold-chain sensors, Verona plant');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Propose');
    expect(text).toContain('Elena Marchetti');
    expect(text).toContain('Champion');
    expect(text).toContain('High influence');
    // The colleague, the user and webmail people are never companies; Norrland is not an account yet.
    await page.getByText('norrland-logistics.example is not an account yet', { exact: false }).waitFor();
    expect(await page.getByText('brightwave.example is not an account', { exact: false }).count()).toBe(0);
    await screenshot(page, 'gmail-thread-key-account');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('should fit a narrow window and shrink to its header when collapsed', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 560, height: 480 });
    await page.goto(THREAD_1);
    await page.getByText('Key account, owned by Marta Rossi').waitFor({ timeout: 10_000 });
    const panel = page.getByRole('region', { name: 'Rapport' });
    const open = await panel.boundingBox();
    expect(open).not.toBeNull();
    if (!open) return;
    // Clear of Gmail's side-panel strip (56px) on the right and of the window's bottom edge.
    expect(open.x).toBeGreaterThanOrEqual(0);
    expect(open.x + open.width).toBeLessThanOrEqual(560 - 56);
    expect(open.y + open.height).toBeLessThanOrEqual(480);
    await screenshot(page, 'gmail-narrow-window');
    const toggle = page.getByRole('button', { name: /Rapport/ });
    await toggle.press('Enter');
    await expect.poll(async () => (await panel.boundingBox())?.width ?? 0).toBeLessThan(open.width);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await screenshot(page, 'gmail-narrow-window-collapsed');
    await toggle.press('Enter'); // expanded again: the collapsed state is remembered for the next tests
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    await page.close();
  });

  it('should add a person at a known domain as a stakeholder and show them at once', async () => {
    const page = await browser.context.newPage();
    await page.goto(THREAD_1);
    const add = page.getByRole('button', { name: 'Add as stakeholder' });
    await add.first().waitFor({ timeout: 10_000 });
    await add.first().click();
    const form = page.getByRole('form', { name: 'Add a stakeholder to Castellan Foods' });
    await form.getByLabel('Title').fill('Plant manager');
    await form.getByLabel('Technical decision-maker').check();
    await form.getByRole('combobox', { name: /^Influence/ }).selectOption('medium');
    await screenshot(page, 'gmail-add-stakeholder-form');
    await form.getByRole('button', { name: 'Save stakeholder' }).click();
    const card = page.getByRole('article', { name: 'Castellan Foods' });
    await expect.poll(() => card.textContent(), { timeout: 10_000 }).toContain('Tom Whitaker');
    const stored = await server.api<{
      items: { name: string; title: string; roles: string[]; emails: string[] }[];
    }>('GET', `/contacts?email=tom.whitaker@it.castellan-foods.example`, admin);
    expect(stored.body.items).toEqual([
      expect.objectContaining({
        name: 'Tom Whitaker',
        title: 'Plant manager',
        roles: ['technical_decision_maker'],
        emails: ['tom.whitaker@it.castellan-foods.example'],
      }),
    ]);
    await screenshot(page, 'gmail-stakeholder-added');
    await page.close();
  });

  it('should replace the cards when another thread opens, and leave nothing stale', async () => {
    const page = await browser.context.newPage();
    await page.goto(THREAD_1);
    await page.getByText('Key account, owned by Marta Rossi').waitFor({ timeout: 10_000 });
    await page.evaluate(`location.hash = '#inbox/${THREAD_2_ID}'`);
    await page.getByText('norrland-logistics.example is not an account yet', { exact: false }).waitFor();
    await expect
      .poll(() => page.getByText('Key account, owned by Marta Rossi').count(), { timeout: 10_000 })
      .toBe(0);
    expect(await page.locator('rapport-overlay').count()).toBe(1);
    await screenshot(page, 'gmail-second-thread');
    await page.evaluate("location.hash = '#inbox'");
    await expect.poll(() => page.locator('rapport-overlay').count(), { timeout: 10_000 }).toBe(0);
    await page.close();
  });

  it('should follow compose recipients as chips arrive', async () => {
    await browser.context.route('https://mail.google.com/mail/u/0/', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: readFileSync(join(FIXTURES_DIR, 'gmail', 'compose.html'), 'utf8'),
      }),
    );
    const page: Page = await browser.context.newPage();
    await page.goto(COMPOSE);
    await page.getByText('Key account, owned by Marta Rossi').waitFor({ timeout: 10_000 });
    // Dario Rossi becomes a chip after 800 ms: then he is offered as a new stakeholder of Castellan.
    await expect.poll(() => page.getByText('Dario Rossi').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await screenshot(page, 'gmail-compose');
    await page.close();
  });

  it('should say "Sign in again" when the server ends the session, and show the cards once signed in again', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(THREAD_1);
    await page.getByText('Key account, owned by Marta Rossi').waitFor({ timeout: 10_000 });

    // The server ends the extension's session (as when it expires or an admin revokes it) ...
    const token = await browser.worker.evaluate(
      "chrome.storage.local.get('session').then((stored) => stored.session.token)",
    );
    expect((await server.api('POST', '/auth/logout', String(token))).status).toBe(204);
    // ... and the next conversation has someone the extension has not looked up yet: the server refuses it.
    await serveGmail(browser, 'gmail/thread.html', (html) =>
      html.replaceAll(
        'elena.marchetti@castellan-foods.example',
        'elena.marchetti+q3@castellan-foods.example',
      ),
    );
    await page.reload();
    await page.getByText('Your Rapport session expired.').waitFor({ timeout: 10_000 });
    expect(await page.getByText('Key account, owned by Marta Rossi').count()).toBe(0);
    await screenshot(page, 'gmail-session-expired');

    // "Sign in again" opens the options page; signing in there brings the open conversation back, no reload.
    const [options] = await Promise.all([
      browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('options.html') }),
      page.getByRole('button', { name: 'Sign in again' }).click(),
    ]);
    await options.getByLabel('Server URL').waitFor();
    expect(await options.getByLabel('Server URL').inputValue()).toBe(server.url);
    await options.getByLabel('Email').fill('lena@northpeak.example');
    await options.getByLabel('Password').fill('rapport-demo');
    await options.getByRole('button', { name: 'Sign in' }).click();
    await options.getByText('Signed in', { exact: true }).waitFor({ timeout: 10_000 });
    await options.close();
    await page.getByText('Key account, owned by Marta Rossi').waitFor({ timeout: 10_000 });
    expect(await page.getByText('Your Rapport session expired.').count()).toBe(0);
    await screenshot(page, 'gmail-signed-in-again');
    expect(errors).toEqual([]);
    await page.close();
  });
});
