import { type Settings, type SettingsData, zSettingsData } from '@rapport/shared';
import type { Kysely } from 'kysely';

import { nowIso } from '../lib/ids';
import type { Database } from './database';

/** Reads the settings row, creating it with defaults on first use. */
export async function readSettings(db: Kysely<Database>): Promise<Settings> {
  const row = await db.selectFrom('settings').selectAll().where('id', '=', 1).executeTakeFirst();
  if (row) return { ...zSettingsData.parse(JSON.parse(row.data)), version: row.version };
  const data = zSettingsData.parse({});
  await db
    .insertInto('settings')
    .values({ id: 1, data: JSON.stringify(data), updated_at: nowIso(), version: 1 })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return readSettings(db);
}

/** Writes the settings if `version` is current; returns null when it is stale. */
export async function writeSettings(
  db: Kysely<Database>,
  data: SettingsData,
  version: number,
): Promise<Settings | null> {
  const res = await db
    .updateTable('settings')
    .set({ data: JSON.stringify(data), updated_at: nowIso(), version: version + 1 })
    .where('id', '=', 1)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1 ? { ...data, version: version + 1 } : null;
}

/**
 * Settings are read on every lookup and CORS check, so keep them for a few seconds. A write through this
 * process refreshes at once; other processes see it within `ttlMs`.
 */
export class SettingsCache {
  private value: Settings | null = null;
  private loadedAt = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs = 5_000,
  ) {}

  async get(): Promise<Settings> {
    if (this.value && Date.now() - this.loadedAt < this.ttlMs) return this.value;
    this.value = await readSettings(this.db);
    this.loadedAt = Date.now();
    return this.value;
  }

  /** The last value read, for synchronous callers (CORS); null before the first read. */
  peek(): Settings | null {
    return this.value;
  }

  set(value: Settings): void {
    this.value = value;
    this.loadedAt = Date.now();
  }
}
