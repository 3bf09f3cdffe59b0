import type { z } from 'zod';

import { en, type Messages } from '../i18n';
import { localizeIssue, parseOptions } from '../i18n/zod';

type Issue = z.core.$ZodIssue;

/**
 * A failed parse's issues in a catalog's language: in English as zod reported them; in another language by
 * parsing the same value again with that language's error map (a rejected row is rare, and the report keeps
 * its value until it is shown), the shared schemas' own messages translated.
 * @example issuesIn(zAccountFields, raw, parsed.error.issues, it)[0]?.message // 'Obbligatorio'
 */
export function issuesIn(schema: z.ZodType, value: unknown, english: readonly Issue[], m: Messages): Issue[] {
  if (m === en) return [...english];
  const again = schema.safeParse(value, parseOptions(m));
  const issues = again.success ? english : again.error.issues;
  return issues.map((i) => ({ ...i, message: localizeIssue(i.message, m) }));
}
