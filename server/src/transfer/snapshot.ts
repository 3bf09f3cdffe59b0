import { StringDecoder } from 'node:string_decoder';

import { zTimestamp } from '@rapport/shared';
import type SQLite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';

import { type Db, noStatementTimeout } from '../db/create-db';
import type { Database } from '../db/database';
import { suspendDerivedTriggers } from '../db/derived-triggers';
import { rebuildSearch, SearchLoad } from '../db/search-repository';
import { en, type Messages, type Text, textIn } from '../i18n';
import { audit } from '../lib/audit';
import { ApiError } from '../lib/errors';
import { EXPORT_FORMAT, EXPORT_VERSION } from './export';
import { type Child, type Column, camel, SECTIONS, type Section } from './export-spec';
import { issuesIn } from './issues';
import type { ImportReport, RejectedRow, TransferProgress } from './report';
import { type SnapshotEvent, SnapshotScanner, SnapshotSyntaxError } from './snapshot-reader';

/*
 * Loads a JSON snapshot (export.ts) into a new, empty server, keeping every id, version, timestamp and link.
 * - Refuses a server with data: only the importing admin (and their tokens, and the audit log) may be there.
 *   Merging into a server with data is not offered: ids, versions and unique emails/domains of two servers
 *   cannot be kept both, and a merge that is safe to repeat needs matching rules (the CSV import has them).
 * - All or nothing: one transaction. Every record is validated with zod before it is written; a record the
 *   database refuses (a reference to a missing record, an email held twice) is found by retrying its batch
 *   record by record under a savepoint. Any rejection rolls everything back and the report lists them.
 * - A dry run does all of it and rolls back at the end, so its counts and rejections are the real ones.
 * - Users come without passwords (exports never hold secrets). The admin who imports through the API keeps
 *   signing in as before: when the snapshot has a user with their email, that user takes over their password
 *   and sessions. Everyone else gets a password from an admin (docs/moving-data.md).
 */

/** Records per insert statement (and per savepoint). */
const BATCH = 200;
/** PostgreSQL: records per batch; each table's rows of a batch go in one statement (insertUnnest). */
const PG_BATCH = 1000;
/** Rejections listed in a report; the rest are counted in one last line. */
const MAX_REJECTED = 200;
/** Progress is reported every this many records. */
const PROGRESS_EVERY = 500;
/** SQLite's page cache while an import loads (see `growCache`), in MiB. */
const LOAD_CACHE_MIB = 256;

export interface SnapshotImportOptions {
  dryRun: boolean;
  /** The admin importing through the API; null from the command line. */
  actorId: string | null;
  onProgress?: (p: TransferProgress) => void;
}

/** A snapshot that cannot be imported at all (not a Rapport export, a newer format, a server with data). */
export class SnapshotImportError extends ApiError {
  constructor(status: 400 | 409, message: Text, details?: unknown) {
    super(status, status === 409 ? 'conflict' : 'validation_failed', message, details);
    this.name = 'SnapshotImportError';
  }
}

const zEnvelope = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: zTimestamp,
  server: z.object({ dialect: z.enum(['sqlite', 'postgres']) }),
  counts: z.record(z.string(), z.number().int().min(0)),
});
type Envelope = z.infer<typeof zEnvelope>;

function childSchema(child: Child): Record<string, z.ZodType> {
  const columns = Object.entries(child.columns);
  if (child.kind === 'rows') {
    const shape = Object.fromEntries(columns.map(([c, spec]) => [camel(c), spec.schema]));
    return { [child.key]: z.array(z.strictObject(shape)).max(child.max) };
  }
  const value = columns[0]?.[1].schema ?? z.string();
  if (child.kind === 'slugs') {
    return { linkedinSlug: value.nullable(), linkedinAliases: z.array(value).max(child.max) };
  }
  return { [child.key]: z.array(value).max(child.max) };
}

/**
 * The zod schema of one record of a section, built from the same spec the export writes with; its checks
 * across fields say why in `m`'s language.
 */
function recordSchema(section: Section, m: Messages): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [column, spec] of Object.entries(section.columns)) shape[camel(column)] = spec.schema;
  for (const child of section.children) Object.assign(shape, childSchema(child));
  return z.strictObject(shape).superRefine((record, ctx) => {
    const problem = section.check?.(record);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message(m) });
  }) as unknown as z.ZodType<Record<string, unknown>>;
}

