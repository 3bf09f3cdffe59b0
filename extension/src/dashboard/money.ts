import { intlLocale, m } from '../i18n';

/*
 * Amounts as people type them in the plan editor (major units: `120000` or `120,000.50` euros) and as the
 * API stores them (integer minor units: 12000050 cents).
 */

const digitsCache = new Map<string, number>();

/**
 * Minor units per major unit, as a power of ten (2 for EUR, 0 for JPY); 2 for a code Intl does not know.
 * @example currencyDigits('JPY') // 0
 */
export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits =
        new Intl.NumberFormat(intlLocale(), { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsCache.set(currency, digits);
  }
  return digits;
}

/**
 * An amount in minor units as the editor shows it: major units, no grouping, decimals only when needed.
 * @example amountText(12000050, 'EUR') // '120000.50'
 * @example amountText(12000000, 'EUR') // '120000'
 */
export function amountText(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const unit = 10 ** digits;
  const whole = Math.trunc(minor / unit);
  const fraction = minor % unit;
  if (fraction === 0 || digits === 0) return String(whole);
  return `${whole}.${String(fraction).padStart(digits, '0')}`;
}

export type ParsedAmount = { ok: true; minor: number | null } | { ok: false; message: string };

/**
 * What a person typed, in minor units: `null` for nothing typed. Spaces, apostrophes and commas between
 * groups of three digits are separators; a point starts the decimals.
 * @example parseAmount('120,000.5', 'EUR') // { ok: true, minor: 12000050 }
 * @example parseAmount('', 'EUR') // { ok: true, minor: null }
 */
export function parseAmount(text: string, currency: string): ParsedAmount {
  const digits = currencyDigits(currency);
  const compact = text.trim().replace(/[\s'_\u00a0\u202f]/g, '');
  if (compact === '') return { ok: true, minor: null };
  const plain = compact.replace(/,(?=\d{3}(?:\D|$))/g, '');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(plain);
  const words = m.dashboard.editor;
  const example = digits > 0 ? words.amountExample('120000', `120000.${'5'.padEnd(digits, '0')}`) : '120000';
  if (!match) return { ok: false, message: words.amountDigits(currency, example) };
  const fraction = match[2] ?? '';
  if (fraction.length > digits) {
    return {
      ok: false,
      message: digits === 0 ? words.amountWhole(currency) : words.amountDecimals(digits, currency),
    };
  }
  const minor = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return { ok: false, message: words.amountTooLarge };
  return { ok: true, minor };
}
