import type { ValidationTargets } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';

import type { Language } from '../i18n';
import { localizeIssue, parseOptions } from '../i18n/zod';
import { ApiError } from './errors';

/** What a `validate` middleware checks; the OpenAPI document reads it off the app's routes (`validationOf`). */
export interface Validation {
  target: keyof ValidationTargets;
  schema: z.ZodType;
}

const VALIDATION = Symbol('rapport.validation');

/**
 * Validates a request part with a zod schema: 400 `validation_failed` listing every offending field, in the
 * request's language (`c.var.lang`; English keeps zod's own wording). The middleware carries its target and
 * schema, so the OpenAPI document (`server/src/openapi/`) describes exactly what is validated.
 * @example app.post('/', validate('json', zCreateAccountRequest), (c) => …)
 */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  const middleware = validator(target, async (value, c): Promise<z.output<T>> => {
    if (holdsNul(value)) {
      throw new ApiError(400, 'validation_failed', (m) => m.errors.nulCharacter, { target });
    }
    const lang = (c.var as { lang?: Language }).lang;
    const m = lang?.m;
    const result = await schema.safeParseAsync(value, m ? parseOptions(m) : {});
    if (result.success) return result.data;
    const issues = result.error.issues.map((i) => ({
      path: i.path.map(String).join('.') || target,
      message: m ? localizeIssue(i.message, m) : i.message,
    }));
    const first = issues[0];
    throw new ApiError(
      400,
      'validation_failed',
      (cat) =>
        first ? cat.validation.invalidAt(target, first.path, first.message) : cat.validation.invalid(target),
      { target, issues },
    );
  });
  const validation: Validation = { target, schema };
  return Object.assign(middleware, { [VALIDATION]: validation });
}

/** Whether any text in a parsed request part holds NUL, which PostgreSQL cannot store (lib/body.ts `hasNul`). */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => k.includes('\0') || holdsNul(v));
  }
  return false;
}

/**
 * The target and schema of a handler made by `validate`, else undefined.
 * @example app.routes.map((r) => validationOf(r.handler)).filter(Boolean)
 */
export function validationOf(handler: unknown): Validation | undefined {
  return typeof handler === 'function' ? (handler as { [VALIDATION]?: Validation })[VALIDATION] : undefined;
}
