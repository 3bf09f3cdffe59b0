import { describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from '../test/harness';
import { consoleBrowser, inputValue, textOf } from './test-kit';

for (const dialect of DIALECTS) {
  describe(`admin console people (${dialect})`, () => {
    async function setup() {
      const t = await testApp(dialect);
      const admin = await t.user('admin', 'Ada Admin');
      const am = await t.user('account_manager', 'Alice Rossi');
      const acme = (await t.call('POST', '/api/v1/accounts', am, { name: 'Acme', domains: ['acme.com'] }))
        .body;
      const jane = (
        await t.call('POST', '/api/v1/contacts', am, {
          accountId: acme.id,
          name: 'Jane Quibble',
          emails: ['jane.quibble@acme.com'],
          linkedinSlug: 'jane-quibble',
        })
      ).body;
      const b = consoleBrowser(t.app);
      await b.signIn(admin);
      return { t, admin, am, jane, b };
    }

    it('should find a stakeholder by name or email and download their data', async () => {
      const { t, b, jane } = await setup();
      const byName = await b.get('/admin/people?q=quib');
      expect(byName.status).toBe(200);
      expect(textOf(byName.html)).toContain('Jane Quibble Acme jane.quibble@acme.com');
      expect(byName.html).toContain(`href="/admin/people/${jane.id}"`);
      expect(textOf((await b.get('/admin/people?q=JANE.QUIBBLE@acme.com')).html)).toContain(
        'Jane Quibble Acme',
      );
      expect(textOf((await b.get('/admin/people?q=nobody')).html)).toContain('No stakeholder matches');
      const bad = await b.get('/admin/people?q=jane@');
      expect(textOf(bad.html)).toContain('Enter a whole email address');

      const page = await b.get(`/admin/people/${jane.id}`);
      expect(textOf(page.html)).toContain('Download data (JSON)');
      const file = await b.get(`/admin/people/${jane.id}/export`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toBe(
        `attachment; filename="rapport-person-${jane.id}.json"`,
      );
      expect(JSON.parse(file.html).contact.emails).toEqual(['jane.quibble@acme.com']);
      const log = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'export')
        .execute();
      expect(log.map((e) => e.entity_id)).toEqual([jane.id]);
    });

    it('should erase only once the name is typed, keeping what was typed on a mistake', async () => {
      const { t, b, am, jane } = await setup();
      await b.get(`/admin/people/${jane.id}`);
      const wrong = await b.post(`/admin/people/${jane.id}/erase`, {
        reason: 'Ticket 12',
        confirmName: 'Jane',
      });
      expect(wrong.status).toBe(400);
      expect(textOf(wrong.html)).toContain('Type their name to confirm: The name does not match');
      expect(inputValue(wrong.html, 'confirmName')).toBe('Jane');
      const noReason = await b.post(`/admin/people/${jane.id}/erase`, {
        reason: ' ',
        confirmName: 'Jane Quibble',
      });
      expect(noReason.status).toBe(400);
      expect(textOf(noReason.html)).toMatch(/Reason: /);
      expect((await t.call('GET', `/api/v1/contacts/${jane.id}`, am)).status).toBe(200);

      const done = await b.post(`/admin/people/${jane.id}/erase`, {
        reason: 'Ticket 12',
        confirmName: ' jane  quibble ',
      });
      expect(done.status).toBe(303);
      const after = await b.follow(done);
      expect(textOf(after.html)).toMatch(/The stakeholder was erased\. Erasure record: [a-z0-9]{21}\./);
      expect((await t.call('GET', `/api/v1/contacts/${jane.id}`, am)).status).toBe(404);
      expect(textOf((await b.get('/admin/people?q=quibble')).html)).toContain('No stakeholder matches');
    });

    it('should keep the people pages for admins', async () => {
      const { t, am, jane } = await setup();
      const b = consoleBrowser(t.app);
      await b.signIn(am);
      expect((await b.get('/admin/people')).status).toBe(403);
      expect((await b.get(`/admin/people/${jane.id}/export`)).status).toBe(403);
    });

    it('should set and clear the touch retention in the settings page', async () => {
      const { t, admin, b } = await setup();
      const form = await b.get('/admin/settings');
      expect(form.html).toContain('<label for="settings-touchRetentionDays">Keep touches for (days)</label>');
      const fields = {
        version: inputValue(form.html, 'version') ?? '',
        coverageWindowDays: '90',
        fiscalYearStartMonth: '1',
        defaultCurrency: 'EUR',
        personalDomains: 'gmail.com',
      };
      const bad = await b.post('/admin/settings', { ...fields, touchRetentionDays: '0' });
      expect(bad.status).toBe(400);
      expect(textOf(bad.html)).toContain('Keep touches for (days):');
      expect((await b.post('/admin/settings', { ...fields, touchRetentionDays: '365' })).status).toBe(303);
      const saved = (await t.call('GET', '/api/v1/settings', admin)).body;
      expect(saved.touchRetentionDays).toBe(365);
      expect(inputValue((await b.get('/admin/settings')).html, 'touchRetentionDays')).toBe('365');
      const cleared = await b.post('/admin/settings', {
        ...fields,
        version: String(saved.version),
        touchRetentionDays: '',
      });
      expect(cleared.status).toBe(303);
      expect((await t.call('GET', '/api/v1/settings', admin)).body.touchRetentionDays).toBeNull();
    });
  });
}
