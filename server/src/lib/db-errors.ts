import { ApiError } from './errors';

/**
 * Maps a database constraint error that slipped past the checks (two writers racing) to a 409/400, so a
 * race never becomes a 500. Returns null for anything else.
 */
export function fromDbError(err: unknown): ApiError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
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
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001'].includes(code)) {
    return new ApiError(503, 'unavailable', (m) => m.errors.db.unavailable, undefined, {
      'Retry-After': '5',
    });
  }
  return null;
}

/** True for a unique or primary-key violation on either database (a concurrent writer took the value). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
