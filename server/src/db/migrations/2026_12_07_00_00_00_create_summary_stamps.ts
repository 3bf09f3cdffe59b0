import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead. No app imports.

/**
 * Issue 7: a change counter per account for the lookup's account-summary cache. Triggers bump an account's
 * stamp in the same transaction as any write to what its summary shows (the account, its domains, slugs and
 * reps, its contacts and their emails, slugs and roles, its opportunities); a change to a colleague's name,
 * email or role bumps the stamp `*`, which every summary depends on. Every server process compares the
 * stamps of the accounts it is about to answer with the ones its cached summaries were built from, so a
 * write through any process, the command line or plain SQL is seen by the next lookup everywhere. On SQLite
 * the stamp `#keys` also counts changes to which address, slug or domain names which account (key cache).
 * SQLite fires row triggers; PostgreSQL fires one statement trigger per write, over its transition tables,
 * so a bulk insert of thousands of rows bumps each account once.
 */

/** Tables whose rows carry `account_id`. */
const BY_ACCOUNT = ['account_domains', 'account_slugs', 'account_reps', 'contacts', 'opportunities'];
/** Tables whose rows carry `contact_id`: their account is the contact's. */
const BY_CONTACT = ['contact_emails', 'contact_slugs', 'contact_roles'];
/**
 * SQLite: tables that map a key (address, slug, domain) to an account. Any write to them, or a contact moving
 * to another account, bumps the stamp `#keys`, which the lookup's key cache compares (SQLite only; the lookup
 * says why not on PostgreSQL).
 */
const KEYS = ['account_domains', 'account_slugs', 'contact_emails', 'contact_slugs'];
const EVENTS = [
  ['insert', 'ai'],
  ['update', 'au'],
  ['delete', 'ad'],
] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('summary_stamps')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('stamp', 'integer', (c) => c.notNull())
    // SQLite: the key is the table, so a lookup reads a stamp in one search instead of two.
    .$call((t) => (pg ? t : t.modifyEnd(sql`without rowid`)))
    .execute();
  if (pg) await postgresTriggers(db);
  else await sqliteTriggers(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  const bump = (key: string) =>
    `insert into summary_stamps (account_id, stamp) values (${key}, 1)
       on conflict (account_id) do update set stamp = stamp + 1;`;
  const bumpContact = (row: 'new' | 'old') =>
    `insert into summary_stamps (account_id, stamp)
       select account_id, 1 from contacts where id = ${row}.contact_id
       on conflict (account_id) do update set stamp = stamp + 1;`;
  const keyed = (row: 'new' | 'old', table: string) =>
    table === 'accounts'
      ? bump(`${row}.id`)
      : BY_CONTACT.includes(table)
        ? bumpContact(row)
        : bump(`${row}.account_id`);
  for (const table of ['accounts', ...BY_ACCOUNT, ...BY_CONTACT]) {
    for (const [event, suffix] of EVENTS) {
      const rows =
        event === 'insert'
          ? keyed('new', table)
          : event === 'delete'
            ? keyed('old', table)
            : `${keyed('old', table)} ${keyed('new', table)}`;
      const body = KEYS.includes(table) ? `${rows} ${bump("'#keys'")}` : rows;
      await sql
        .raw(`create trigger ${table}_stamp_${suffix} after ${event} on ${table} begin ${body} end`)
        .execute(db);
    }
  }
  await sql
    .raw(
      `create trigger contacts_keys_au after update of account_id on contacts
         when old.account_id is not new.account_id begin ${bump("'#keys'")} end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger users_stamp_au after update on users
         when old.name is not new.name or old.email is not new.email or old.role is not new.role
         begin ${bump("'*'")} end`,
    )
    .execute(db);
  await sql.raw(`create trigger users_stamp_ad after delete on users begin ${bump("'*'")} end`).execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
async function postgresTriggers(db: Kysely<any>): Promise<void> {
  // One function per way of finding the account; `changed` is the set of account ids of the rows written.
  const fn = (name: string, changed: (rows: string) => string) =>
    sql
      .raw(
        `create function ${name}() returns trigger language plpgsql as $$
        begin
          if tg_op in ('INSERT', 'UPDATE') then
            insert into summary_stamps (account_id, stamp)
              select distinct k, 1 from (${changed('new_rows')}) s(k) where k is not null
              on conflict (account_id) do update set stamp = summary_stamps.stamp + 1;
          end if;
          if tg_op in ('DELETE', 'UPDATE') then
            insert into summary_stamps (account_id, stamp)
              select distinct k, 1 from (${changed('old_rows')}) s(k) where k is not null
              on conflict (account_id) do update set stamp = summary_stamps.stamp + 1;
          end if;
          return null;
        end $$`,
      )
      .execute(db);
  await fn('summary_stamp_accounts', (rows) => `select id from ${rows}`);
  await fn('summary_stamp_by_account', (rows) => `select account_id from ${rows}`);
  await fn(
    'summary_stamp_by_contact',
    (rows) => `select c.account_id from ${rows} r join contacts c on c.id = r.contact_id`,
  );
  const functionOf = (table: string) =>
    table === 'accounts'
      ? 'summary_stamp_accounts'
      : BY_CONTACT.includes(table)
        ? 'summary_stamp_by_contact'
        : 'summary_stamp_by_account';
  for (const table of ['accounts', ...BY_ACCOUNT, ...BY_CONTACT]) {
    for (const [event, suffix] of EVENTS) {
      const tables =
        event === 'insert'
          ? 'new table as new_rows'
          : event === 'delete'
            ? 'old table as old_rows'
            : 'old table as old_rows new table as new_rows';
      await sql
        .raw(
          `create trigger ${table}_stamp_${suffix} after ${event} on ${table}
             referencing ${tables} for each statement execute function ${functionOf(table)}()`,
        )
        .execute(db);
    }
  }
  await sql
    .raw(
      `create function summary_stamp_users() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' or new.name is distinct from old.name or new.email is distinct from old.email
           or new.role is distinct from old.role then
          insert into summary_stamps (account_id, stamp) values ('*', 1)
            on conflict (account_id) do update set stamp = summary_stamps.stamp + 1;
        end if;
        return null;
      end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger users_stamp after update or delete on users
         for each row execute function summary_stamp_users()`,
    )
    .execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const table of ['accounts', ...BY_ACCOUNT, ...BY_CONTACT]) {
    for (const [, suffix] of EVENTS) {
      await sql.raw(`drop trigger if exists ${table}_stamp_${suffix}${pg ? ` on ${table}` : ''}`).execute(db);
    }
  }
  if (pg) {
    await sql.raw('drop trigger if exists users_stamp on users').execute(db);
    for (const name of ['accounts', 'by_account', 'by_contact', 'users']) {
      await sql.raw(`drop function if exists summary_stamp_${name}()`).execute(db);
    }
  } else {
    await sql.raw('drop trigger if exists contacts_keys_au').execute(db);
    await sql.raw('drop trigger if exists users_stamp_au').execute(db);
    await sql.raw('drop trigger if exists users_stamp_ad').execute(db);
  }
  await db.schema.dropTable('summary_stamps').execute();
}
