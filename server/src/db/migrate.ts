import { Migrator, sql } from 'kysely';

import type { Db } from './create-db';
import { migrations } from './migrations';

/**
 * The first key of the PostgreSQL advisory lock taken while migrating ("Rapp" in ASCII); the second is
 * `hashtext(current_schema())`, so instances on one schema wait for each other and other schemas (other
 * apps, parallel test schemas) do not.
 */
export const MIGRATION_LOCK_CLASS = 0x52617070;

/** How long a SQLite migration waits for another process's before giving up. */
const SQLITE_LOCK_WAIT_MS = 10 * 60_000;

/**
 * Brings the schema to the latest migration. Safe to run from several processes at once (several instances
 * starting together, or `rapport migrate` beside a starting server): one migrates, the others wait and then
 * find nothing left to do.
 *
 * - PostgreSQL: a session advisory lock per schema around the whole run. Kysely's Migrator takes its own
 *   advisory lock too, but creates its tables before taking it, and that lock is one for the whole database.
 * - SQLite: Kysely takes no lock there (it assumes one process); the whole run is one `BEGIN IMMEDIATE`
 *   transaction, which other processes wait for, and which also makes a failed run leave nothing behind.
 *   Migrations therefore cannot switch `PRAGMA foreign_keys` (a no-op in a transaction); a table rebuild
 *   uses `PRAGMA defer_foreign_keys = on` instead.
 * @returns the names of the migrations this call applied
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  if (db.dialect === 'postgres') return withPostgresLock(db, () => runMigrator(db));
  return withSqliteLock(db, () => runMigrator(db));
}

async function runMigrator(db: Db): Promise<string[]> {
  // Kysely finds its own tables through introspection of every schema; name ours on PostgreSQL, or another
  // schema's migration tables (other apps, or parallel test schemas) would be taken for ours.
  const schema =
    db.dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Runs `fn` holding this schema's migration lock on a connection of its own (the migrator uses others). */
async function withPostgresLock<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  return db.kysely.connection().execute(async (conn) => {
    const key = sql`${sql.lit(MIGRATION_LOCK_CLASS)}, hashtext(current_schema())`;
    await sql`select pg_advisory_lock(${key})`.execute(conn);
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(conn);
    }
  });
}

/** Runs `fn` in one write transaction, waiting (up to 10 minutes) while another process holds the database. */
async function withSqliteLock<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  const { sqlite } = db;
  if (!sqlite) return fn();
  const deadline = Date.now() + SQLITE_LOCK_WAIT_MS;
  for (;;) {
    try {
      // Waits up to busy_timeout (5 s) for another writer, then throws SQLITE_BUSY.
      sqlite.exec('begin immediate');
      break;
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw err;
    }
  }
  try {
    const result = await fn();
    sqlite.exec('commit');
    return result;
  } catch (err) {
    if (sqlite.inTransaction) sqlite.exec('rollback');
    throw err;
  }
}
