import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createDb } from '../../server/src/db/create-db';
import { startServe } from '../api/cli-process';
import { seedGmailWorld, serveGmail, signInThroughOptions, THREAD_1 } from './gmail-world';
import {
  type ExtensionBrowser,
  launchExtension,
  type RapportServer,
  screenshot,
  startRapport,
  watchErrors,
} from './harness';
import { fillTagForm, SARA, serveLinkedIn } from './linkedin-world';

type Contact = { id: string; name: string; accountId: string; roles: string[]; title: string | null };

/**
 * "Nothing lost" (issue 8) end to end: the server stops while a person tags a stakeholder on LinkedIn and
 * adds one from Gmail. Both are kept in the extension with their Idempotency-Key, the panels say how many
 * changes wait, and once the server is back (same database, same port) the extension sends them by itself:
 * each stakeholder exists exactly once and the count goes away. A change kept offline that meets a colleague's
 * save of the same stakeholder is refused (409) and merged field by field in the panel.
 */
describe('Offline writes', { timeout: 120_000 }, () => {
  let server: RapportServer;
  let restarted: { stop(): Promise<number | null> } | null = null;
  let browser: ExtensionBrowser;
  let admin: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchExtension()]);
    const world = await seedGmailWorld(server);
    admin = world.admin;
    await serveLinkedIn(browser, server, world);
    await serveGmail(browser);
    await signInThroughOptions(browser, server, 'marta@northpeak.example');
  });
  afterAll(async () => {
    await browser?.close();
    await restarted?.stop();
    await server?.close();
  });

  const contacts = async (query: string) =>
    (await server.api<{ items: Contact[] }>('GET', `/contacts?${query}`, admin)).body.items;

  it('should keep a tag and an add made while the server is down, and send each exactly once when it is back', async () => {
    // The forms are filled while the server answers (the account search needs it) …
    const linkedin = await browser.context.newPage();
    const errors = watchErrors(linkedin);
    await linkedin.goto(SARA);
    await linkedin.getByText('Sara Lindqvist is not a stakeholder yet').waitFor({ timeout: 10_000 });
    const tag = await fillTagForm(linkedin, { search: 'Castellan', role: 'Purchasing', stance: 'neutral' });

    const gmail = await browser.context.newPage();
    await gmail.goto(THREAD_1);
    const add = gmail.getByRole('button', { name: 'Add as stakeholder' });
    await add.first().waitFor({ timeout: 10_000 });
    await add.first().click();
    const form = gmail.getByRole('form', { name: 'Add a stakeholder to Castellan Foods' });
    await form.getByLabel('Title').fill('Plant manager');
    await form.getByLabel('Technical decision-maker').check();

    // … then the server stops, and both are saved.
    expect(await server.stop()).not.toBeNull();
    await tag.getByRole('button', { name: 'Save stakeholder' }).click();
    await linkedin.getByText(/Saved on this device/).waitFor({ timeout: 15_000 });
    const count = (page: typeof gmail) => page.getByTestId('rapport-pending-count');
    await expect.poll(() => count(linkedin).textContent()).toBe('1 change waiting to be sent');
    await form.getByRole('button', { name: 'Save stakeholder' }).click();
    await expect
      .poll(() => count(gmail).textContent(), { timeout: 15_000 })
      .toBe('2 changes waiting to be sent');
    await expect.poll(() => count(linkedin).textContent()).toBe('2 changes waiting to be sent');
    await screenshot(gmail, 'offline-pending');
    // Neither person is offered again while their addition waits (a second one would be a duplicate).
    await linkedin.getByText('Waiting to be sent', { exact: true }).waitFor();
    expect(await linkedin.getByRole('button', { name: 'Tag as stakeholder' }).count()).toBe(0);
    await gmail.getByText('Waiting to be sent', { exact: true }).waitFor();

    // The list says what waits.
    await gmail.getByRole('button', { name: 'Show', exact: true }).click();
    await gmail.getByText('Add stakeholder Sara Lindqvist').waitFor();
    await gmail.getByText('Add stakeholder Tom Whitaker').waitFor();
    await screenshot(gmail, 'offline-pending-list');

    // The server comes back on the same database and port; the extension sends the writes by itself.
    restarted = await startServe(server.dbFile, { PORT: new URL(server.url).port });
    await count(gmail).waitFor({ state: 'detached', timeout: 60_000 });
    await count(linkedin).waitFor({ state: 'detached', timeout: 10_000 });

    // The overlays look again by themselves: both now show the people as stakeholders.
    await linkedin.getByRole('article', { name: 'Sara Lindqvist' }).waitFor({ timeout: 15_000 });
    const castellan = gmail.getByRole('article', { name: 'Castellan Foods' });
    await expect.poll(() => castellan.textContent(), { timeout: 15_000 }).toContain('Tom Whitaker');

    const sara = await contacts('linkedinSlug=sara-lindqvist-n0rr');
    expect(sara).toHaveLength(1);
    expect(sara[0]).toMatchObject({ name: 'Sara Lindqvist', roles: ['purchasing'] });
    const tom = await contacts('email=tom.whitaker@it.castellan-foods.example');
    expect(tom).toHaveLength(1);
    expect(tom[0]).toMatchObject({ name: 'Tom Whitaker', title: 'Plant manager' });
    expect(errors).toEqual([]);
  });

  it("should show a kept change that meets a colleague's save field by field, and apply the person's choice", async () => {
    const linkedin = await browser.context.newPage();
    const errors = watchErrors(linkedin);
    await linkedin.goto(SARA);
    const card = linkedin.getByRole('article', { name: 'Sara Lindqvist' });
    await card.waitFor({ timeout: 15_000 });
    await card.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = linkedin.getByRole('form', { name: /Edit .*Sara Lindqvist/ });
    await form.getByLabel('Title').fill('Head of purchasing');

    // The server stops; the change is kept. A colleague's save reaches the database meanwhile.
    expect(await restarted?.stop()).not.toBeNull();
    restarted = null;
    await form.getByRole('button', { name: 'Save stakeholder' }).click();
    await linkedin.getByText(/Saved on this device/).waitFor({ timeout: 15_000 });
    const db = await createDb({ url: `file:${server.dbFile}` });
    db.sqlite
      ?.prepare(
        `update contacts set title = 'Procurement director', version = version + 1
         where id in (select contact_id from contact_slugs where slug = 'sara-lindqvist-n0rr')`,
      )
      .run();
    await db.close();

    // Back: the kept change is refused (409), and the panel shows both values with the person's kept.
    restarted = await startServe(server.dbFile, { PORT: new URL(server.url).port });
    const merge = linkedin.getByTestId('rapport-rejected-merge');
    await merge.waitFor({ timeout: 60_000 });
    await linkedin.getByText('Not sent: Change stakeholder Sara Lindqvist.').waitFor();
    const title = merge.locator('tr[data-field="title"]');
    await expect
      .poll(() => title.locator('td').allTextContents())
      .toEqual(['Procurement director', 'Head of purchasing', 'Use theirs']);
    // Nothing waits any more: the note that it would be sent has gone, and the card shows the title saved
    // meanwhile (the refusal drops the extension's cached lookups, as a sent change does)
    expect(await linkedin.getByText(/Saved on this device/).count()).toBe(0);
    await card.getByText('Procurement director').waitFor({ timeout: 10_000 });
    await screenshot(linkedin, 'offline-refused-merge');
    await merge.getByRole('button', { name: 'Apply my choices' }).click();
    await merge.waitFor({ state: 'detached', timeout: 15_000 });
    const sara = await contacts('linkedinSlug=sara-lindqvist-n0rr');
    expect(sara).toHaveLength(1);
    expect(sara[0]?.title).toBe('Head of purchasing');
    await card.getByText('Head of purchasing').waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
  });
});
