/**
 * Readers for the values CRM exports write in cells: dates in several notations and amounts with thousand
 * separators, decimal commas and currency signs. Pure functions; each answers a value or a reason (a
 * function of the catalog, written in the language of whoever reads the report).
 */

import type { Messages, Text } from '../i18n';

export type DateOrder = 'dmy' | 'mdy';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: Text };

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/**
 * A calendar date (`YYYY-MM-DD`) from ISO dates and date-times (`2026-11-29`, `2026-11-29 10:00`,
 * `2026-11-29T10:00:00Z`: the date as written), `29/11/2026`, `29.11.2026`, `11/29/2026` (month first when the
 * day cannot be a month, or with `order` `mdy`), two-digit years (`29/11/26`), `29 Nov 2026` and
 * `Nov 29, 2026`; a time after the date is ignored. Impossible dates (31 February) are refused.
 * @example parseDate('03/04/2026', 'dmy') // { ok: true, value: '2026-04-03' }
 */
export function parseDate(input: string, order: DateOrder = 'dmy'): Parsed<string> {
  const s = input.trim();
  const fail = { ok: false as const, reason: (m: Messages) => m.transfer.reasons.notADate(s) };
  const ymd = DATE_FORMATS.map((f) => {
    const match = f.pattern.exec(s);
    return match ? f.read(match, order) : null;
  }).find((v) => v !== null);
  if (!ymd) return fail;
  const [y, m, d] = ymd;
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 9999) return fail;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return fail;
  return { ok: true, value: date.toISOString().slice(0, 10) };
}

/** A time after the date (ignored): `10:00`, `9:15 PM`, `23:30:00.000Z`, `10:00 +02:00`. */
const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?`;

/** The date notations, each with how it reads into [year, month, day]. */
const DATE_FORMATS: {
  pattern: RegExp;
  read: (m: RegExpExecArray, order: DateOrder) => [number, number, number];
}[] = [
  {
    // 2026-11-29, 2026/11/29
    pattern: new RegExp(`^(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})${TIME}$`, 'i'),
    read: (m) => [Number(m[1]), Number(m[2]), Number(m[3])],
  },
  {
    // 29/11/2026, 29.11.26, 11/29/2026: day first; month first when the second number cannot be a month, or with `mdy`
    pattern: new RegExp(`^(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{2}|\\d{4})${TIME}$`, 'i'),
    read: (m, order) => {
      const a = Number(m[1]);
      const b = Number(m[2]);
      const monthFirst = a <= 12 && b > 12 ? true : a > 12 ? false : order === 'mdy';
      return monthFirst ? [fullYear(m[3] ?? ''), a, b] : [fullYear(m[3] ?? ''), b, a];
    },
  },
  {
    // 29 Nov 2026, 29. November 2026
    pattern: new RegExp(`^(\\d{1,2})\\.?\\s+([a-z]{3,})\\.?,?\\s+(\\d{4})${TIME}$`, 'i'),
    read: (m) => [Number(m[3]), monthOf(m[2] ?? ''), Number(m[1])],
  },
  {
    // Nov 29, 2026; November 29th 2026
    pattern: new RegExp(`^([a-z]{3,})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${TIME}$`, 'i'),
    read: (m) => [Number(m[3]), monthOf(m[1] ?? ''), Number(m[2])],
  },
];

function fullYear(text: string): number {
  const n = Number(text);
  if (text.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

/** 1–12 for an English month name or its abbreviation (`Nov`, `Sept`); 0 otherwise (`Novembre`). */
function monthOf(name: string): number {
  const key = name.toLowerCase();
  return MONTHS.findIndex((month) => month.startsWith(key)) + 1;
}

const SYMBOLS: Record<string, string> = {
  '€': 'EUR',
  $: 'USD',
  '£': 'GBP',
  '¥': 'JPY',
  '₹': 'INR',
  'Fr.': 'CHF',
};

/** Digits after the decimal point in a currency's minor unit (EUR 2, JPY 0, KWD 3). */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

export interface ParsedAmount {
  /** In minor units (cents) of the currency. */
  minor: number;
  /** A currency named in the cell (`EUR 1.200,00`, `$1,200`), if any. */
  currency: string | null;
}

/**
 * An amount in minor units. Spaces and apostrophes group thousands (`1 234`, `1'234`); with both `.` and
 * `,` the last one is the decimal separator; a separator used more than once groups thousands; a lone one is
 * decimal when it is `decimal` (the file's convention) or not followed by exactly three digits. A currency
 * code or sign before or after the number is returned. More decimals than the currency has are refused.
 * @example parseAmount('1.234,5', { decimal: ',', currency: 'EUR' }) // { ok: true, value: { minor: 123450, currency: null } }
 */
export function parseAmount(
  input: string,
  options: { decimal: ',' | '.'; currency: (named: string | null) => string },
): Parsed<ParsedAmount> {
  const raw = input.trim();
  const fail = (why: (m: Messages) => (value: string) => string = (m) => m.transfer.reasons.notAnAmount) => ({
    ok: false as const,
    reason: (m: Messages) => why(m)(raw),
  });
  let s = raw;
  let named: string | null = null;
  const code = /^([A-Za-z]{3})\s*(.+)$|^(.+?)\s*([A-Za-z]{3})$/.exec(s);
  if (code) {
    named = (code[1] ?? code[4] ?? '').toUpperCase();
    s = (code[2] ?? code[3] ?? '').trim();
  } else {
    for (const [sign, iso] of Object.entries(SYMBOLS)) {
      if (s.startsWith(sign) || s.endsWith(sign)) {
        named = iso;
        s = (s.startsWith(sign) ? s.slice(sign.length) : s.slice(0, -sign.length)).trim();
        break;
      }
    }
  }
  if (s.startsWith('-') || s.startsWith('(')) return fail((m) => m.transfer.reasons.negativeAmount);
  s = s.replace(/[\s\u00a0\u202f']/g, '');
  if (!/^\d[\d.,]*$/.test(s) || /[.,]$/.test(s)) return fail();
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let decimalSep: string | null = null;
  if (lastDot !== -1 && lastComma !== -1) {
    decimalSep = lastDot > lastComma ? '.' : ',';
  } else {
    const sep = lastDot !== -1 ? '.' : lastComma !== -1 ? ',' : null;
    if (sep && s.split(sep).length === 2) {
      const after = s.length - s.indexOf(sep) - 1;
      decimalSep = sep === options.decimal || after !== 3 ? sep : null;
    }
  }
  let whole = s;
  let fraction = '';
  if (decimalSep) {
    const at = s.lastIndexOf(decimalSep);
    whole = s.slice(0, at);
    fraction = s.slice(at + 1);
    if (/[.,]/.test(fraction)) return fail();
  }
  const groups = whole.split(/[.,]/);
  if (groups.length > 1 && groups.slice(1).some((g) => g.length !== 3)) return fail();
  const currency = options.currency(named);
  const digits = minorDigits(currency);
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > digits) {
    return {
      ok: false,
      reason: (m: Messages) => m.transfer.reasons.tooManyDecimals(raw, currency, digits),
    };
  }
  const minor = Number(groups.join('')) * 10 ** digits + Number(trimmed.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return fail((m) => m.transfer.reasons.tooLarge);
  return { ok: true, value: { minor, currency: named } };
}

/** Splits a cell holding several values (`a.com; b.com`, `a@x.com, b@x.com`, one per line). */
export function splitList(cell: string): string[] {
  return cell
    .split(/[;,\n|]/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** A header or a value folded for comparison: lower case, letters and digits only. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
