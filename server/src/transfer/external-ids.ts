import type { Kysely } from 'kysely';

import type { Database } from '../db/database';
import { nowIso } from '../lib/ids';

/** `external_ids` (migration 2026_11_30_12_00_00): a record's id in the system it was imported from. */
export interface ExternalIdsTable {
  /** `account`, `contact` or `opportunity`. */
  entity: string;
  /** The system: `hubspot`, `salesforce`, `rapport` (another Rapport server). */
  source: string;
  external_id: string;
  record_id: string;
  created_at: string;
}

/** The database with the import's own table; only the import reads and writes it. */
export function withExternalIds(db: Kysely<Database>) {
  return db.withTables<{ external_ids: ExternalIdsTable }>();
}

export type ExternalKey = { entity: string; source: string };

/** The links of one entity and source whose `by` column is one of `values`, as a map from `by` to the other. */
async function linksBy(
  db: Kysely<Database>,
  key: ExternalKey,
  by: 'external_id' | 'record_id',
  values: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(values)];
  // In chunks: SQLite allows a limited number of bound parameters per statement.
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await withExternalIds(db)
      .selectFrom('external_ids')
      .select(['external_id', 'record_id'])
      .where('entity', '=', key.entity)
      .where('source', '=', key.source)
      .where(by, 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      if (by === 'external_id') out.set(r.external_id, r.record_id);
      else out.set(r.record_id, r.external_id);
    }
  }
  return out;
}

/** Record ids by external id, for the given external ids of one entity and source. */
export function recordsByExternalId(
  db: Kysely<Database>,
  key: ExternalKey,
  externalIds: readonly string[],
): Promise<Map<string, string>> {
  return linksBy(db, key, 'external_id', externalIds);
}

/** External ids by record id (one per record and source), for the given records. */
export function externalIdsOf(
  db: Kysely<Database>,
  key: ExternalKey,
  recordIds: readonly string[],
): Promise<Map<string, string>> {
  return linksBy(db, key, 'record_id', recordIds);
}

/** Records that `externalId` names `recordId` (replacing a link to a record that no longer exists). */
export async function linkExternalId(
  db: Kysely<Database>,
  key: ExternalKey,
  externalId: string,
  recordId: string,
): Promise<void> {
  await withExternalIds(db)
    .insertInto('external_ids')
    .values({ ...key, external_id: externalId, record_id: recordId, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['entity', 'source', 'external_id']).doUpdateSet({ record_id: recordId }))
    .execute();
}
