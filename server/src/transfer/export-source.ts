import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';

import { type Db, type Dialect, noStatementTimeout } from '../db/create-db';
import type { Database } from '../db/database';

/** A consistent, read-only view of the whole database for one export; close it when done. */
export interface ReadSnapshot {
  kysely: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

/**
 * Opens a read transaction that sees the database as it was when the export began, so every record a record
 * refers to is in the same export even while people keep working.
 * - PostgreSQL: a `repeatable read, read only` transaction on one pooled connection.
 * - SQLite file: a second connection to the same file (`query_only`) with its own read transaction. Kysely
 *   runs SQLite's one connection behind a mutex, so a transaction there would hold every other request of the
 *   server until a slow download ends; in WAL mode the second connection reads its snapshot without blocking
 *   writers. (This opens a SQLite handle outside `create-db.ts`, on purpose and only for reading.)
 * - SQLite in memory (tests): a transaction on the one connection, which cannot be shared.
 * @example const snap = await openReadSnapshot(db); try { … snap.kysely … } finally { await snap.close(); }
 */
export async function openReadSnapshot(db: Db): Promise<ReadSnapshot> {
  if (db.dialect === 'postgres') {
    const trx = await db.kysely
      .startTransaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute();
    // Rows stream to the download as fast as it takes them: longer than a request's statement limit.
    await noStatementTimeout(trx, 'postgres');
    return { kysely: trx, dialect: 'postgres', close: () => trx.rollback().execute() };
  }
  if (!db.sqlite || db.sqlite.memory) {
    const trx = await db.kysely.startTransaction().execute();
    return { kysely: trx, dialect: 'sqlite', close: () => trx.rollback().execute() };
  }
  const handle = new SQLite(db.sqlite.name, { fileMustExist: true });
  handle.pragma('busy_timeout = 5000');
  handle.pragma('query_only = 1');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }) });
  try {
    const trx = await kysely.startTransaction().execute();
    return {
      kysely: trx,
      dialect: 'sqlite',
      close: async () => {
        await trx.rollback().execute();
        await kysely.destroy();
      },
    };
  } catch (err) {
    await kysely.destroy();
    throw err;
  }
}
