import { type Kysely, type RawBuilder, sql } from 'kysely';

import type { Db, Dialect } from '../db/create-db';
import { openReadSnapshot, type ReadSnapshot } from './export-source';
import { type Child, CSV_FILES, camel, SECTIONS, type Section } from './export-spec';
import type { TransferProgress } from './report';

/*
 * Export of everything (issue 5): one JSON snapshot that `importSnapshot` (snapshot.ts) loads into a new
 * server losslessly, and CSV files for spreadsheets, one per table. Both stream: records are read in pages of
 * PAGE by primary key from one consistent read snapshot (`export-source.ts`) and written out as they come, so
 * a large database never sits in memory whole.
 */

export const EXPORT_FORMAT = 'rapport-export';
export const EXPORT_VERSION = 1;

/** Records per read; each page costs one query per table involved. */
const PAGE = 500;
/** Text is handed on in pieces of about this many characters (fewer, larger writes). */
const CHUNK = 64 * 1024;

// biome-ignore lint/suspicious/noExplicitAny: tables and columns come from the export specs, not from the types
type AnyDb = Kysely<any>;
type Row = Record<string, unknown>;
/** One exported record: camelCase fields, lists from child tables nested. */
export type ExportRecord = Record<string, unknown>;

export interface ExportOptions {
  /** Called after every page with the number of records written so far. */
  onProgress?: (p: TransferProgress) => void;
}

/** A text column sorts byte by byte on both databases (PostgreSQL's default collation would not). */
function orderExpr(dialect: Dialect, column: string, numeric: boolean): RawBuilder<unknown> {
  const desc = column.startsWith('-');
  const name = desc ? column.slice(1) : column;
  const ref = numeric || dialect === 'sqlite' ? sql.ref(name) : sql`${sql.ref(name)} collate "C"`;
  return desc ? sql`${ref} desc` : ref;
}

function toRecord(columns: Section['columns'], row: Row): ExportRecord {
  const record: ExportRecord = {};
  for (const [column, spec] of Object.entries(columns)) record[camel(column)] = spec.out(row[column]);
  return record;
}

/** Adds each child list to its parent records (one query per child table for the whole page). */
async function attachChildren(
  k: AnyDb,
  dialect: Dialect,
  child: Child,
  records: ExportRecord[],
): Promise<void> {
  const ids = records.map((r) => r.id as string);
  const columns = Object.keys(child.columns);
  let query = k
    .selectFrom(child.table)
    .select([child.parentColumn, ...columns, ...(child.kind === 'slugs' ? ['is_primary'] : [])])
    .where(child.parentColumn, 'in', ids);
  for (const column of child.orderBy) {
    const name = column.replace(/^-/, '');
    const spec = child.columns[name];
    query = query.orderBy(orderExpr(dialect, column, spec ? spec.numeric === true : true));
  }
  const byParent = new Map<string, Row[]>();
  for (const row of (await query.execute()) as Row[]) {
    const parent = String(row[child.parentColumn]);
    const list = byParent.get(parent);
    if (list) list.push(row);
    else byParent.set(parent, [row]);
  }
  for (const record of records) {
    const own = byParent.get(record.id as string) ?? [];
    if (child.kind === 'values') {
      const [column, spec] = Object.entries(child.columns)[0] ?? [];
      record[child.key] = column && spec ? own.map((r) => spec.out(r[column])) : [];
    } else if (child.kind === 'slugs') {
      // One primary slug per record (the repositories keep it so); the rest are aliases kept from merges.
      const primary = own.find((r) => Number(r.is_primary) === 1);
      record.linkedinSlug = primary ? primary.slug : null;
      record.linkedinAliases = own.filter((r) => r !== primary).map((r) => r.slug);
    } else {
      record[child.key] = own.map((r) => toRecord(child.columns, r));
    }
  }
}

/**
 * A section's records page by page, in primary-key order, with their child lists.
 * @example for await (const page of sectionPages(snap.kysely, 'sqlite', SECTIONS[0])) …
 */
