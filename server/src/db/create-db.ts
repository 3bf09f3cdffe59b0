import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import SQLite from 'better-sqlite3';
import {
  type DatabaseIntrospector,
  type DatabaseMetadata,
  Kysely,
  PostgresDialect,
  type SchemaMetadata,
  SqliteDialect,
  sql,
  type TableMetadata,
} from 'kysely';
import pg from 'pg';

import type { Database } from './database';
import { Statements } from './statements';

export type Dialect = 'sqlite' | 'postgres';

/** An open database: the Kysely instance plus the dialect and the raw handle where one is needed. */
export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** The better-sqlite3 handle (SQLite only): online backups, prepared statements on hot paths. */
  sqlite: SQLite.Database | null;
  /**
   * PostgreSQL only: the pool of the hot paths' named prepared statements (`statements.ts`), apart from
   * Kysely's, because its connections always use a statement's generic plan (see `openPostgres`).
   */
  pool: pg.Pool | null;
  /** Raw statements prepared once and reused, for hot paths only (`statements.ts`); Kysely everywhere else. */
  statements: Statements;
  /** A short, password-free description for logs, e.g. `sqlite:./data/rapport.db`. */
  label: string;
  close(): Promise<void>;
}

export interface DbOptions {
  /** `file:PATH`, a plain path, `:memory:`, or `postgres://…`. */
  url: string;
  /** PostgreSQL schema to use (tests use one schema per test); created when missing. */
  pgSchema?: string;
  /** Largest PostgreSQL pool size. */
  poolSize?: number;
  /**
   * PostgreSQL: longest a statement may run before the database cancels it (`statement_timeout`), so a
   * request waiting on a lock or a stuck database is answered 503 rather than held. Unset: no limit (the CLI's
   * long imports and exports). Work that is long on purpose lifts it for its transaction (`noStatementTimeout`).
   */
  statementTimeoutMs?: number;
}

/** True when the URL names a PostgreSQL database. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Opens the database the URL names. The one place that chooses a dialect.
 * @example const db = await createDb({ url: 'file:./data/rapport.db' });
 */
export async function createDb(options: DbOptions): Promise<Db> {
  return isPostgresUrl(options.url) ? openPostgres(options) : openSqlite(options.url);
}

function openSqlite(url: string): Db {
  const path = url.replace(/^file:(\/\/)?/, '') || ':memory:';
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SQLite(path);
  if (path !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 16 MiB of pages instead of SQLite's 2 MiB: the lookup's index searches at a million contacts otherwise
  // read most pages from the OS again (a third of the key statement's time; docs/performance.md).
  sqlite.pragma('cache_size = -16384');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    kysely,
    dialect: 'sqlite',
    sqlite,
    pool: null,
    statements: new Statements({ sqlite, pool: null, kysely }),
    label: `sqlite:${path}`,
    close: () => kysely.destroy(),
  };
}

async function openPostgres({ url, pgSchema, poolSize, statementTimeoutMs }: DbOptions): Promise<Db> {
  const int8 = 20;
  if (pgSchema && !/^[a-z_][a-z0-9_]*$/.test(pgSchema)) throw new Error(`Invalid schema name ${pgSchema}`);
  // A URL's own `options` would replace the pool's (the connection string wins in node-postgres), so they are
  // taken out of it and joined with ours, theirs last so that they still win.
  const parsed = new URL(url);
  const urlOptions = parsed.searchParams.get('options');
  if (urlOptions !== null) parsed.searchParams.delete('options');
  const connectionString = urlOptions === null ? url : parsed.toString();
  const open = (settings: string[]) => {
    const options = [...settings, ...(pgSchema ? [`-c search_path=${pgSchema}`] : []), urlOptions ?? '']
      .filter(Boolean)
      .join(' ');
    return new pg.Pool({
      connectionString,
      max: poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
      // Counts and amounts are int8; they fit in a double for any realistic value, so return numbers.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === int8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
      ...(options ? { options } : {}),
    });
  };
  const pool = survivesDisconnects(open([]));
  // The hot statements are prepared once per connection and run thousands of times. With their array
  // parameters PostgreSQL judged a plan for the actual values cheaper every time, and planned the lookup's
  // key statement anew on each run: 440 of its 490 µs of server CPU (docs/performance.md). Their generic plan
  // (index searches for lists of about ten values) is the one they are written for, so their connections use
  // it always. Kysely's keep the default: their texts are not reused, and some (search) depend on the values.
  // Set in the connection's start-up options: a statement sent on connecting ran beside the pool's first
  // one, which node-postgres warns about (a DeprecationWarning in the log).
  const hot = survivesDisconnects(open(['-c plan_cache_mode=force_generic_plan']));
  let closing: Promise<void> | null = null;
  if (pgSchema) await pool.query(`create schema if not exists ${pgSchema}`);
  const kysely = new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
  const u = parsed;
  return {
    kysely,
    dialect: 'postgres',
    sqlite: null,
    pool: hot,
    statements: new Statements({ sqlite: null, pool: hot, kysely }),
    label: `postgres://${u.host}${u.pathname}${pgSchema ? `#${pgSchema}` : ''}`,
    // Once, however often it is called (a test and its harness may both close a database)
    close: () =>
      (closing ??= (async () => {
        await kysely.destroy();
        await hot.end();
      })()),
  };
}

/**
 * A connection PostgreSQL ends (a restart, `pg_ctl stop`, a failover, an admin's `pg_terminate_backend`)
 * emits `error`: on the pool when it was idle, on the client when it was checked out between two statements.
 * Unheard, either event ended the whole process (tests/api/fault-postgres-outage.test.ts). Heard, the pool
 * drops the dead connection and opens a new one for the next request; a request whose connection died gets
 * the error from its next statement, which `fromDbError` answers with 503 `unavailable`.
 */
function survivesDisconnects(pool: pg.Pool): pg.Pool {
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return pool;
}

/**
 * PostgreSQL: lifts `statementTimeoutMs` for the rest of the transaction, for work that is long on purpose
 * (a snapshot import's single transaction, an export's read snapshot). Nothing on SQLite.
 */
export async function noStatementTimeout(trx: Kysely<Database>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`set local statement_timeout = 0`.execute(trx);
}

/**
 * Kysely's PostgreSQL introspector reads every schema of the database, and the Migrator uses it to see
 * whether its tables exist. Another schema's migration tables (another app's, or a parallel test's) would
 * then pass for ours, and a schema dropped during that scan fails it. Rapport only ever looks at its own.
 */
class CurrentSchemaPostgresDialect extends PostgresDialect {
  // biome-ignore lint/suspicious/noExplicitAny: the dialect interface takes any schema
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}

class CurrentSchemaIntrospector implements DatabaseIntrospector {
  // biome-ignore lint/suspicious/noExplicitAny: introspection works on any schema
  constructor(private readonly db: Kysely<any>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select current_schema() as name`.execute(this.db);
    return rows;
  }

  /** Tables and views of the current schema, without columns (nothing in Rapport reads them). */
  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; schema: string; type: string }>`
      select table_name as name, table_schema as schema, table_type as type
      from information_schema.tables where table_schema = current_schema() order by table_name`.execute(
      this.db,
    );
    return rows.map((r) => ({ name: r.name, schema: r.schema, isView: r.type === 'VIEW', columns: [] }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}
