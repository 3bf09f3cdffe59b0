import { z } from 'zod';

/** Machine-readable error codes the API returns in `error.code`. */
export const ERROR_CODES = [
  'validation_failed',
  'invalid_json',
  'unauthorized',
  'forbidden',
  'not_found',
  'version_conflict',
  'conflict',
  /** 422: nothing in the request matched a known record (a touch whose participants are all unknown). */
  'no_match',
  /** 422: an `Idempotency-Key` already used for a different request (method, path or body). */
  'idempotency_key_reused',
  'payload_too_large',
  'rate_limited',
  'setup_not_available',
  'internal_error',
  'unavailable',
] as const;
export const zErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof zErrorCode>;

/**
 * The body of every non-2xx response.
 * @example { error: { code: 'not_found', message: 'Account not found', details: { id: 'x' } } }
 */
export const zApiErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof zApiErrorBody>;

/** One offending field in a `validation_failed` error's details. */
export const zFieldIssue = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof zFieldIssue>;
