import { LOOKUP_MAX, zLookupResponse } from '@rapport/shared';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';

import type { Database } from '../db/database';
import { DIALECTS, testApp } from '../test/harness';

const T = '2026-11-27T10:00:00.000Z';
const stamps = { created_at: T, updated_at: T, version: 1 };

/** A key customer owned by `ownerId`, on acme.com with company page acme-corp, and its stakeholder Jane. */
async function seedAcme(db: Kysely<Database>, ownerId: string, repId: string) {
  await db
    .insertInto('accounts')
    .values({
      id: 'acme',
      name: 'Acme',
      status: 'customer',
      tier: 'key',
      owner_id: ownerId,
      industry: null,
      notes: '',
      ...stamps,
    })
    .execute();
  await db.insertInto('account_domains').values({ domain: 'acme.com', account_id: 'acme' }).execute();
  await db
    .insertInto('account_slugs')
    .values({ slug: 'acme-corp', account_id: 'acme', is_primary: 1 })
    .execute();
  await db.insertInto('account_reps').values({ account_id: 'acme', user_id: repId }).execute();
  await db
    .insertInto('contacts')
    .values({
      id: 'jane',
      account_id: 'acme',
      name: 'Jane Doe',
      title: null,
      stance: null,
      influence: 'high',
      reports_to_id: null,
      relationship_owner_id: null,
      last_contacted_at: null,
      notes: '',
      ...stamps,
    })
    .execute();
  await db.insertInto('contact_emails').values({ email: 'jane@acme.com', contact_id: 'jane' }).execute();
  await db
    .insertInto('contact_slugs')
    .values({ slug: 'jane-doe', contact_id: 'jane', is_primary: 1 })
    .execute();
}

for (const dialect of DIALECTS) {
  describe(`POST /lookup (${dialect})`, () => {
    it('should answer any signed-in role with results aligned to the inputs', async () => {
      const t = await testApp(dialect);
      const am = await t.user('account_manager', 'Alice Rossi');
      const rep = await t.user('sales_rep');
      const viewer = await t.user('viewer');
      await seedAcme(t.db.kysely, am.id, rep.id);
      const body = {
        emails: ['Jane+news@ACME.com', 'friend@gmail.com', 'who@acme.com', 'bad'],
        linkedin: [
          'https://it.linkedin.com/in/jane-doe/?trk=x',
          'https://www.linkedin.com/company/acme-corp/',
        ],
      };
      const res = await t.call('POST', '/api/v1/lookup', viewer, body);
      expect(res.status).toBe(200);
      expect(zLookupResponse.safeParse(res.body).success).toBe(true);
      expect(
        res.body.results.map((r: { match: string; reason: string | null }) => [r.match, r.reason]),
      ).toEqual([
        ['email', null],
        ['none', 'personal_domain'],
        ['domain', null],
        ['none', 'invalid'],
        ['linkedin', null],
        ['linkedin', null],
      ]);
      expect(res.body.accounts).toHaveLength(1);
      expect(res.body.accounts[0]).toMatchObject({
        id: 'acme',
        owner: { id: am.id, name: 'Alice Rossi', role: 'account_manager' },
        reps: [{ id: rep.id, email: rep.email }],
        ownership: { relation: 'other', message: 'Key account, owned by Alice Rossi' },
        stakeholders: [{ id: 'jane', emails: ['jane@acme.com'], linkedinSlug: 'jane-doe' }],
        stakeholderCount: 1,
      });
    });

    it('should describe ownership relative to the caller', async () => {
      const t = await testApp(dialect);
      const am = await t.user('account_manager', 'Alice Rossi');
      const rep = await t.user('sales_rep');
      await seedAcme(t.db.kysely, am.id, rep.id);
      const ask = async (who: typeof am) =>
        (await t.call('POST', '/api/v1/lookup', who, { emails: ['jane@acme.com'] })).body.accounts[0]
          .ownership;
      expect(await ask(am)).toEqual({ relation: 'owner', message: 'Your key account' });
      expect(await ask(rep)).toEqual({
        relation: 'rep',
        message: 'Key account, owned by Alice Rossi; you are an assigned rep',
      });
    });

    it('should answer colleagues as internal once the company domains are set', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const rep = await t.user('sales_rep');
      const { version } = (await t.call('GET', '/api/v1/settings', admin)).body;
      const patched = await t.call('PATCH', '/api/v1/settings', admin, {
        companyDomains: ['ourco.example'],
        version,
      });
      expect(patched.status).toBe(200);
      const res = await t.call('POST', '/api/v1/lookup', rep, {
        emails: [admin.email, 'ops@mail.ourco.example', 'x@other.example'],
      });
      expect(res.status).toBe(200);
      expect(res.body.results.map((r: { match: string }) => r.match)).toEqual([
        'internal',
        'internal',
        'none',
      ]);
      expect(res.body.accounts).toEqual([]);
    });

    it.each([
      ['an empty request', {}],
      ['empty lists', { emails: [], linkedin: [] }],
      ['too many emails', { emails: Array.from({ length: LOOKUP_MAX + 1 }, (_, i) => `p${i}@acme.com`) }],
      [
        'too many LinkedIn entries',
        { linkedin: Array.from({ length: LOOKUP_MAX + 1 }, (_, i) => `in:p-${i}`) },
      ],
      ['an unknown field', { emails: ['a@acme.com'], phones: ['123'] }],
    ])('should reject %s with 400', async (_what, body) => {
      const t = await testApp(dialect);
      const rep = await t.user('sales_rep');
      const res = await t.call('POST', '/api/v1/lookup', rep, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    });

    it('should accept the largest request', async () => {
      const t = await testApp(dialect);
      const rep = await t.user('sales_rep');
      const res = await t.call('POST', '/api/v1/lookup', rep, {
        emails: Array.from({ length: LOOKUP_MAX }, (_, i) => `p${i}@acme.com`),
        linkedin: Array.from({ length: LOOKUP_MAX }, (_, i) => `in:p-${i}`),
      });
      expect(res.status).toBe(200);
      expect(res.body.results).toHaveLength(2 * LOOKUP_MAX);
    });

    it('should refuse a request without a token', async () => {
      const t = await testApp(dialect);
      const res = await t.call('POST', '/api/v1/lookup', null, { emails: ['jane@acme.com'] });
      expect(res.status).toBe(401);
    });
  });
}
