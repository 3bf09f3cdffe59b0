import { periodOf } from '@rapport/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seedGmailWorld, serveGmail, signInThroughOptions, THREAD_1 } from './gmail-world';
import {
  type ExtensionBrowser,
  launchExtension,
  type RapportServer,
  screenshot,
  startRapport,
  watchErrors,
} from './harness';
import { ELENA, fillTagForm, MARCO, SARA, serveLinkedIn } from './linkedin-world';

const THREAD_SUBJECT = 'Cold-chain sensor pilot: Verona plant extension';

type Item = { id: string; name: string; version: number };

/**
 * The account page (`dashboard.html#/accounts/<id>`) end to end, signed in as Marta Rossi, who owns the key
 * account Castellan Foods: the plan chart's figures, the org chart of three levels (people tagged on LinkedIn) with an empty seat, and an
 * email logged from the Gmail overlay on the timeline.
 */
describe('Account page', { timeout: 120_000 }, () => {
  let server: RapportServer;
  let browser: ExtensionBrowser;
  let admin: string;
  let marta: string;
  let martaId: string;
  let castellanId: string;
  let period: string;

  const accountPage = () => browser.extensionUrl(`dashboard.html#/accounts/${castellanId}`);
  const openAccountPage = async (): Promise<{ page: Page; errors: string[] }> => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(accountPage());
    await page.getByRole('heading', { level: 1, name: 'Castellan Foods' }).waitFor({ timeout: 10_000 });
    return { page, errors };
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchExtension()]);
    ({ admin, castellanId } = await seedGmailWorld(server));
    marta = await server.signIn('marta@northpeak.example');
    martaId = (await server.api<{ id: string }>('GET', '/me', marta)).body.id;
    const settings = await server.api<{ fiscalYearStartMonth: number }>('GET', '/settings', admin);
    period = periodOf(new Date().toISOString().slice(0, 10), settings.body.fiscalYearStartMonth);
    await signInThroughOptions(browser, server, 'marta@northpeak.example');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('should chart a plan with two product targets and a won opportunity, with the exact figures', async () => {
    // Seeded through the API as the account's owner, as she would from the editor.
    const products = (await server.api<{ items: Item[] }>('GET', '/products?active=true', marta)).body.items;
    const bearings = products.find((p) => p.name === 'Precision Bearings');
    const drives = products.find((p) => p.name === 'Drive Systems');
    if (!bearings || !drives) throw new Error('the demo product lines are missing');
    const plan = await server.api('PUT', `/accounts/${castellanId}/plans/${period}`, marta, {
      version: 0,
      lines: [
        { productLineId: bearings.id, target: 12_000_000 },
        { productLineId: drives.id, target: 8_000_000 },
      ],
      objectives: [{ text: 'Supply bearings to every Castellan plant', status: 'open' }],
      actions: [
        {
          title: 'Cold-chain roadmap with marketing',
          category: 'marketing_communication',
          ownerId: martaId,
          dueDate: null,
          status: 'in_progress',
        },
      ],
    });
    expect(plan.status).toBe(201);
    const won = await server.api('POST', '/opportunities', marta, {
      accountId: castellanId,
      title: 'Bearings for the Verona line',
      type: 'expansion',
      productLineId: bearings.id,
      amount: 4_500_000,
      currency: 'EUR',
      stage: 'won',
      closeReason: 'Won on lead time',
    });
    expect(won.status).toBe(201);

    const { page, errors } = await openAccountPage();
    expect(await page.title()).toBe('Castellan Foods: Rapport');
    const figures = page.getByRole('button', { name: 'Show the figures as a table' });
    await figures.click();
    const table = page.getByRole('table', { name: `Account plan ${period}: figures per product line` });
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent)),
      );
    expect(rows.slice(0, 2)).toEqual([
      ['Precision Bearings', '€120,000', '€45,000', '€0', '38% of target'],
      ['Drive Systems', '€80,000', '€0', '€0', '0% of target'],
    ]);
    const total = await table
      .locator('tfoot tr')
      .evaluate((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent));
    expect([total[0], total[1], total[2], total[4]]).toEqual([
      'Total',
      '€200,000',
      '€45,000',
      '23% of target',
    ]);
    // The drawing says the same: the won bar of Precision Bearings is labelled with its amount.
    const bearingsRow = page.locator(`svg g.rp-plan-row[data-product-line="${bearings.id}"]`);
    expect(await bearingsRow.locator('text.rp-plan-value').allTextContents()).toEqual([
      '€120,000',
      '€45,000',
      '€0',
    ]);
    expect(await page.getByRole('img', { name: `Account plan ${period}` }).count()).toBe(1);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Supply bearings to every Castellan plant');
    expect(text).toContain('Cold-chain roadmap with marketing');
    expect(await page.getByRole('button', { name: 'Edit plan' }).count()).toBe(1);
    await screenshot(page, 'account-page-plan', { fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'account-page-print', { fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    // The owner's editor holds the same targets, in major units.
    await page.getByRole('button', { name: 'Edit plan' }).click();
    const target = page.getByLabel('Precision Bearings target (EUR)');
    await expect.poll(() => target.inputValue()).toBe('120000');
    await target.scrollIntoViewIfNeeded();
    await screenshot(page, 'account-page-plan-editor', { fullPage: true });
    await page.getByRole('button', { name: 'Cancel' }).click();

    // "My accounts" lists Castellan with the same attainment; a laptop-sized window still fits the table.
    await page.setViewportSize({ width: 1024, height: 720 });
    await page.getByRole('link', { name: 'My accounts' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'My accounts' }).waitFor();
    const castellan = page.getByRole('row', { name: /Castellan Foods/ });
    await castellan.waitFor({ timeout: 10_000 });
    expect(await castellan.locator('td').evaluateAll((tds) => tds.map((td) => td.textContent))).toEqual(
      expect.arrayContaining(['€200,000', '€45,000', '23%']),
    );
    await page.getByRole('button', { name: 'Attainment' }).press('Enter');
    expect(await page.getByRole('columnheader', { name: 'Attainment' }).getAttribute('aria-sort')).toBe(
      'descending',
    );
    expect(await page.locator('tbody tr').first().textContent()).toContain('Castellan Foods');
    await screenshot(page, 'my-accounts-by-attainment', { fullPage: true });
    await page.getByRole('link', { name: 'Castellan Foods' }).click();
    await page.getByRole('heading', { level: 1, name: 'Castellan Foods' }).waitFor();
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Castellan Foods');
    await screenshot(page, 'account-page-laptop');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('should draw a three-level org chart of people tagged on their LinkedIn profiles, with an empty seat', async () => {
    // Level 1: Elena Marchetti (a stakeholder since the first email) links her LinkedIn profile. Level 2: Sara
    // Lindqvist, tagged with "Reports to: Elena". Level 3: Marco Bruni, whose profile names Castellan's
    // LinkedIn page as his employer, so the account is suggested; tagged with "Reports to: Sara".
    await serveLinkedIn(browser, server, { admin, castellanId });
    const linkedin = await browser.context.newPage();
    const linkedinErrors = watchErrors(linkedin);

    await linkedin.goto(ELENA);
    await linkedin.getByRole('button', { name: 'Tag as stakeholder' }).click({ timeout: 10_000 });
    await linkedin.getByRole('button', { name: /Link this profile to Elena Marchetti/ }).click();
    await linkedin.getByRole('article', { name: 'Elena Marchetti' }).waitFor({ timeout: 10_000 });

    await linkedin.goto(SARA);
    // Sara's current employer has no LinkedIn page: the account is found by search.
    let form = await fillTagForm(linkedin, {
      search: 'Castellan',
      role: 'Purchasing',
      stance: 'supporter',
      reportsTo: 'Elena Marchetti',
    });
    await form.getByRole('button', { name: 'Save stakeholder' }).click();
    await linkedin.getByRole('article', { name: 'Sara Lindqvist' }).waitFor({ timeout: 10_000 });
    await screenshot(linkedin, 'account-page-linkedin-tagged');

    await linkedin.goto(MARCO);
    form = await fillTagForm(linkedin, {
      role: 'End user',
      stance: 'skeptic',
      influence: 'low',
      reportsTo: 'Sara Lindqvist',
    });
    // Marco's employer is Castellan's LinkedIn page: the account was chosen for him.
    expect(await form.getByRole('radio', { name: /Castellan Foods/ }).isChecked()).toBe(true);
    await screenshot(linkedin, 'account-page-linkedin-third-level');
    await form.getByRole('button', { name: 'Save stakeholder' }).click();
    await linkedin.getByRole('article', { name: 'Marco Bruni' }).waitFor({ timeout: 10_000 });
    expect(linkedinErrors).toEqual([]);
    await linkedin.close();

    const contacts = (
      await server.api<{ items: (Item & { reportsToId: string | null; linkedinSlug: string | null })[] }>(
        'GET',
        `/contacts?accountId=${castellanId}`,
        admin,
      )
    ).body.items;
    const elena = contacts.find((c) => c.name === 'Elena Marchetti');
    const sara = contacts.find((c) => c.name === 'Sara Lindqvist');
    const marco = contacts.find((c) => c.name === 'Marco Bruni');
    expect(elena?.linkedinSlug).toBe('elena-marchetti-4a1b2c');
    expect(sara?.reportsToId).toBe(elena?.id);
    expect(marco).toMatchObject({ linkedinSlug: 'marco-bruni-7c3d9e', reportsToId: sara?.id });

    const { page, errors } = await openAccountPage();
    const chart = page.getByRole('region', { name: 'Org chart of the buying committee' });
    const node = (id: string | undefined) => chart.locator(`li.rp-org-node[data-contact-id="${id}"]`);
    await node(marco?.id).waitFor({ timeout: 10_000 });
    const tops = await Promise.all(
      [elena?.id, sara?.id, marco?.id].map(async (id) => (await node(id).boundingBox())?.y ?? Number.NaN),
    );
    const [top1 = 0, top2 = 0, top3 = 0] = tops;
    expect(top1).toBeLessThan(top2);
    expect(top2).toBeLessThan(top3);
    expect(await chart.locator(`path[data-manager="${elena?.id}"][data-report="${sara?.id}"]`).count()).toBe(
      1,
    );
    expect(await chart.locator(`path[data-manager="${sara?.id}"][data-report="${marco?.id}"]`).count()).toBe(
      1,
    );
    expect(await node(sara?.id).textContent()).toContain('Supporter');
    // Nobody holds the legal role: its seat is empty, and the coverage table says so.
    const legalSeat = chart.locator('li.rp-org-seat[data-role="legal"]');
    expect(await legalSeat.locator('.rp-org-seat-label').textContent()).toBe('No legal yet');
    expect(await legalSeat.getByRole('button', { name: 'Add a stakeholder as legal' }).count()).toBe(1);
    const legal = page.locator('table.rp-coverage-table tr[data-role="legal"] td').first();
    expect(await legal.textContent()).toBe('Nobody yet');
    await chart.scrollIntoViewIfNeeded();
    await screenshot(page, 'account-page-org-chart');

    // Edited by form: Marco, won over, is now neutral; the chart and the server say so.
    await node(marco?.id).getByRole('button', { name: 'Edit Marco Bruni' }).click();
    const editor = page.getByRole('form', { name: 'Edit Marco Bruni' });
    await editor.getByLabel('Stance').selectOption('neutral');
    await screenshot(page, 'account-page-stakeholder-editor');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved: Marco Bruni’s stance.').waitFor({ timeout: 10_000 });
    await expect.poll(() => node(marco?.id).locator('.rp-org-stance').textContent()).toBe('Neutral');
    const stored = await server.api<{ stance: string }>('GET', `/contacts/${marco?.id}`, admin);
    expect(stored.body.stance).toBe('neutral');
    // Focus is back on the button that opened the form.
    expect(await page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe(
      'Edit Marco Bruni',
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('should show an email logged from the Gmail thread on the account page timeline', async () => {
    await serveGmail(browser);
    const gmail = await browser.context.newPage();
    await gmail.goto(THREAD_1);
    const log = gmail.getByRole('button', { name: 'Log this email', exact: true });
    await log.waitFor({ timeout: 10_000 });
    await log.click();
    await gmail.getByText('Logged to Castellan Foods.').waitFor({ timeout: 10_000 });
    await screenshot(gmail, 'account-page-gmail-logged');

    // "Open account page" on the card opens the account page in a new tab.
    const [page] = await Promise.all([
      browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('dashboard.html') }),
      gmail.getByRole('button', { name: 'Open account page' }).first().click(),
    ]);
    const errors = watchErrors(page);
    expect(page.url()).toBe(accountPage());
    const timeline = page.getByRole('list', { name: 'Touches and opportunity changes, newest first' });
    const email = timeline.locator('li.rp-entry-email');
    await email.waitFor({ timeout: 10_000 });
    const text = (await email.textContent()) ?? '';
    expect(text).toContain(THREAD_SUBJECT);
    expect(text).toContain('Elena Marchetti');
    expect(text).toContain('logged by Marta Rossi');
    expect(await email.getByRole('link', { name: /Open the email/ }).getAttribute('href')).toContain(
      'mail.google.com',
    );
    // Marta's own touch: she may delete it (with time to undo).
    expect(await email.getByRole('button', { name: `Delete Email: ${THREAD_SUBJECT}` }).count()).toBe(1);
    await timeline.scrollIntoViewIfNeeded();
    await screenshot(page, 'account-page-timeline-email');
    expect(errors).toEqual([]);
    await page.close();
    await gmail.close();
  });
});
