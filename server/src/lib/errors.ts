import type { ErrorCode } from '@rapport/shared';

/**
 * An expected failure with an HTTP status and a stable code; `onError` turns it into the shared error body.
 * @example throw new ApiError(404, 'not_found', 'Account not found', { id })
 */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string, id: string) =>
  new ApiError(404, 'not_found', `${what} not found`, { id });

export const forbidden = (message = 'Your role does not allow this') =>
  new ApiError(403, 'forbidden', message);

/** 409 for a write that named an old version; details carry the current record so nothing is lost. */
export const versionConflict = (what: string, current: unknown) =>
  new ApiError(
    409,
    'version_conflict',
    `${what} was changed by someone else; review the current version and apply your changes again`,
    { current },
  );

/** 409 for a unique value that another record holds. */
export const uniqueConflict = (message: string, details: unknown) =>
  new ApiError(409, 'conflict', message, details);

/** 400 with one offending field. */
export const invalidField = (path: string, message: string) =>
  new ApiError(400, 'validation_failed', message, { issues: [{ path, message }] });
