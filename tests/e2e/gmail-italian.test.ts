import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seedGmailWorld, serveGmail, THREAD_1 } from './gmail-world';
import {
  type ExtensionBrowser,
  launchExtension,
  type RapportServer,
  screenshot,
  startRapport,
  watchErrors,
} from './harness';

/**
 * The Gmail overlay in Italian end to end: the person picks "Italiano" on the options page (the browser
 * itself stays English), signs in there in Italian, and opens the conversation as Gmail in Italian renders it
 * (tests/fixtures/gmail/thread-it.html: `<html lang="it">`, "a me", dates like "gio 12 giu 2025, 08:05").
 * The server's own sentences (ownership, signal titles) are the server's to translate; this checks the
 * extension's words, its number and date formats, and the date read from the Italian page.
 */
describe('Gmail overlay in Italian', { timeout: 90_000 }, () => {
  let server: RapportServer;
  let browser: ExtensionBrowser;
  let castellanId: string;
  let admin: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchExtension()]);
    ({ admin, castellanId } = await seedGmailWorld(server));
    await serveGmail(browser, 'gmail/thread-it.html');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('should switch the options page to Italian and sign in there', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(browser.extensionUrl('options.html'));
    const language = page.getByLabel('Language', { exact: true });
    // Named in each language itself, the browser's own first.
    expect(await language.locator('option').allTextContents()).toEqual([
      'Browser default (English)',
      'English',
      'Italiano',
    ]);
    await language.selectOption('it');
    // The page reloads in the chosen language.
    await page.getByLabel('URL del server').waitFor({ timeout: 10_000 });
    expect(await page.getByLabel('Lingua', { exact: true }).inputValue()).toBe('it');
    expect(await page.evaluate('document.documentElement.lang')).toBe('it');

    await page.getByLabel('URL del server').fill(server.url);
    await page.getByLabel('Email').fill('marta@northpeak.example');
    await page.getByLabel('Password').fill('rapport-demo');
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await page.getByText('Accesso effettuato', { exact: true }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('button', { name: 'Esci' }).count()).toBe(1);
    await screenshot(page, 'gmail-italian-options');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('should show the cards in Italian and log the email with the Italian page’s date', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(THREAD_1);
    const log = page.getByRole('button', { name: 'Registra questa email', exact: true });
    await log.waitFor({ timeout: 10_000 });

    const card = page.getByRole('article', { name: 'Castellan Foods' });
    await expect.poll(() => card.textContent()).toContain('Cold-chain sensors, Verona plant');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Account chiave'); // tier
    expect(text).toContain('Opportunità aperte'); // heading
    expect(text).toContain('Espansione · Proposta'); // type and stage
    expect(text).toMatch(/48\.000\s€/); // the amount, formatted the Italian way
    expect(text).toContain('chiusura 15 feb 2027'); // the expected close date
    expect(text).toContain('In questa conversazione');
    expect(text).toContain('Decisore economico'); // a buying role
    expect(text).toContain('Promotore'); // the stance
    expect(text).toContain('Influenza alta');
    // The server's own sentences come in the extension's language too (Accept-Language): the ownership
    // line and the signals.
    expect(text).toContain('Il tuo account chiave');
    expect(text).not.toContain('Your key account');
    const signals = card.getByRole('region', { name: 'Segnali' });
    await expect
      .poll(() => signals.textContent(), { timeout: 10_000 })
      .toMatch(/Segnali(Alta|Media|Bassa) priorità:|Niente richiede attenzione/);
    await expect.poll(() => signals.textContent()).toContain('Account con un solo referente');
    expect(await signals.textContent()).not.toContain('Single-threaded');
    await page.getByText('non è ancora un account', { exact: false }).first().waitFor();
    expect(await page.getByRole('region', { name: 'Rapport' }).textContent()).not.toContain('Log this email');
    await screenshot(page, 'gmail-italian-thread');

    await log.click();
    await page.getByText('Registrata su Castellan Foods.').waitFor({ timeout: 10_000 });
    await screenshot(page, 'gmail-italian-logged');
    // The touch is dated by the latest message, "gio 12 giu 2025, 08:05" in the browser's time zone.
    const expected = await page.evaluate('new Date(2025, 5, 12, 8, 5).toISOString()');
    const touches = await server.api<{ items: { kind: string; occurredAt: string; subject: string }[] }>(
      'GET',
      `/touches?accountId=${castellanId}`,
      admin,
    );
    expect(touches.body.items).toEqual([
      expect.objectContaining({
        kind: 'email',
        subject: 'Pilota sensori catena del freddo: estensione impianto di Verona',
        occurredAt: expected,
      }),
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
