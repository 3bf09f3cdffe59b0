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
import { ELENA, serveLinkedIn } from './linkedin-world';
import { PANE_1, serveOutlook } from './outlook-world';

/*
 * Stored XSS end to end (issue 8): every field a person can type is saved holding markup and script, then
 * every place that shows it (the three overlays, the account page, the popup, the options page and the admin
 * console) is opened in Chromium. Each must show the text as typed and run none of it: the payload's
 * `window.__pwned` stays unset, no dialog opens, no element of the payload exists, no link is `javascript:`,
 * and no Content Security Policy violation is logged (which would mean something tried to run).
 */

/**
 * A value holding markup, script, an attribute break-out, a right-to-left override and a zero-width space.
 * `tag` names the field, so a test can tell which value a page shows.
 */
const hostile = (tag: string) =>
  `${tag}<img src=x onerror=window.__pwned=1>"><svg onload=alert(1)><script>window.__pwned=1</script>\u202Eevil\u200B`;
/** What the page must show of a hostile value: its tag and the markup as text. */
const shown = (tag: string) => `${tag}<img src=x onerror=window.__pwned=1>`;

/** What a page holds, across the document and every open shadow root (the overlays render in one). */
interface Probe {
  pwned: unknown;
  injected: number;
  text: string;
  hrefs: string[];
  /** Paragraphs whose words after a hostile value a right-to-left override would reverse. */
  leaks: string[];
}

/**
 * Runs in the page (as source: tests/ has no DOM types). Counts elements a payload would have made, collects the
 * text of the document and of every open shadow root, and the links: on a site only our overlay's, on our own
 * pages all of them.
 */
const PROBE = `(() => {
  const roots = [document];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) { roots.push(el.shadowRoot); walk(el.shadowRoot); }
    }
  };
  walk(document);
  const site = location.protocol === 'https:';
  let injected = 0;
  let text = '';
  const hrefs = [];
  for (const root of roots) {
    injected += root.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload], iframe[srcdoc], object, embed').length;
    injected += [...root.querySelectorAll('script')].filter((s) => (s.textContent || '').includes('__pwned')).length;
    const isDoc = root === document;
    text += ' ' + (isDoc ? (document.body ? document.body.textContent : '') : [...root.children].map((c) => c.textContent).join(' '));
    if (!isDoc || !site) for (const a of root.querySelectorAll('a[href]')) hrefs.push(a.href);
  }
  // Text a right-to-left override in a value would turn around: what follows the value in the same bidi
  // paragraph (the nearest block, or inline element isolated by CSS), unless an isolate (U+2068…U+2069) holds it.
  const leaks = [];
  const isolating = (el) => {
    const style = getComputedStyle(el);
    return style.display !== 'inline' || /isolate|plaintext/.test(style.unicodeBidi);
  };
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.includes('\u202E')) continue;
      let para = node.parentElement;
      while (para && !isolating(para) && para.parentElement) para = para.parentElement;
      if (!para) continue;
      const whole = para.textContent || '';
      for (let i = whole.indexOf('\u202E'); i >= 0; i = whole.indexOf('\u202E', i + 1)) {
        const before = whole.slice(0, i);
        const open = (before.match(/[\u2066-\u2068]/g) || []).length - (before.match(/\u2069/g) || []).length;
        if (open > 0 && whole.indexOf('\u2069', i) > i) continue;
        const rest = whole.slice(i + 1).replace(/^evil\u200B/, '').replace(/[\u2069\\s]/g, '');
        if (rest !== '') leaks.push(whole.replace(/\\s+/g, ' ').trim().slice(0, 200));
      }
    }
  }
  return { pwned: window.__pwned === undefined ? null : window.__pwned, injected, text, hrefs, leaks };
})()`;

async function probe(page: Page): Promise<Probe> {
  return (await page.evaluate(PROBE)) as Probe;
}

/** Watches a page for dialogs (dismissing them) and for logged errors, CSP violations among them. */
function watch(page: Page): { dialogs: string[]; errors: string[] } {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { dialogs, errors: watchErrors(page) };
}

