import type SQLite from 'better-sqlite3';

/*
 * SQLite row triggers that keep derived data in step with every write: those that bump an account's stamp in
 * `summary_stamps` (the lookup's summary cache) and those on `search_documents` that feed the FTS index
 * `search_fts`. Found by what they do rather than by name, so a later migration's trigger of either kind is
 * covered too.
 */
const DERIVED = `
  select name, sql from sqlite_master
  where type = 'trigger' and (sql like '%summary_stamps%' or tbl_name = 'search_documents')
  order by name`;

/**
 * Drops the derived-data triggers for a bulk load in the open transaction of `sqlite`, and returns the
 * function that creates them again from the SQL they were created with; call it before committing. SQLite's
 * DDL is transactional: a rollback brings them back as they were, whichever way the load ends. The caller
 * rebuilds what the triggers would have written (see `rebuildSearch`).
 * @example
 * const restore = suspendDerivedTriggers(db.sqlite);
 * // …bulk inserts, rebuildSearch(trx, 'sqlite')…
 * restore();
 */
export function suspendDerivedTriggers(sqlite: SQLite.Database): () => void {
  if (!sqlite.inTransaction) throw new Error('suspendDerivedTriggers needs an open transaction');
  const triggers = sqlite.prepare(DERIVED).all() as { name: string; sql: string }[];
  for (const { name } of triggers) sqlite.exec(`drop trigger "${name.replaceAll('"', '""')}"`);
  return () => {
    for (const { sql } of triggers) sqlite.exec(sql);
  };
}
