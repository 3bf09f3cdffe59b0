import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';

import { ApiError } from './errors';

/** What a `validate` middleware checks; the OpenAPI document reads it off the app's routes (`validationOf`). */
export interface Validation {
  target: keyof ValidationTargets;
  schema: z.ZodType;
}

const VALIDATION = Symbol('rapport.validation');

/**
 * `zValidator` with our error body: 400 `validation_failed` listing every offending field. The middleware
 * carries its target and schema, so the OpenAPI document (`server/src/openapi/`) describes exactly what is
 * validated.
 * @example app.post('/', validate('json', zCreateAccountRequest), (c) => …)
 */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  const middleware = zValidator(target, schema, (result) => {
    if (!result.success) {
      const issues = result.error.issues.map((i) => ({
        path: i.path.map(String).join('.') || target,
        message: i.message,
      }));
      const first = issues[0];
      throw new ApiError(
        400,
        'validation_failed',
        first ? `Invalid ${target}: ${first.path}: ${first.message}` : `Invalid ${target}`,
        { target, issues },
      );
    }
  });
  const validation: Validation = { target, schema };
  return Object.assign(middleware, { [VALIDATION]: validation });
}

/**
 * The target and schema of a handler made by `validate`, else undefined.
 * @example app.routes.map((r) => validationOf(r.handler)).filter(Boolean)
 */
export function validationOf(handler: unknown): Validation | undefined {
  return typeof handler === 'function' ? (handler as { [VALIDATION]?: Validation })[VALIDATION] : undefined;
}
