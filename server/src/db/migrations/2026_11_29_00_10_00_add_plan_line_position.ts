import type { Kysely } from 'kysely';

// Frozen: never edit after release; add a new migration instead. No app imports.

/**
 * Issue 4: a plan's lines keep the order the account manager gave them (the plan page and its chart list
 * planned product lines in that order), like objectives and actions already do.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('plan_lines')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('plan_lines').dropColumn('position').execute();
}
