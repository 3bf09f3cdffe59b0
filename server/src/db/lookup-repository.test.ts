import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOOKUP_STAKEHOLDER_LIMIT, type LookupRequest, type Settings } from '@rapport/shared';
import type { Kysely } from 'kysely';

import { describe, expect, inject, it } from 'vitest';

import type { Actor } from '../auth/policy';
import { DIALECTS, freshDb } from '../test/harness';
import { createDb } from './create-db';
import type { Database } from './database';
import { LookupReader, type LookupReaderOptions } from './lookup-repository';
import { migrateToLatest } from './migrate';
import { readSettings } from './settings-repository';

const T = '2026-11-27T10:00:00.000Z';
const stamps = { created_at: T, updated_at: T, version: 1 };

const ALICE: Actor = {
  id: 'u-alice',
  role: 'account_manager',
  name: 'Alice Rossi',
  email: 'alice@ourco.example',
};
const BOB: Actor = { id: 'u-bob', role: 'sales_rep', name: 'Bob', email: 'bob@ourco.example' };
const CAROL: Actor = { id: 'u-carol', role: 'sales_rep', name: 'Carol', email: 'carol@ourco.example' };

/**
 * acme (key customer of Alice, Bob assigned rep, acme.com, company page acme-corp, alias acme-old);
 * acme-eu (eu.acme.com, standard prospect of Bob); beta (beta.io, standard customer of Bob);
 * gamma (gamma.org, unowned prospect). Jane, Mark and Zoe are stakeholders at acme.
 */
async function seed(db: Kysely<Database>) {
  await db
    .insertInto('users')
    .values(
      [ALICE, BOB, CAROL].map((u) => ({
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
        active: 1,
        password_hash: null,
        ...stamps,
      })),
    )
    .execute();
  const account = (id: string, name: string, tier: string, status: string, owner: string | null) => ({
    id,
    name,
    tier,
    status,
    owner_id: owner,
    industry: id === 'acme' ? 'Manufacturing' : null,
    notes: '',
    ...stamps,
  });
  await db
    .insertInto('accounts')
    .values([
      account('acme', 'Acme', 'key', 'customer', ALICE.id),
      account('acme-eu', 'Acme Europe', 'standard', 'prospect', BOB.id),
      account('beta', 'Beta', 'standard', 'customer', BOB.id),
      account('gamma', 'Gamma', 'standard', 'prospect', null),
    ])
    .execute();
  await db
    .insertInto('account_domains')
    .values([
      { domain: 'acme.com', account_id: 'acme' },
      { domain: 'acme.de', account_id: 'acme' },
      { domain: 'eu.acme.com', account_id: 'acme-eu' },
      { domain: 'beta.io', account_id: 'beta' },
      { domain: 'gamma.org', account_id: 'gamma' },
    ])
    .execute();
  await db
    .insertInto('account_slugs')
    .values([
      { slug: 'acme-corp', account_id: 'acme', is_primary: 1 },
      { slug: 'acme-old', account_id: 'acme', is_primary: 0 },
      { slug: 'shared-name', account_id: 'beta', is_primary: 1 },
    ])
    .execute();
  await db.insertInto('account_reps').values({ account_id: 'acme', user_id: BOB.id }).execute();
  const contact = (id: string, name: string, influence: string | null, extra = {}) => ({
    id,
    account_id: 'acme',
    name,
    title: null,
    stance: null,
    influence,
    reports_to_id: null,
    relationship_owner_id: null,
    last_contacted_at: null,
    notes: '',
    ...stamps,
    ...extra,
  });
  await db
    .insertInto('contacts')
    .values([
      contact('mark', 'Mark Bianchi', 'high', { title: 'CEO' }),
      contact('jane', 'Jane Doe', 'medium', {
        title: 'Head of Purchasing',
        stance: 'champion',
        reports_to_id: 'mark',
        relationship_owner_id: ALICE.id,
        last_contacted_at: '2026-11-20T09:00:00.000Z',
      }),
      contact('zoe', 'Zoe Verdi', null),
      contact('al', 'Al Neri', 'medium'),
    ])
    .execute();
  await db
    .insertInto('contact_emails')
    .values([
      { email: 'jane@acme.com', contact_id: 'jane' },
      { email: 'jane.doe@gmail.com', contact_id: 'jane' },
      { email: 'mark@acme.com', contact_id: 'mark' },
    ])
    .execute();
  await db
    .insertInto('contact_slugs')
    .values([
      { slug: 'jane-doe', contact_id: 'jane', is_primary: 1 },
      { slug: 'jane-d-old', contact_id: 'jane', is_primary: 0 },
      { slug: 'shared-name', contact_id: 'mark', is_primary: 1 },
    ])
    .execute();
  await db
    .insertInto('contact_roles')
    .values([
      { contact_id: 'jane', role: 'purchasing' },
      { contact_id: 'jane', role: 'economic_buyer' },
    ])
    .execute();
  const opp = (id: string, stage: string, close: string | null, owner: string | null) => ({
    id,
    account_id: 'acme',
    title: `Deal ${id}`,
    type: 'expansion',
    kind: id === 'o-contract' ? 'contract' : 'order',
    term_months: id === 'o-contract' ? 24 : null,
    product_line_id: null,
    amount: 125_000,
    currency: 'EUR',
    stage,
    expected_close_date: close,
    owner_id: owner,
    next_step: '',
    ...stamps,
  });
  await db
    .insertInto('opportunities')
    .values([
      opp('o-undated', 'negotiate', null, BOB.id),
      opp('o-contract', 'propose', '2027-03-01', ALICE.id),
      opp('o-won', 'won', '2026-10-01', ALICE.id),
      opp('o-lost', 'lost', '2026-09-01', ALICE.id),
      opp('o-soon', 'qualify', '2026-12-15', null),
    ])
    .execute();
}

