import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seedGmailWorld, signInThroughOptions } from './gmail-world';
import {
  type ExtensionBrowser,
  launchExtension,
  type RapportServer,
  screenshot,
  startRapport,
  watchErrors,
} from './harness';
import { COMPOSE, LIVE, OFFICE_365, PANE_1, PANE_2_PATH, PANE_IT, serveOutlook } from './outlook-world';

/**
 * The Outlook overlay end to end: the built extension in Chromium, signed in through its options page to a
 * real Rapport server, on the Outlook fixtures served at Outlook's real addresses.
 */
describe('Outlook overlay', { timeout: 90_000 }, () => {
  let server: RapportServer;
  let browser: ExtensionBrowser;
  let admin: string;
  let castellanId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchExtension()]);
    ({ admin, castellanId } = await seedGmailWorld(server));
    await serveOutlook(browser, { [OFFICE_365]: 'outlook/reading-pane-it.html' });
    await signInThroughOptions(browser, server, 'lena@northpeak.example');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const castellanCard = (page: Page) => page.getByRole('article', { name: 'Castellan Foods' });
  const norrland = (page: Page) =>
    page.getByText('norrland-logistics.example is not an account yet', { exact: false });

  it('should show the external company in the reading pane, not the colleague, and list name-only people', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(PANE_1);
    await page.getByText('Key account, owned by Marta Rossi').waitFor({ timeout: 10_000 });
    expect(await castellanCard(page).textContent()).toContain('Elena Marchetti');
    await norrland(page).waitFor();
    // Our own company is never a company card, and the people Outlook shows by name only are listed, not
    // looked up (no card, no "not an account yet" for them).
    expect(await page.getByText('brightwave.example is not an account', { exact: false }).count()).toBe(0);
    const note = page.locator('.rp-site-note');
    await expect.poll(() => note.textContent()).toContain('3 people without a visible address');
    expect(await note.textContent()).toContain('Marco Bassi, Anna Conti, Luca Romano');
    await screenshot(page, 'outlook-reading-pane');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('should replace the cards when another message opens, with no stale card in between', async () => {
    const page = await browser.context.newPage();
    await page.goto(PANE_1);
    await castellanCard(page).waitFor({ timeout: 10_000 });
    // Record every moment the Castellan card and the URL of the second conversation are on screen together.
    await page.evaluate(`(() => {
      window.__stale = 0;
      const check = () => {
        const host = document.querySelector('rapport-overlay');
        const card = host?.shadowRoot?.querySelector('article[aria-label="Castellan Foods"]');
        const pane = document.querySelector('[id$="_SUBJECT"]')?.textContent ?? '';
        if (card && pane.includes('Q3 volumes')) window.__stale++;
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    })()`);
    await page.getByRole('option', { name: /Sara Lindqvist/ }).click();
    await norrland(page).waitFor({ timeout: 10_000 });
    await expect.poll(() => castellanCard(page).count(), { timeout: 10_000 }).toBe(0);
    expect(new URL(page.url()).pathname).toBe(PANE_2_PATH);
    expect(await page.evaluate('window.__stale')).toBe(0);
    expect(await page.locator('.rp-site-note').textContent()).toContain('1 person without a visible address');
    expect(await page.locator('rapport-overlay').count()).toBe(1);
    await screenshot(page, 'outlook-second-message');
    await page.goBack();
    await castellanCard(page).waitFor({ timeout: 10_000 });
    await expect
      .poll(() => page.locator('.rp-site-note').textContent())
      .toContain('3 people without a visible address');
    await page.close();
  });

  it('should add and remove cards as compose pills come and go', async () => {
    const page = await browser.context.newPage();
    await page.goto(COMPOSE);
    await castellanCard(page).waitFor({ timeout: 10_000 });
    expect(await page.locator('.rp-site-note').textContent()).toContain(
      '1 person without a visible address: Anna Conti',
    );
    expect(await page.getByRole('button', { name: 'Log this email' }).count()).toBe(0);

    await page.evaluate(
      `rapportOutlook.addPill(1, 'Sara Lindqvist <sara.lindqvist@norrland-logistics.example>')`,
    );
    await norrland(page).waitFor({ timeout: 10_000 });
    await screenshot(page, 'outlook-compose');
    await page.evaluate(`rapportOutlook.removePill('Sara Lindqvist')`);
    await expect.poll(() => norrland(page).count(), { timeout: 10_000 }).toBe(0);
    await page.evaluate(`rapportOutlook.removePill('Elena'); rapportOutlook.removePill('Tom Whitaker')`);
    await expect.poll(() => castellanCard(page).count(), { timeout: 10_000 }).toBe(0);
    // Anna Conti is still a pill: the panel stays, saying only that.
    expect(await page.locator('.rp-site-note').textContent()).toContain('Anna Conti');
    await page.close();
  });

  it('should log the conversation once, with its subject and link', async () => {
    const page = await browser.context.newPage();
    await page.goto(PANE_1);
    const log = page.getByRole('button', { name: 'Log this email' });
    await log.waitFor({ timeout: 10_000 });
    await log.click();
    await page.getByText('Logged to Castellan Foods.').waitFor({ timeout: 10_000 });
    await screenshot(page, 'outlook-logged');
    const touches = await server.api<{ items: { kind: string; subject: string; link: string | null }[] }>(
      'GET',
      `/touches?accountId=${castellanId}`,
      admin,
    );
    expect(touches.body.items).toEqual([
      expect.objectContaining({
        kind: 'email',
        subject: 'Cold-chain sensor pilot: Verona plant extension',
        link: PANE_1,
      }),
    ]);
    // Again after a reload: the same conversation, the same touch.
    await page.reload();
    await page.getByRole('button', { name: 'Log this email' }).click({ timeout: 10_000 });
    await page.getByText('Already logged', { exact: false }).waitFor({ timeout: 10_000 });
    const again = await server.api<{ items: unknown[] }>('GET', `/touches?accountId=${castellanId}`, admin);
    expect(again.body.items).toHaveLength(1);
    await page.close();
  });

  it('should read Outlook in Italian, with an inline reply, and speak Italian when the extension does', async () => {
    await browser.worker.evaluate("chrome.storage.local.set({ language: 'it' })");
    const page = await browser.context.newPage();
    try {
      await page.goto(PANE_IT);
      await castellanCard(page).waitFor({ timeout: 10_000 });
      // Tom Whitaker (Cc, by his title) and the reply's Sara Lindqvist (a pill) are read too.
      await expect
        .poll(() => page.getByText('norrland-logistics.example', { exact: false }).count())
        .toBeGreaterThan(0);
      const note = page.locator('.rp-site-note');
      await expect
        .poll(() => note.textContent())
        .toContain('2 persone senza indirizzo visibile: Marco Bassi, Anna Conti');
      expect(await note.textContent()).toContain('Rapport non le cerca');
      await screenshot(page, 'outlook-italian-inline-reply');
    } finally {
      await browser.worker.evaluate("chrome.storage.local.remove('language')");
      await page.close();
    }
  });

  it('should run on outlook.live.com too', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${LIVE}/mail/0/inbox/id/AAQkAGFkZTc0NzQ2LWNhc3RlbGxhbi0wMDAxAAQAEJx7Q3hR2s1Nl0yT`);
    await castellanCard(page).waitFor({ timeout: 10_000 });
    await page.close();
  });
});
