import { type Kysely, sql } from 'kysely';

import type { Dialect } from './create-db';

/*
 * Triggers that keep derived data in step with every write: those that bump an account's stamp in
 * `summary_stamps` (the lookup's summary cache; row triggers on SQLite, statement triggers on PostgreSQL) and,
 * on SQLite, those on `search_documents` that feed the FTS index `search_fts`. Found by what they do rather
 * than by name, so a later migration's trigger of either kind is covered too.
 */
const SQLITE = sql<Trigger>`
  select name, tbl_name as "table", sql from sqlite_master
  where type = 'trigger' and (sql like '%summary_stamps%' or tbl_name = 'search_documents')
  order by name`;
const POSTGRES = sql<Trigger>`
  select t.tgname as name, c.relname as "table", pg_get_triggerdef(t.oid) as sql
  from pg_trigger t
    join pg_class c on c.oid = t.tgrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_proc p on p.oid = t.tgfoid
  where not t.tgisinternal and n.nspname = current_schema() and p.prosrc like '%summary_stamps%'
  order by t.tgname`;

interface Trigger {
  name: string;
  table: string;
  sql: string;
}

const id = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Drops the derived-data triggers for a bulk load in the open transaction `trx`, and returns the function
 * that creates them again from their own definitions; call it before committing. DDL is transactional on
 * both dialects: a rollback brings them back as they were, whichever way the load ends. The caller rebuilds
 * what the triggers would have written (see `rebuildSearch`).
 * @example
 * const restore = await suspendDerivedTriggers(trx, db.dialect);
 * // …bulk inserts, rebuildSearch(trx, db)…
 * await restore();
 */
export async function suspendDerivedTriggers(
  // biome-ignore lint/suspicious/noExplicitAny: the catalogues are not in the app's schema
  trx: Kysely<any>,
  dialect: Dialect,
): Promise<() => Promise<void>> {
  const { rows } = await (dialect === 'sqlite' ? SQLITE : POSTGRES).execute(trx);
  for (const { name, table } of rows) {
    const on = dialect === 'postgres' ? ` on ${id(table)}` : '';
    await sql.raw(`drop trigger ${id(name)}${on}`).execute(trx);
  }
  return async () => {
    for (const trigger of rows) await sql.raw(trigger.sql).execute(trx);
  };
}
