import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

import { type ExtensionBrowser, type RapportServer, serveSite } from './harness';

/** LinkedIn at its real address, from the fixtures (tests/fixtures/linkedin/); any other page is a bare feed. */
const PAGES: Record<string, string> = {
  '/in/elena-marchetti-4a1b2c/': 'linkedin/profile.html',
  '/in/sara-lindqvist-n0rr/': 'linkedin/profile-2.html',
  '/in/marco-bruni-7c3d9e/': 'linkedin/profile-3.html',
  '/company/castellan-foods/': 'linkedin/company.html',
};
export const ELENA = 'https://www.linkedin.com/in/elena-marchetti-4a1b2c/';
export const SARA = 'https://www.linkedin.com/in/sara-lindqvist-n0rr/';
export const MARCO = 'https://www.linkedin.com/in/marco-bruni-7c3d9e/';

/**
 * Links Castellan Foods (seeded by `seedGmailWorld`) to its LinkedIn company page, as an admin would, and serves
 * the LinkedIn fixtures at LinkedIn's address in the browser.
 */
export async function serveLinkedIn(
  browser: ExtensionBrowser,
  server: RapportServer,
  { admin, castellanId }: { admin: string; castellanId: string },
): Promise<void> {
  const account = await server.api<{ version: number }>('GET', `/accounts/${castellanId}`, admin);
  const linked = await server.api('PATCH', `/accounts/${castellanId}`, admin, {
    version: account.body.version,
    linkedinSlug: 'castellan-foods',
  });
  expect(linked.status).toBe(200);
  await serveSite(browser.context, 'https://www.linkedin.com', (path) => PAGES[path] ?? null, {
    fallbackHtml: '<html><body><main><h2>Feed</h2></main></body></html>',
  });
}

export interface Tagging {
  /** Typed into "Find another account" when the profile's employer is not the account; else the suggestion stays. */
  search?: string;
  /** The label of one buying role to check, e.g. "Purchasing". */
  role: string;
  stance: string;
  influence?: string;
  /** The name to choose under "Reports to". */
  reportsTo?: string;
}

/**
 * Fills the panel's "Tag as stakeholder" form on an open profile the way a person does, and returns the form
 * (not saved yet, so a test may look at it first).
 */
export async function fillTagForm(page: Page, tagging: Tagging): Promise<Locator> {
  await page.getByRole('button', { name: 'Tag as stakeholder' }).click({ timeout: 10_000 });
  const form = page.getByRole('form', { name: 'Tag as stakeholder' });
  if (tagging.search) {
    await form.getByLabel('Find another account').fill(tagging.search);
    await form
      .getByRole('option', { name: new RegExp(tagging.search) })
      .first()
      .waitFor();
    await form.getByLabel('Find another account').press('Enter');
  }
  await form.getByLabel(tagging.role, { exact: true }).check();
  await form.getByLabel('Stance').selectOption(tagging.stance);
  if (tagging.influence)
    await form.getByRole('combobox', { name: 'Influence' }).selectOption(tagging.influence);
  if (tagging.reportsTo) {
    const manager = tagging.reportsTo;
    await expect
      .poll(() => form.getByLabel('Reports to').locator('option', { hasText: manager }).count())
      .toBe(1);
    await form.getByLabel('Reports to').selectOption({ label: manager });
  }
  return form;
}