/** Waits until the page shows every value named, then checks that nothing of any payload ran or exists. */
async function expectInert(
  page: Page,
  seen: { dialogs: string[]; errors: string[] },
  where: string,
  tags: string[],
) {
  await expect
    .poll(
      async () => {
        const { text } = await probe(page);
        return tags.filter((tag) => !text.includes(shown(tag)));
      },
      { timeout: 10_000, message: `${where}: values not shown as text` },
    )
    .toEqual([]);
  // A moment for anything an injected element would run (an image's error, an svg's load) to have run.
  await page.waitForTimeout(300);
  const result = await probe(page);
  expect(result.pwned, `${where}: a payload ran`).toBeNull();
  expect(result.injected, `${where}: payload elements in the page`).toBe(0);
  expect(result.leaks, `${where}: text after a value that its right-to-left override reverses`).toEqual([]);
  expect(seen.dialogs, `${where}: dialogs`).toEqual([]);
  const badLinks = result.hrefs.filter((href) => !/^(https?|mailto|chrome-extension):/i.test(href));
  expect(badLinks, `${where}: links that are not http(s), mailto or ours`).toEqual([]);
  expect(
    seen.errors.filter((e) => /Content Security Policy|Refused to/i.test(e)),
    `${where}: CSP violations`,
  ).toEqual([]);
  await screenshot(page, `stored-xss-${where}`, { fullPage: true });
}

type Item = { id: string; name: string; version: number };

