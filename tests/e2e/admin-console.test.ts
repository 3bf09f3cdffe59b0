import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { serveGmail, signInThroughOptions, THREAD_1 } from './gmail-world';
import {
  CHROMIUM,
  type ExtensionBrowser,
  launchExtension,
  type RapportServer,
  screenshot,
  startRapport,
  watchErrors,
} from './harness';

/*
 * The admin console in Chromium against a real, empty server: first-run setup, sign-in, an invite accepted in
 * another browser, a CSV import with its dry run, a token created and revoked, and the extension's session
 * revoked from the tokens page. Screenshots of every page land in tests/e2e/artifacts/console-*.png.
 */

const ADMIN = { name: 'Ada Lovelace', email: 'ada@brightwave.example', password: 'correct-horse-battery' };
// signInThroughOptions signs the extension in with the demo password, so the invitee chooses it.
const INVITEE = { name: 'Marta Rossi', email: 'marta@brightwave.example', password: 'rapport-demo' };

const CSV = [
  'Record ID,Company name,Company Domain Name,Lifecycle Stage,Company owner',
  '3001,Castellan Foods,castellan-foods.example,Customer,Marta Rossi',
  '3002,Halvorsen Marine,halvorsen.example,Lead,',
  '3003,,nameless.example,Lead,',
].join('\n');

