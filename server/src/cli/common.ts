import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParseArgsConfig } from 'node:util';

import type { z } from 'zod';

import { createDb, type Db, isPostgresUrl } from '../db/create-db';
import { migrateToLatest } from '../db/migrate';
import { type Env, launch, loadEnv } from '../env';

/**
 * An expected failure: the CLI prints its message to stderr, without a stack trace, and exits with `exitCode`
 * (1 for a failed operation, 2 for a wrong command line).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** What a command gets: its parsed options and positionals, and lazy access to configuration. */
export interface CommandContext {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** The environment with `RAPPORT_DATABASE_URL` resolved against the directory the command was run from. */
  env(): Env;
  /**
   * Opens the configured database and brings it to the latest migration; the caller closes it.
   * `migrate: false` leaves the schema alone (backup); `create: true` may make a new SQLite file
   * (`user create` works before the first `serve`), otherwise a missing file is a readable error.
   */
  openDb(options?: { migrate?: boolean; create?: boolean }): Promise<Db>;
  /** Resolves a path the person typed against the directory they ran the command from. */
  path(p: string): string;
}

export interface Command {
  /** One or two words, e.g. `serve` or `user create`. */
  name: string;
  summary: string;
  usage: string;
  /** Option and example lines shown by `--help`. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  positionals?: number;
  run(ctx: CommandContext): Promise<void>;
}

/**
 * The repository root: the default database `./data/rapport.db` lives here, wherever the CLI is run from. The
 * first folder up from this module with `pnpm-workspace.yaml` (from server/src/cli, or server/dist once built).
 */
const REPO_ROOT = repositoryRoot(dirname(fileURLToPath(import.meta.url)));

function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No pnpm-workspace.yaml above ${from}`);
  }
}

/** The context for one run; reads and checks the environment only when a command needs it. */
export function createContext(values: CommandContext['values'], positionals: string[]): CommandContext {
  const started = launch();
  const path = (p: string) => resolve(started.dir, p);
  let env: Env | null = null;
  const getEnv = () => {
    if (env) return env;
    let loaded: Env;
    try {
      loaded = loadEnv();
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    const base = started.databaseUrlSet ? started.dir : REPO_ROOT;
    env = { ...loaded, RAPPORT_DATABASE_URL: resolveDatabaseUrl(loaded.RAPPORT_DATABASE_URL, base) };
    return env;
  };
  return {
    values,
    positionals,
    env: getEnv,
    openDb: async ({ migrate = true, create = false } = {}) => {
      const url = getEnv().RAPPORT_DATABASE_URL;
      const file = isPostgresUrl(url) ? null : sqlitePath(url);
      if (file && file !== ':memory:' && !create && !existsSync(file)) {
        throw new CliError(
          `No database at ${file}. Start the server once (npm start) or add the first user ` +
            '(pnpm rapport user create), or point RAPPORT_DATABASE_URL at your database.',
        );
      }
      const db = await createDb({ url, poolSize: 2 });
      try {
        if (migrate) await migrateToLatest(db);
        return db;
      } catch (err) {
        await db.close().catch(() => {});
        throw err;
      }
    },
    path,
  };
}

/** `file:./data/rapport.db` → `file:/abs/data/rapport.db`; PostgreSQL URLs and `:memory:` stay as they are. */
export function resolveDatabaseUrl(url: string, base: string): string {
  if (isPostgresUrl(url)) return url;
  const file = sqlitePath(url);
  return file === ':memory:' ? file : `file:${resolve(base, file)}`;
}

/** The file a SQLite URL names (`file:PATH`, `file://PATH` or a plain path), as `createDb` reads it. */
export function sqlitePath(url: string): string {
  return url.replace(/^file:(\/\/)?/, '') || ':memory:';
}

/** The option's value, or a usage error naming it. */
export function required(ctx: CommandContext, name: string, command: Command): string {
  const value = ctx.values[name];
  if (typeof value !== 'string' || value === '') {
    throw new CliError(`Missing --${name}. Usage: pnpm rapport ${command.usage}`, 2);
  }
  return value;
}

/** A string option's value, if given. */
export function optional(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.values[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Validates CLI input against a shared request schema; problems become one readable line each, named by
 * the option (`--email: "x" is not a valid email address`).
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  describe: (issue: z.core.$ZodIssue) => string | undefined = () => undefined,
): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const option = issue.path.length > 0 ? `--${issue.path.map(String).join('.')}` : 'input';
    return `  ${option}: ${describe(issue) ?? issue.message}`;
  });
  throw new CliError(`Invalid input:\n${lines.join('\n')}`, 2);
}

/** Lines of text as a left-aligned table with a header row. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** Database failures a person can fix (server down, wrong password, unreadable file), as a readable line. */
export function describeDbError(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  const known = [
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ETIMEDOUT',
    'EACCES',
    'EROFS',
    '28P01', // PostgreSQL: password authentication failed
    '28000', // PostgreSQL: no pg_hba.conf entry / role does not exist
    '3D000', // PostgreSQL: database does not exist
    'SQLITE_CANTOPEN',
    'SQLITE_NOTADB',
    'SQLITE_READONLY',
    'SQLITE_BUSY',
  ];
  if (!known.includes(code)) return null;
  const message = (err as Error).message || code;
  return `Cannot use the database (${code}): ${message}. Check RAPPORT_DATABASE_URL and that the database is running.`;
}
