import { createHash } from 'node:crypto';

import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type pg from 'pg';

import type { Db } from './create-db';
import type { Database } from './database';

/*
 * Raw statements for hot paths (the lookup, sign-in by token), prepared once and reused. Kysely's SQLite
 * driver prepares every statement anew and builds and compiles queries on every call: on the lookup that
 * cost several times the CPU of the work itself (docs/performance.md). Everywhere else, use Kysely.
 */

export type Param = string | number | null;

/** A list bound as one value: `IN (?, ?, …)` on SQLite, `= any($n)` on PostgreSQL (negated: `<> all($n)`). */
interface ListPart {
  list: readonly Param[];
  not: boolean;
}

/** A statement written once for both dialects with the `sql` tag below. */
export interface Statement {
  strings: readonly string[];
  parts: readonly (Param | ListPart)[];
}

/**
 * Writes a statement for both dialects: values become bound parameters, `inList(values)` becomes a list test,
 * and another `sql` statement is spliced in as text with its own parts.
 * @example sql`select id from contacts where account_id ${inList(ids)} and name = ${name}`
 */
export function sql(strings: TemplateStringsArray, ...parts: (Param | ListPart | Statement)[]): Statement {
  if (!parts.some(isStatement)) return { strings, parts: parts as (Param | ListPart)[] };
  const flat: (Param | ListPart)[] = [];
  for (const part of parts) {
    if (isStatement(part)) flat.push(...part.parts);
    else flat.push(part);
  }
  let out = spliced.get(strings);
  if (!out) {
    // Spliced statements are constants of their call site, so one call site always gives the same text.
    const text: string[] = [strings[0] ?? ''];
    parts.forEach((part, i) => {
      const after = strings[i + 1] ?? '';
      if (isStatement(part)) {
        text[text.length - 1] += part.strings[0] ?? '';
        for (let j = 1; j < part.strings.length; j++) text.push(part.strings[j] ?? '');
        text[text.length - 1] += after;
      } else text.push(after);
    });
    out = text;
    spliced.set(strings, out);
  }
  return { strings: out, parts: flat };
}

/** The strings of call sites that splice statements in, worked out once per call site. */
const spliced = new WeakMap<TemplateStringsArray, string[]>();

const isStatement = (part: Param | ListPart | Statement): part is Statement =>
  typeof part === 'object' && part !== null && 'strings' in part;

/**
 * PostgreSQL's change mark, as a column of a request's first statement: the snapshot that statement reads
 * under (`xmin:xmax:running transaction ids`). It says exactly whose writes are visible, and it changes
 * whenever a transaction that wrote anything ends, committed or rolled back: a newer transaction id raises
 * `xmax`, an older one still running leaves the list. So when a request reads the same mark as an earlier one,
 * nothing was committed anywhere since that earlier mark was read, and what any request read after reading it
 * (its keys, stamps, summaries) is still current: caches filed under a mark are trusted while the mark stays.
 * The mark is read after the request arrived, so it covers every write acknowledged before, by any process.
 * Unlike a counter or a sequence bumped by writers, nothing shows here before the writer commits, so a reader
 * cannot file old data under a new mark; writers do nothing for it, so they take no lock and cannot deadlock
 * or queue on it; and a mark never comes back once it changed. The price: it is the whole PostgreSQL server's,
 * so a write to any database on it (a token's `last_used_at` included) makes the caches check once again.
 */
export const SNAPSHOT_MARK = sql`pg_current_snapshot()::text`;

/** `column ${inList(values)}` tests membership; an empty list matches nothing. */
export function inList(list: readonly Param[]): ListPart {
  return { list, not: false };
}

/** `column ${notInList(values)}` tests that the column is none of the values. */
export function notInList(list: readonly Param[]): ListPart {
  return { list, not: true };
}

const nothing = () => {};

const isList = (part: Param | ListPart): part is ListPart => typeof part === 'object' && part !== null;

/** A list's length padded to the next power of two (0 stays 0). */
const padded = (length: number) => (length === 0 ? 0 : 2 ** Math.ceil(Math.log2(length)));

/** Most SQLite texts kept prepared per statement (one per combination of padded list lengths). */
const SHAPES = 64;

/**
 * Runs `Statement`s against the open database with prepared statements reused, found by the statement's call
 * site without building its text again: on SQLite one better-sqlite3 statement per call site and list lengths;
 * on PostgreSQL a named prepared statement per call site (a list is one array parameter, so the text never
 * depends on its length). `onStatement` sees each run (tests count them).
 * @example const rows = await new Statements(db).all<{ id: string }>(sql`select id from users where role = ${'admin'}`);
 */
export class Statements {
  private readonly sqlite: SQLite.Database | null;
  private readonly pool: pg.Pool | null;
  /** By statement (its call site's strings), then by padded list lengths. */
  private readonly prepared = new WeakMap<
    readonly string[],
    Map<string, { text: string; statement: SQLite.Statement }>
  >();
  private readonly named = new WeakMap<readonly string[], { text: string; name: string }>();

  private readonly kysely: Kysely<Database>;
  private mark: { changes: SQLite.Statement; version: SQLite.Statement } | null = null;
  /** PostgreSQL: the mark's statement on its way, if any, and the one the calls made since will share. */
  private markSent: Promise<string | null> | null = null;
  private markNext: Promise<string | null> | null = null;