const SCHEMAS = new Map<Messages, Map<string, z.ZodType<Row>>>();

/** The record schemas whose own messages are in `m`'s language (built on first use). */
function schemasIn(m: Messages): Map<string, z.ZodType<Row>> {
  let schemas = SCHEMAS.get(m);
  if (!schemas) {
    schemas = new Map(SECTIONS.map((s) => [s.key, recordSchema(s, m)]));
    SCHEMAS.set(m, schemas);
  }
  return schemas;
}

/** Which table a column refers to, to name the field when the database refuses a record. */
const REFERENCES: Record<string, string> = {
  'accounts.owner_id': 'users',
  'account_reps.user_id': 'users',
  'contacts.account_id': 'accounts',
  'contacts.relationship_owner_id': 'users',
  'opportunities.account_id': 'accounts',
  'opportunities.product_line_id': 'product_lines',
  'opportunities.owner_id': 'users',
  'opportunity_stage_changes.user_id': 'users',
  'account_plans.account_id': 'accounts',
  'plan_lines.product_line_id': 'product_lines',
  'plan_actions.owner_id': 'users',
  'touches.user_id': 'users',
  'touch_contacts.contact_id': 'contacts',
  'touch_accounts.account_id': 'accounts',
};

// biome-ignore lint/suspicious/noExplicitAny: tables and columns come from the export specs, not from the types
type AnyDb = Kysely<any>;
type Row = Record<string, unknown>;

function isConstraintError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (/^23\d{3}$/.test(code) || code.startsWith('SQLITE_CONSTRAINT'));
}

function describeRecord(record: unknown): string {
  const r = record as Row | null;
  if (r && typeof r === 'object') {
    if (typeof r.id === 'string') return ` (id ${r.id})`;
    if (typeof r.oldId === 'string') return ` (oldId ${r.oldId})`;
    if (typeof r.externalId === 'string') return ` (externalId ${r.externalId})`;
  }
  return '';
}

/** A table's stored columns, each with its JSON key and spec: worked out once, not for every record. */
type Layout = { column: string; key: string; spec: Column }[];
const LAYOUTS = new WeakMap<Record<string, Column>, Layout>();

function layoutOf(columns: Record<string, Column>): Layout {
  let layout = LAYOUTS.get(columns);
  if (!layout) {
    layout = Object.entries(columns).map(([column, spec]) => ({ column, key: camel(column), spec }));
    LAYOUTS.set(columns, layout);
  }
  return layout;
}

function storedRow(layout: Layout, record: Row, into: Row = {}): Row {
  for (const { column, key, spec } of layout) into[column] = spec.in(record[key]);
  return into;
}

/** The stored rows of a batch of records: the section's own rows and each child table's. */
function toRows(section: Section, records: Row[]): { own: Row[]; children: Map<Child, Row[]> } {
  const layout = layoutOf(section.columns);
  const own = records.map((record) => storedRow(layout, record));
  const children = new Map<Child, Row[]>();
  for (const child of section.children) {
    const rows: Row[] = [];
    const childLayout = layoutOf(child.columns);
    const [first] = childLayout;
    const parent = child.parentColumn;
    for (const record of records) {
      if (child.kind === 'values' && first) {
        for (const v of record[child.key] as unknown[]) {
          rows.push({ [parent]: record.id, [first.column]: first.spec.in(v) });
        }
      } else if (child.kind === 'slugs') {
        if (record.linkedinSlug !== null)
          rows.push({ [parent]: record.id, slug: record.linkedinSlug, is_primary: 1 });
        for (const s of record.linkedinAliases as string[])
          rows.push({ [parent]: record.id, slug: s, is_primary: 0 });
      } else if (child.kind === 'rows') {
        for (const item of record[child.key] as Row[])
          rows.push(storedRow(childLayout, item, { [parent]: record.id }));
      }
    }
    children.set(child, rows);
  }
  return { own, children };
}

/**
 * Prepared multi-row inserts of one import (SQLite), by table, columns and number of rows. Not db/statements.ts:
 * these run inside the import's own transaction, which that module's statements wait for.
 */
type PreparedInserts = Map<string, SQLite.Statement>;

