import { Migrator, sql } from 'kysely';

import type { Db } from './create-db';
import { migrations } from './migrations';

/**
 * Brings the schema to the latest migration. Safe to run from several processes at once: Kysely's Migrator
 * takes a lock (a lock row on SQLite, `lock table` on PostgreSQL), so one runs them and the others wait.
 * @returns the names of the migrations this call applied
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
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
