import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';

import { ApiError } from './errors';

/**
 * `zValidator` with our error body: 400 `validation_failed` listing every offending field.
 * @example app.post('/', validate('json', zCreateAccountRequest), (c) => …)
 */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, (result) => {
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
}