async function insertChunked(
  k: AnyDb,
  sqlite: { db: SQLite.Database; statements: PreparedInserts } | null,
  table: string,
  rows: Row[],
  pg: ColumnTypes | null = null,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] ?? {});
  // PostgreSQL: every row in one statement, one array parameter per column (see insertUnnest).
  const arrays = pg ? columnsOf(rows, columns) : null;
  if (pg && arrays) return insertUnnest(k, pg, table, columns, arrays);
  // Well under both databases' bound-parameter limits for any table here.
  const per = Math.max(1, Math.floor(5000 / Math.max(1, columns.length)));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    // SQLite: a statement prepared once per shape and reused, rather than a query built, compiled and
    // prepared for every chunk (most of a large import's time otherwise). A chunk with a value Kysely would
    // leave out (undefined) takes Kysely's path.
    const values = sqlite ? valuesOf(chunk, columns) : null;
    if (sqlite && values) {
      statementFor(sqlite, table, columns, chunk.length).run(values);
      continue;
    }
    await k.insertInto(table).values(chunk).execute();
  }
}

/** The rows' values in column order, or null when a row has other columns or leaves one undefined. */
function valuesOf(rows: Row[], columns: string[]): unknown[] | null {
  const values: unknown[] = [];
  for (const row of rows) {
    if (Object.keys(row).length !== columns.length) return null;
    for (const column of columns) {
      const value = row[column];
      if (value === undefined) return null;
      values.push(value);
    }
  }
  return values;
}

/**
 * PostgreSQL: each table's column types (`format_type`), to cast one array parameter per column. Read from the
 * catalog at the start of an import, so a later migration's columns are typed as it defined them.
 */
type ColumnTypes = Map<string, Map<string, string>>;

async function columnTypes(k: AnyDb): Promise<ColumnTypes> {
  const { rows } = await sql<{ table: string; column: string; type: string }>`
    select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type
    from pg_attribute a join pg_class c on c.oid = a.attrelid
    where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r'
      and a.attnum > 0 and not a.attisdropped`.execute(k);
  const types: ColumnTypes = new Map();
  for (const { table, column, type } of rows) {
    const columns = types.get(table) ?? new Map<string, string>();
    types.set(table, columns.set(column, type));
  }
  return types;
}

