import { isolate, type SearchHit, type SearchQuery } from '@rapport/shared';
import type SQLite from 'better-sqlite3';
import { type Insertable, type Kysely, type RawBuilder, sql } from 'kysely';

import type { Db } from './create-db';
import type { Database, SearchDocumentsTable } from './database';

/*
 * How search works, on both dialects:
 * 1. The query is folded (lower case, accents stripped) and split into words, as SQLite's unicode61 does.
 * 2. The database proposes candidates in passes of at most CANDIDATES rows each: the words as a phrase
 *    (whole names, emails, domains, slugs), every word as a word prefix, and, only when those leave fewer
 *    than `limit` hits that a typo match could not beat, every word as a prefix or a misspelling.
 *    - SQLite: FTS5 over name/detail/terms (unicode61, prefix indexes), ordered by bm25 with the name
 *      weighing most. A misspelt word is expanded into the stored words within edit distance, read from the
 *      fts5vocab table (only the words sharing its first letter), and OR-ed into the MATCH.
 *    - PostgreSQL: the generated `search_text` column (' name words | other words ') with a pg_trgm GIN
 *      index: `like '% word %'` / `'% word%'`, and for one edit every LIKE pattern of it ('% j_hn %', …);
 *      two edits (8+ letters) fall back to trigram word similarity (`<%`). Name matches are fetched first.
 * 3. The candidates are scored here, the same way for both dialects, so both rank alike: the whole query
 *    equal to the name or to an email/domain/slug (+1), then per word the best of exact (1) > prefix
 *    (0.7–0.9, closer to the whole word is better) > misspelt (0.5, optimal string alignment distance: 1 edit
 *    from 4 letters, 2 from 8, same first letter, no digits), weighted by field (name 1, identifiers 0.9,
 *    title/account 0.6) and averaged over the words; a word that matches nothing drops the document.
 */

/** Rows a pass may return: the final ranking only reorders these, so it is also the cost bound. */
const CANDIDATES = 300;
/** Query words considered; the rest of a long query is ignored. */
const MAX_WORDS = 8;
/** Stored words a misspelt query word may expand to in the SQLite FTS query. */
const MAX_EXPANSIONS = 30;
/** Score of a word one edit off (two edits: 0.1 less); below any prefix match, so typos rank last. */
const FUZZY_SCORE = 0.5;
/** PostgreSQL word similarity a word two edits off needs to be a candidate. */
const PG_FUZZY_THRESHOLD = 0.3;
/** Ids per IN list when reindexing: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

/** How much a word found in each field counts: a name beats an email or slug, which beats a title. */
const WEIGHT = { name: 1, terms: 0.9, detail: 0.6 } as const;

type Entity = 'account' | 'contact';
type SearchDocument = Omit<Insertable<SearchDocumentsTable>, 'entity'> & { entity: string };

/**
 * Recomputes the search documents of these accounts or contacts from the tables (deleting the documents of
 * ids that no longer exist). Call it in the transaction of every write that changes names, domains, emails,
 * slugs, titles or a contact's account. Reindexing accounts also refreshes their contacts, whose second
 * line names the account.
 * @example await reindex(trx, 'account', [account.id]);
 */
export async function reindex(db: Kysely<Database>, entity: Entity, ids: readonly string[]): Promise<void> {
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    if (entity === 'contact') {
      await reindexContacts(db, chunk);
      continue;
    }
    await reindexAccounts(db, chunk);
    const contacts = await db.selectFrom('contacts').select('id').where('account_id', 'in', chunk).execute();
    for (let j = 0; j < contacts.length; j += CHUNK) {
      await reindexContacts(
        db,
        contacts.slice(j, j + CHUNK).map((c) => c.id),
      );
    }
  }
}

async function reindexAccounts(db: Kysely<Database>, ids: string[]): Promise<void> {
  const [rows, domains, slugs] = await Promise.all([
    db.selectFrom('accounts').select(['id', 'name']).where('id', 'in', ids).execute(),
    db
      .selectFrom('account_domains')
      .select(['account_id as owner', 'domain as value'])
      .where('account_id', 'in', ids)
      .orderBy('domain')
      .execute(),
    db
      .selectFrom('account_slugs')
      .select(['account_id as owner', 'slug as value'])
      .where('account_id', 'in', ids)
      .orderBy('is_primary', 'desc')
      .orderBy('slug')
      .execute(),
  ]);
  await replaceDocuments(db, 'account', ids, accountDocuments(rows, domains, slugs));
}

