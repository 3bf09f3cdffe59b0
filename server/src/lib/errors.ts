import type { ErrorCode } from '@rapport/shared';

import { en, type Messages, type Text, type Thing, textIn } from '../i18n';

/**
 * An expected failure with an HTTP status and a stable code; `onError` turns it into the shared error body.
 * The message is plain text or a function of the catalog (`(m) => m.errors.…`), written in the request's
 * language when the answer is sent (`messageIn`); `message` itself is the English text (for logs and tests).
 * @example throw new ApiError(404, 'not_found', (m) => m.errors.notFound('account'), { id })
 */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503,
    readonly code: ErrorCode,
    readonly text: Text,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
    /** Details with words for people in them (field issues), written in the answer's language. */
    readonly detailsIn?: (m: Messages) => unknown,
  ) {
    super(textIn(text, en));
    this.name = 'ApiError';
  }

  /** The message in a catalog's language. */
  messageIn(m: Messages): string {
    return textIn(this.text, m);
  }

  /** `details` in a catalog's language (the same values, only issue messages differ). */
  detailsFor(m: Messages): unknown {
    return this.detailsIn ? this.detailsIn(m) : this.details;
  }
}

export const notFound = (what: Thing, id: string) =>
  new ApiError(404, 'not_found', (m) => m.errors.notFound(what), { id });

export const forbidden = (message: Text = (m) => m.errors.forbidden) =>
  new ApiError(403, 'forbidden', message);

/** 409 for a write that named an old version; details carry the current record so nothing is lost. */
export const versionConflict = (what: Thing, current: unknown) =>
  new ApiError(409, 'version_conflict', (m) => m.errors.versionConflict(what), { current });

/** 409 for a unique value that another record holds. */
export const uniqueConflict = (message: Text, details: unknown) =>
  new ApiError(409, 'conflict', message, details);

/** 400 with one offending field. */
export const invalidField = (path: string, message: Text) =>
  new ApiError(
    400,
    'validation_failed',
    message,
    { issues: [{ path, message: textIn(message, en) }] },
    undefined,
    (m) => ({ issues: [{ path, message: textIn(message, m) }] }),
  );

/** Hono's own 400s (malformed JSON or form data) in the request's language; anything else as it came. */
export function httpMessage(message: string, m: Messages): string {
  if (!message) return m.errors.badRequest;
  if (message === en.errors.malformedJson) return m.errors.malformedJson;
  if (message.startsWith('Malformed FormData')) return m.errors.malformedForm;
  return message;
}
