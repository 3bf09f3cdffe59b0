import { intlLocale, m } from '../i18n/dashboard';

/*
 * Amounts as people type them in the plan editor (major units: `120000` or `120,000.50` euros, in Italian
 * `120.000,50`) and as the API stores them (integer minor units: 12000050 cents).
 */

const separators = new Map<string, '.' | ','>();

/**
 * The decimal separator people write in a language: a comma in Italian, a point in English.
 * @example decimalSeparator('it') // ','
 */
export function decimalSeparator(locale: string = intlLocale()): '.' | ',' {
  let found = separators.get(locale);
  if (!found) {
    let decimal: string | undefined;
    try {
      decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value;
    } catch {
      // not a locale Intl knows: a point
    }
    found = decimal === ',' ? ',' : '.';
    separators.set(locale, found);
  }
  return found;
}

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
 * An amount in minor units as the editor shows it: major units, no grouping, decimals only when needed,
 * after the language's decimal separator.
 * @example amountText(12000050, 'EUR', 'en') // '120000.50'
 * @example amountText(12000050, 'EUR', 'it') // '120000,50'
 * @example amountText(12000000, 'EUR') // '120000'
 */
export function amountText(minor: number, currency: string, locale: string = intlLocale()): string {
  const digits = currencyDigits(currency);
  const unit = 10 ** digits;
  const whole = Math.trunc(minor / unit);
  const fraction = minor % unit;
  if (fraction === 0 || digits === 0) return String(whole);
  return `${whole}${decimalSeparator(locale)}${String(fraction).padStart(digits, '0')}`;
}

export type ParsedAmount = { ok: true; minor: number | null } | { ok: false; message: string };

/** Digits, then decimals after a point (`.`) or a comma (`,`). */
const AMOUNT = { '.': /^(\d+)(?:\.(\d*))?$/, ',': /^(\d+)(?:,(\d*))?$/ } as const;
/** The other separator between groups of three digits: a comma in English, a point in Italian. */
const GROUP = { '.': /,(?=\d{3}(?:\D|$))/g, ',': /\.(?=\d{3}(?:\D|$))/g } as const;

/**
 * What a person typed, in minor units: `null` for nothing typed. The language's decimal separator starts
 * the decimals (a point in English, a comma in Italian); spaces, apostrophes and the other separator
 * between groups of three digits are grouping.
 * @example parseAmount('120,000.5', 'EUR', 'en') // { ok: true, minor: 12000050 }
 * @example parseAmount('120.000,5', 'EUR', 'it') // { ok: true, minor: 12000050 }
 * @example parseAmount('', 'EUR') // { ok: true, minor: null }
 */
export function parseAmount(text: string, currency: string, locale: string = intlLocale()): ParsedAmount {
  const digits = currencyDigits(currency);
  const decimal = decimalSeparator(locale);
  const compact = text.trim().replace(/[\s'’_\u00a0\u202f]/g, '');
  if (compact === '') return { ok: true, minor: null };
  const plain = compact.replace(GROUP[decimal], '');
  const match = AMOUNT[decimal].exec(plain);
  const words = m.dashboard.editor;
  const example =
    digits > 0 ? words.amountExample('120000', `120000${decimal}${'5'.padEnd(digits, '0')}`) : '120000';
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
