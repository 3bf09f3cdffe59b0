import type { Kysely } from 'kysely';

// Frozen: never edit after release; add a new migration instead. No app imports.

/**
 * Issue 4: the close reason on the stage change that won or lost an opportunity, so the reasons of earlier
 * closes stay in the history when a deal is reopened and closed again.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('opportunity_stage_changes').addColumn('reason', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('opportunity_stage_changes').dropColumn('reason').execute();
}
