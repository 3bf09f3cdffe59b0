import { ApiError } from './errors';

/**
 * Maps a database constraint error that slipped past the checks (two writers racing) to a 409/400, so a
 * race never becomes a 500, and a database that cannot answer now to 503 `unavailable` with Retry-After.
 * Returns null for anything else.
 */
export function fromDbError(err: unknown): ApiError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return isUnavailable(err) ? unavailable() : null;
  if (isUniqueViolation(err)) return new ApiError(409, 'conflict', (m) => m.errors.db.unique);
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new ApiError(409, 'conflict', (m) => m.errors.db.reference);
  }
  // PostgreSQL: text it cannot hold (NUL, or bytes not in UTF-8) that got past the checks on input
  if (code === '22021' || code === '22P05') {
    return new ApiError(400, 'validation_failed', (m) => m.errors.nulCharacter);
  }
  if (code === '23514' || code === 'SQLITE_CONSTRAINT_CHECK') {
    return new ApiError(400, 'validation_failed', (m) => m.errors.db.rule);
  }
  if (isUnavailable(err)) return unavailable();
  return null;
}

/** Seconds a client is asked to wait before trying again when the database does not answer. */
export const RETRY_AFTER_SECONDS = 5;

/** 503 `unavailable` with Retry-After: the database is down, restarting, locked or too slow right now. */
export function unavailable(): ApiError {
  return new ApiError(503, 'unavailable', (m) => m.errors.db.unavailable, undefined, {
    'Retry-After': String(RETRY_AFTER_SECONDS),
  });
}

/**
 * Codes of a database that cannot answer now but may shortly: the connection refused, cut or timed out,
 * PostgreSQL shutting down, starting, out of connections or cancelling a statement past `statement_timeout`
 * (57014), SQLite's file locked by another writer past `busy_timeout`.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '57014', // query_canceled (statement_timeout)
  '53300', // too_many_connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '08007',
  '08P01',
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_TIMEOUT',
  'SQLITE_BUSY_RECOVERY',
  'SQLITE_LOCKED',
  'SQLITE_LOCKED_SHAREDCACHE',
]);

/**
 * node-postgres's own failures carry no code, only these messages: a connection that closed under a query, a
 * pool that could not connect within `connectionTimeoutMillis`, a client already broken.
 */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
];

/** True when the error says the database is unreachable or busy right now, not that the request is wrong. */
export function isUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return UNAVAILABLE_CODES.has(code);
  const message = err instanceof Error ? err.message : '';
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

/** True for a unique or primary-key violation on either database (a concurrent writer took the value). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