describe('Admin console', { timeout: 120_000 }, () => {
  let server: RapportServer;
  let browser: ExtensionBrowser;
  let other: Browser;
  let admin: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startRapport({ demo: false });
    browser = await launchExtension();
    other = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    admin = await browser.context.newPage();
    admin.setDefaultTimeout(10_000);
  }, 60_000);

  afterAll(async () => {
    await other?.close();
    await browser?.close();
    await server?.close();
  });

  it('should set up the first admin with the printed link and sign in', async () => {
    const link = /(http:\/\/\S+\/setup\?token=\S+)/.exec(server.stdout())?.[1];
    expect(link).toBeDefined();
    await admin.goto(`${server.url}/admin`);
    await admin.getByRole('heading', { name: 'Set up Rapport first' }).waitFor();
    await screenshot(admin, 'console-first-run');

    await admin.goto(link ?? '');
    await admin.getByLabel('Your name').fill(ADMIN.name);
    await admin.getByLabel('Work email').fill(ADMIN.email);
    await admin.getByLabel('Password (at least 10 characters)').fill(ADMIN.password);
    await screenshot(admin, 'console-setup');
    await admin.getByRole('button', { name: 'Create administrator' }).click();
    await admin.getByRole('link', { name: /sign in to the admin/i }).click();

    await admin.getByRole('heading', { name: 'Sign in' }).waitFor();
    await admin.getByLabel('Email').fill(ADMIN.email);
    await admin.getByLabel('Password').fill('wrong password!');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('alert').first().waitFor();
    await screenshot(admin, 'console-sign-in-error');
    await admin.getByLabel('Password').fill(ADMIN.password);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await admin.getByText(`${ADMIN.name} (Admin)`).count()).toBe(1);
    // From here on, nothing the admin does may log an error (the wrong password above logs its 401).
    errors = watchErrors(admin);
  });

  it('should invite a colleague who accepts in another browser and is signed in', async () => {
    await admin.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
    await admin.getByRole('heading', { name: 'Users' }).waitFor();
    await admin.getByLabel('Email', { exact: true }).fill(INVITEE.email);
    await admin.getByLabel('Role', { exact: true }).first().selectOption('account_manager');
    await admin.getByRole('button', { name: 'Create invite link' }).click();
    const link = await admin.locator('#secret-value').inputValue();
    expect(link).toMatch(/\/admin\/invite\?token=/);
    await screenshot(admin, 'console-users-invite-link');

    const context = await other.newContext({ viewport: { width: 360, height: 780 } });
    const invitee = await context.newPage();
    await invitee.goto(link);
    await invitee.getByRole('heading', { name: 'Join Rapport' }).waitFor();
    await invitee.getByLabel('Your name').fill(INVITEE.name);
    await invitee.getByLabel('Password', { exact: true }).fill(INVITEE.password);
    await invitee.getByLabel('Password again').fill(INVITEE.password);
    await screenshot(invitee, 'console-invite-accept-360');
    await invitee.getByRole('button', { name: 'Create my account' }).click();
    await invitee.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await invitee.getByText(`${INVITEE.name} (Account manager)`).count()).toBe(1);
    // The rest of the console is for admins; an account manager sees only their own tokens.
    expect(await invitee.getByRole('link', { name: 'Import and export' }).count()).toBe(0);
    await context.close();

    await admin.reload();
    await admin.getByRole('cell', { name: INVITEE.email }).waitFor();
    await screenshot(admin, 'console-users');
  });

  it('should import a CSV file after a dry run, skipping the rejected row', async () => {
    await admin.getByRole('link', { name: 'Import and export' }).click();
    await admin.getByRole('heading', { name: 'Import and export' }).waitFor();
    await screenshot(admin, 'console-import-export', { fullPage: true });
    await admin.setViewportSize({ width: 360, height: 780 });
    await screenshot(admin, 'console-import-export-360', { fullPage: true });
    await admin.setViewportSize({ width: 1280, height: 800 });

    await admin.locator('#import-file').setInputFiles({
      name: 'hubspot-companies.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV),
    });
    await admin.getByRole('button', { name: 'Upload and check (dry run)' }).first().click();
    await admin.getByRole('heading', { name: 'Dry run: what the import would do' }).waitFor();
    const counts = admin.getByRole('table', { name: 'Dry run: what the import would do' });
    expect(await counts.getByRole('cell').allInnerTexts()).toEqual(['accounts', '2', '0', '0', '1']);
    await admin.getByText('Company name is empty').waitFor();
    await screenshot(admin, 'console-import-dry-run', { fullPage: true });
    await admin.setViewportSize({ width: 360, height: 780 });
    await screenshot(admin, 'console-import-dry-run-360', { fullPage: true });
    await admin.setViewportSize({ width: 1280, height: 800 });

    await admin.getByRole('button', { name: 'Import the good rows, skip the rejected' }).click();
    await admin.getByText('Imported: the good rows were written, 1 rejected row was skipped.').waitFor();
    await screenshot(admin, 'console-import-done', { fullPage: true });

    const token = await server.signIn(ADMIN.email, ADMIN.password);
    const accounts = await server.api<{ items: { name: string; owner: { name: string } | null }[] }>(
      'GET',
      '/accounts',
      token,
    );
    expect(accounts.body.items.map((a) => a.name).sort()).toEqual(['Castellan Foods', 'Halvorsen Marine']);
  });

  it('should create a token shown once, then revoke it so the API refuses it', async () => {
    await admin.getByRole('link', { name: 'Tokens' }).click();
    await admin.getByRole('heading', { name: 'Tokens', exact: true }).waitFor();
    await admin.getByLabel('Name', { exact: true }).fill('Nightly report');
    await admin.getByRole('button', { name: 'Create token' }).click();
    const token = await admin.locator('#secret-value').inputValue();
    await screenshot(admin, 'console-token-created');
    expect((await server.api('GET', '/me', token)).status).toBe(200);

    await admin.getByRole('link', { name: `Revoke Nightly report of ${ADMIN.name}` }).click();
    await admin.getByRole('heading', { name: 'Revoke "Nightly report"?' }).waitFor();
    await screenshot(admin, 'console-token-revoke');
    await admin.getByRole('button', { name: 'Revoke token' }).click();
    await admin.getByText('Token "Nightly report" of Ada Lovelace is revoked.').waitFor();
    expect((await server.api('GET', '/me', token)).status).toBe(401);
  });

  it('should revoke the extension\'s sign-in so its next lookup says "Sign in again"', async () => {
    await signInThroughOptions(browser, server, INVITEE.email);
    const gmail = await browser.context.newPage();
    await serveGmail(browser);
    await gmail.goto(THREAD_1);
    await gmail.getByText('Castellan Foods').first().waitFor({ timeout: 15_000 });
    await screenshot(gmail, 'console-extension-before-revoke');

    await admin.getByRole('link', { name: 'Tokens' }).click();
    const row = admin
      .getByRole('row')
      .filter({ hasText: INVITEE.name })
      .filter({ hasText: 'Sign-in (extension or API)' });
    expect(await row.count()).toBe(1);
    await screenshot(admin, 'console-tokens', { fullPage: true });
    await row.getByRole('link', { name: /^Revoke / }).click();
    await admin.getByRole('button', { name: 'Revoke token' }).click();
    await admin.getByText(/is revoked\./).waitFor();

    // Someone the extension has not looked up yet: it must ask the server, which refuses the revoked token.
    await serveGmail(browser, 'gmail/thread.html', (html) =>
      html.replaceAll(
        'elena.marchetti@castellan-foods.example',
        'elena.marchetti+q4@castellan-foods.example',
      ),
    );
    await gmail.reload();
    await gmail.getByText('Your Rapport session expired.').waitFor({ timeout: 15_000 });
    await gmail.getByRole('button', { name: 'Sign in again' }).waitFor();
    await screenshot(gmail, 'console-extension-sign-in-again');
    await gmail.close();
  });

  it('should show the other console pages readably', async () => {
    for (const [name, heading] of [
      ['settings', 'Settings'],
      ['audit', 'Audit log'],
      ['backup', 'Backup'],
    ] as const) {
      await admin.goto(`${server.url}/admin/${name}`);
      await admin.getByRole('heading', { name: heading, exact: true }).waitFor();
      await screenshot(admin, `console-${name}`, { fullPage: true });
    }
    expect(errors).toEqual([]);
  });
});
