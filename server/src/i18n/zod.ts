import type { z } from 'zod';

import { en, type Messages } from './en';

/*
 * Zod issues in the request's language. English requests keep zod's own messages untouched; for another
 * language `zodErrorMap` words zod's issues from the catalog, and `localizeIssue` translates the few custom
 * messages of the shared schemas, which zod reports as written (a schema's own message wins over any map).
 */

type RawIssue = z.core.$ZodRawIssue;

function typeName(m: Messages, type: string): string {
  return (m.validation.types as Record<string, string>)[type] ?? type;
}

function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && Number.isInteger(input)) return 'number';
  return typeof input;
}

/**
 * A zod error map writing issues from a catalog (pass it as `{ error }` to a parse).
 * @example schema.safeParse(data, { error: zodErrorMap(it) })
 */
export function zodErrorMap(m: Messages): z.core.$ZodErrorMap {
  const i = m.validation.issue;
  return (issue: RawIssue) => {
    switch (issue.code) {
      case 'invalid_type':
        return issue.input === undefined
          ? i.required
          : i.expected(typeName(m, issue.expected), typeName(m, received(issue.input)));
      case 'too_small': {
        const min = Number(issue.minimum);
        if (issue.origin === 'string') return i.tooShort(min);
        if (issue.origin === 'array' || issue.origin === 'set') return i.tooFew(min);
        return i.tooSmall(String(issue.minimum), issue.inclusive ?? true);
      }
      case 'too_big': {
        const max = Number(issue.maximum);
        if (issue.origin === 'string') return i.tooLong(max);
        if (issue.origin === 'array' || issue.origin === 'set') return i.tooMany(max);
        return i.tooBig(String(issue.maximum), issue.inclusive ?? true);
      }
      case 'invalid_format':
        if (issue.format === 'email') return i.email;
        if (issue.format === 'url') return i.url;
        if (issue.format === 'datetime') return i.datetime;
        if (issue.format === 'date') return i.date;
        return i.format;
      case 'not_multiple_of':
        return i.multipleOf(String(issue.divisor));
      case 'invalid_value':
        return i.oneOf(issue.values.map((v) => String(v)).join(', '));
      case 'unrecognized_keys':
        return i.unknownKeys(issue.keys);
      default:
        return i.invalid;
    }
  };
}

const MAPS = new Map<Messages, z.core.$ZodErrorMap>();

/** Parse options for a catalog: none for English (zod's own words), else its error map. */
export function parseOptions(m: Messages): { error?: z.core.$ZodErrorMap } {
  if (m === en) return {};
  let map = MAPS.get(m);
  if (!map) {
    map = zodErrorMap(m);
    MAPS.set(m, map);
  }
  return { error: map };
}

/** The shared schemas' own messages (their English text) and how each is said in the catalog. */
const KNOWN: [RegExp, (m: Messages, value: string) => string][] = [
  [/^Required$/, (m) => m.validation.issue.required],
  [/^Invalid id$/, (m) => m.validation.custom.invalidId],
  [/^At least 1 day$/, (m) => m.validation.custom.atLeastOneDay],
  [/^At most 30 days$/, (m) => m.validation.custom.atMost30Days],
  [/^"(.*)" is not a valid email address$/s, (m, v) => m.validation.custom.badEmail(v)],
  [/^"(.*)" is not a valid domain$/s, (m, v) => m.validation.custom.badDomain(v)],
  [/^"(.*)" is not a LinkedIn company page URL or slug$/s, (m, v) => m.validation.custom.badCompanyPage(v)],
  [/^"(.*)" is not a LinkedIn profile URL or slug$/s, (m, v) => m.validation.custom.badProfile(v)],
  [/^Use an ISO 4217 code such as EUR or USD$/, (m) => m.validation.custom.currency],
  [/^Give at least one email address or LinkedIn URL$/, (m) => m.validation.custom.lookupNeedsOne],
  [/^This product line is listed twice$/, (m) => m.validation.custom.productLineTwice],
  [/^This objective is listed twice$/, (m) => m.validation.custom.objectiveTwice],
  [/^This action is listed twice$/, (m) => m.validation.custom.actionTwice],
  [/^Type something to search for$/, (m) => m.validation.custom.searchEmpty],
  [/^An origin is scheme:\/\/host\[:port\], with no path$/, (m) => m.validation.custom.origin],
  [/^Use an http\(s\) link$/, (m) => m.validation.custom.httpLink],
  [/^Use at least 10 characters$/, (m) => m.validation.custom.passwordLength],
  [/^Rapport never stores the body of an email/, (m) => m.validation.custom.emailHasNoNotes],
  [/^A key account must have an owner/, (m) => m.errors.accounts.keyNeedsOwner],
  [/^A contract needs termMonths/, (m) => m.errors.opportunities.termRule],
  [/^Say why the opportunity was won or lost/, (m) => m.errors.opportunities.closeReasonRule],
  [/^Only a supply contract has a start date$/, (m) => m.errors.opportunities.contractStartRule],
];

/**
 * An issue's message in the catalog's language: a shared schema's custom English message translated, any
 * other message (already written by `zodErrorMap`) as it is.
 * @example localizeIssue('Required', it) // 'Obbligatorio'
 */
export function localizeIssue(message: string, m: Messages): string {
  if (m === en) return message;
  for (const [pattern, say] of KNOWN) {
    const match = pattern.exec(message);
    if (match) return say(m, match[1] ?? '');
  }
  return message;
}