export async function* sectionPages(
  kysely: Kysely<unknown> | AnyDb,
  dialect: Dialect,
  section: Section,
  pageSize = PAGE,
): AsyncGenerator<ExportRecord[]> {
  const k = kysely as AnyDb;
  const keys = section.keyColumns.map((c) => ({ column: c, numeric: section.columns[c]?.numeric === true }));
  let after: unknown[] | null = null;
  for (;;) {
    let query = k.selectFrom(section.table).select(Object.keys(section.columns));
    if (after) {
      const left = sql.join(keys.map((key) => orderExpr(dialect, key.column, key.numeric)));
      query = query.where(sql<boolean>`(${left}) > (${sql.join(after)})`);
    }
    for (const key of keys) query = query.orderBy(orderExpr(dialect, key.column, key.numeric));
    const rows = (await query.limit(pageSize).execute()) as Row[];
    if (rows.length === 0) return;
    const records = rows.map((row) => toRecord(section.columns, row));
    for (const child of section.children) await attachChildren(k, dialect, child, records);
    yield records;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1] as Row;
    after = section.keyColumns.map((c) => last[c]);
  }
}

/** How many records each section holds, by JSON key. */
export async function countRecords(kysely: Kysely<unknown> | AnyDb): Promise<Record<string, number>> {
  const k = kysely as AnyDb;
  const counts: Record<string, number> = {};
  for (const section of SECTIONS) {
    const row = (await k
      .selectFrom(section.table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst()) as { n: unknown } | undefined;
    counts[section.key] = Number(row?.n ?? 0);
  }
  return counts;
}

/** Collects small strings into pieces of about CHUNK characters. */
class Chunker {
  private parts: string[] = [];
  private size = 0;

  add(text: string): string | null {
    this.parts.push(text);
    this.size += text.length;
    return this.size >= CHUNK ? this.flush() : null;
  }

  flush(): string {
    const out = this.parts.join('');
    this.parts = [];
    this.size = 0;
    return out;
  }
}

/**
 * The JSON snapshot as text pieces: `{ format, version, exportedAt, server: { dialect }, counts, data }`, with
 * one record per line under `data.<section>` (users, settings, productLines, accounts, contacts,
 * opportunities, accountPlans, touches, mergedIds, externalIds, auditLog), each after what it refers to.
 * @example for await (const text of exportJson(snap, { exportedAt: new Date().toISOString() })) out.write(text);
 */
export async function* exportJson(
  snap: ReadSnapshot,
  options: ExportOptions & { exportedAt: string },
): AsyncGenerator<string> {
  const counts = await countRecords(snap.kysely);
  const head = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: options.exportedAt,
    server: { dialect: snap.dialect },
    counts,
  };
  const chunker = new Chunker();
  let done = 0;
  chunker.add(`${JSON.stringify(head).slice(0, -1)},"data":{`);
  for (const [i, section] of SECTIONS.entries()) {
    chunker.add(`${i === 0 ? '' : ','}\n${JSON.stringify(section.key)}:[`);
    let first = true;
    for await (const page of sectionPages(snap.kysely, snap.dialect, section)) {
      for (const record of page) {
        const piece = chunker.add(`${first ? '' : ','}\n${JSON.stringify(record)}`);
        first = false;
        if (piece) yield piece;
      }
      done += page.length;
      options.onProgress?.({ done });
    }
    chunker.add(first ? ']' : '\n]');
  }
  chunker.add('\n}}\n');
  yield chunker.flush();
}

/** One CSV cell's text: RFC 4180, quoted when it holds a comma, a quote, a CR or a LF. */
export function csvCell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) text = value.join(';');
  else text = JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** Where a CSV file's rows come from: a section's records, or one child list of them (stage history, …). */
function csvSource(name: string): { section: Section; child: Child | null } | null {
  for (const section of SECTIONS) {
    if (section.csv === name) return { section, child: null };
    const child = section.children.find((c) => c.kind === 'rows' && c.csv === name);
    if (child) return { section, child };
  }
  return null;
}

