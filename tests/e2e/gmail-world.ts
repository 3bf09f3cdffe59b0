import { type ExtensionBrowser, type RapportServer, screenshot, serveSite } from './harness';

/** The Gmail thread fixture at its real address (tests/fixtures/gmail/thread.html). */
export const THREAD_1 = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfBxZKtLwRmPsDcHnVjWqTkGx';
export const THREAD_2_ID = 'FMfcgzQbfCzRtNpLkMvSwXhDqJbGcTyF';
export const COMPOSE = 'https://mail.google.com/mail/u/0/#inbox?compose=new';

/**
 * Gives the demo server what the Gmail fixtures show: the fixture user's company (brightwave.example) as
 * ours, Castellan Foods as Marta's key account with Elena Marchetti and an open deal. Returns the admin token.
 */
export async function seedGmailWorld(server: RapportServer): Promise<{ admin: string; castellanId: string }> {
  const admin = await server.signIn('ada@northpeak.example');
  const settings = await server.api<{ companyDomains: string[]; version: number }>('GET', '/settings', admin);
  await server.api('PATCH', '/settings', admin, {
    version: settings.body.version,
    companyDomains: [...settings.body.companyDomains, 'brightwave.example'],
  });
  const marta = (await server.api<{ items: { id: string }[] }>('GET', '/users?q=marta', admin)).body.items[0];
  const castellan = await server.api<{ id: string }>('POST', '/accounts', admin, {
    name: 'Castellan Foods',
    domains: ['castellan-foods.example'],
    status: 'customer',
    tier: 'key',
    ownerId: marta?.id,
  });
  await server.api('POST', '/contacts', admin, {
    accountId: castellan.body.id,
    name: 'Elena Marchetti',
    title: 'Head of Procurement',
    emails: ['elena.marchetti@castellan-foods.example'],
    roles: ['purchasing', 'economic_buyer'],
    stance: 'champion',
    influence: 'high',
  });
  await server.api('POST', '/opportunities', admin, {
    accountId: castellan.body.id,
    title: 'Cold-chain sensors, Verona plant',
    type: 'expansion',
    amount: 4_800_000,
    currency: 'EUR',
    stage: 'propose',
    expectedCloseDate: '2027-02-15',
  });
  return { admin, castellanId: castellan.body.id };
}

/**
 * Serves Gmail's address from the fixtures: `/__fixtures__/<file>` (the fixtures' own navigation) by path,
 * everything else as `page` (thread.html unless given), optionally rewritten per request.
 */
export async function serveGmail(
  browser: ExtensionBrowser,
  page = 'gmail/thread.html',
  rewrite?: (html: string) => string,
): Promise<void> {
  await serveSite(browser.context, 'https://mail.google.com', () => page, rewrite ? { rewrite } : {});
}

/** Signs the extension in the way a person does: the options page's form. */
export async function signInThroughOptions(browser: ExtensionBrowser, server: RapportServer, email: string) {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('options.html'));
  await page.getByLabel('Server URL').fill(server.url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('rapport-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in', { exact: true }).waitFor({ timeout: 10_000 });
  await screenshot(page, 'options-signed-in');
  await page.close();
}
