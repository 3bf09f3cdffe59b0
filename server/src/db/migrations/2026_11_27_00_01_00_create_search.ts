import { type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead. No app imports.

/**
 * Latin letters with diacritics and their bare letter, for PostgreSQL's `translate` (PostgreSQL has no
 * built-in unaccent; the `unaccent` extension may be missing). SQLite folds the same letters with
 * `unicode61 remove_diacritics 2`. `_` becomes a space, as it is a word separator for SQLite too.
 */
const ACCENTED =
  'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž_';
const PLAIN =
  'aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaaccccccccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooorrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzz ';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;

  if (pg) {
    // pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it. It can live in another
    // schema than ours (tests share one in `public`), so its operator class is named with that schema.
    await sql`create extension if not exists pg_trgm`.execute(db);
    const { rows } = await sql<{ schema: string }>`
      select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
      where e.extname = 'pg_trgm'`.execute(db);
    const schema = rows[0]?.schema;
    if (!schema) throw new Error('pg_trgm is not installed');

    // `search_text` is what PostgreSQL matches on: lower case, unaccented, punctuation turned into spaces,
    // padded with spaces (so `like '% word%'` is a word prefix), the name before ` | ` and the rest after it.
    const fold = (column: RawBuilder<unknown>) =>
      sql`btrim(regexp_replace(translate(lower(${column}), ${sql.lit(ACCENTED)}, ${sql.lit(PLAIN)}), '[[:punct:][:space:]]+', ' ', 'g'))`;
    await db.schema
      .createTable('search_documents')
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('terms', 'text', (c) => c.notNull())
      .addColumn('search_text', 'text', (c) =>
        c
          .notNull()
          .generatedAlwaysAs(
            sql`' ' || ${fold(sql`name`)} || ' | ' || ${fold(sql`detail || ' ' || terms`)} || ' '`,
          )
          .stored(),
      )
      .addPrimaryKeyConstraint('search_documents_pk', ['entity', 'entity_id'])
      .execute();
    await sql`
      create index search_documents_trgm_idx on search_documents
      using gin (search_text ${sql.id(schema, 'gin_trgm_ops')})`.execute(db);
    return;
  }

  // SQLite: an external-content FTS5 index needs a stable integer rowid, and only an INTEGER PRIMARY KEY
  // survives VACUUM, so `doc_id` is the primary key here and (entity, entity_id) a unique key.
  await db.schema
    .createTable('search_documents')
    .addColumn('doc_id', 'integer', (c) => c.primaryKey())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('terms', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('search_documents_entity_uq')
    .on('search_documents')
    .columns(['entity', 'entity_id'])
    .unique()
    .execute();

  // Words (not trigrams): prefix queries `"ac"*` use the prefix indexes, and search_vocab lists the distinct
  // words so the repository can expand a misspelt word into the stored words within edit distance.
  await sql`
    create virtual table search_fts using fts5(
      name, detail, terms,
      content = 'search_documents', content_rowid = 'doc_id',
      tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    )`.execute(db);
  await sql`create virtual table search_vocab using fts5vocab(search_fts, row)`.execute(db);
  await sql`
    create trigger search_documents_ai after insert on search_documents begin
      insert into search_fts (rowid, name, detail, terms) values (new.doc_id, new.name, new.detail, new.terms);
    end`.execute(db);
  await sql`
    create trigger search_documents_ad after delete on search_documents begin
      insert into search_fts (search_fts, rowid, name, detail, terms)
      values ('delete', old.doc_id, old.name, old.detail, old.terms);
    end`.execute(db);
  await sql`
    create trigger search_documents_au after update on search_documents begin
      insert into search_fts (search_fts, rowid, name, detail, terms)
      values ('delete', old.doc_id, old.name, old.detail, old.terms);
      insert into search_fts (rowid, name, detail, terms) values (new.doc_id, new.name, new.detail, new.terms);
    end`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (!pg) {
    for (const trigger of ['search_documents_au', 'search_documents_ad', 'search_documents_ai']) {
      await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
    }
    await sql`drop table if exists search_vocab`.execute(db);
    await sql`drop table if exists search_fts`.execute(db);
  }
  // The pg_trgm extension stays: other schemas in the database may use it.
  await db.schema.dropTable('search_documents').execute();
}
