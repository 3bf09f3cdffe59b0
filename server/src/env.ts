import { z } from 'zod';

/** Configuration from the environment, parsed once. The only module that reads `process.env`. */
export const zEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  /** Interface to listen on; all interfaces when unset. */
  HOST: z.string().min(1).optional(),
  /** `file:PATH` or a plain path for SQLite, `postgres://…` for PostgreSQL. */
  RAPPORT_DATABASE_URL: z.string().min(1).default('file:./data/rapport.db'),
  /** The address people reach this server at; used in the printed setup link. */
  RAPPORT_PUBLIC_URL: z.url().optional(),
  /** log2 of scrypt's cost N for new password hashes (15 = 32 MiB, about 100 ms). Existing hashes keep theirs. */
  RAPPORT_SCRYPT_LOG_N: z.coerce.number().int().min(10).max(20).default(15),
  /** Largest request body in bytes. */
  RAPPORT_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** Largest CSV import body in bytes (`POST /api/v1/import/csv`); the body streams, it is never held whole. */
  RAPPORT_IMPORT_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .default(200 * 1024 * 1024),
  /**
   * Sign-in attempts allowed from one client address per 15 minutes (the API, the console and the extension
   * together). An office behind one NAT address counts as one client: raise it for a large team there.
   */
  RAPPORT_LOGIN_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
  /** Days a login session token lasts. */
  RAPPORT_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Trust X-Forwarded-For for the client address (only behind a reverse proxy you run). */
  RAPPORT_TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /**
   * PostgreSQL: longest a request's statement may run (a lock held elsewhere, a stuck database) before it is
   * cancelled and answered 503 `unavailable` with Retry-After. 0: no limit. Imports and exports lift it.
   */
  RAPPORT_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  /** Log level: `info` logs each request, `warn` only problems, `silent` nothing. */
  RAPPORT_LOG_LEVEL: z.enum(['silent', 'error', 'warn', 'info', 'debug']).default('info'),
});
export type Env = z.infer<typeof zEnv>;

/** Parses the environment; exits with a readable message on a bad value (fail fast). */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = zEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Configuration for tests: defaults with a cheap scrypt cost and no request logs. */
export function testEnv(overrides: Partial<Env> = {}): Env {
  return { ...zEnv.parse({}), RAPPORT_SCRYPT_LOG_N: 10, RAPPORT_LOG_LEVEL: 'silent', ...overrides };
}

/** Where the command was started, for resolving the relative paths a person types. */
export interface Launch {
  /**
   * The directory the command was run from. npm and pnpm run scripts in the package folder and pass the
   * original directory as `INIT_CWD` (`pnpm exec` keeps it), so `backup ./x.db` lands where the person is.
   */
  dir: string;
  /** True when `RAPPORT_DATABASE_URL` was set; the default database lives in the repository's data/. */
  databaseUrlSet: boolean;
}

/** @example resolve(launch().dir, './backup.db') */
export function launch(source: Record<string, string | undefined> = process.env): Launch {
  return { dir: source.INIT_CWD || process.cwd(), databaseUrlSet: Boolean(source.RAPPORT_DATABASE_URL) };
}
