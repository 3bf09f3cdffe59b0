import { createHash } from 'node:crypto';

import type SQLite from 'better-sqlite3';
import type pg from 'pg';

import type { Db } from './create-db';

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
  const out: string[] = [strings[0] ?? ''];
  const flat: (Param | ListPart)[] = [];
  parts.forEach((part, i) => {
    const after = strings[i + 1] ?? '';
    if (isStatement(part)) {
      out[out.length - 1] += part.strings[0] ?? '';
      part.parts.forEach((inner, j) => {
        flat.push(inner);
        out.push(part.strings[j + 1] ?? '');
      });
      out[out.length - 1] += after;
    } else {
      flat.push(part);
      out.push(after);
    }
  });
  return { strings: out, parts: flat };
}

const isStatement = (part: Param | ListPart | Statement): part is Statement =>
  typeof part === 'object' && part !== null && 'strings' in part;

/** `column ${inList(values)}` tests membership; an empty list matches nothing. */
export function inList(list: readonly Param[]): ListPart {
  return { list, not: false };
}

/** `column ${notInList(values)}` tests that the column is none of the values. */
export function notInList(list: readonly Param[]): ListPart {
  return { list, not: true };
}

const isList = (part: Param | ListPart): part is ListPart => typeof part === 'object' && part !== null;

/** Most distinct SQLite statement texts kept prepared (lists of each length have their own text). */
const SQLITE_CACHE = 500;

/**
 * Runs `Statement`s against the open database with prepared statements reused: on SQLite one better-sqlite3
 * statement per distinct text; on PostgreSQL a named prepared statement per text (a list is one array
 * parameter, so the text never depends on its length). `onStatement` sees each run (tests count them).
 * @example const rows = await new Statements(db).all<{ id: string }>(sql`select id from users where role = ${'admin'}`);
 */
export class Statements {
  private readonly sqlite: SQLite.Database | null;
  private readonly pool: pg.Pool | null;
  private readonly prepared = new Map<string, SQLite.Statement>();
  private readonly names = new Map<string, string>();

  constructor(
    db: Pick<Db, 'sqlite' | 'pool'>,
    private readonly onStatement?: (text: string) => void,
  ) {
    this.sqlite = db.sqlite;
    this.pool = db.pool;
  }

  /** Every row the statement returns. */
  async all<T>(statement: Statement): Promise<T[]> {
    if (this.sqlite) return this.allSqlite<T>(this.sqlite, statement);
    if (this.pool) return this.allPostgres<T>(this.pool, statement);
    throw new Error('Statements need a SQLite handle or a PostgreSQL pool');
  }

  private allSqlite<T>(db: SQLite.Database, { strings, parts }: Statement): T[] {
    let text = strings[0] ?? '';
    const values: Param[] = [];
    parts.forEach((part, i) => {
      if (isList(part)) {
        // Lists are padded to a power of two by repeating their last value, so that a handful of texts per
        // statement stays prepared rather than one per combination of lengths. An empty list is `in (null)`,
        // which matches nothing through the index (SQLite's `in ()` scans the table), or `not in ()`.
        const { list } = part;
        const size = list.length === 0 ? 0 : 2 ** Math.ceil(Math.log2(list.length));
        const marks = size === 0 && !part.not ? 'null' : '?,'.repeat(size).slice(0, -1);
        text += `${part.not ? 'not in' : 'in'} (${marks})`;
        values.push(...list);
        for (let k = list.length; k < size; k++) values.push(list[list.length - 1] ?? null);
      } else {
        text += '?';
        values.push(part);
      }
      text += strings[i + 1] ?? '';
    });
    let statement = this.prepared.get(text);
    if (!statement) {
      if (this.prepared.size >= SQLITE_CACHE) this.prepared.clear();
      statement = db.prepare(text);
      this.prepared.set(text, statement);
    }
    this.onStatement?.(text);
    return statement.all(...values) as T[];
  }

  private async allPostgres<T>(pool: pg.Pool, { strings, parts }: Statement): Promise<T[]> {
    let text = strings[0] ?? '';
    const values: unknown[] = [];
    parts.forEach((part, i) => {
      values.push(isList(part) ? part.list : part);
      const n = values.length;
      text += isList(part) ? (part.not ? `<> all($${n})` : `= any($${n})`) : `$${n}`;
      text += strings[i + 1] ?? '';
    });
    let name = this.names.get(text);
    if (!name) {
      name = `rapport_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
      this.names.set(text, name);
    }
    this.onStatement?.(text);
    const result = await pool.query({ name, text, values });
    return result.rows as T[];
  }
}