/** The rows' values column by column, or null when a row has other columns or leaves one undefined. */
function columnsOf(rows: Row[], columns: string[]): unknown[][] | null {
  const arrays = columns.map(() => new Array<unknown>(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Row;
    if (Object.keys(row).length !== columns.length) return null;
    for (let c = 0; c < columns.length; c++) {
      const value = row[columns[c] as string];
      if (value === undefined) return null;
      (arrays[c] as unknown[])[r] = value;
    }
  }
  return arrays;
}

/**
 * PostgreSQL: `insert … select * from unnest($1::text[], $2::integer[], …)`. A multi-row VALUES list of 200
 * records is one bound parameter per value (thousands) that the server parses and plans for every statement;
 * here each statement has one parameter per column, whatever the number of rows, and is planned in no time.
 */
async function insertUnnest(
  k: AnyDb,
  types: ColumnTypes,
  table: string,
  columns: string[],
  arrays: unknown[][],
): Promise<void> {
  const typeOf = types.get(table);
  const params = arrays.map((values, i) => {
    const type = typeOf?.get(columns[i] as string);
    if (!type) throw new Error(`No column ${table}.${columns[i]}`);
    return sql`${values}::${sql.raw(type)}[]`;
  });
  await sql`insert into ${sql.id(table)} (${sql.join(columns.map((c) => sql.id(c)))})
    select * from unnest(${sql.join(params)})`.execute(k);
}

function statementFor(
  sqlite: { db: SQLite.Database; statements: PreparedInserts },
  table: string,
  columns: string[],
  rows: number,
): SQLite.Statement {
  const key = `${table}(${columns.join()})x${rows}`;
  let statement = sqlite.statements.get(key);
  if (!statement) {
    const one = `(${columns.map(() => '?').join(', ')})`;
    const names = columns.map((c) => `"${c}"`).join(', ');
    statement = sqlite.db.prepare(
      `insert into "${table}" (${names}) values ${Array(rows).fill(one).join(', ')}`,
    );
    sqlite.statements.set(key, statement);
  }
  return statement;
}

/** Hands the rows of accounts and contacts just inserted to the search load, which makes their documents. */
function addDocuments(search: SearchLoad, table: string, own: Row[], children: Map<Child, Row[]>): void {
  const of = (childTable: string) => {
    for (const [child, rows] of children) if (child.table === childTable) return rows;
    return [];
  };
  // The stored rows, typed by the spec's columns (export-spec.ts) that these tables have.
  type Stored<T> = T[];
  if (table === 'accounts') {
    search.accounts(
      own as Stored<{ id: string; name: string }>,
      of('account_domains') as Stored<{ account_id: string; domain: string }>,
      of('account_slugs') as Stored<{ account_id: string; slug: string; is_primary: number }>,
    );
  } else if (table === 'contacts') {
    search.contacts(
      own as Stored<{ id: string; name: string; title: string | null; account_id: string }>,
      of('contact_emails') as Stored<{ contact_id: string; email: string }>,
      of('contact_slugs') as Stored<{ contact_id: string; slug: string; is_primary: number }>,
    );
  }
}

/** The import's state while it reads: counts, rejections and the deferred reports-to links. */
class Loader {
  readonly created: Record<string, number> = {};
  readonly rejected: RejectedRow[] = [];
  private moreRejected = 0;
  /** Turns false at the first rejection: the rest is only validated, as nothing will be kept. */
  private writing = true;
  /** Contact id → its manager and position; linked once every contact exists (a manager may come later). */
  readonly reportsTo = new Map<string, { manager: string; line: number }>();
  private buffer: { section: Section; records: { record: Row; index: number }[] } | null = null;

  /** The batch being written while the next one is read (PostgreSQL), settled before the next is written. */
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly trx: AnyDb,
    private readonly sqlite: { db: SQLite.Database; statements: PreparedInserts } | null,
    /** SQLite: the search documents, written with the rows they show (else rebuilt after the load). */
    private readonly search: SearchLoad | null,
    private readonly actor: { id: string; email: string; passwordHash: string | null } | null,
    private readonly notes: Text[],
    private readonly pg: ColumnTypes | null = null,
  ) {}

  reject(entity: string, line: number, reason: Text): void {
    this.writing = false;
    if (this.rejected.length < MAX_REJECTED) this.rejected.push({ line, entity, reason });
    else this.moreRejected++;
  }

  finishRejections(): void {
    if (this.moreRejected > 0) {
      const more = this.moreRejected;
      this.rejected.push({
        line: 0,
        entity: 'snapshot',
        reason: (m) => m.transfer.reasons.moreProblems(more),
      });
    }
  }

  get ok(): boolean {
    return this.writing;
  }

  async add(section: Section, index: number, value: unknown): Promise<void> {
    const parsed = (schemasIn(en).get(section.key) as z.ZodType<Row>).safeParse(value);
    if (!parsed.success) {
      const english = parsed.error.issues;
      const record = describeRecord(value);
      this.reject(section.key, index + 1, (m) => {
        const schema = schemasIn(m).get(section.key) as z.ZodType<Row>;
        const issues = issuesIn(schema, value, english, m)
          .slice(0, 3)
          .map((i) => `${i.path.map(String).join('.') || 'record'}: ${i.message}`);
        return `${issues.join('; ')}${record}`;
      });
      return;
    }
    this.created[section.key] = (this.created[section.key] ?? 0) + 1;
    if (!this.writing) return;
    const record = parsed.data;
    if (section.table === 'contacts' && typeof record.reportsToId === 'string') {
      this.reportsTo.set(record.id as string, { manager: record.reportsToId, line: index + 1 });
      record.reportsToId = null;
    }
    if (this.buffer && this.buffer.section !== section) await this.send();
    this.buffer ??= { section, records: [] };
    this.buffer.records.push({ record, index });
    if (this.buffer.records.length >= (this.pg ? PG_BATCH : BATCH)) await this.send();
  }

  /**
   * Starts writing the buffered batch once the one before it is written, and returns without waiting for it
   * on PostgreSQL: the database inserts a batch while the next one is read, parsed and validated here (the
   * import otherwise waits for each in turn). A failure surfaces at the next `send` or `flush`.
   */
  private async send(): Promise<void> {
    const batch = this.buffer;
    this.buffer = null;
    await this.inFlight;
    const written = this.write(batch);
    if (!this.pg) return written;
    written.catch(() => {}); // awaited later: not an unhandled rejection meanwhile
    this.inFlight = written;
  }

  /** Writes what is buffered and waits for every batch to be written. */
  async flush(): Promise<void> {
    await this.send();
    await this.inFlight;
  }

  private async write(batch: Loader['buffer']): Promise<void> {
    if (!batch || batch.records.length === 0 || !this.writing) return;
    const { section } = batch;
    let { records } = batch;
    if (section.table === 'users' && this.actor) {
      const taken = await this.takeOverActor(records.map((r) => r.record));
      records = records.filter((r) => r.record !== taken);
      if (records.length === 0) return;
    }
    if (section.replaceExisting) {
      const ids = records.map((r) => r.record.id);
      await this.trx.deleteFrom(section.table).where('id', 'in', ids).execute();
    }
    await sql`savepoint snapshot_batch`.execute(this.trx);
    try {
      await this.insert(
        section,
        records.map((r) => r.record),
      );
      await sql`release savepoint snapshot_batch`.execute(this.trx);
      return;
    } catch (err) {
      if (!isConstraintError(err)) throw err;
      await sql`rollback to savepoint snapshot_batch`.execute(this.trx);
    }
    // The database refused something in this batch: find which record, one at a time.
    for (const { record, index } of records) {
      await sql`savepoint snapshot_record`.execute(this.trx);
      try {
        await this.insert(section, [record]);
        await sql`release savepoint snapshot_record`.execute(this.trx);
      } catch (err) {
        if (!isConstraintError(err)) throw err;
        await sql`rollback to savepoint snapshot_record`.execute(this.trx);
        this.created[section.key] = (this.created[section.key] ?? 1) - 1;
        const why = await this.explain(section, record, err);
        const which = describeRecord(record);
        this.reject(section.key, index + 1, (m) => `${textIn(why, m)}${which}`);
      }
    }
    await sql`release savepoint snapshot_batch`.execute(this.trx);
  }

  private async insert(section: Section, records: Row[]): Promise<void> {
    const { own, children } = toRows(section, records);
    await insertChunked(this.trx, this.sqlite, section.table, own, this.pg);
    for (const [child, rows] of children)
      await insertChunked(this.trx, this.sqlite, child.table, rows, this.pg);
    if (this.search) addDocuments(this.search, section.table, own, children);
  }

  /** Names the field of a record the database refused, and why. */
  private async explain(section: Section, record: Row, err: unknown): Promise<Text> {
    const e = err as { code?: string; message?: string; detail?: string };
    const { own, children } = toRows(section, [record]);
    const tables: [string, string, Row[]][] = [
      [section.table, '', own],
      ...[...children].map(([c, rows]) => [c.table, c.key, rows] as [string, string, Row[]]),
    ];
    for (const [table, key, rows] of tables) {
      for (const [ref, target] of Object.entries(REFERENCES)) {
        const [refTable, column] = ref.split('.') as [string, string];
        if (refTable !== table) continue;
        const wanted = [
          ...new Set(rows.map((r) => r[column]).filter((v): v is string => typeof v === 'string')),
        ];
        if (wanted.length === 0) continue;
        const found = await this.trx.selectFrom(target).select('id').where('id', 'in', wanted).execute();
        const missing = wanted.filter((id) => !found.some((f: Row) => f.id === id));
        if (missing.length > 0) {
          const field = key === '' ? camel(column) : `${key}.${camel(column)}`;
          return (m) => m.transfer.reasons.missingBefore(field, target, missing.join(', '));
        }
      }
    }
    // The database's own words (in its language, English by default) follow ours.
    const detail = e.detail ? ` (${e.detail})` : '';
    const said = `${e.message ?? String(err)}${detail}`;
    return (m) => m.transfer.reasons.databaseRefused(said);
  }

  /**
   * The admin importing through the API is the one user the server may hold. When the snapshot has a user
   * with their email, that user is them: it takes over their password and sessions, and their row goes.
   */
  private async takeOverActor(records: Row[]): Promise<Row | null> {
    const actor = this.actor;
    if (!actor) return null;
    const same = records.find((r) => String(r.email).toLowerCase() === actor.email.toLowerCase());
    if (!same) return null;
    if (same.role !== 'admin' || same.active !== true) {
      const role = same.active === true ? String(same.role) : null;
      throw new SnapshotImportError(409, (m) =>
        m.transfer.snapshot.wouldLockOut(
          actor.email,
          role === null ? null : ((m.admin.roles as Record<string, string>)[role] ?? role),
        ),
      );
    }
    const k = this.trx;
    // Insert them under a stand-in email, move the sessions over, drop the old row, then take the email.
    const email = same.email;
    same.email = `${String(same.id)}@import.invalid`;
    await this.insert(SECTIONS[0] as Section, [same]);
    await k.updateTable('api_tokens').set({ user_id: same.id }).where('user_id', '=', actor.id).execute();
    await k.updateTable('audit_log').set({ user_id: same.id }).where('user_id', '=', actor.id).execute();
    await k.deleteFrom('users').where('id', '=', actor.id).execute();
    await k
      .updateTable('users')
      .set({ email, password_hash: actor.passwordHash })
      .where('id', '=', same.id)
      .execute();
    same.email = email;
    const id = String(same.id);
    this.notes.push((m) => m.transfer.notes.youAreUser(String(email), id));
    actor.id = String(same.id);
    this.tookOver = true;
    return same;
  }

  /** Whether the importing admin became the snapshot's user with their email. */
  tookOver = false;

  get actorId(): string | null {
    return this.actor?.id ?? null;
  }

  /** Links each stakeholder to their manager, now that every contact exists. */
  async linkReportsTo(): Promise<void> {
    if (!this.writing || this.reportsTo.size === 0) return;
    const byManager = new Map<string, string[]>();
    for (const [contact, { manager }] of this.reportsTo) {
      const list = byManager.get(manager);
      if (list) list.push(contact);
      else byManager.set(manager, [contact]);
    }
    const managers = [...byManager.keys()];
    const found = new Set<string>();
    for (let i = 0; i < managers.length; i += 500) {
      const rows = await this.trx
        .selectFrom('contacts')
        .select('id')
        .where('id', 'in', managers.slice(i, i + 500))
        .execute();
      for (const r of rows as Row[]) found.add(String(r.id));
    }
    for (const [manager, contacts] of byManager) {
      if (!found.has(manager)) {
        for (const c of contacts) {
          this.reject('contacts', this.reportsTo.get(c)?.line ?? 0, (m) =>
            m.transfer.reasons.noManager(manager, c),
          );
        }
        continue;
      }
      for (let i = 0; i < contacts.length; i += 500) {
        await this.trx
          .updateTable('contacts')
          .set({ reports_to_id: manager })
          .where('id', 'in', contacts.slice(i, i + 500))
          .execute();
      }
    }
  }
}

