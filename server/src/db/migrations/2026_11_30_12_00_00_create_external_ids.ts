import type { Kysely } from 'kysely';

// Frozen: never edit after release; add a new migration instead. No app imports.

/**
 * Issue 5: the ids that records have in the system they were imported from (a HubSpot record id, a Salesforce
 * account id, another Rapport server's id), so importing the same file again finds the same records. One
 * external id names one record per entity and source; a record may have several (one per source).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('external_ids')
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('external_ids_pkey', ['entity', 'source', 'external_id'])
    .execute();
  await db.schema.createIndex('external_ids_record_idx').on('external_ids').column('record_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('external_ids').execute();
}