async function setup(dialect: (typeof DIALECTS)[number], options: LookupReaderOptions = {}) {
  const db = await freshDb(dialect);
  await seed(db.kysely);
  const settings: Settings = { ...(await readSettings(db.kysely)), companyDomains: ['ourco.example'] };
  const lookups = new LookupReader(db, options);
  const run = (req: Partial<LookupRequest>, actor: Actor = CAROL) =>
    lookups.lookup(settings, actor, { emails: [], linkedin: [], ...req });
  return { db, run, lookups };
}

for (const dialect of DIALECTS) {
  describe(`lookup repository (${dialect})`, () => {
    it.each([
      ['jane@acme.com', 'jane@acme.com', 'email', 'jane', 'acme'],
      ['Jane+crm@acme.com', 'jane+crm@acme.com', 'email', 'jane', 'acme'],
      [' <JANE@ACME.COM> ', 'jane@acme.com', 'email', 'jane', 'acme'],
      ['jane.doe@gmail.com', 'jane.doe@gmail.com', 'email', 'jane', 'acme'],
      ['someone@acme.com', 'someone@acme.com', 'domain', null, 'acme'],
      ['someone@eu.mail.acme.de', 'someone@eu.mail.acme.de', 'domain', null, 'acme'],
      ['someone@eu.acme.com', 'someone@eu.acme.com', 'domain', null, 'acme-eu'],
      ['someone@x.eu.acme.com', 'someone@x.eu.acme.com', 'domain', null, 'acme-eu'],
    ])('should match %s as %s by %s', async (input, normalized, match, contactId, accountId) => {
      const { run } = await setup(dialect);
      const res = await run({ emails: [input] });
      expect(res.results).toEqual([
        { input, type: 'email', normalized, match, reason: null, contactId, accountId },
      ]);
      expect(res.accounts.map((a) => a.id)).toEqual([accountId]);
    });

    it.each([
      ['friend@gmail.com', 'none', 'personal_domain'],
      ['friend@mail.gmail.com', 'none', 'personal_domain'],
      ['alice@ourco.example', 'internal', null],
      ['ops@eu.ourco.example', 'internal', null],
      ['someone@unknown.example', 'none', 'unknown'],
    ])('should answer %s with %s (%s) and no account', async (input, match, reason) => {
      const { run } = await setup(dialect);
      const res = await run({ emails: [input] });
      expect(res.results[0]).toMatchObject({
        normalized: input,
        match,
        reason,
        contactId: null,
        accountId: null,
      });
      expect(res.accounts).toEqual([]);
    });

    it.each([
      ['https://it.linkedin.com/in/Jane-Doe/?locale=it_IT', 'jane-doe', 'jane', 'acme'],
      ['linkedin.com/in/jane-d-old', 'jane-d-old', 'jane', 'acme'],
      ['https://www.linkedin.com/company/acme-corp/about/', 'acme-corp', null, 'acme'],
      ['https://www.linkedin.com/company/acme-old', 'acme-old', null, 'acme'],
      ['jane-doe', 'jane-doe', 'jane', 'acme'],
      ['acme-corp', 'acme-corp', null, 'acme'],
      // A bare slug that is both a profile and a company page is the person.
      ['shared-name', 'shared-name', 'mark', 'acme'],
      ['company:shared-name', 'shared-name', null, 'beta'],
    ])('should match LinkedIn %s as %s', async (input, normalized, contactId, accountId) => {
      const { run } = await setup(dialect);
      const res = await run({ linkedin: [input] });
      expect(res.results).toEqual([
        { input, type: 'linkedin', normalized, match: 'linkedin', reason: null, contactId, accountId },
      ]);
    });

    it('should answer unparseable and unknown inputs without an account', async () => {
      const { run } = await setup(dialect);
      const res = await run({
        emails: ['not an email', 'a@b'],
        linkedin: ['https://example.com/in/jane-doe', 'https://linkedin.com/feed/', 'x', 'in:nobody-here'],
      });
      expect(res.results.map((r) => [r.normalized, r.match, r.reason])).toEqual([
        [null, 'none', 'invalid'],
        [null, 'none', 'invalid'],
        [null, 'none', 'invalid'],
        [null, 'none', 'invalid'],
        [null, 'none', 'invalid'],
        ['nobody-here', 'none', 'unknown'],
      ]);
      expect(res.accounts).toEqual([]);
    });

    it('should keep results aligned with inputs and return each account once', async () => {
      const { run } = await setup(dialect);
      const res = await run({
        emails: ['jane@acme.com', 'someone@gamma.org', 'jane@acme.com', 'mark@acme.com'],
        linkedin: ['acme-corp', 'jane-doe'],
      });
      expect(res.results.map((r) => [r.input, r.accountId])).toEqual([
        ['jane@acme.com', 'acme'],
        ['someone@gamma.org', 'gamma'],
        ['jane@acme.com', 'acme'],
        ['mark@acme.com', 'acme'],
        ['acme-corp', 'acme'],
        ['jane-doe', 'acme'],
      ]);
      expect(res.accounts.map((a) => a.id)).toEqual(['acme', 'gamma']);
    });

    it('should describe the account with owner, reps, open opportunities and stakeholders', async () => {
      const { run } = await setup(dialect);
      const { accounts } = await run({ emails: ['jane@acme.com'] });
      const aliceRef = { id: ALICE.id, name: 'Alice Rossi', email: ALICE.email, role: 'account_manager' };
      const bobRef = { id: BOB.id, name: 'Bob', email: BOB.email, role: 'sales_rep' };
      expect(accounts[0]).toMatchObject({
        id: 'acme',
        name: 'Acme',
        domains: ['acme.com', 'acme.de'],
        linkedinSlug: 'acme-corp',
        status: 'customer',
        tier: 'key',
        industry: 'Manufacturing',
        owner: aliceRef,
        reps: [bobRef],
        stakeholderCount: 4,
      });
      expect(accounts[0]?.openOpportunities).toEqual([
        expect.objectContaining({ id: 'o-soon', stage: 'qualify', owner: null }),
        {
          id: 'o-contract',
          title: 'Deal o-contract',
          type: 'expansion',
          kind: 'contract',
          termMonths: 24,
          stage: 'propose',
          amount: 125_000,
          currency: 'EUR',
          expectedCloseDate: '2027-03-01',
          owner: aliceRef,
          flagged: false,
        },
        expect.objectContaining({ id: 'o-undated', expectedCloseDate: null, owner: bobRef }),
      ]);
      // influence high > medium > low > unset, then name
      expect(accounts[0]?.stakeholders.map((s) => s.id)).toEqual(['mark', 'al', 'jane', 'zoe']);
      expect(accounts[0]?.stakeholders[2]).toEqual({
        id: 'jane',
        name: 'Jane Doe',
        title: 'Head of Purchasing',
        emails: ['jane.doe@gmail.com', 'jane@acme.com'],
        linkedinSlug: 'jane-doe',
        roles: ['economic_buyer', 'purchasing'],
        stance: 'champion',
        influence: 'medium',
        reportsToId: 'mark',
        relationshipOwner: aliceRef,
        lastContactedAt: '2026-11-20T09:00:00.000Z',
      });
    });

    it.each([
      ['acme', 'Alice', 'owner', 'Your key account'],
      ['acme', 'Bob', 'rep', 'Key account, owned by Alice Rossi; you are an assigned rep'],
      ['acme', 'Carol', 'other', 'Key account, owned by Alice Rossi'],
      ['beta', 'Carol', 'other', 'Customer, owned by Bob'],
      ['beta', 'Bob', 'owner', 'Your customer'],
      ['acme-eu', 'Alice', 'other', 'Prospect, owned by Bob'],
      ['gamma', 'Carol', 'unowned', 'Prospect, no owner yet'],
    ])('should describe %s to %s as %s', async (accountId, name, relation, message) => {
      const { run } = await setup(dialect);
      const actor = [ALICE, BOB, CAROL].find((a) => a.name.startsWith(name)) ?? CAROL;
      const domain = { acme: 'acme.com', 'acme-eu': 'eu.acme.com', beta: 'beta.io', gamma: 'gamma.org' }[
        accountId
      ];
      const { accounts } = await run({ emails: [`someone@${domain}`] }, actor);
      expect(accounts[0]?.ownership).toEqual({ relation, message });
    });

    it('should cap stakeholders, keep matched ones and order them by influence then name', async () => {
      const { db, run } = await setup(dialect);
      const extra = LOOKUP_STAKEHOLDER_LIMIT + 5;
      const influences = ['low', 'high', null, 'medium'];
      await db.kysely
        .insertInto('contacts')
        .values(
          Array.from({ length: extra }, (_, i) => ({
            id: `p${String(i).padStart(3, '0')}`,
            account_id: 'gamma',
            name: `Person ${String(extra - i).padStart(3, '0')}`,
            title: null,
            stance: null,
            influence: influences[i % 4] ?? null,
            reports_to_id: null,
            relationship_owner_id: null,
            last_contacted_at: null,
            notes: '',
            ...stamps,
          })),
        )
        .execute();
      // p002 is the last-ranked person (no influence, highest name); p003 ranks among the first.
      await db.kysely
        .insertInto('contact_emails')
        .values([
          { email: 'last@gamma.org', contact_id: 'p002' },
          { email: 'first@gamma.org', contact_id: 'p003' },
        ])
        .execute();
      const res = await run({ emails: ['last@gamma.org', 'first@gamma.org'] });
      const gamma = res.accounts[0];
      expect(gamma?.stakeholderCount).toBe(extra);
      expect(gamma?.stakeholders).toHaveLength(LOOKUP_STAKEHOLDER_LIMIT);
      const ids = gamma?.stakeholders.map((s) => s.id) ?? [];
      expect(ids).toContain('p002');
      expect(ids).toContain('p003');
      expect(ids.at(-1)).toBe('p002');
      const rank = { high: 0, medium: 1, low: 2 } as Record<string, number>;
      const keys = (gamma?.stakeholders ?? []).map((s) => [rank[s.influence ?? ''] ?? 3, s.name] as const);
      const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
      expect(keys).toEqual(sorted);
    });

    it('should return empty results for every input unknown without touching accounts', async () => {
      const { run } = await setup(dialect);
      const res = await run({ emails: ['x@nowhere.example'], linkedin: ['in:ghost'] });
      expect(res.accounts).toEqual([]);
      expect(res.results.every((r) => r.match === 'none' && r.reason === 'unknown')).toBe(true);
    });

    it.each([
      ['with no summary cached', 0],
      ['with summaries cached', 100],
    ])(
      'should run the same bounded number of statements for 10 and for 100 inputs %s',
      async (_, cacheSize) => {
        let statements = 0;
        let last: string[] = [];
        const { run } = await setup(dialect, {
          cacheSize,
          onStatement: (text) => {
            statements++;
            last.push(text);
          },
        });
        const request = (n: number): Partial<LookupRequest> => {
          const emails = ['jane@acme.com', 'friend@gmail.com', 'someone@beta.io', 'x@gamma.org'];
          const linkedin = ['jane-doe', 'company:acme-corp', 'in:mark'];
          for (let i = 0; emails.length < n; i++) emails.push(`p${i}@sub${i}.eu.acme.com`);
          for (let i = 0; linkedin.length < n; i++) linkedin.push(`https://linkedin.com/in/p-${i}`);
          return { emails, linkedin };
        };
        const counts: number[] = [];
        for (const n of [5, 50, 50]) {
          statements = 0;
          last = [];
          const res = await run(request(n));
          expect(res.results).toHaveLength(2 * n);
          expect(res.accounts.map((a) => a.id).sort()).toEqual(['acme', 'acme-eu', 'beta', 'gamma']);
          counts.push(statements);
        }
        expect(counts[0]).toBeGreaterThan(1);
        expect(counts[0]).toBeLessThanOrEqual(10);
        // Cached: a lookup of new keys for the same accounts runs only the key statement; once its keys are
        // cached too and nothing was written since, none at all (the change mark says nothing changed). On
        // PostgreSQL reading the mark is a statement too (a request reads it with its token's).
        const cached = dialect === 'sqlite' ? [1, 0] : [2, 1];
        if (dialect === 'postgres' && cacheSize > 0 && counts[2] !== 1) {
          // The mark is the whole PostgreSQL server's snapshot: a write to another database there (tests in
          // other workers) between two lookups makes the next check its keys again. Ask again until a lookup
          // meets no such write; each still runs at most the mark and the key statement.
          for (let i = 0; i < 20 && counts[2] !== 1; i++) {
            statements = 0;
            last = [];
            await run(request(50));
            expect(statements).toBeLessThanOrEqual(2);
            counts[2] = statements;
          }
        }
        expect(counts.slice(1)).toEqual(cacheSize === 0 ? [counts[0], counts[0]] : cached);
        if (dialect === 'postgres' && cacheSize > 0)
          expect(last).toEqual(['select pg_current_snapshot()::text as mark']);
      },
    );

    it('should see addresses, slugs and domains added, moved or removed on the next lookup', async () => {
      const { db, run } = await setup(dialect);
      const k = db.kysely;
      const ask = async (req: Partial<LookupRequest>) => {
        const [r] = (await run(req)).results;
        return [r?.match, r?.contactId, r?.accountId];
      };
      const steps: Array<[Partial<LookupRequest>, () => Promise<unknown>, unknown[]]> = [
        [
          { emails: ['jane.new@acme.com'] },
          () =>
            k
              .insertInto('contact_emails')
              .values({ email: 'jane.new@acme.com', contact_id: 'jane' })
              .execute(),
          ['email', 'jane', 'acme'],
        ],
        [
          { emails: ['jane.new@acme.com'] },
          () => k.updateTable('contacts').set({ account_id: 'beta' }).where('id', '=', 'jane').execute(),
          ['email', 'jane', 'beta'],
        ],
        [
          { emails: ['jane.new@acme.com'] },
          () => k.deleteFrom('contact_emails').where('email', '=', 'jane.new@acme.com').execute(),
          ['domain', null, 'acme'],
        ],
        [
          { emails: ['someone@globex.example'] },
          () =>
            k
              .insertInto('account_domains')
              .values({ domain: 'globex.example', account_id: 'gamma' })
              .execute(),
          ['domain', null, 'gamma'],
        ],
        [
          { linkedin: ['company:gamma-org'] },
          () =>
            k
              .insertInto('account_slugs')
              .values({ slug: 'gamma-org', account_id: 'gamma', is_primary: 0 })
              .execute(),
          ['linkedin', null, 'gamma'],
        ],
        [
          { linkedin: ['in:zoe-profile'] },
          () =>
            k
              .insertInto('contact_slugs')
              .values({ slug: 'zoe-profile', contact_id: 'zoe', is_primary: 1 })
              .execute(),
          ['linkedin', 'zoe', 'acme'],
        ],
      ];
      for (const [req, write, expected] of steps) {
        await ask(req); // the answer before the write is what is cached
        const before = await ask(req);
        await write();
        const after = await ask(req);
        expect(after, JSON.stringify(req)).toEqual(expected);
        expect(after, JSON.stringify(req)).not.toEqual(before);
      }
    });

    it('should never answer from a write that is not committed, nor remember one rolled back', async () => {
      const { db, run } = await setup(dialect);
      const ghost = async (pending?: ReturnType<typeof run>) =>
        (await (pending ?? run({ emails: ['ghost@acme.com'] }))).results[0];
      expect((await ghost())?.match).toBe('domain');
      const trx = await db.kysely.startTransaction().execute();
      await trx
        .insertInto('contact_emails')
        .values({ email: 'ghost@acme.com', contact_id: 'mark' })
        .execute();
      const during = run({ emails: ['ghost@acme.com'] });
      await new Promise((resolve) => setTimeout(resolve, 20));
      await trx.rollback().execute();
      expect((await ghost(during))?.match).toBe('domain');
      // A later write takes `#keys` where the rolled-back one had it: nothing read during it may come back.
      await db.kysely
        .insertInto('account_domains')
        .values({ domain: 'acme.io', account_id: 'acme' })
        .execute();
      expect(await ghost()).toMatchObject({ match: 'domain', contactId: null, accountId: 'acme' });
    });

    it("should show a write in the account's summary on the next read", async () => {
      const { db, lookups } = await setup(dialect);
      expect((await lookups.accountSummary(CAROL, 'acme'))?.name).toBe('Acme');
      expect((await lookups.accountSummary(CAROL, 'acme'))?.name).toBe('Acme');
      await db.kysely.updateTable('accounts').set({ name: 'Acme Group' }).where('id', '=', 'acme').execute();
      expect((await lookups.accountSummary(CAROL, 'acme'))?.name).toBe('Acme Group');
    });

    it('should show every write to a cached summary on the next lookup', async () => {
      const { db, run } = await setup(dialect);
      const ask = async () => (await run({ emails: ['jane@acme.com'] })).accounts[0];
      const k = db.kysely;
      const steps: Array<[string, () => Promise<unknown>, (a: Awaited<ReturnType<typeof ask>>) => unknown]> =
        [
          [
            'account renamed',
            () => k.updateTable('accounts').set({ name: 'Acme Group' }).where('id', '=', 'acme').execute(),
            (a) => a?.name,
          ],
          [
            'domain added',
            () => k.insertInto('account_domains').values({ domain: 'acme.fr', account_id: 'acme' }).execute(),
            (a) => a?.domains,
          ],
          [
            'rep removed',
            () => k.deleteFrom('account_reps').where('account_id', '=', 'acme').execute(),
            (a) => a?.reps,
          ],
          [
            'stakeholder retitled',
            () => k.updateTable('contacts').set({ title: 'CFO' }).where('id', '=', 'jane').execute(),
            (a) => a?.stakeholders.find((s) => s.id === 'jane')?.title,
          ],
          [
            'role given',
            () => k.insertInto('contact_roles').values({ contact_id: 'mark', role: 'influencer' }).execute(),
            (a) => a?.stakeholders.find((s) => s.id === 'mark')?.roles,
          ],
          [
            'email added',
            () =>
              k.insertInto('contact_emails').values({ email: 'zoe@acme.fr', contact_id: 'zoe' }).execute(),
            (a) => a?.stakeholders.find((s) => s.id === 'zoe')?.emails,
          ],
          [
            'opportunity won',
            () =>
              k.updateTable('opportunities').set({ stage: 'won' }).where('account_id', '=', 'acme').execute(),
            (a) => a?.openOpportunities.length,
          ],
          [
            'owner renamed',
            () => k.updateTable('users').set({ name: 'Alice Bianchi' }).where('id', '=', ALICE.id).execute(),
            (a) => a?.owner?.name,
          ],
          [
            'stakeholder moved to another account',
            () => k.updateTable('contacts').set({ account_id: 'beta' }).where('id', '=', 'zoe').execute(),
            (a) => a?.stakeholders.map((s) => s.id),
          ],
        ];
      for (const [what, write, read] of steps) {
        const before = read(await ask());
        await write();
        expect(read(await ask()), what).not.toEqual(before);
        expect(read(await ask()), what).toEqual(
          read(
            await new LookupReader(db, { cacheSize: 0 })
              .lookup({ ...(await readSettings(k)), companyDomains: ['ourco.example'] }, CAROL, {
                emails: ['jane@acme.com'],
                linkedin: [],
              })
              .then((r) => r.accounts[0]),
          ),
        );
      }
    });
  });
}

