import type { Context } from 'hono';
import type { z } from 'zod';

import { en, type Messages } from '../i18n';
import { localizeIssue, parseOptions } from '../i18n/zod';

/** Field name → the message shown next to it (and in the summary at the top of the page). */
export type FieldErrors = Record<string, string>;

/** The posted form as strings (file fields, which no console form has, are dropped). */
export async function formFields(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * One message per field, the first zod gives, in a catalog's language; a list item's message names its line
 * (`companyDomains.2`).
 */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], m: Messages = en): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const [field, index] = issue.path;
    const key = field === undefined ? 'form' : String(field);
    if (errors[key]) continue;
    const message = localizeIssue(issue.message, m);
    errors[key] = typeof index === 'number' ? m.validation.line(index + 1, message) : message;
  }
  return errors;
}

/**
 * Validates form values with a shared schema: the parsed data, or the field errors to show in the page's
 * language (`c.var.lang.m`).
 * @example const parsed = parseForm(zLoginRequest, { email: f.email, password: f.password }, m)
 */
export function parseForm<T extends z.ZodType>(
  schema: T,
  values: unknown,
  m: Messages = en,
): { ok: true; data: z.infer<T> } | { ok: false; errors: FieldErrors } {
  const parsed = schema.safeParse(values, parseOptions(m));
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, errors: fieldErrors(parsed.error.issues, m) };
}

/** A whole number typed in a form, or the text as typed (so the schema reports it). */
export function formNumber(value: string | undefined): number | string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

/** A list typed one item per line (commas also separate); blank lines are ignored. */
export function formList(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\r\n,]+/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** A local path to go back to after sign-in: only console pages, never another site. */
export function safeNext(value: string | undefined): string {
  return value && /^\/admin(\/[^/\\]|$|\?)/.test(value) && !value.includes('//') ? value : '/admin';
}
