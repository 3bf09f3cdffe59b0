import { type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead. No app imports.

/*
 * Issue 7: PostgreSQL's `search_text` stores the same text as before, computed about six times faster.
 * `translate` compares every character of its input with every character of its 190-letter list, which made
 * writing a search document cost about 90 µs (most of a snapshot import's database time: 1.1 million
 * documents). Text with none of the listed letters, all of an ASCII address and most names, is returned
 * unchanged by `translate`, so a bracket test with exactly those letters now skips it. PostgreSQL 15 cannot
 * change a generated column's expression in place (`set expression` is 17+): the column is dropped and added
 * again, which computes it for every stored document, and its indexes are re-created from their own
 * definitions. SQLite has no such column (FTS5 folds words itself): nothing to do there.
 */

/** The letters the first search migration folds, and what they become: copied, as migrations are frozen. */
export const ACCENTED =
  'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž_';
export const PLAIN =
  'aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaaccccccccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooorrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzz ';

/** The first migration's fold: lower case, unaccented, punctuation and spaces runs as one space, trimmed. */
export const slowFold = (text: RawBuilder<unknown>) =>
  sql`btrim(regexp_replace(translate(lower(${text}), ${sql.lit(ACCENTED)}, ${sql.lit(PLAIN)}), '[[:punct:][:space:]]+', ' ', 'g'))`;

/** The same fold, with `translate` run only on text holding one of its letters (none of them is special in []). */
export const fold = (text: RawBuilder<unknown>) => {
  const lowered = sql`lower(${text})`;
  const unaccented = sql`case when ${lowered} ~ ${sql.lit(`[${ACCENTED}]`)} then translate(${lowered}, ${sql.lit(ACCENTED)}, ${sql.lit(PLAIN)}) else ${lowered} end`;
  return sql`btrim(regexp_replace(${unaccented}, '[[:punct:][:space:]]+', ' ', 'g'))`;
};

const searchText = (f: typeof fold) =>
  sql`' ' || ${f(sql`name`)} || ' | ' || ${f(sql`detail || ' ' || terms`)} || ' '`;

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
async function redefine(db: Kysely<any>, f: typeof fold): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  // Dropping the column drops the indexes on it (the trigram index): keep their definitions to build again.
  // Read by the table's own oid: a filter on `pg_indexes.indexdef` may run pg_get_indexdef on another
  // schema's index that is being dropped meanwhile ("could not open relation").
  const { rows } = await sql<{ definition: string }>`
    select pg_get_indexdef(i.indexrelid) as definition from pg_index i
    where i.indrelid = 'search_documents'::regclass`.execute(db);
  const onColumn = rows.filter((r) => r.definition.includes('search_text'));
  await sql`alter table search_documents drop column search_text`.execute(db);
  await sql`
    alter table search_documents add column search_text text not null
    generated always as (${searchText(f)}) stored`.execute(db);
  for (const { definition } of onColumn) await sql.raw(definition).execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await redefine(db, fold);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await redefine(db, slowFold);
}
