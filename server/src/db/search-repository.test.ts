import type { SearchQuery } from '@rapport/shared';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';

import { DIALECTS, freshDb } from '../test/harness';
import type { Db } from './create-db';
import { slowFold } from './migrations/2026_12_08_00_00_00_guard_search_fold';
import { reindex, search } from './search-repository';

const AT = '2026-11-27T09:00:00.000Z';

interface SeedAccount {
  id: string;
  name: string;
  domains?: string[];
  slugs?: string[];
}
interface SeedContact {
  id: string;
  accountId: string;
  name: string;
  title?: string;
  emails?: string[];
  slugs?: string[];
}

/** Inserts rows straight into the base tables, then indexes them as the routes do. */
async function seed(db: Db, accounts: SeedAccount[], contacts: SeedContact[] = []): Promise<void> {
  const k = db.kysely;
  for (const a of accounts) {
    await k
      .insertInto('accounts')
      .values({
        id: a.id,
        name: a.name,
        status: 'customer',
        tier: 'standard',
        owner_id: null,
        industry: null,
        notes: '',
        created_at: AT,
        updated_at: AT,
        version: 1,
      })
      .execute();
    for (const domain of a.domains ?? []) {
      await k.insertInto('account_domains').values({ domain, account_id: a.id }).execute();
    }
    for (const [i, slug] of (a.slugs ?? []).entries()) {
      await k
        .insertInto('account_slugs')
        .values({ slug, account_id: a.id, is_primary: i === 0 ? 1 : 0 })
        .execute();
    }
  }
  for (const c of contacts) {
    await k
      .insertInto('contacts')
      .values({
        id: c.id,
        account_id: c.accountId,
        name: c.name,
        title: c.title ?? null,
        stance: null,
        influence: null,
        reports_to_id: null,
        relationship_owner_id: null,
        last_contacted_at: null,
        notes: '',
        created_at: AT,
        updated_at: AT,
        version: 1,
      })
      .execute();
    for (const email of c.emails ?? []) {
      await k.insertInto('contact_emails').values({ email, contact_id: c.id }).execute();
    }
    for (const [i, slug] of (c.slugs ?? []).entries()) {
      await k
        .insertInto('contact_slugs')
        .values({ slug, contact_id: c.id, is_primary: i === 0 ? 1 : 0 })
        .execute();
    }
  }
  await reindex(
    k,
    'account',
    accounts.map((a) => a.id),
  );
  await reindex(
    k,
    'contact',
    contacts.map((c) => c.id),
  );
}

/** The ids found, best first. */
async function ids(db: Db, q: string, more: Partial<SearchQuery> = {}): Promise<string[]> {
  return (await search(db, { q, limit: 20, ...more })).map((h) => h.id);
}

/** A small book of business: near-identical names, so ranking tiers show. */
async function book(dialect: (typeof DIALECTS)[number]): Promise<Db> {
  const db = await freshDb(dialect);
  await seed(
    db,
    [
      { id: 'acme', name: 'Acme', domains: ['acme.com', 'acme.de'], slugs: ['acme-corp'] },
      { id: 'acmeh', name: 'Acme Holdings', domains: ['acme-holdings.com'] },
      { id: 'acmel', name: 'Acmeland Logistics', domains: ['acmeland.io'] },
      { id: 'acne', name: 'Acne Studios', domains: ['acnestudios.com'] },
      { id: 'globex', name: 'Globex', domains: ['globex.example'], slugs: ['globex'] },
      { id: 'nestle', name: 'Nestlé Suisse', domains: ['nestle.ch'] },
    ],
    [
      {
        id: 'jane',
        accountId: 'acme',
        name: 'Jane Doe',
        title: 'VP Procurement',
        emails: ['jane@acme.com'],
        slugs: ['jane-doe-4a1b'],
      },
      {
        id: 'janes',
        accountId: 'acme',
        name: 'Jane Smith',
        title: 'Buyer',
        emails: ['jane.smith@acme.com'],
      },
      { id: 'john', accountId: 'globex', name: 'John Carter', title: 'CTO', emails: ['jc@globex.example'] },
      { id: 'jose', accountId: 'nestle', name: 'José Álvarez', emails: ['jose.alvarez@nestle.ch'] },
    ],
  );
  return db;
}

