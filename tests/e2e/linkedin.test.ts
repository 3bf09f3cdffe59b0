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
import { ELENA, fillTagForm, SARA, serveLinkedIn } from './linkedin-world';

type Contact = {
  id: string;
  name: string;
  accountId: string;
  roles: string[];
  reportsToId: string | null;
  linkedinSlug: string | null;
  version: number;
};

/**
 * The LinkedIn overlay end to end: tag a person on a profile, follow LinkedIn's pushState navigation to
 * another profile and to the company page, and see the buying committee there.
 */
describe('LinkedIn overlay', { timeout: 90_000 }, () => {
  let server: RapportServer;
  let browser: ExtensionBrowser;
  let admin: string;
  let castellanId: string;

  const contactBySlug = async (slug: string) =>
    (await server.api<{ items: Contact[] }>('GET', `/contacts?linkedinSlug=${slug}`, admin)).body.items[0];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchExtension()]);
    ({ admin, castellanId } = await seedGmailWorld(server));
    await serveLinkedIn(browser, server, { admin, castellanId });
    await signInThroughOptions(browser, server, 'marta@northpeak.example');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('should tag an unknown person as a stakeholder of the suggested account and show their card', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(SARA);
    await page.getByText('Sara Lindqvist is not a stakeholder yet').waitFor({ timeout: 10_000 });
    const form = await fillTagForm(page, {
      search: 'Castellan',
      role: 'Purchasing',
      stance: 'neutral',
      reportsTo: 'Elena Marchetti',
    });
    await screenshot(page, 'linkedin-tag-form');
    await form.getByRole('button', { name: 'Save stakeholder' }).click();
    const card = page.getByRole('article', { name: 'Sara Lindqvist' });
    await card.waitFor({ timeout: 10_000 });
    expect(await card.textContent()).toContain('Castellan Foods');
    await screenshot(page, 'linkedin-tagged-card');

    const sara = await contactBySlug('sara-lindqvist-n0rr');
    const elena = (
      await server.api<{ items: Contact[] }>(
        'GET',
        '/contacts?email=elena.marchetti@castellan-foods.example',
        admin,
      )
    ).body.items[0];
    expect(sara).toMatchObject({
      name: 'Sara Lindqvist',
      accountId: castellanId,
      roles: ['purchasing'],
      reportsToId: elena?.id,
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('should follow pushState to another profile and link it to the existing stakeholder of that name', async () => {
    const page = await browser.context.newPage();
    await page.goto(SARA);
    await page.getByRole('article', { name: 'Sara Lindqvist' }).waitFor({ timeout: 10_000 });
    await page.locator('a[href*="/in/elena-marchetti-4a1b2c/"]').first().click();
    await page.getByText('Elena Marchetti is not a stakeholder yet').waitFor({ timeout: 10_000 });
    expect(page.url()).toBe('https://www.linkedin.com/in/elena-marchetti-4a1b2c/');
    expect(await page.getByRole('article', { name: 'Sara Lindqvist' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Tag as stakeholder' }).click();
    await page.getByRole('button', { name: /Link this profile to Elena Marchetti/ }).click();
    await page.getByRole('article', { name: 'Elena Marchetti' }).waitFor({ timeout: 10_000 });
    expect((await contactBySlug('elena-marchetti-4a1b2c'))?.name).toBe('Elena Marchetti');
    await screenshot(page, 'linkedin-linked-profile');
    await page.close();
  });

  it("should show the company's buying committee with the roles nobody covers", async () => {
    const page = await browser.context.newPage();
    await page.goto(ELENA);
    await page.getByRole('article', { name: 'Elena Marchetti' }).waitFor({ timeout: 10_000 });
    await page.locator('a[href*="/company/castellan-foods/"]').first().click();
    await page.getByText('Buying committee').waitFor({ timeout: 10_000 });
    const panel = (await page.locator('rapport-overlay').evaluate((el) => el.shadowRoot?.textContent)) ?? '';
    // Marta owns Castellan: the note speaks to her.
    expect(panel).toContain('Your key account');
    expect(panel).toContain('Elena Marchetti');
    expect(panel).toContain('Sara Lindqvist');
    expect(panel).toMatch(/Uncovered:.*Legal/);
    expect(panel).toContain('Cold-chain sensors, Verona plant');
    await screenshot(page, 'linkedin-company-committee');
    await page.evaluate("history.pushState({}, '', '/feed/'); dispatchEvent(new PopStateEvent('popstate'))");
    await expect.poll(() => page.locator('rapport-overlay').count(), { timeout: 10_000 }).toBe(0);
    await page.close();
  });
});