  constructor(
    db: Pick<Db, 'sqlite' | 'pool' | 'kysely'>,
    private readonly onStatement?: (text: string) => void,
  ) {
    this.sqlite = db.sqlite;
    this.pool = db.pool;
    this.kysely = db.kysely;
  }

  /**
   * SQLite: a mark that differs as soon as anything may have been written since it was taken (by this
   * process's connection: `total_changes()`; by any other: `data_version`), so a cache checked under one mark
   * is still exact while the mark stays the same. Null while a transaction is open on this connection, and on
   * PostgreSQL, whose mark takes a statement: see `readChangeMark` and `SNAPSHOT_MARK`.
   * @example if (mark !== null && mark === checkedAt) return cached;
   */
  changeMark(): string | null {
    const sqlite = this.sqlite;
    if (!sqlite || sqlite.inTransaction) return null;
    // Two plucked statements cost about half of one reading the `pragma_data_version` table (issue 7).
    this.mark ??= {
      changes: sqlite.prepare('select total_changes()').pluck(),
      version: sqlite.prepare('pragma data_version').pluck(),
    };
    return `${this.mark.changes.get() as number}:${this.mark.version.get() as number}`;
  }

  /** True on PostgreSQL, where the change mark is a column of a statement (`SNAPSHOT_MARK`). */
  get postgres(): boolean {
    return this.pool !== null;
  }

  /**
   * The change mark as it is now, on either database: SQLite's `changeMark()`, or PostgreSQL's snapshot
   * (`SNAPSHOT_MARK`) read by a statement sent after this call. Calls made while such a statement is on its
   * way share the next one, sent once it is back: one statement answers every request that arrived before it
   * was sent, instead of one each (under load, most requests then run no statement of their own).
   * @example const mark = await statements.readChangeMark();
   */
  readChangeMark(): Promise<string | null> {
    if (!this.pool) return Promise.resolve(this.changeMark());
    if (this.markSent === null) {
      const sent = this.all<{ mark: string }>(sql`select ${SNAPSHOT_MARK} as mark`).then(
        ([row]) => row?.mark ?? null,
      );
      this.markSent = sent;
      const done = () => {
        if (this.markSent === sent) this.markSent = null;
      };
      sent.then(done, done);
      return sent;
    }
    // The statement on its way was sent before this call: its snapshot may miss a write acknowledged since.
    this.markNext ??= this.markSent.then(nothing, nothing).then(() => {
      this.markNext = null;
      return this.readChangeMark();
    });
    return this.markNext;
  }

  /** Every row the statement returns. */
  async all<T>(statement: Statement): Promise<T[]> {
    const sqlite = this.sqlite;
    if (sqlite?.inTransaction) {
      // SQLite has one connection per process: a statement run now would read a transaction's writes before
      // it commits (or rolls back). Kysely's connection waits for the transaction to end.
      return this.kysely.connection().execute(async () => this.allSqlite<T>(sqlite, statement));
    }
    if (sqlite) return this.allSqlite<T>(sqlite, statement);
    if (this.pool) return this.allPostgres<T>(this.pool, statement);
    throw new Error('Statements need a SQLite handle or a PostgreSQL pool');
  }

  private allSqlite<T>(db: SQLite.Database, { strings, parts }: Statement): T[] {
    // Lists are padded to a power of two by repeating their last value, so that a handful of texts per
    // statement stays prepared rather than one per combination of lengths. An empty list is `in (null)`,
    // which matches nothing through the index (SQLite's `in ()` scans the table), or `not in ()`.
    const values: Param[] = [];
    let shape = '';
    for (const part of parts) {
      if (!isList(part)) {
        values.push(part);
        continue;
      }
      const { list } = part;
      const size = padded(list.length);
      shape += `${size},`;
      for (const value of list) values.push(value);
      for (let k = list.length; k < size; k++) values.push(list[list.length - 1] ?? null);
    }
    let shapes = this.prepared.get(strings);
    if (!shapes) {
      shapes = new Map();
      this.prepared.set(strings, shapes);
    }
    let compiled = shapes.get(shape);
    if (!compiled) {
      let text = strings[0] ?? '';
      parts.forEach((part, i) => {
        if (isList(part)) {
          const size = padded(part.list.length);
          const marks = size === 0 && !part.not ? 'null' : '?,'.repeat(size).slice(0, -1);
          text += `${part.not ? 'not in' : 'in'} (${marks})`;
        } else text += '?';
        text += strings[i + 1] ?? '';
      });
      if (shapes.size >= SHAPES) shapes.clear();
      compiled = { text, statement: db.prepare(text) };
      shapes.set(shape, compiled);
    }
    this.onStatement?.(compiled.text);
    return compiled.statement.all(...values) as T[];
  }

  private async allPostgres<T>(pool: pg.Pool, { strings, parts }: Statement): Promise<T[]> {
    const values = parts.map((part) => (isList(part) ? part.list : part));
    let named = this.named.get(strings);
    if (!named) {
      let text = strings[0] ?? '';
      parts.forEach((part, i) => {
        const n = i + 1;
        text += isList(part) ? (part.not ? `<> all($${n})` : `= any($${n})`) : `$${n}`;
        text += strings[i + 1] ?? '';
      });
      named = { text, name: `rapport_${createHash('sha256').update(text).digest('hex').slice(0, 16)}` };
      this.named.set(strings, named);
    }
    this.onStatement?.(named.text);
    const result = await pool.query({ name: named.name, text: named.text, values });
    return result.rows as T[];
  }
}