/** Fails unless the server is empty: no records, and no user but the importing admin. */
async function ensureEmpty(trx: AnyDb, actorId: string | null): Promise<void> {
  const found: [number, string][] = [];
  for (const section of SECTIONS) {
    if (section.table === 'settings' || section.table === 'audit_log') continue;
    let query = trx.selectFrom(section.table).select((eb) => eb.fn.countAll().as('n'));
    if (section.table === 'users' && actorId) query = query.where('id', '<>', actorId);
    const row = (await query.executeTakeFirst()) as { n: unknown } | undefined;
    const n = Number(row?.n ?? 0);
    if (n > 0) found.push([n, section.key]);
  }
  if (found.length > 0) {
    throw new SnapshotImportError(409, (m) => m.transfer.snapshot.hasData(found), {
      found: found.map(([n, key]) => `${n} ${key}`),
    });
  }
}

/** Decodes the input as UTF-8 text, piece by piece, counting bytes. */
async function* textOf(input: NodeJS.ReadableStream, onBytes: (n: number) => void): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    onBytes(bytes.length);
    yield decoder.write(bytes);
  }
  yield decoder.end();
}

class Rollback extends Error {}

/**
 * SQLite: a page cache of LOAD_CACHE_MIB for the load, and the one before it back afterwards. With the usual
 * 16 MiB, the indexes filled in random order (a million emails, the slugs and domains) no longer fit, and
 * every insert into them read and wrote back pages that had just left the cache.
 */