async function reindexContacts(db: Kysely<Database>, ids: string[]): Promise<void> {
  const [rows, emails, slugs] = await Promise.all([
    contactRows(db).where('contacts.id', 'in', ids).execute(),
    db
      .selectFrom('contact_emails')
      .select(['contact_id as owner', 'email as value'])
      .where('contact_id', 'in', ids)
      .orderBy('email')
      .execute(),
    db
      .selectFrom('contact_slugs')
      .select(['contact_id as owner', 'slug as value'])
      .where('contact_id', 'in', ids)
      .orderBy('is_primary', 'desc')
      .orderBy('slug')
      .execute(),
  ]);
  await replaceDocuments(db, 'contact', ids, contactDocuments(rows, emails, slugs));
}

/** Contacts with what their document shows, account name included. */
function contactRows(db: Kysely<Database>) {
  return db
    .selectFrom('contacts')
    .leftJoin('accounts', 'accounts.id', 'contacts.account_id')
    .select([
      'contacts.id',
      'contacts.name',
      'contacts.title',
      'contacts.account_id',
      'accounts.name as account_name',
    ]);
}

type Owned = { owner: string; value: string };

/** Account documents; `domains` and `slugs` are in the order the document lists them. */
function accountDocuments(rows: { id: string; name: string }[], domains: Owned[], slugs: Owned[]) {
  const domainsOf = groupValues(domains);
  const slugsOf = groupValues(slugs);
  return rows.map((r) => accountDocument(r, domainsOf.get(r.id) ?? [], slugsOf.get(r.id) ?? []));
}

/** An account's document, its domains and slugs in the order it lists them. */
function accountDocument(
  r: { id: string; name: string },
  domains: string[],
  slugs: string[],
): SearchDocument {
  return {
    entity: 'account',
    entity_id: r.id,
    account_id: r.id,
    name: r.name,
    detail: domains.join(', '),
    terms: identifiers(slugs.length === 0 ? domains : [...domains, ...slugs]),
  };
}

type ContactRow = {
  id: string;
  name: string;
  title: string | null;
  account_id: string;
  account_name: string | null;
};

/** Contact documents; `emails` and `slugs` are in the order the document lists them. */
function contactDocuments(rows: ContactRow[], emails: Owned[], slugs: Owned[]) {
  const emailsOf = groupValues(emails);
  const slugsOf = groupValues(slugs);
  return rows.map((r) => contactDocument(r, emailsOf.get(r.id) ?? [], slugsOf.get(r.id) ?? []));
}

/** A contact's document, its emails and slugs in the order it lists them. */
function contactDocument(r: ContactRow, emails: string[], slugs: string[]): SearchDocument {
  return {
    entity: 'contact',
    entity_id: r.id,
    account_id: r.account_id,
    name: r.name,
    detail: [r.title, r.account_name]
      .filter((part): part is string => Boolean(part))
      .map(isolate)
      .join(' · '),
    terms: identifiers(slugs.length === 0 ? emails : [...emails, ...slugs]),
  };
}

/** Rows per page of a full rebuild. */
const PAGE = 2000;

/**
 * Builds every search document anew from the tables, for a bulk load (the snapshot import): pages through
 * accounts and contacts in id order, reading each page's domains, emails and slugs by id range rather than
 * per id, with no per-id delete. The documents are the ones `reindex` makes. `db` is the transaction to
 * write in; on SQLite the documents go in through a statement prepared on `handle.sqlite` (the same
 * connection), and the FTS index is then rebuilt in one pass over them, so its sync triggers may be dropped
 * meanwhile (`suspendDerivedTriggers`).
 * @example await rebuildSearch(trx, db);
 */
