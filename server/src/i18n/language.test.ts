import { describe, expect, it } from 'vitest';

import { consoleBrowser, textOf } from '../admin/test-kit';
import { DIALECTS, testApp } from '../test/harness';

const NOW = new Date('2027-03-01T12:00:00Z');
const IT = { 'accept-language': 'it-IT,it;q=0.9,en;q=0.5' };

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
const json = async (res: Response): Promise<any> => res.json();

for (const dialect of DIALECTS) {
  describe(`the server in Italian (${dialect})`, () => {
    it('answers API errors for people in the language the request asks for; codes stay the same', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const ask = (path: string, init: RequestInit = {}, lang = IT) =>
        t.app.request(path, { ...init, headers: { ...admin.headers, ...lang, ...init.headers } });

      const missing = await ask('/api/v1/accounts/acc_nothing_here_0000');
      expect(missing.status).toBe(404);
      expect(missing.headers.get('vary')).toMatch(/Accept-Language/i);
      expect((await json(missing)).error).toMatchObject({
        code: 'not_found',
        message: 'Account non trovato',
      });

      const noRoute = await ask('/api/v1/nowhere');
      expect((await json(noRoute)).error.message).toBe('Nessun percorso per GET /api/v1/nowhere');

      const invalid = await ask('/api/v1/accounts', {
        method: 'POST',
        body: JSON.stringify({ tier: 'standard', status: 'prospect', domains: ['not a domain'] }),
      });
      expect(invalid.status).toBe(400);
      const body = (await json(invalid)).error;
      expect(body.code).toBe('validation_failed');
      expect(body.message).toMatch(/^Corpo JSON non valido: /);
      const messages = body.details.issues.map(
        (i: { path: string; message: string }) => `${i.path}: ${i.message}`,
      );
      expect(messages).toContain('name: Obbligatorio');
      expect(messages).toContain('domains.0: “not a domain” non è un dominio valido');

      const conflictFree = await ask('/api/v1/accounts', {
        method: 'POST',
        body: JSON.stringify({ name: 'Gmail', tier: 'standard', status: 'prospect', domains: ['gmail.com'] }),
      });
      const personal = (await json(conflictFree)).error;
      expect(personal.message).toBe(
        'gmail.com è un dominio di posta personale e non può identificare un account',
      );
      expect(personal.details.issues[0]).toEqual({ path: 'domains', message: personal.message });

      // The same request in English, and with no language at all, keeps today's English wording.
      const english = await ask('/api/v1/accounts/acc_nothing_here_0000', {}, { 'accept-language': 'en-US' });
      expect((await json(english)).error.message).toBe('Account not found');
      const none = await t.call('GET', '/api/v1/accounts/acc_nothing_here_0000', admin);
      expect(none.body.error.message).toBe('Account not found');
      const german = await ask(
        '/api/v1/accounts/acc_nothing_here_0000',
        {},
        { 'accept-language': 'de-DE, it;q=0.4' },
      );
      expect((await json(german)).error.message).toBe('Account non trovato');

      const unauthenticated = await t.app.request('/api/v1/me', { headers: IT });
      expect((await json(unauthenticated)).error.message).toBe(
        'Accedi prima: invia Authorization: Bearer <token>',
      );
    });

    it('writes signals in Italian with Italian dates', async () => {
      const t = await testApp(dialect, {}, { now: () => NOW });
      const owner = await t.user('account_manager', 'Alice Rossi');
      const created = await t.call('POST', '/api/v1/accounts', owner, {
        name: 'Acme Italia',
        tier: 'key',
        status: 'customer',
        ownerId: owner.id,
      });
      expect(created.status).toBe(201);
      const res = await t.app.request(`/api/v1/accounts/${created.body.id}/signals`, {
        headers: { ...owner.headers, ...IT },
      });
      expect(res.status).toBe(200);
      const { signals } = await json(res);
      const noBuyer = signals.find((s: { code: string }) => s.code === 'no_economic_buyer');
      expect(noBuyer).toMatchObject({
        severity: 'high',
        title: 'Nessun decisore economico individuato',
        why: 'Non conosciamo ancora nessuno in Acme Italia, quindi nessuno risulta come decisore economico che approva il budget.',
      });
      expect(noBuyer.next).toMatch(/^Scopri chi approva il budget in Acme Italia/);

      const contact = await t.call('POST', '/api/v1/contacts', owner, {
        accountId: created.body.id,
        name: 'Marco Bianchi',
        title: 'CFO',
        roles: ['economic_buyer'],
        influence: 'high',
      });
      expect(contact.status).toBe(201);
      await t.db.kysely
        .updateTable('contacts')
        .set({ last_contacted_at: '2026-11-08T10:00:00.000Z' })
        .where('id', '=', contact.body.id)
        .execute();
      const again = await t.app.request(`/api/v1/accounts/${created.body.id}/signals`, {
        headers: { ...owner.headers, ...IT },
      });
      const lapsed = (await json(again)).signals.find(
        (s: { code: string }) => s.code === 'high_influence_not_contacted',
      );
      expect(lapsed.title).toBe('Nessun contatto recente con Marco Bianchi');
      expect(lapsed.why).toContain('(CFO; decisore economico)');
      expect(lapsed.why).toContain('(8 novembre 2026)');
      expect(lapsed.next).toBe(
        'Fissa una telefonata o un incontro con Marco Bianchi, registralo e nomina un responsabile della relazione per restare in contatto.',
      );
    });

    it('shows the console in the chosen language: switch, pages, flash messages and dates', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin', 'Ada Admin');
      const b = consoleBrowser(t.app);
      await b.signIn(admin);
      const english = await b.get('/admin/users');
      expect(english.html).toContain('<html lang="en">');
      expect(textOf(english.html)).toContain('Invite a colleague');

      // The switch is a form like every other: it needs this server's origin and the session's CSRF value.
      const forged = await b.post('/admin/language', { lang: 'it', next: '/admin/users', csrf: 'nope' });
      expect(forged.status).toBe(403);
      expect(b.cookies.has('rapport_lang')).toBe(false);
      await b.get('/admin/users');
      const switched = await b.post('/admin/language', { lang: 'it', next: '/admin/users' });
      expect(switched.status).toBe(303);
      expect(switched.location).toBe('/admin/users');
      const cookie = switched.headers.getSetCookie().find((c) => c.startsWith('rapport_lang='));
      expect(cookie).toMatch(/^rapport_lang=it;/);
      expect(cookie).toMatch(/Path=\/admin/);

      const page = await b.follow(switched);
      expect(page.html).toContain('<html lang="it">');
      const text = textOf(page.html);
      expect(text).toContain('La console ora è in italiano.');
      expect(text).toContain('Invita un collega');
      expect(text).toContain('Inviti in attesa');
      expect(text).toContain('Utenti Token Impostazioni');
      // Ada's last sign-in, an Italian date and time in UTC ("1 mar 2027, 12:00 UTC").
      expect(text).toMatch(
        /Ada Admin admin\d+@ourco\.example Amministratore Attivo \d{1,2} [a-z]{3} \d{4}, \d{2}:\d{2} UTC/,
      );

      // A flash message after a change, in Italian.
      const invited = await b.post('/admin/invites', { email: 'nuova@ourco.example', role: 'sales_rep' });
      expect(invited.status).toBe(303);
      const after = textOf((await b.follow(invited)).html);
      expect(after).toContain('Invito per nuova@ourco.example (Commerciale) creato.');
      expect(after).toMatch(/funziona una sola volta, fino al \d{1,2} [a-z]{3} \d{4}/);

      // Validation errors on a console form, in Italian.
      const bad = await b.post('/admin/invites', { email: '', role: 'sales_rep' });
      expect(bad.status).toBe(400);
      expect(textOf(bad.html)).toContain('Si è verificato un problema');

      // Back to English.
      await b.post('/admin/language', { lang: 'en', next: '/admin/users' });
      expect(textOf((await b.get('/admin/users')).html)).toContain('Invite a colleague');
    });

    it('follows Accept-Language in the console until a language is chosen', async () => {
      const t = await testApp(dialect);
      await t.user('admin');
      const page = await t.app.request('/admin/sign-in', { headers: IT });
      const html = await page.text();
      expect(html).toContain('<html lang="it">');
      expect(textOf(html)).toContain('Accedi con l’email e la password che usi nell’estensione Rapport.');
      const chosen = await t.app.request('/admin/sign-in', { headers: { ...IT, cookie: 'rapport_lang=en' } });
      expect(textOf(await chosen.text())).toContain('Sign in with the email and password');
      const wrong = await t.app.request('/admin/sign-in', {
        method: 'POST',
        headers: { ...IT, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: 'nobody@ourco.example', password: 'wrong password' }).toString(),
      });
      expect(textOf(await wrong.text())).toContain('Email o password errate');
    });
  });
}