for (const dialect of DIALECTS) {
  describe(`search repository (${dialect})`, () => {
    it('should rank the exact name first, then a whole word, then a prefix, then a typo', async () => {
      const db = await book(dialect);
      const found = await ids(db, 'acme', { type: 'account' });
      expect(found).toEqual(['acme', 'acmeh', 'acmel', 'acne']);
      const scores = (await search(db, { q: 'acme', limit: 20, type: 'account' })).map((h) => h.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(new Set(scores).size).toBe(scores.length);
    });

    it('should return the hit with its second line and account', async () => {
      const db = await book(dialect);
      const [account] = await search(db, { q: 'Acme', limit: 1 });
      expect(account).toEqual({
        type: 'account',
        id: 'acme',
        name: 'Acme',
        detail: 'acme.com, acme.de',
        accountId: 'acme',
        score: expect.any(Number),
      });
      const [contact] = await search(db, { q: 'jane doe', limit: 1 });
      expect(contact).toMatchObject({
        type: 'contact',
        id: 'jane',
        detail: 'VP Procurement · Acme',
        accountId: 'acme',
      });
    });

    it.each([
      ['acmee', 'acme'],
      ['acne', 'acme'],
      ['jonh', 'john'],
      ['globx', 'globex'],
      ['jane smtih', 'janes'],
      ['ac', 'acme'],
      ['glo', 'globex'],
      ['jo car', 'john'],
      ['ja smtih', 'janes'],
      ['prokurment', 'jane'],
    ])('should find %s despite typos or by prefix (%s)', async (q, id) => {
      const db = await book(dialect);
      expect(await ids(db, q)).toContain(id);
    });

    it('should put an exact match above a typo match of another record', async () => {
      const db = await book(dialect);
      const found = await ids(db, 'acne', { type: 'account' });
      expect(found[0]).toBe('acne');
      expect(found).toContain('acme');
    });

    it('should find nothing for a word two edits from every short name', async () => {
      const db = await book(dialect);
      expect(await ids(db, 'axmq')).toEqual([]);
      expect(await ids(db, 'zzz')).toEqual([]);
    });

    it.each([
      ['jane@acme.com', 'jane'],
      ['JANE@ACME.COM', 'jane'],
      ['acme.com', 'acme'],
      ['acme-holdings.com', 'acmeh'],
      ['acme-corp', 'acme'],
      ['jane-doe-4a1b', 'jane'],
      ['jose.alvarez@nestle.ch', 'jose'],
    ])('should rank the record with email, domain or slug %s first', async (q, id) => {
      const db = await book(dialect);
      expect((await ids(db, q))[0]).toBe(id);
    });

    it('should ignore accents and case', async () => {
      const db = await book(dialect);
      expect((await ids(db, 'jose alvarez'))[0]).toBe('jose');
      expect((await ids(db, 'NESTLE'))[0]).toBe('nestle');
      expect((await ids(db, 'Álvarez'))[0]).toBe('jose');
    });

    it('should find contacts by their account and title below the account itself', async () => {
      const db = await book(dialect);
      const found = await ids(db, 'acme');
      expect(found[0]).toBe('acme');
      expect(found).toEqual(expect.arrayContaining(['jane', 'janes']));
      expect(await ids(db, 'procurement')).toEqual(['jane']);
      expect((await ids(db, 'jane acme'))[0]).toMatch(/^jane/);
    });

    it('should respect limit and type', async () => {
      const db = await book(dialect);
      expect(await ids(db, 'acme', { limit: 2 })).toEqual(['acme', 'acmeh']);
      expect(await ids(db, 'jane', { type: 'account' })).toEqual([]);
      const contacts = await search(db, { q: 'acme', limit: 20, type: 'contact' });
      expect(contacts.length).toBeGreaterThan(0);
      expect(contacts.every((h) => h.type === 'contact')).toBe(true);
    });

    it('should follow a rename, and an account rename into its contacts', async () => {
      const db = await book(dialect);
      await db.kysely.updateTable('accounts').set({ name: 'Initech' }).where('id', '=', 'acme').execute();
      await db.kysely.deleteFrom('account_domains').where('account_id', '=', 'acme').execute();
      await db.kysely.deleteFrom('account_slugs').where('account_id', '=', 'acme').execute();
      await db.kysely
        .insertInto('account_domains')
        .values({ domain: 'initech.com', account_id: 'acme' })
        .execute();
      await reindex(db.kysely, 'account', ['acme']);
      expect(await ids(db, 'acme', { type: 'account' })).not.toContain('acme');
      expect(await ids(db, 'acme.com')).not.toContain('acme');
      expect((await ids(db, 'initech.com'))[0]).toBe('acme');
      const [jane] = await search(db, { q: 'jane doe', limit: 1 });
      expect(jane?.detail).toBe('VP Procurement · Initech');
      expect(await ids(db, 'initech', { type: 'contact' })).toEqual(
        expect.arrayContaining(['jane', 'janes']),
      );
    });

    it('should drop the documents of deleted records and keep the rest', async () => {
      const db = await book(dialect);
      await db.kysely.deleteFrom('contacts').where('id', '=', 'john').execute();
      await reindex(db.kysely, 'contact', ['john', 'jane']);
      expect(await ids(db, 'john')).toEqual([]);
      expect((await ids(db, 'jane doe'))[0]).toBe('jane');
      await db.kysely.deleteFrom('accounts').where('id', '=', 'acmel').execute();
      await reindex(db.kysely, 'account', ['acmel']);
      expect(await ids(db, 'acmeland')).toEqual([]);
    });

    it('should be idempotent and accept duplicate or no ids', async () => {
      const db = await book(dialect);
      await reindex(db.kysely, 'account', ['acme', 'acme']);
      await reindex(db.kysely, 'account', []);
      await reindex(db.kysely, 'contact', ['nobody']);
      expect(await ids(db, 'acme', { type: 'account' })).toEqual(['acme', 'acmeh', 'acmel', 'acne']);
      const docs = await db.kysely.selectFrom('search_documents').select('entity_id').execute();
      expect(docs).toHaveLength(10);
    });

    it('should find nothing for a query of punctuation only', async () => {
      const db = await book(dialect);
      expect(await ids(db, '@@ --')).toEqual([]);
    });

    if (dialect !== 'postgres') return;
    it('should store the search text the first migration folded, for every Latin letter and mark', async () => {
      const db = await freshDb(dialect);
      // Every character up to U+024F alone, after a letter and in upper case, plus real names and addresses.
      const chars = Array.from({ length: 0x24f }, (_, i) => String.fromCodePoint(i + 1));
      const texts = [
        ...chars.map((c) => `a${c}b`),
        ...chars.map((c) => `${c}${c.toUpperCase()} x_${c}`),
        'Zoë Ångström',
        'ÉTIENNE_du-Pré · Łódź',
        'İstanbul Straße',
        'jose.alvarez@nestle.ch jose-alvarez-1',
        '  Ça   va!  ',
        '',
      ];
      await db.kysely
        .insertInto('search_documents')
        .values(
          texts.map((t, i) => ({
            entity: 'contact',
            entity_id: `c${i}`,
            account_id: 'a',
            name: t,
            detail: texts[(i + 1) % texts.length] ?? '',
            terms: t.toLowerCase(),
          })),
        )
        .execute();
      const { rows } = await sql<{ entity_id: string; stored: string; folded: string }>`
          select entity_id, search_text as stored,
            ' ' || ${slowFold(sql`name`)} || ' | ' || ${slowFold(sql`detail || ' ' || terms`)} || ' ' as folded
          from search_documents`.execute(db.kysely);
      expect(rows).toHaveLength(texts.length);
      expect(rows.filter((r) => r.stored !== r.folded)).toEqual([]);
      await db.close();
    });
  });
}
