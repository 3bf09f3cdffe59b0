import { m } from '../i18n';
import type { ErrorCode, RapportError } from '../messaging';

/** A failure carrying the typed error the caller receives; thrown inside the background only. */
export class RapportFailure extends Error {
  constructor(readonly error: RapportError) {
    super(error.message);
    this.name = 'RapportFailure';
  }
}

/**
 * Throws a typed failure.
 * @example fail('signed_out', 'Sign in to Rapport from its options page.')
 */
export function fail(code: ErrorCode, message: string, details?: unknown): never {
  throw new RapportFailure(details === undefined ? { code, message } : { code, message, details });
}

/** The typed error for anything thrown in the background; unknown errors become 'server'. */
export function toRapportError(err: unknown): RapportError {
  if (err instanceof RapportFailure) return err.error;
  console.error('[rapport] unexpected error', err);
  return { code: 'server', message: m.common.errors.unexpected };
}

/** The server's `{ error: { code, message, details } }` body, when it is one. */
export function apiError(body: unknown): { code: string; message: string; details?: unknown } | null {
  const error = (body as { error?: unknown } | null)?.error as Record<string, unknown> | undefined;
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string') return null;
  return { code: error.code, message: error.message, details: error.details };
}

/**
 * Maps a non-2xx answer to a typed error. `body` is the parsed JSON, or undefined when it was not JSON.
 * @example fromHttp(409, { error: { code: 'version_conflict', message: '…' } }, origin).code // 'conflict'
 */
export function fromHttp(status: number, body: unknown, server: string): RapportError {
  const api = apiError(body);
  if (!api) {
    // A proxy's error page while Rapport behind it is down, or something that is not Rapport at all.
    if (status === 502 || status === 503 || status === 504) {
      return { code: 'unreachable', message: m.common.errors.notAnswering(server, status) };
    }
    return { code: 'not_rapport', message: m.common.errors.notRapportHttp(server, status) };
  }
  const withDetails = (code: ErrorCode, message = api.message): RapportError =>
    api.details === undefined ? { code, message } : { code, message, details: api.details };
  if (status === 401) return { code: 'expired', message: m.common.errors.sessionEnded };
  if (status === 403) return withDetails('forbidden');
  // A record that is gone (deleted or merged, see details.mergedInto) is a conflict with what the page shows.
  if (status === 404 || status === 409) return withDetails('conflict');
  if (status === 400 || status === 413 || status === 422) return withDetails('validation');
  // 429 (its message says when to retry) and 5xx.
  if (status === 503) return withDetails('server', m.common.errors.noDatabase);
  return withDetails('server');
}
