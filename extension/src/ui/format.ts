import type {
  AccountStatus,
  BuyingRole,
  Influence,
  OpportunityStage,
  OpportunityType,
  SignalSeverity,
  Stance,
} from '@rapport/shared';

import { intlLocale, m } from '../i18n';

/**
 * Words a person reads for each enum value, in the current language (`../i18n/en/labels.ts` and its translations); getters, so a
 * caller always reads the language chosen now.
 */
export const LABELS = {
  get role(): Record<BuyingRole, string> {
    return m.labels.role;
  },
  get stance(): Record<Stance, string> {
    return m.labels.stance;
  },
  get influence(): Record<Influence, string> {
    return m.labels.influence;
  },
  get status(): Record<AccountStatus, string> {
    return m.labels.status;
  },
  get stage(): Record<OpportunityStage, string> {
    return m.labels.stage;
  },
  get type(): Record<OpportunityType, string> {
    return m.labels.type;
  },
  get severity(): Record<SignalSeverity, string> {
    return m.labels.severity;
  },
};

/**
 * A value a write body carries, in the person's words: the label of an enumerated field (buying roles,
 * stance, influence, account status), else the value as it is.
 * @example fieldValueWord('stance', 'champion') // 'Champion'
 */
export function fieldValueWord(field: string, value: string): string {
  const labels: Record<string, Record<string, string>> = {
    roles: LABELS.role,
    stance: LABELS.stance,
    influence: LABELS.influence,
    status: LABELS.status,
  };
  return labels[field]?.[value] ?? value;
}

/*
 * Formatters are built once per locale (and currency) and kept: the first currency formatter in a page
 * costs about 25 ms (the ICU data loads), which would otherwise land between the lookup's answer and the
 * card appearing. `warmFormatters()` pays that cost while the page is idle.
 */
const amountFormats = new Map<string, { format: Intl.NumberFormat; digits: number }>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function amountFormat(currency: string, locale: string) {
  const key = `${locale}|${currency}`;
  let entry = amountFormats.get(key);
  if (!entry) {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 });
    const digits =
      new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2;
    entry = { format, digits };
    amountFormats.set(key, entry);
  }
  return entry;
}

/**
 * An amount in minor units, formatted for the locale.
 * @example formatAmount(1250000, 'EUR', 'en') // '€12,500'
 */
export function formatAmount(minor: number, currency: string, locale: string = intlLocale()): string {
  try {
    const { format, digits } = amountFormat(currency, locale);
    return format.format(minor / 10 ** digits);
  } catch {
    return `${(minor / 100).toFixed(0)} ${currency}`;
  }
}

/**
 * A calendar date (`YYYY-MM-DD`) or timestamp as a short local date.
 * @example formatDate('2027-03-31', 'en') // 'Mar 31, 2027'
 */
export function formatDate(value: string, locale: string = intlLocale()): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }
  return format.format(date);
}

/** Date-time and percent formatters, built once per kind and locale like the ones above. */
const otherFormats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cachedFormat<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let format = otherFormats.get(key) as T | undefined;
  if (!format) {
    format = make();
    otherFormats.set(key, format);
  }
  return format;
}

/**
 * A timestamp as a local date and time, in the reader's own time zone (calendar dates: `formatDate`).
 * @example formatDateTime('2027-03-31T09:30:00Z', 'en') // 'Mar 31, 2027, 11:30 AM' (in Rome)
 */
export function formatDateTime(value: string, locale: string = intlLocale()): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const format = cachedFormat(
    `datetime|${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
  );
  return format.format(date);
}

/**
 * A whole percentage (84 for 84%) as the locale writes it.
 * @example formatPercent(84, 'en') // '84%'
 * @example formatPercent(84, 'de') // '84 %'
 */
export function formatPercent(percent: number, locale: string = intlLocale()): string {
  const format = cachedFormat(
    `percent|${locale}`,
    () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }),
  );
  return format.format(percent / 100);
}

/**
 * Builds the default locale's formatters ahead of the first card (call when the page is idle).
 * @example ctx.requestIdleCallback(warmFormatters, { timeout: 1000 })
 */
export function warmFormatters(): void {
  formatAmount(0, 'EUR');
  formatDate('2000-01-01');
}