export async function rebuildSearch(
  db: Kysely<Database>,
  handle: Pick<Db, 'dialect' | 'sqlite'>,
): Promise<void> {
  await db.deleteFrom('search_documents').execute();
  // PostgreSQL: the trigram index is built once over all documents rather than grown row by row (the
  // rebuild of a million contacts took most of the import's time); its definition is read back, so a later
  // migration's index is rebuilt as it was defined. Constraint indexes stay.
  const indexes =
    handle.dialect === 'postgres'
      ? (
          await sql<{ name: string; definition: string }>`
            select i.indexname as name, i.indexdef as definition from pg_indexes i
            where i.schemaname = current_schema() and i.tablename = 'search_documents'
              and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(db)
        ).rows
      : [];
  for (const { name } of indexes) await sql`drop index ${sql.id(name)}`.execute(db);
  const insertDocuments = documentWriter(db, handle.sqlite);
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('accounts')
      .select(['id', 'name'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    const first = rows[0]?.id;
    const last = rows.at(-1)?.id;
    if (first === undefined || last === undefined) break;
    // Ordered by owner first, then as `reindex` orders them: each owner's values come in the same order.
    const [domains, slugs] = await Promise.all([
      db
        .selectFrom('account_domains')
        .select(['account_id as owner', 'domain as value'])
        .where('account_id', '>=', first)
        .where('account_id', '<=', last)
        .orderBy('account_id')
        .orderBy('domain')
        .execute(),
      db
        .selectFrom('account_slugs')
        .select(['account_id as owner', 'slug as value'])
        .where('account_id', '>=', first)
        .where('account_id', '<=', last)
        .orderBy('account_id')
        .orderBy('is_primary', 'desc')
        .orderBy('slug')
        .execute(),
    ]);
    await insertDocuments(accountDocuments(rows, domains, slugs));
    after = last;
  }
  after = '';
  for (;;) {
    const rows = await contactRows(db)
      .where('contacts.id', '>', after)
      .orderBy('contacts.id')
      .limit(PAGE)
      .execute();
    const first = rows[0]?.id;
    const last = rows.at(-1)?.id;
    if (first === undefined || last === undefined) break;
    const [emails, slugs] = await Promise.all([
      db
        .selectFrom('contact_emails')
        .select(['contact_id as owner', 'email as value'])
        .where('contact_id', '>=', first)
        .where('contact_id', '<=', last)
        .orderBy('contact_id')
        .orderBy('email')
        .execute(),
      db
        .selectFrom('contact_slugs')
        .select(['contact_id as owner', 'slug as value'])
        .where('contact_id', '>=', first)
        .where('contact_id', '<=', last)
        .orderBy('contact_id')
        .orderBy('is_primary', 'desc')
        .orderBy('slug')
        .execute(),
    ]);
    await insertDocuments(contactDocuments(rows, emails, slugs));
    after = last;
  }
  if (handle.dialect === 'sqlite')
    await sql`insert into search_fts (search_fts) values ('rebuild')`.execute(db);
  for (const { definition } of indexes) await sql.raw(definition).execute(db);
}

/** Documents per insert statement of a bulk load (six values each: well under SQLite's parameter limit). */
const LOAD_BATCH = 100;

/**
 * The search documents of a bulk load on SQLite (the snapshot import), made from the rows as they are
 * inserted rather than read back from the tables once they are all in: the same documents `reindex` makes.
 * Give it every batch of accounts and contacts once inserted, on the load's connection and in its
 * transaction (a rolled-back savepoint takes their documents with it), accounts before their contacts (a
 * contact's second line names its account). `finish` then builds the FTS index in one pass, so its sync
 * triggers may be dropped meanwhile (`suspendDerivedTriggers`).
 * @example
 * const load = new SearchLoad(db.sqlite);
 * load.accounts([{ id, name }], [{ account_id: id, domain: 'acme.com' }], []);
 * await load.finish(trx);
 */
export class SearchLoad {
  /** Names of the accounts loaded so far, for their contacts' documents. */
  private readonly accountNames = new Map<string, string>();
  private readonly statements = new Map<number, SQLite.Statement>();
  private values: unknown[] = [];

  constructor(private readonly sqlite: SQLite.Database) {
    // Documents of records that are no longer there (the load starts from an empty server).
    sqlite.prepare('delete from search_documents').run();
  }

  /** Accounts just inserted, with their domains and LinkedIn slugs as stored. */
  accounts(
    rows: readonly { id: string; name: string }[],
    domains: readonly { account_id: string; domain: string }[],
    slugs: readonly { account_id: string; slug: string; is_primary: number }[],
  ): void {
    const domainsOf = valuesBy(
      domains,
      (d) => d.account_id,
      (d) => d.domain,
    );
    const slugsOf = slugsBy(slugs, (s) => s.account_id);
    for (const r of rows) {
      this.accountNames.set(r.id, r.name);
      this.add(accountDocument(r, inOrder(domainsOf.get(r.id)), slugsOf.get(r.id) ?? []));
    }
    this.flush();
  }

  /** Contacts just inserted, with their emails and LinkedIn slugs as stored. */
  contacts(
    rows: readonly { id: string; name: string; title: string | null; account_id: string }[],
    emails: readonly { contact_id: string; email: string }[],
    slugs: readonly { contact_id: string; slug: string; is_primary: number }[],
  ): void {
    const emailsOf = valuesBy(
      emails,
      (e) => e.contact_id,
      (e) => e.email,
    );
    const slugsOf = slugsBy(slugs, (s) => s.contact_id);
    for (const r of rows) {
      const { id, name, title, account_id } = r;
      const row = { id, name, title, account_id, account_name: this.accountNames.get(account_id) ?? null };
      this.add(contactDocument(row, inOrder(emailsOf.get(r.id)), slugsOf.get(r.id) ?? []));
    }
    this.flush();
  }

  /** Builds the FTS index over every document, in `db`, the load's transaction. */
  async finish(db: Kysely<Database>): Promise<void> {
    await sql`insert into search_fts (search_fts) values ('rebuild')`.execute(db);
  }

  private add(d: SearchDocument): void {
    this.values.push(d.entity, d.entity_id, d.account_id, d.name, d.detail, d.terms);
    if (this.values.length === LOAD_BATCH * 6) this.flush();
  }

  private flush(): void {
    const rows = this.values.length / 6;
    if (rows === 0) return;
    let statement = this.statements.get(rows);
    if (!statement) {
      const list = Array(rows).fill('(?, ?, ?, ?, ?, ?)').join(', ');
      statement = this.sqlite.prepare(
        `insert into search_documents (entity, entity_id, account_id, name, detail, terms) values ${list}`,
      );
      this.statements.set(rows, statement);
    }
    statement.run(this.values);
    this.values = [];
  }
}

/** Each owner's values, in the order given. */
function valuesBy<T>(rows: readonly T[], owner: (row: T) => string, value: (row: T) => string) {
  const out = new Map<string, string[]>();
  for (const row of rows) {
    const list = out.get(owner(row));
    if (list) list.push(value(row));
    else out.set(owner(row), [value(row)]);
  }
  return out;
}

/** Each owner's slugs in the order `reindex` reads them: the primary slug first, then the aliases by slug. */
function slugsBy<T extends { slug: string; is_primary: number }>(
  rows: readonly T[],
  owner: (row: T) => string,
) {
  const out = new Map<string, string[]>();
  const primary = valuesBy(
    rows.filter((r) => r.is_primary !== 0),
    owner,
    (r) => r.slug,
  );
  const aliases = valuesBy(
    rows.filter((r) => r.is_primary === 0),
    owner,
    (r) => r.slug,
  );
  for (const [id, list] of primary) out.set(id, inOrder(list));
  for (const [id, list] of aliases) out.set(id, [...(out.get(id) ?? []), ...inOrder(list)]);
  return out;
}

/** Values in the order `reindex` reads them (`order by value`, SQLite's BINARY collation). */
function inOrder(values: string[] | undefined): string[] {
  if (!values) return [];
  return values.length < 2 ? values : values.sort(binaryCompare);
}

/**
 * Compares as SQLite's BINARY collation does (UTF-8 bytes, so code points): JavaScript's own `<` compares
 * UTF-16 units, which differs where a character above U+FFFF meets one from U+E000 to U+FFFF.
 */
function binaryCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 || y < 0xd800) return x - y;
    // Both at or above the surrogates: move them (D800–DFFF) above E000–FFFF.
    return (x >= 0xe000 ? x - 0x800 : x + 0x2000) - (y >= 0xe000 ? y - 0x800 : y + 0x2000);
  }
  return a.length - b.length;
}

/** Inserts documents: on SQLite with one prepared statement run per document, else all in one statement. */
function documentWriter(db: Kysely<Database>, sqlite: SQLite.Database | null) {
  const one = sqlite?.prepare(
    'insert into search_documents (entity, entity_id, account_id, name, detail, terms) values (?, ?, ?, ?, ?, ?)',
  );
  return async (docs: SearchDocument[]): Promise<void> => {
    if (one) {
      for (const d of docs) one.run(d.entity, d.entity_id, d.account_id, d.name, d.detail, d.terms);
      return;
    }
    // PostgreSQL: one array parameter per column rather than six parameters per document, which the server
    // parsed and planned anew for each statement of 1,000 documents.
    const column = (pick: (d: SearchDocument) => string) => docs.map(pick);
    await sql`
      insert into search_documents (entity, entity_id, account_id, name, detail, terms)
      select * from unnest(${column((d) => d.entity)}::text[], ${column((d) => d.entity_id)}::text[],
        ${column((d) => d.account_id)}::text[], ${column((d) => d.name)}::text[],
        ${column((d) => d.detail)}::text[], ${column((d) => d.terms)}::text[])`.execute(db);
  };
}

async function replaceDocuments(
  db: Kysely<Database>,
  entity: Entity,
  ids: string[],
  docs: SearchDocument[],
): Promise<void> {
  // Delete and insert rather than upsert: ids that no longer exist must go, and SQLite's triggers keep the
  // FTS index in step with either.
  await db
    .deleteFrom('search_documents')
    .where('entity', '=', entity)
    .where('entity_id', 'in', ids)
    .execute();
  if (docs.length > 0) await db.insertInto('search_documents').values(docs).execute();
}

function groupValues(rows: { owner: string; value: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { owner, value } of rows) {
    const list = out.get(owner);
    if (list) list.push(value);
    else out.set(owner, [value]);
  }
  return out;
}

/** Emails, domains and slugs as stored in `terms`: lower case, space-separated, each once. */
function identifiers(values: string[]): string {
  // Most documents have one value: the same answer without a Set.
  if (values.length === 1) return (values[0] as string).trim().toLowerCase();
  return [...new Set(values.map((v) => v.trim().toLowerCase()).filter(Boolean))].join(' ');
}

/**
 * Accounts and contacts matching the query, best first, at most `query.limit`.
 * @example await search(db, { q: 'acme', limit: 20 }) // [{ type: 'account', name: 'Acme', score: 2, … }, …]
 */
export async function search(db: Db, query: SearchQuery): Promise<SearchHit[]> {
  const all = words(query.q).slice(0, MAX_WORDS);
  const tokens = [...new Set(all)];
  if (tokens.length === 0) return [];
  const q: Wanted = { all, tokens, raw: query.q.trim().toLowerCase(), type: query.type, limit: query.limit };
  const passes = db.dialect === 'postgres' ? postgresPasses : sqlitePasses;

  const found: Candidates = new Map();
  addAll(found, await passes.exact(db.kysely, q));
  addAll(found, await passes.prefix(db.kysely, q));
  let hits = rank(found, q);
  // A document with a misspelt word scores at most this; when enough hits beat it, skip the fuzzy pass.
  const fuzzyCeiling = (tokens.length - 1 + WEIGHT.name * FUZZY_SCORE) / tokens.length;
  const fuzzy = tokens.some((t) => maxEdits(t) > 0);
  if (fuzzy && hits.filter((h) => h.score > fuzzyCeiling).length < query.limit) {
    addAll(found, await passes.fuzzy(db.kysely, q));
    hits = rank(found, q);
  }
  return hits.slice(0, query.limit).map(({ doc, score }) => ({
    type: doc.entity as Entity,
    id: doc.entity_id,
    name: doc.name,
    detail: doc.detail,
    accountId: doc.account_id,
    score: Math.round(score * 1000) / 1000,
  }));
}

/** The parsed query: its words (`all` in order, `tokens` once each), the raw text, type filter and limit. */
interface Wanted {
  all: string[];
  tokens: string[];
  raw: string;
  type: Entity | undefined;
  limit: number;
}

interface CandidateRow {
  entity: string;
  entity_id: string;
  account_id: string;
  name: string;
  detail: string;
  terms: string;
}
type Candidates = Map<string, CandidateRow>;

/** One dialect's candidate queries, each returning at most CANDIDATES rows, the likeliest first. */
interface Passes {
  /** Documents holding the query's words next to each other: whole names, emails, domains, slugs. */
  exact(db: Kysely<Database>, q: Wanted): Promise<CandidateRow[]>;
  /** Documents holding every word, whole or as a word prefix. */
  prefix(db: Kysely<Database>, q: Wanted): Promise<CandidateRow[]>;
  /** Documents holding every word, or a misspelling of it. */
  fuzzy(db: Kysely<Database>, q: Wanted): Promise<CandidateRow[]>;
}

function addAll(into: Candidates, rows: CandidateRow[]): void {
  for (const row of rows) into.set(`${row.entity}:${row.entity_id}`, row);
}

function rank(found: Candidates, q: Wanted): { doc: CandidateRow; score: number }[] {
  const hits: { doc: CandidateRow; score: number }[] = [];
  for (const doc of found.values()) {
    const score = scoreDocument(doc, q);
    if (score > 0) hits.push({ doc, score });
  }
  return hits.sort(
    (a, b) =>
      b.score - a.score ||
      a.doc.entity.localeCompare(b.doc.entity) ||
      a.doc.name.length - b.doc.name.length ||
      a.doc.name.localeCompare(b.doc.name) ||
      a.doc.entity_id.localeCompare(b.doc.entity_id),
  );
}

/** An FTS5 string: query words are letters and digits only, so quoting cannot be broken out of. */
const phrase = (text: string) => `"${text}"`;

const sqlitePasses: Passes = {
  exact: (db, q) => sqliteMatch(db, phrase(q.all.join(' ')), q.type),
  prefix: (db, q) => sqliteMatch(db, q.tokens.map((t) => `${phrase(t)}*`).join(' AND '), q.type),
  async fuzzy(db, q) {
    const alternatives = await Promise.all(
      q.tokens.map(async (t) => [`${phrase(t)}*`, ...(await sqliteExpansions(db, t)).map(phrase)]),
    );
    return sqliteMatch(db, alternatives.map((a) => `(${a.join(' OR ')})`).join(' AND '), q.type);
  },
};

async function sqliteMatch(db: Kysely<Database>, match: string, type?: Entity): Promise<CandidateRow[]> {
  // CROSS JOIN keeps the FTS table as the outer loop, so MATCH and bm25 (name weighs most) drive the query.
  const { rows } = await sql<CandidateRow>`
    select d.entity, d.entity_id, d.account_id, d.name, d.detail, d.terms
    from search_fts cross join search_documents d on d.doc_id = search_fts.rowid
    where search_fts match ${match} ${type ? sql`and d.entity = ${type}` : sql``}
    order by bm25(search_fts, 10.0, 2.0, 5.0)
    limit ${CANDIDATES}`.execute(db);
  return rows;
}

/** Stored words (from the FTS vocabulary) within the allowed edit distance of a query word, closest first. */
async function sqliteExpansions(db: Kysely<Database>, token: string): Promise<string[]> {
  const max = maxEdits(token);
  const first = token.codePointAt(0);
  if (max === 0 || first === undefined) return [];
  // Misspellings keep the first letter (see wordScore), so only that letter's slice of the vocabulary is read.
  const { rows } = await sql<{ term: string }>`
    select term from search_vocab
    where term >= ${String.fromCodePoint(first)} and term < ${String.fromCodePoint(first + 1)}
      and length(term) between ${token.length - max} and ${token.length + max}`.execute(db);
  return rows
    .map((r) => ({ term: r.term, d: editDistance(token, r.term, max) }))
    .filter((e) => e.d > 0 && e.d <= max)
    .sort((a, b) => a.d - b.d)
    .slice(0, MAX_EXPANSIONS)
    .map((e) => e.term);
}

const trgmSchemas = new WeakMap<Kysely<Database>, Promise<string>>();

/** The schema pg_trgm lives in (not always ours: tests share one in `public`), looked up once per pool. */
function trgmSchema(db: Kysely<Database>): Promise<string> {
  let found = trgmSchemas.get(db);
  if (!found) {
    found = sql<{ schema: string }>`
      select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
      where e.extname = 'pg_trgm'`
      .execute(db)
      .then(({ rows }) => {
        const schema = rows[0]?.schema;
        if (!schema) throw new Error('The pg_trgm extension is missing; run the migrations');
        return schema;
      });
    found.catch(() => trgmSchemas.delete(db));
    trgmSchemas.set(db, found);
  }
  return found;
}

/**
 * PostgreSQL matches on the generated `search_text` column (see the migration): ' name words | other words '.
 * Query words are letters and digits only, so they need no escaping in LIKE patterns.
 */
const postgresPasses: Passes = {
  exact: (db, q) => postgresMatch(db, q, sql`search_text like ${`% ${q.all.join(' ')} %`}`),
  prefix: (db, q) =>
    postgresMatch(
      db,
      q,
      sql.join(
        q.tokens.map((t) => sql`search_text like ${`% ${t}%`}`),
        sql` and `,
      ),
    ),
  async fuzzy(db, q) {
    // Cheap ordering (no trigram maths per row): words misspelt in the name before those misspelt elsewhere.
    const order = sql.join(
      q.tokens.map(
        (t) =>
          sql`case when ${PG_NAME} like any(${maxEdits(t) > 0 ? oneEditPatterns(t) : []}::text[]) then 1 else 0 end`,
      ),
      sql` + `,
    );
    const oneEdit = await postgresMatch(db, q, postgresFuzzyWhere(q, null), sql`${order} desc`);
    if (oneEdit.length >= q.limit || !q.tokens.some((t) => maxEdits(t) > 1)) return oneEdit;
    // Too few: let words of 8+ letters be two edits off too, found by trigram word similarity (`<%`). Rare, and
    // slower (PostgreSQL often scans the table for it), so only now.
    const schema = await trgmSchema(db);
    const similar = sql.raw(`operator("${schema.replaceAll('"', '""')}".<%)`);
    return db.transaction().execute(async (trx) => {
      // `<%` compares with this threshold; local to the transaction, so the pooled connection keeps its own.
      await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(PG_FUZZY_THRESHOLD)}, true)`.execute(
        trx,
      );
      const closest = sql.join(
        q.tokens.map((t) => sql`${sql.id(schema, 'word_similarity')}(${t}, ${PG_NAME})`),
        sql` + `,
      );
      return postgresMatch(trx, q, postgresFuzzyWhere(q, similar), sql`${order} desc, ${closest} desc`);
    });
  },
};

/**
 * Every word must match, as a prefix or misspelt, so one rare word keeps the set small even when another is
 * in every document. One edit is spelled out as LIKE patterns (exact, and served by the trigram index);
 * with `similar` (pg_trgm's `<%`), words of 8+ letters may also be trigram-similar.
 */
function postgresFuzzyWhere(q: Wanted, similar: RawBuilder<unknown> | null): RawBuilder<unknown> {
  return sql.join(
    q.tokens.map((t) => {
      const alternatives = [`% ${t}%`, ...(maxEdits(t) > 0 ? oneEditPatterns(t) : [])].map(
        (p) => sql`search_text like ${p}`,
      );
      if (similar && maxEdits(t) > 1) alternatives.push(sql`${t} ${similar} search_text`);
      return sql`(${sql.join(alternatives, sql` or `)})`;
    }),
    sql` and `,
  );
}

/**
 * LIKE patterns for the whole words one edit from `word` that keep its first letter (see wordScore):
 * a letter replaced, dropped, added, or swapped with the next one.
 * @example oneEditPatterns('jnae') // ['% j_ae %', '% jae %', '% j_nae %', '% jane %', …]
 */
function oneEditPatterns(word: string): string[] {
  const out = new Set<string>();
  for (let i = 1; i <= word.length; i++) {
    const before = word.slice(0, i);
    if (i < word.length) {
      out.add(`${before}_${word.slice(i + 1)}`);
      out.add(`${before}${word.slice(i + 1)}`);
    }
    out.add(`${before}_${word.slice(i)}`);
    if (i + 1 < word.length) out.add(`${before}${word[i + 1]}${word[i]}${word.slice(i + 2)}`);
  }
  return [...out].map((p) => `% ${p} %`);
}

/** The name part of `search_text`. */
const PG_NAME = sql`split_part(search_text, ' | ', 1)`;

/**
 * The rows matching `where`, names matching the words first: the whole name, then per word a whole word
 * (2) or a prefix (1) in the name part of `search_text`; then `order` if given, then shorter names.
 */
async function postgresMatch(
  db: Kysely<Database>,
  q: Wanted,
  where: RawBuilder<unknown>,
  order?: RawBuilder<unknown>,
): Promise<CandidateRow[]> {
  const name = PG_NAME;
  const inName = sql.join(
    q.tokens.map(
      (t) =>
        sql`case when strpos(${name}, ${` ${t} `}) > 0 then 2 when strpos(${name}, ${` ${t}`}) > 0 then 1 else 0 end`,
    ),
    sql` + `,
  );
  const { rows } = await sql<CandidateRow>`
    select entity, entity_id, account_id, name, detail, terms
    from search_documents
    where ${where} ${q.type ? sql`and entity = ${q.type}` : sql``}
    order by (case when ${name} = ${` ${q.all.join(' ')}`} then 100 else 0 end) + ${inName} desc,
      ${order ? sql`${order},` : sql``} length(name), entity_id
    limit ${CANDIDATES}`.execute(db);
  return rows;
}

/** Lower case without diacritics, split on anything but letters and digits (as FTS5's unicode61 does). */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Edits a query word may be off by: none under 4 letters or with digits (ids, codes), 1 from 4, 2 from 8. */
function maxEdits(token: string): number {
  if (/\p{N}/u.test(token)) return 0;
  return token.length >= 8 ? 2 : token.length >= 4 ? 1 : 0;
}

/** How well one query word matches a list of words: 1 exact, 0.7–0.9 prefix, 0.5/0.4 misspelt, 0 not at all. */
function wordScore(token: string, candidates: string[]): number {
  const max = maxEdits(token);
  let best = 0;
  for (const w of candidates) {
    if (w === token) return 1;
    if (w.startsWith(token)) best = Math.max(best, 0.7 + (0.2 * token.length) / w.length);
    else if (max > 0 && best < FUZZY_SCORE && w[0] === token[0]) {
      const d = editDistance(token, w, max);
      if (d <= max) best = Math.max(best, FUZZY_SCORE - 0.1 * (d - 1));
    }
  }
  return best;
}

/**
 * The score of one document: the mean over query words of the best field match (weighted by field), plus 1
 * when the whole query is the name or one of the emails, domains or slugs. 0 when a word matches nothing.
 */
function scoreDocument(doc: CandidateRow, q: Wanted): number {
  const name = words(doc.name);
  const terms = words(doc.terms);
  const detail = words(doc.detail);
  let total = 0;
  for (const t of q.tokens) {
    const s = Math.max(
      WEIGHT.name * wordScore(t, name),
      WEIGHT.terms * wordScore(t, terms),
      WEIGHT.detail * wordScore(t, detail),
    );
    if (s === 0) return 0;
    total += s;
  }
  const exact = name.join(' ') === q.all.join(' ') || doc.terms.split(' ').includes(q.raw);
  return total / q.tokens.length + (exact ? 1 : 0);
}

/**
 * Optimal string alignment distance (Levenshtein plus swapping two neighbours, so "jonh" is 1 from "john"),
 * giving up with `max + 1` once every alignment is further than `max`.
 */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, (before[j - 2] ?? 0) + 1);
      }
      row.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    before = prev;
    prev = row;
  }
  return prev[b.length] ?? max + 1;
}