describe('lookup repository (two processes on one SQLite file)', () => {
  it("should see the other process's writes on the next lookup", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-lookup-'));
    const url = `file:${join(dir, 'rapport.db')}`;
    const here = await createDb({ url });
    const there = await createDb({ url });
    try {
      await migrateToLatest(here);
      await seed(here.kysely);
      const settings = await readSettings(here.kysely);
      const lookups = new LookupReader(here);
      const acme = async () =>
        (await lookups.lookup(settings, CAROL, { emails: ['jane@acme.com', 'new@acme.com'], linkedin: [] }))
          .accounts[0];
      expect((await acme())?.name).toBe('Acme');
      expect((await acme())?.name).toBe('Acme'); // answered from the caches, without a statement
      await there.kysely
        .updateTable('accounts')
        .set({ name: 'Acme Group' })
        .where('id', '=', 'acme')
        .execute();
      expect((await acme())?.name).toBe('Acme Group');
      await there.kysely
        .insertInto('contact_emails')
        .values({ email: 'new@acme.com', contact_id: 'mark' })
        .execute();
      const res = await lookups.lookup(settings, CAROL, { emails: ['new@acme.com'], linkedin: [] });
      expect(res.results[0]).toMatchObject({ match: 'email', contactId: 'mark' });
    } finally {
      await here.close();
      await there.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(DIALECTS.includes('postgres'))(
  'lookup repository (two servers on one PostgreSQL schema)',
  () => {
    it('should show every write acknowledged by the other server in its next lookup, writers racing lookups', async () => {
      const here = await freshDb('postgres');
      await seed(here.kysely);
      const there = await createDb({
        url: inject('postgresUrl') ?? '',
        pgSchema: here.label.split('#')[1] ?? '',
        poolSize: 4,
      });
      try {
        const settings: Settings = {
          ...(await readSettings(here.kysely)),
          companyDomains: ['ourco.example'],
        };
        const lookups = new LookupReader(here);
        const k = there.kysely;
        for (let i = 1; i <= 6; i++) {
          const emails = [`new${i}@acme.com`, `y@gamma${i}.example`, `x@beta${i}.example`];
          const ask = () => lookups.lookup(settings, CAROL, { emails, linkedin: [] });
          // Lookups keep filling the caches while the writes run, each under the mark it read.
          let stop = false;
          const busy = (async () => {
            while (!stop) await ask();
          })();
          // One writer holds its write open (on a third account: it holds that account's stamp until it ends)
          // while two others write at once, on two accounts, in opposite orders.
          const open = await k.startTransaction().execute();
          await open
            .insertInto('account_domains')
            .values({ domain: `gamma${i}.example`, account_id: 'gamma' })
            .execute();
          await Promise.all([
            k.transaction().execute(async (trx) => {
              await trx
                .updateTable('accounts')
                .set({ name: `Acme ${i}` })
                .where('id', '=', 'acme')
                .execute();
              await trx
                .insertInto('contact_emails')
                .values({ email: `new${i}@acme.com`, contact_id: 'mark' })
                .execute();
            }),
            k.transaction().execute(async (trx) => {
              await trx
                .insertInto('account_domains')
                .values({ domain: `beta${i}.example`, account_id: 'beta' })
                .execute();
              await trx
                .updateTable('accounts')
                .set({ name: `Beta ${i}` })
                .where('id', '=', 'beta')
                .execute();
            }),
            new Promise((resolve) => setTimeout(resolve, 20)),
          ]);
          const during = await ask();
          expect(during.results[0], `round ${i}`).toMatchObject({ match: 'email', contactId: 'mark' });
          expect(during.results[1], `round ${i}, uncommitted`).toMatchObject({
            match: 'none',
            accountId: null,
          });
          await open.commit().execute();
          const res = await ask();
          stop = true;
          await busy;
          expect(
            res.results.map((r) => [r.match, r.contactId, r.accountId]),
            `round ${i}`,
          ).toEqual([
            ['email', 'mark', 'acme'],
            ['domain', null, 'gamma'],
            ['domain', null, 'beta'],
          ]);
          expect(
            res.accounts.map((a) => a.name),
            `round ${i}`,
          ).toEqual([`Acme ${i}`, 'Gamma', `Beta ${i}`]);
        }
      } finally {
        await there.close();
      }
    });
  },
);
