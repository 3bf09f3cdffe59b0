import type {
  AccountStatus,
  BuyingRole,
  Influence,
  OpportunityStage,
  OpportunityType,
  SignalSeverity,
  Stance,
} from '@rapport/shared';

/** Words a person reads for each enum value (the API's values stay snake_case). */
export const LABELS = {
  role: {
    economic_buyer: 'Economic buyer',
    technical_decision_maker: 'Technical decision-maker',
    purchasing: 'Purchasing',
    executive_sponsor: 'Executive sponsor',
    influencer: 'Influencer',
    end_user: 'End user',
    gatekeeper: 'Gatekeeper',
    legal: 'Legal',
  } satisfies Record<BuyingRole, string>,
  stance: {
    champion: 'Champion',
    supporter: 'Supporter',
    neutral: 'Neutral',
    skeptic: 'Skeptic',
    blocker: 'Blocker',
  } satisfies Record<Stance, string>,
  influence: { high: 'High influence', medium: 'Medium influence', low: 'Low influence' } satisfies Record<
    Influence,
    string
  >,
  status: { prospect: 'Prospect', customer: 'Customer', former_customer: 'Former customer' } satisfies Record<
    AccountStatus,
    string
  >,
  stage: {
    qualify: 'Qualify',
    discover: 'Discover',
    propose: 'Propose',
    negotiate: 'Negotiate',
    won: 'Won',
    lost: 'Lost',
  } satisfies Record<OpportunityStage, string>,
  type: { new_business: 'New business', expansion: 'Expansion', renewal: 'Renewal' } satisfies Record<
    OpportunityType,
    string
  >,
  severity: { high: 'High', medium: 'Medium', low: 'Low' } satisfies Record<SignalSeverity, string>,
};

/*
 * Formatters are built once per locale (and currency) and kept: the first currency formatter in a page
 * costs about 25 ms (the ICU data loads), which would otherwise land between the lookup's answer and the
 * card appearing. `warmFormatters()` pays that cost while the page is idle.
 */
const amountFormats = new Map<string, { format: Intl.NumberFormat; digits: number }>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function amountFormat(currency: string, locale?: string) {
  const key = `${locale ?? ''}|${currency}`;
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
export function formatAmount(minor: number, currency: string, locale?: string): string {
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
export function formatDate(value: string, locale?: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const key = locale ?? '';
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    dateFormats.set(key, format);
  }
  return format.format(date);
}

/**
 * Builds the default locale's formatters ahead of the first card (call when the page is idle).
 * @example ctx.requestIdleCallback(warmFormatters, { timeout: 1000 })
 */
export function warmFormatters(): void {
  formatAmount(0, 'EUR');
  formatDate('2000-01-01');
}
