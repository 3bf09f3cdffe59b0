import { Migrator } from 'kysely';

import type { Db } from './create-db';
import { migrations } from './migrations';

/**
 * Brings the schema to the latest migration. Safe to run from several processes at once: Kysely's Migrator
 * takes a lock (a lock row on SQLite, `lock table` on PostgreSQL), so one runs them and the others wait.
 * @returns the names of the migrations this call applied
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