function growCache(sqlite: SQLite.Database): () => void {
  const before = sqlite.pragma('cache_size', { simple: true }) as number;
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  const bytes = before < 0 ? -before * 1024 : before * pageSize;
  if (bytes >= LOAD_CACHE_MIB * 1024 * 1024) return () => {};
  sqlite.pragma(`cache_size = ${-LOAD_CACHE_MIB * 1024}`);
  return () => {
    sqlite.pragma(`cache_size = ${before}`);
  };
}

/**
 * PostgreSQL: statistics for every table of the schema, in the import's transaction. Without them the planner
 * takes a freshly filled table for empty until autovacuum comes by (a minute or more) and scans a million
 * contacts for each lookup (a bench run answered 29 lookups a second). SQLite plans by its indexes alone.
 */
async function analyzeTables(trx: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables where schemaname = current_schema()`.execute(trx);
  for (const { name } of rows) await sql`analyze ${sql.id(name)}`.execute(trx);
}

/**
 * Loads a JSON snapshot made by `rapport export` (or `GET /api/v1/export?format=json`) into an empty server,
 * losslessly and all or nothing. Throws `SnapshotImportError` (an ApiError: 400 for a file that is not a
 * snapshot, 409 for a server with data); a snapshot with bad records answers a report listing each of them
 * (section, position, field, id) with `applied: false`, and writes nothing.
 * @example const report = await importSnapshot(db, createReadStream(file), { dryRun: false, actorId: null });
 */
export async function importSnapshot(
  db: Db,
  input: NodeJS.ReadableStream,
  options: SnapshotImportOptions,
): Promise<ImportReport> {
  const notes: Text[] = [];
  const trx = await db.kysely.startTransaction().execute();
  // One transaction for the whole file, with statements over every row: longer than a request's limit.
  await noStatementTimeout(trx, db.dialect);
  const restoreCache = db.sqlite ? growCache(db.sqlite) : () => {};
  let loader: Loader | null = null;
  try {
    const k = trx as unknown as AnyDb;
    await ensureEmpty(k, options.actorId);
    // No stamp bump per row or statement written, nor (SQLite) an FTS insert per search document: the
    // search index is rebuilt in one go below and the triggers come back before the commit. The stamps need
    // no rows for what is loaded: every account is new here, and a summary some process cached of an
    // account with the same id before the server was emptied went stale when its deletion bumped its stamp.
    const restoreTriggers = await suspendDerivedTriggers(k, db.dialect);
    let actor: { id: string; email: string; passwordHash: string | null } | null = null;
    if (options.actorId) {
      const row = await trx
        .selectFrom('users')
        .select(['id', 'email', 'password_hash'])
        .where('id', '=', options.actorId)
        .executeTakeFirst();
      if (row) actor = { id: row.id, email: row.email, passwordHash: row.password_hash };
    }
    const sqlite = db.sqlite ? { db: db.sqlite, statements: new Map() } : null;
    // PostgreSQL: the trigram index built at the end sorts its entries in memory rather than in many passes
    // (64 MB by default); a server configured for more keeps its own setting.
    if (db.dialect === 'postgres') {
      await sql`
        select set_config('maintenance_work_mem', '256MB', true)
        where pg_size_bytes(current_setting('maintenance_work_mem')) < pg_size_bytes('256MB')`.execute(k);
    }
    const pg = db.dialect === 'postgres' ? await columnTypes(k) : null;
    const search = db.sqlite ? new SearchLoad(db.sqlite) : null;
    const l = new Loader(k, sqlite, search, actor, notes, pg);
    loader = l;
    const envelope = await readSnapshot(input, l, options.onProgress);
    await l.flush();
    await l.linkReportsTo();
    l.finishRejections();

    if (actor && !l.tookOver) {
      const email = actor.email;
      notes.push((m) => m.transfer.notes.extraAdmin(email));
    }
    const users = l.created.users ?? 0;
    notes.push((m) => m.transfer.notes.noPasswords(users));
    const report: ImportReport = {
      dryRun: options.dryRun,
      created: l.created,
      updated: {},
      unchanged: {},
      rejected: l.rejected,
      applied: false,
      notes,
    };
    if (!l.ok || options.dryRun) throw new Rollback();

    if (search) await search.finish(trx);
    else await rebuildSearch(trx, db);
    await restoreTriggers();
    await audit(trx, {
      userId: l.actorId,
      action: 'import',
      entity: 'data',
      entityId: 'snapshot',
      after: { exportedAt: envelope.exportedAt, from: envelope.server.dialect, created: l.created },
    });
    if (db.dialect === 'postgres') await analyzeTables(trx);
    await trx.commit().execute();
    return { ...report, applied: true };
  } catch (err) {
    await trx.rollback().execute();
    if (err instanceof Rollback && loader) {
      return {
        dryRun: options.dryRun,
        created: loader.created,
        updated: {},
        unchanged: {},
        rejected: loader.rejected,
        applied: false,
        notes,
      };
    }
    if (err instanceof SnapshotSyntaxError) throw new SnapshotImportError(400, err.message);
    throw err;
  } finally {
    restoreCache();
  }
}

/** Reads the envelope and every record into the loader; returns the validated envelope. */
async function readSnapshot(
  input: NodeJS.ReadableStream,
  loader: Loader,
  onProgress?: (p: TransferProgress) => void,
): Promise<Envelope> {
  const scanner = new SnapshotScanner();
  const fields: Record<string, unknown> = {};
  let envelope: Envelope | null = null;
  let last = -1;
  const seen = new Set<string>();
  let done = 0;
  let bytesRead = 0;

  const handle = async (event: SnapshotEvent) => {
    switch (event.type) {
      case 'field':
        fields[event.key] = event.value;
        return;
      case 'section': {
        envelope ??= checkEnvelope(fields);
        const at = SECTIONS.findIndex((s) => s.key === event.key);
        const sections = SECTIONS.map((s) => s.key).join(', ');
        if (at < 0) {
          throw new SnapshotImportError(400, (m) => m.transfer.snapshot.unknownSection(event.key, sections));
        }
        if (at <= last) {
          const twice = seen.has(event.key);
          throw new SnapshotImportError(400, (m) =>
            m.transfer.snapshot.sectionTwice(event.key, twice, sections),
          );
        }
        last = at;
        seen.add(event.key);
        return;
      }
      case 'record': {
        const section = SECTIONS.find((s) => s.key === event.section) as Section;
        await loader.add(section, event.index, event.value);
        done++;
        if (done % PROGRESS_EVERY === 0) onProgress?.({ done, bytesRead });
        return;
      }
      case 'sectionEnd': {
        const expected = envelope?.counts[event.key] ?? 0;
        if (expected !== event.count) {
          const { key, count } = event;
          loader.reject(key, 0, (m) => m.transfer.reasons.countsDiffer(key, expected, count));
        }
        return;
      }
      case 'end':
        envelope ??= checkEnvelope(fields);
        for (const [key, n] of Object.entries(envelope.counts)) {
          if (n > 0 && !seen.has(key)) {
            loader.reject(key, 0, (m) => m.transfer.reasons.noSection(key, n));
          }
        }
        return;
    }
  };

  for await (const text of textOf(input, (n) => {
    bytesRead += n;
  })) {
    for (const event of scanner.feed(text)) await handle(event);
  }
  for (const event of scanner.end()) await handle(event);
  onProgress?.({ done, bytesRead });
  return envelope ?? checkEnvelope(fields);
}

function checkEnvelope(fields: Record<string, unknown>): Envelope {
  if (fields.format !== EXPORT_FORMAT) {
    const format = JSON.stringify(fields.format ?? null);
    throw new SnapshotImportError(400, (m) => m.transfer.snapshot.notAnExport(format, EXPORT_FORMAT));
  }
  const version = fields.version;
  if (typeof version === 'number' && version > EXPORT_VERSION) {
    throw new SnapshotImportError(400, (m) => m.transfer.snapshot.newerVersion(version, EXPORT_VERSION));
  }
  const parsed = zEnvelope.safeParse(fields);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.map(String).join('.') || 'envelope',
      message: i.message,
    }));
    const english = parsed.error.issues;
    const said = (m: Messages) =>
      issuesIn(zEnvelope, fields, english, m)
        .map((i) => `${i.path.map(String).join('.') || 'envelope'}: ${i.message}`)
        .join('; ');
    throw new SnapshotImportError(400, (m) => m.transfer.snapshot.badEnvelope(said(m)), { issues });
  }
  return parsed.data;
}
