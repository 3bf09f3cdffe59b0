import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead. No app imports.

/**
 * Issue 4: account plans (lines, objectives, actions), touches (emails, calls, meetings, notes) with the
 * contacts and accounts they involve, opportunity stage history, close reasons, contract starts, and the
 * flag a key account's owner sees for new business someone else opened.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const bigint = pg ? 'bigint' : 'integer';

  await db.schema
    .createTable('account_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('account_plans_account_period_key', ['account_id', 'period'])
    .execute();

  await db.schema
    .createTable('plan_lines')
    .addColumn('plan_id', 'text', (c) => c.notNull().references('account_plans.id').onDelete('cascade'))
    .addColumn('product_line_id', 'text', (c) => c.notNull().references('product_lines.id'))
    .addColumn('target', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_lines_pkey', ['plan_id', 'product_line_id'])
    .execute();

  await db.schema
    .createTable('plan_objectives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('account_plans.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_objectives_plan_idx').on('plan_objectives').column('plan_id').execute();

  await db.schema
    .createTable('plan_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('account_plans.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('due_date', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_actions_plan_idx').on('plan_actions').column('plan_id').execute();
  await db.schema.createIndex('plan_actions_owner_idx').on('plan_actions').column('owner_id').execute();

  await db.schema
    .createTable('touches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('link', 'text')
    // What makes a logged email the same email again (e.g. `gmail:<thread id>`): unique, so never twice.
    .addColumn('source_key', 'text', (c) => c.unique())
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('touches_occurred_idx').on('touches').column('occurred_at').execute();

  await db.schema
    .createTable('touch_contacts')
    .addColumn('touch_id', 'text', (c) => c.notNull().references('touches.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('touch_contacts_pkey', ['touch_id', 'contact_id'])
    .execute();
  await db.schema
    .createIndex('touch_contacts_contact_idx')
    .on('touch_contacts')
    .column('contact_id')
    .execute();

  await db.schema
    .createTable('touch_accounts')
    .addColumn('touch_id', 'text', (c) => c.notNull().references('touches.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('touch_accounts_pkey', ['touch_id', 'account_id'])
    .execute();
  await db.schema
    .createIndex('touch_accounts_account_idx')
    .on('touch_accounts')
    .column('account_id')
    .execute();

  await db.schema
    .createTable('opportunity_stage_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('opportunity_id', 'text', (c) =>
      c.notNull().references('opportunities.id').onDelete('cascade'),
    )
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('opportunity_stage_changes_opportunity_idx')
    .on('opportunity_stage_changes')
    .columns(['opportunity_id', 'at'])
    .execute();

  for (const [column, type] of [
    ['closed_at', 'text'],
    ['close_reason', 'text'],
    ['contract_start_date', 'text'],
    ['flagged_at', 'text'],
    ['acknowledged_at', 'text'],
    ['acknowledged_by', 'text'],
  ] as const) {
    await db.schema.alterTable('opportunities').addColumn(column, type).execute();
  }

  // What is already won or lost closed when it was last changed; every opportunity starts its history.
  await sql`update opportunities set closed_at = updated_at where stage in ('won', 'lost')`.execute(db);
  await sql`insert into opportunity_stage_changes (id, opportunity_id, from_stage, to_stage, at, user_id)
    select 'sc_' || id, id, null, stage, created_at, owner_id from opportunities`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [
    'closed_at',
    'close_reason',
    'contract_start_date',
    'flagged_at',
    'acknowledged_at',
    'acknowledged_by',
  ]) {
    await db.schema.alterTable('opportunities').dropColumn(column).execute();
  }
  for (const table of [
    'opportunity_stage_changes',
    'touch_accounts',
    'touch_contacts',
    'touches',
    'plan_actions',
    'plan_objectives',
    'plan_lines',
    'account_plans',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