describe('Stored XSS', { timeout: 180_000 }, () => {
  let server: RapportServer;
  let browser: ExtensionBrowser;
  let admin: string;
  let castellanId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchExtension()]);
    ({ admin, castellanId } = await seedGmailWorld(server));
    const marta = await server.signIn('marta@northpeak.example');
    const me = (await server.api<Item & { email: string }>('GET', '/me', marta)).body;
    const userRecord = (await server.api<Item>('GET', `/users/${me.id}`, admin)).body;
    const renamed = await server.api('PATCH', `/users/${me.id}`, admin, {
      version: userRecord.version,
      name: hostile('user'),
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);

    const account = (await server.api<Item>('GET', `/accounts/${castellanId}`, admin)).body;
    const patched = await server.api('PATCH', `/accounts/${castellanId}`, admin, {
      version: account.version,
      name: hostile('account'),
      linkedinSlug: 'castellan-foods',
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const contacts = await server.api<{ items: Item[] }>('GET', `/contacts?accountId=${castellanId}`, admin);
    const elena = contacts.body.items[0];
    if (!elena) throw new Error('seedGmailWorld made no contact');
    const contact = await server.api('PATCH', `/contacts/${elena.id}`, admin, {
      version: elena.version,
      name: hostile('contact'),
      title: hostile('title'),
      linkedinSlug: 'elena-marchetti-4a1b2c',
    });
    expect(contact.status, JSON.stringify(contact.body)).toBe(200);
    const opportunity = await server.api('POST', '/opportunities', admin, {
      accountId: castellanId,
      title: hostile('opportunity'),
      type: 'expansion',
      amount: 1_000_000,
      currency: 'EUR',
      stage: 'qualify',
      expectedCloseDate: '2027-03-15',
    });
    expect(opportunity.status, JSON.stringify(opportunity.body)).toBe(201);

    const settings = await server.api<{ fiscalYearStartMonth: number }>('GET', '/settings', admin);
    const period = periodOf(new Date().toISOString().slice(0, 10), settings.body.fiscalYearStartMonth);
    const plan = await server.api('PUT', `/accounts/${castellanId}/plans/${period}`, marta, {
      version: 0,
      lines: [],
      objectives: [{ text: hostile('objective'), status: 'open' }],
      actions: [
        {
          title: hostile('action'),
          category: 'marketing_communication',
          ownerId: me.id,
          dueDate: null,
          status: 'planned',
        },
      ],
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    const touch = await server.api('POST', '/touches', marta, {
      kind: 'meeting',
      subject: hostile('subject'),
      notes: hostile('notes'),
      link: 'https://intranet.example/minutes?q="><svg onload=alert(1)>',
      accountIds: [castellanId],
    });
    expect(touch.status, JSON.stringify(touch.body)).toBe(201);
    const token = await server.api('POST', '/tokens', admin, { name: hostile('token') });
    expect(token.status, JSON.stringify(token.body)).toBe(201);

    // A script URL is refused wherever a URL or something made into one is typed, so it is never stored.
    const refused = [
      await server.api('POST', '/touches', marta, {
        kind: 'note',
        link: 'javascript:window.__pwned=1',
        accountIds: [castellanId],
      }),
      await server.api('POST', '/accounts', admin, {
        name: 'Script domain',
        status: 'prospect',
        tier: 'standard',
        domains: ['javascript:alert(1)'],
      }),
      await server.api('PATCH', `/contacts/${elena.id}`, admin, {
        version: elena.version + 1,
        linkedinSlug: 'javascript:alert(1)',
      }),
    ];
    expect(refused.map((r) => r.status)).toEqual([400, 400, 400]);

    await signInThroughOptions(browser, server, 'marta@northpeak.example');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('should show hostile values as text in the Gmail overlay', async () => {
    await serveGmail(browser);
    const page = await browser.context.newPage();
    const seen = watch(page);
    await page.goto(THREAD_1);
    await expectInert(page, seen, 'gmail', ['account', 'contact', 'title']);
    await page.close();
  });

  it('should show hostile values as text in the Outlook overlay', async () => {
    await serveOutlook(browser);
    const page = await browser.context.newPage();
    const seen = watch(page);
    await page.goto(PANE_1);
    await expectInert(page, seen, 'outlook', ['account', 'contact', 'title']);
    await page.close();
  });

  it('should show hostile values as text in the LinkedIn overlay, on a profile and a company page', async () => {
    await serveLinkedIn(browser, server, { admin, castellanId });
    const page = await browser.context.newPage();
    const seen = watch(page);
    await page.goto(ELENA);
    await expectInert(page, seen, 'linkedin-profile', ['contact', 'account']);
    await page.goto('https://www.linkedin.com/company/castellan-foods/');
    await expectInert(page, seen, 'linkedin-company', ['account']);
    await page.close();
  });

  it('should show hostile values as text on the account page', async () => {
    const page = await browser.context.newPage();
    const seen = watch(page);
    await page.goto(browser.extensionUrl(`dashboard.html#/accounts/${castellanId}`));
    await expectInert(page, seen, 'account-page', [
      'account',
      'user',
      'contact',
      'title',
      'opportunity',
      'objective',
      'action',
      'subject',
      'notes',
    ]);
    expect(await page.title()).toContain(shown('account'));
    await page.goto(browser.extensionUrl('dashboard.html#/'));
    await expectInert(page, seen, 'my-accounts', ['account']);
    await page.close();
  });

  it('should show hostile values as text in the popup and on the options page', async () => {
    const popup = await browser.context.newPage();
    const seen = watch(popup);
    await popup.goto(browser.extensionUrl('popup.html'));
    await popup.getByLabel('Search accounts and stakeholders').fill('castellan-foods.example');
    await expectInert(popup, seen, 'popup-search', ['account']);
    await popup.getByRole('option').first().click();
    await expectInert(popup, seen, 'popup-detail', ['account']);
    await popup.close();

    const options = await browser.context.newPage();
    const seenOptions = watch(options);
    await options.goto(browser.extensionUrl('options.html'));
    await expectInert(options, seenOptions, 'options', ['user']);
    await options.close();
  });

  it('should show hostile values as text in the admin console: users, tokens, audit log and an import report', async () => {
    const page = await browser.context.newPage();
    const seen = watch(page);
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/admin/sign-in`);
    await page.getByLabel('Email').fill('ada@northpeak.example');
    await page.getByLabel('Password').fill('rapport-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    await page.goto(`${server.url}/admin/users`);
    await expectInert(page, seen, 'console-users', ['user']);
    await page
      .getByRole('link', { name: shown('user'), exact: false })
      .first()
      .click();
    await expectInert(page, seen, 'console-user', ['user']);
    await page.goto(`${server.url}/admin/tokens`);
    await expectInert(page, seen, 'console-tokens', ['token']);
    await page.goto(`${server.url}/admin/audit`);
    await expectInert(page, seen, 'console-audit', ['account', 'opportunity']);

    // An import whose cells hold markup: the dry run's report quotes them back.
    const csv =
      'Company name,Company Domain Name\n' +
      `"${hostile('import').replace(/"/g, '""')}",import-xss.example\n` +
      `Bad domain,"<svg onload=alert(1)>.example"\n`;
    await page.getByRole('link', { name: 'Import and export' }).click();
    await page.locator('#import-file').setInputFiles({
      name: 'companies.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('button', { name: 'Upload and check (dry run)' }).first().click();
    await page.getByRole('heading', { name: 'Dry run: what the import would do' }).waitFor();
    const report = await probe(page);
    expect(report.text).toContain('<svg onload=alert(1)>.example');
    await expectInert(page, seen, 'console-import-report', []);
    await page.getByRole('button', { name: 'Import the good rows, skip the rejected' }).click();
    await page.getByText(/Imported: the good rows were written/).waitFor();
    await page.goto(`${server.url}/admin/audit`);
    await expectInert(page, seen, 'console-audit-after-import', ['import']);
    await page.close();
  });
});
