import type { Kysely } from 'kysely';

// Frozen: never edit after release; add a new migration instead. No app imports.

/**
 * Issue 5: one-time links an admin hands out. `purpose` is `invite` (a new user sets their name and password;
 * `email` and `role` are what the admin chose, `user_id` is filled when it is used) or `reset` (an existing
 * user, `user_id`, sets a new password). Only the SHA-256 of the link's token is stored.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('invites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('invites_email_idx').on('invites').column('email').execute();
  await db.schema.createIndex('invites_user_idx').on('invites').column('user_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('invites').execute();
}
