import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from '../test/harness';
import { consoleBrowser, type Got, inputValue, textOf } from './test-kit';

const companies = readFileSync(
  new URL('../transfer/fixtures/hubspot-companies.csv', import.meta.url),
  'utf8',
);
const clean =
  'Record ID,Company name,Company Domain Name,Favourite colour\n2001,Quill Labs,quill.example,blue\n2002,Ostrava Steel,ostrava-steel.example,red\n';

type Browser = ReturnType<typeof consoleBrowser>;
type App = Awaited<ReturnType<typeof testApp>>['app'];

/**
 * Posts the console's upload form as a browser does: multipart, the CSRF value first, the file last.
 * `csrf: null` leaves it out; `origin` overrides the Origin header.
 */
async function upload(
  app: App,
  b: Browser,
  fields: Record<string, string>,
  file: { name: string; text: string } | null,
  opts: { csrf?: string | null; origin?: string } = {},
): Promise<Got> {
  const page = await b.get('/admin/transfer');
  const form = new FormData();
  const csrf = opts.csrf === undefined ? inputValue(page.html, 'csrf') : opts.csrf;
  if (csrf !== null && csrf !== undefined) form.append('csrf', csrf);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob(file ? [file.text] : []), file?.name ?? '');
  const res = await app.request('/admin/transfer/upload', {
    method: 'POST',
    body: form,
    headers: {
      origin: opts.origin ?? 'http://localhost',
      cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
  return {
    status: res.status,
    headers: res.headers,
    html: await res.text(),
    location: res.headers.get('location'),
  };
}

/** Follows a redirect to an upload's page and waits until its work is done (a larger file shows progress first). */
async function settled(b: Browser, got: Got): Promise<Got> {
  expect(got.status).toBe(303);
  const path = got.location ?? '';
  for (let i = 0; i < 100; i++) {
    const page = await b.get(path);
    if (!/http-equiv="refresh"/.test(page.html)) return page;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the work on ${path} did not finish`);
}

for (const dialect of DIALECTS) {
  describe(`admin console import and export (${dialect})`, () => {
    async function setup(options: { now?: () => Date } = {}) {
      const t = await testApp(dialect, {}, options);
      const admin = await t.user('admin', 'Ada Admin');
      await t.user('account_manager', 'Marta Rossi');
      const b = consoleBrowser(t.app);
      await b.signIn(admin);
      const accounts = async () =>
        (await t.call('GET', '/api/v1/accounts?limit=100', admin)).body.items.map(
          (a: { name: string }) => a.name,
        );
      return { t, admin, b, accounts };
    }

    it('should show the dry run report, then import the good rows and skip the rejected', async () => {
      const { t, b, admin, accounts } = await setup();
      const nav = await b.get('/admin/transfer');
      expect(nav.status).toBe(200);
      expect(nav.html).toContain('href="/admin/transfer" aria-current="page"');
      expect(textOf(nav.html)).toContain('Import and export');
      // Chromium posts forms with `Origin: null` under the server's no-referrer policy; the console keeps it.
      expect(nav.html).toContain('<meta name="referrer" content="same-origin"/>');

      const got = await upload(t.app, b, {}, { name: 'hubspot-companies.csv', text: companies });
      const check = await settled(b, got);
      const text = textOf(check.html);
      expect(text).toContain('File hubspot-companies.csv');
      expect(text).toContain('Read as accounts from a HubSpot export');
      expect(text).toMatch(/accounts 4 0 1 4/); // would create 4, update 0, 1 unchanged, 4 rejected
      for (const line of [6, 7, 9, 10]) expect(check.html).toMatch(new RegExp(`data-label="Line">${line}<`));
      expect(text).toContain('Company Domain Name domains');
      expect(text).toContain('Phone Number ignored');
      expect(text).not.toMatch(/Import this file as checked/);
      expect(await accounts()).toEqual([]);

      const applied = await b.post(`${got.location}/apply`, { onErrors: 'skip' });
      const done = await settled(b, applied);
      expect(textOf(done.html)).toContain(
        'Imported: the good rows were written, 4 rejected rows were skipped',
      );
      expect(textOf(done.html)).toMatch(/accounts 4 0 1 4/);
      expect((await accounts()).sort()).toEqual(
        expect.arrayContaining(['Kestrel Aero', 'Halvorsen Marine, AS']),
      );
      expect(await accounts()).toHaveLength(4);
      const audit = await t.call('GET', '/api/v1/audit?entity=account', admin);
      expect(audit.body.items).toHaveLength(4);

      // The file is gone: importing it again is refused, and nothing is written twice.
      const again = await b.post(`${applied.location}/apply`, { onErrors: 'skip' });
      expect(textOf((await b.follow(again)).html)).toContain('This file was imported already');
      expect(await accounts()).toHaveLength(4);
    });

    it('should show the report in the language of whoever looks at it, not of the upload', async () => {
      const { t, b } = await setup();
      const got = await upload(t.app, b, {}, { name: 'hubspot-companies.csv', text: companies });
      const english = textOf((await settled(b, got)).html);
      expect(english).toContain('gmail.com is a personal email domain and cannot identify an account');

      // The same report, read after switching the console to Italian: every reason is Italian.
      await b.post('/admin/language', { lang: 'it', next: got.location ?? '' });
      const italian = textOf((await b.get(got.location ?? '')).html);
      expect(italian).toContain('Righe scartate');
      expect(italian).toContain('Company name è vuoto');
      expect(italian).toContain(
        'Ripete la riga 3 (stesso dominio halvorsen.example) con valori diversi; tieni una sola delle due righe',
      );
      expect(italian).toContain(
        'gmail.com è un dominio di posta personale e non può identificare un account',
      );
      expect(italian).toContain('Responsabile: nessun utente “Nobody Known” (per email o nome)');
      expect(italian).not.toMatch(/personal email domain|is empty|Repeats line|Owner:/);
    });

    it('should import a clean file with the options chosen, and change nothing when it comes again', async () => {
      const { t, b, accounts } = await setup();
      const fields = {
        entity: 'accounts',
        preset: 'hubspot',
        dateOrder: 'mdy',
        decimal: '.',
        currency: 'usd',
      };
      const got = await upload(t.app, b, fields, { name: 'clean.csv', text: clean });
      const check = await settled(b, got);
      expect(textOf(check.html)).toMatch(/accounts 2 0 0 0/);
      expect(textOf(check.html)).toContain('Favourite colour');
      expect(check.html).not.toContain('Import the good rows');
      const done = await settled(b, await b.post(`${got.location}/apply`));
      expect(textOf(done.html)).toContain('Imported. The file was deleted from the server.');
      expect((await accounts()).sort()).toEqual(['Ostrava Steel', 'Quill Labs']);

      const second = await settled(b, await upload(t.app, b, {}, { name: 'clean.csv', text: clean }));
      expect(textOf(second.html)).toMatch(/accounts 0 0 2 0/);
    });

    it('should say why a file cannot be read, and refuse bad options and a missing file', async () => {
      const { t, b } = await setup();
      const unknown = await settled(
        b,
        await upload(t.app, b, {}, { name: 'x.csv', text: 'Colour,Size\nred,1\n' }),
      );
      expect(textOf(unknown.html)).toContain(
        'Cannot tell what this file holds from its columns (Colour, Size)',
      );

      const badCurrency = await upload(t.app, b, { currency: 'EURO' }, { name: 'clean.csv', text: clean });
      expect(badCurrency.status).toBe(400);
      expect(textOf(badCurrency.html)).toContain('Currency of amounts that name none: Use an ISO 4217 code');
      expect(badCurrency.html).toContain('href="#import-currency"');

      const noFile = await upload(t.app, b, {}, null);
      expect(noFile.status).toBe(400);
      expect(textOf(noFile.html)).toContain('File: Choose a file to import');
    });

    it("should refuse an unknown, expired or someone else's upload", async () => {
      let now = new Date('2026-05-01T10:00:00Z');
      const { t, b } = await setup({ now: () => now });
      const unknown = await b.get('/admin/transfer/uploads/AAAAAAAAAAAAAAAAAAAAAA');
      expect(unknown.status).toBe(404);
      expect(textOf(unknown.html)).toContain('This upload is not here any more');
      expect((await b.get('/admin/transfer/uploads/..%2F..%2Fetc')).status).toBe(404);

      const got = await upload(t.app, b, {}, { name: 'clean.csv', text: clean });
      expect((await settled(b, got)).status).toBe(200);
      const progress = await t.app.request(`${got.location}/progress`, {
        headers: { cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      expect(await progress.json()).toMatchObject({ state: 'checked', done: 2 });

      // Another admin's console session does not see it.
      const other = await t.user('admin', 'Olga Other');
      const b2 = consoleBrowser(t.app);
      await b2.signIn(other);
      expect((await b2.get(got.location ?? '')).status).toBe(404);
      expect((await b2.post(`${got.location}/apply`)).status).toBe(404);

      now = new Date(now.getTime() + 61 * 60_000);
      expect((await b.get(got.location ?? '')).status).toBe(404);
      const late = await b.post(`${got.location}/apply`);
      expect(late.status).toBe(404);
      expect(textOf(late.html)).toContain('has expired');
    });

    it('should refuse other roles and forms without the CSRF value or from another site', async () => {
      const { t, b, accounts } = await setup();
      const rep = await t.user('sales_rep', 'Bob Bianchi');
      const rb = consoleBrowser(t.app);
      await rb.signIn(rep);
      expect((await rb.get('/admin/transfer')).status).toBe(403);
      expect((await rb.get('/admin/transfer/export/rapport-export.json')).status).toBe(403);
      expect((await rb.get('/admin/transfer/export/accounts.csv')).status).toBe(403);
      expect((await upload(t.app, rb, {}, { name: 'clean.csv', text: clean }, { csrf: null })).status).toBe(
        403,
      );
      expect((await rb.get('/admin')).html).not.toContain('href="/admin/transfer"');

      const noCsrf = await upload(t.app, b, {}, { name: 'clean.csv', text: clean }, { csrf: null });
      expect(noCsrf.status).toBe(403);
      expect(textOf(noCsrf.html)).toContain('This form is out of date');
      const wrong = await upload(t.app, b, {}, { name: 'clean.csv', text: clean }, { csrf: 'x'.repeat(32) });
      expect(wrong.status).toBe(403);
      const elsewhere = await upload(
        t.app,
        b,
        {},
        { name: 'clean.csv', text: clean },
        { origin: 'https://evil.example' },
      );
      expect(elsewhere.status).toBe(403);

      const got = await upload(t.app, b, {}, { name: 'clean.csv', text: clean });
      await settled(b, got);
      const forged = await b.post(`${got.location}/apply`, { csrf: 'forged' });
      expect(forged.status).toBe(403);
      expect(await accounts()).toEqual([]);
    });

    it('should download the JSON snapshot and each CSV table with the console session, audited', async () => {
      const { t, b, admin } = await setup();
      await t.call('POST', '/api/v1/accounts', admin, {
        name: 'Kestrel Aero',
        domains: ['kestrel-aero.example'],
      });
      const page = await b.get('/admin/transfer');
      expect(page.html).toContain('href="/admin/transfer/export/rapport-export.json"');
      expect(page.html).toContain('href="/admin/transfer/export/accounts.csv"');

      const json = await b.get('/admin/transfer/export/rapport-export.json');
      expect(json.status).toBe(200);
      expect(json.headers.get('content-disposition')).toMatch(
        /attachment; filename="rapport-export-\d{4}-\d{2}-\d{2}\.json"/,
      );
      const snapshot = JSON.parse(json.html);
      expect(snapshot).toMatchObject({ format: 'rapport-export', counts: { accounts: 1 } });
      expect(JSON.stringify(snapshot)).not.toMatch(/password/i);

      const csv = await b.get('/admin/transfer/export/accounts.csv');
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toContain('text/csv');
      expect(csv.html.split('\n')[1]).toContain('Kestrel Aero');
      expect((await b.get('/admin/transfer/export/secrets.csv')).status).toBe(404);

      const audit = await t.call('GET', '/api/v1/audit?entity=data', admin);
      expect(audit.body.items.map((e: { entityId: string }) => e.entityId).sort()).toEqual([
        'csv:accounts',
        'json',
      ]);
    });

    it('should import a snapshot into an empty server only, saying what happens to passwords', async () => {
      const source = await setup();
      await source.t.call('POST', '/api/v1/accounts', source.admin, {
        name: 'Kestrel Aero',
        domains: ['kestrel-aero.example'],
      });
      const snapshot = (await source.b.get('/admin/transfer/export/rapport-export.json')).html;

      // The source server has data: refused, nothing written.
      const sent = await upload(
        source.t.app,
        source.b,
        { kind: 'snapshot' },
        { name: 'snap.json', text: snapshot },
      );
      const refused = await settled(source.b, sent);
      expect(textOf(refused.html)).toContain('This server has data already (1 users, 1 accounts)');
      await source.b.post('/admin/language', { lang: 'it', next: '/admin/transfer' });
      expect(textOf((await source.b.get(sent.location ?? '')).html)).toContain(
        'Questo server contiene già dati (utenti: 1, account: 1); uno snapshot si carica solo in un server nuovo e vuoto.',
      );
      expect(refused.html).not.toContain('/apply"');

      const t = await testApp(dialect);
      const admin = await t.user('admin', 'Nora New');
      const b = consoleBrowser(t.app);
      await b.signIn(admin);
      const page = await b.get('/admin/transfer');
      expect(textOf(page.html)).toContain('into an empty server only');
      expect(textOf(page.html)).toContain('a snapshot holds none');
      const got = await upload(t.app, b, { kind: 'snapshot' }, { name: 'snap.json', text: snapshot });
      const check = await settled(b, got);
      expect(textOf(check.html)).toMatch(/accounts 1 0 0 0/);
      expect(textOf(check.html)).toContain('came without a password');
      expect((await t.call('GET', '/api/v1/accounts', admin)).body.items).toHaveLength(0);

      // Read in Italian, the notes are Italian too.
      await b.post('/admin/language', { lang: 'it', next: got.location ?? '' });
      const italian = textOf((await b.get(got.location ?? '')).html);
      expect(italian).toContain('2 utenti sono arrivati senza password');
      expect(italian).toMatch(/Ora tu \(\S+@\S+\) sei l’utente \w+ dello snapshot/);
      expect(italian).not.toContain('came without a password');
      await b.post('/admin/language', { lang: 'en', next: got.location ?? '' });
      await b.get(got.location ?? '');

      const done = await settled(b, await b.post(`${got.location}/apply`));
      expect(textOf(done.html)).toContain('Imported.');
      const names = (await t.call('GET', '/api/v1/accounts', admin)).body.items.map(
        (a: { name: string }) => a.name,
      );
      expect(names).toEqual(['Kestrel Aero']);
    });
  });
}