/**
 * The header of a CSV file: the table's columns, and for lists kept in child tables (an account's domains,
 * a contact's emails) one column with the values joined by `;`.
 */
export function csvHeader(name: string): string[] {
  const source = csvSource(name);
  if (!source) throw new Error(`No CSV file ${name}`);
  const { section, child } = source;
  if (child) return [child.parentColumn, ...Object.keys(child.columns)];
  return [
    ...Object.keys(section.columns),
    ...section.children.flatMap((c) =>
      c.kind === 'values' ? [c.csv] : c.kind === 'slugs' ? ['linkedin_slug', 'linkedin_aliases'] : [],
    ),
  ];
}

function csvRows(name: string, record: ExportRecord): unknown[][] {
  const source = csvSource(name);
  if (!source) return [];
  const { section, child } = source;
  if (child) {
    const list = (record[child.key] as ExportRecord[] | undefined) ?? [];
    return list.map((item) => [record.id, ...Object.keys(child.columns).map((c) => item[camel(c)])]);
  }
  return [
    [
      ...Object.keys(section.columns).map((c) => record[camel(c)]),
      ...section.children.flatMap((c) =>
        c.kind === 'values'
          ? [record[c.key]]
          : c.kind === 'slugs'
            ? [record.linkedinSlug, record.linkedinAliases]
            : [],
      ),
    ],
  ];
}

/** True for a name `exportCsv` writes (`accounts`, `plan_lines`, …; without `.csv`). */
export function isCsvFile(name: string): boolean {
  return CSV_FILES.includes(name);
}

/**
 * One CSV file as text pieces: a header row, then a row per record (or per stage change, plan line, …),
 * CRLF line ends, UTF-8, no byte order mark. Empty cells are nulls; booleans are `true`/`false`.
 * @example for await (const text of exportCsv(snap, 'accounts')) out.write(text);
 */
export async function* exportCsv(
  snap: ReadSnapshot,
  name: string,
  options: ExportOptions = {},
): AsyncGenerator<string> {
  const source = csvSource(name);
  if (!source) throw new Error(`No CSV file ${name}; the files are ${CSV_FILES.join(', ')}`);
  const chunker = new Chunker();
  chunker.add(csvLine(csvHeader(name)));
  let done = 0;
  for await (const page of sectionPages(snap.kysely, snap.dialect, source.section)) {
    for (const record of page) {
      for (const row of csvRows(name, record)) {
        const piece = chunker.add(csvLine(row));
        if (piece) yield piece;
        done++;
      }
    }
    options.onProgress?.({ done });
  }
  yield chunker.flush();
}

/**
 * Runs `write` with a read snapshot of `db` and closes it afterwards, also when `write` fails.
 * @example await withReadSnapshot(db, async (snap) => { for await (const t of exportJson(snap, o)) … });
 */
export async function withReadSnapshot<T>(db: Db, write: (snap: ReadSnapshot) => Promise<T>): Promise<T> {
  const snap = await openReadSnapshot(db);
  try {
    return await write(snap);
  } finally {
    await snap.close();
  }
}

/**
 * A snapshot's text pieces as a web stream that opens its read snapshot on the first pull and closes it when
 * the stream ends, fails or the client goes away (for HTTP responses).
 */
export function snapshotStream(
  db: Db,
  produce: (snap: ReadSnapshot) => AsyncGenerator<string>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let snap: ReadSnapshot | null = null;
  let pieces: AsyncGenerator<string> | null = null;
  const close = async () => {
    const open = snap;
    snap = null;
    if (open) await open.close();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (!pieces) {
            snap = await openReadSnapshot(db);
            pieces = produce(snap);
          }
          const next = await pieces.next();
          if (next.done) {
            await close();
            controller.close();
          } else {
            controller.enqueue(encoder.encode(next.value));
          }
        } catch (err) {
          await close().catch(() => {});
          controller.error(err);
        }
      },
      async cancel() {
        await pieces?.return(undefined);
        await close();
      },
      // Nothing is read (and no transaction opened) before the client asks for the first piece.
    },
    { highWaterMark: 0 },
  );
}
