import { DEFAULT_PERSONAL_DOMAINS } from '@rapport/shared';
import { describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from '../test/harness';

for (const dialect of DIALECTS) {
  describe(`settings (${dialect})`, () => {
    async function setup() {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const viewer = await t.user('viewer');
      return { t, admin, viewer };
    }

    it('should give every role the defaults before anything is set', async () => {
      const { t, viewer } = await setup();
      const res = await t.call('GET', '/api/v1/settings', viewer);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        companyDomains: [],
        personalDomains: [...DEFAULT_PERSONAL_DOMAINS],
        allowedOrigins: [],
        fiscalYearStartMonth: 1,
        coverageWindowDays: 90,
        defaultCurrency: 'EUR',
        touchRetentionDays: null,
        version: 1,
      });
    });

    it('should let an admin change settings, normalising and de-duplicating what was typed', async () => {
      const { t, admin, viewer } = await setup();
      const res = await t.call('PATCH', '/api/v1/settings', admin, {
        version: 1,
        companyDomains: ['https://www.OurCo.example/about', 'ourco.example', 'OURCO.IT.'],
        allowedOrigins: ['HTTPS://CRM.OurCo.example:8443'],
        fiscalYearStartMonth: 4,
        coverageWindowDays: 60,
        defaultCurrency: 'chf',
        touchRetentionDays: 730,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        companyDomains: ['ourco.example', 'ourco.it'],
        personalDomains: [...DEFAULT_PERSONAL_DOMAINS],
        allowedOrigins: ['https://crm.ourco.example:8443'],
        fiscalYearStartMonth: 4,
        coverageWindowDays: 60,
        defaultCurrency: 'CHF',
        touchRetentionDays: 730,
        version: 2,
      });
      expect((await t.call('GET', '/api/v1/settings', viewer)).body).toEqual(res.body);
      const narrowed = await t.call('PATCH', '/api/v1/settings', admin, {
        version: 2,
        personalDomains: ['gmail.com'],
      });
      expect(narrowed.body).toMatchObject({
        companyDomains: ['ourco.example', 'ourco.it'],
        personalDomains: ['gmail.com'],
        version: 3,
      });
    });

    it.each(['account_manager', 'sales_rep', 'coordinator', 'marketing', 'viewer'] as const)(
      'should forbid a %s to change settings',
      async (role) => {
        const { t } = await setup();
        const someone = await t.user(role);
        const res = await t.call('PATCH', '/api/v1/settings', someone, {
          version: 1,
          companyDomains: ['evil.example'],
        });
        expect(res.status).toBe(403);
        expect((await t.call('GET', '/api/v1/settings', someone)).body).toMatchObject({
          companyDomains: [],
          version: 1,
        });
      },
    );

    it('should refuse a month outside 1 to 12 and keep the settings as they were', async () => {
      const { t, admin } = await setup();
      const res = await t.call('PATCH', '/api/v1/settings', admin, { version: 1, fiscalYearStartMonth: 13 });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.error.details)).toContain('fiscalYearStartMonth');
      expect((await t.call('GET', '/api/v1/settings', admin)).body).toMatchObject({
        fiscalYearStartMonth: 1,
        version: 1,
      });
    });

    it('should answer a stale version with 409 and the current settings', async () => {
      const { t, admin } = await setup();
      await t.call('PATCH', '/api/v1/settings', admin, { version: 1, companyDomains: ['ourco.example'] });
      const stale = await t.call('PATCH', '/api/v1/settings', admin, {
        version: 1,
        companyDomains: ['other.example'],
      });
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('version_conflict');
      expect(stale.body.error.details.current).toMatchObject({
        companyDomains: ['ourco.example'],
        version: 2,
      });
      expect((await t.call('GET', '/api/v1/settings', admin)).body.companyDomains).toEqual(['ourco.example']);
    });

    it.each([
      [{ version: 1, allowedOrigins: ['https://crm.ourco.example/app'] }, 'allowedOrigins.0'],
      [{ version: 1, allowedOrigins: ['crm.ourco.example'] }, 'allowedOrigins.0'],
      [
        { version: 1, allowedOrigins: ['https://ok.example', 'ftp://files.ourco.example'] },
        'allowedOrigins.1',
      ],
      [{ version: 1, companyDomains: ['ourco'] }, 'companyDomains.0'],
      [{ version: 1, personalDomains: ['gmail.com', 'not a domain'] }, 'personalDomains.1'],
      [{ companyDomains: ['ourco.example'] }, 'version'],
      [{ version: 1, theme: 'dark' }, 'json'],
    ])('should refuse %j naming %s and change nothing', async (body, path) => {
      const { t, admin } = await setup();
      const res = await t.call('PATCH', '/api/v1/settings', admin, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
      expect((await t.call('GET', '/api/v1/settings', admin)).body).toMatchObject({
        allowedOrigins: [],
        version: 1,
      });
    });

    it('should record a settings update in the audit log with before and after', async () => {
      const { t, admin } = await setup();
      await t.call('PATCH', '/api/v1/settings', admin, { version: 1, companyDomains: ['ourco.example'] });
      const rows = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'settings')
        .execute();
      expect(rows).toHaveLength(1);
      const row = rows[0];
      expect(row).toMatchObject({ user_id: admin.id, action: 'update', entity_id: '1' });
      expect(JSON.parse(row?.before ?? 'null')).toMatchObject({ companyDomains: [], version: 1 });
      expect(JSON.parse(row?.after ?? 'null')).toMatchObject({
        companyDomains: ['ourco.example'],
        version: 2,
      });
    });
  });
}
