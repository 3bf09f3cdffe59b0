import { m } from '../i18n/dashboard';

/*
 * Fiscal years as the plan API names them (`2027`: the year the fiscal year starts in). Which month it starts
 * in is a server setting the page learns from a plan's `startDate`.
 */

/**
 * Today's date in UTC (`YYYY-MM-DD`), the calendar the server counts periods in.
 * @example todayUtc(new Date('2027-03-31T23:30:00Z')) // '2027-03-31'
 */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The fiscal years shown in a period selector: `before` years before `period` up to `after` years after it,
 * plus `extra` (e.g. a period typed into the URL) when it falls outside, newest first.
 * @example periodsAround('2027', 1, 1) // ['2028', '2027', '2026']
 */
export function periodsAround(period: string, before = 2, after = 1, extra?: string | null): string[] {
  const year = Number(period);
  const years = new Set<number>();
  for (let y = year - before; y <= year + after; y++) if (y >= 1900 && y <= 9999) years.add(y);
  if (extra && /^\d{4}$/.test(extra)) years.add(Number(extra));
  return [...years].sort((a, b) => b - a).map(String);
}

/**
 * Where a day falls against a period's first and last day (inclusive, `YYYY-MM-DD`): -1 before it, 0 in
 * it, 1 after it. ISO dates compare as strings.
 * @example comparePeriod('2027-02-01', { startDate: '2026-04-01', endDate: '2027-03-31' }) // 0
 */
export function comparePeriod(day: string, window: { startDate: string; endDate: string }): -1 | 0 | 1 {
  if (day < window.startDate) return -1;
  if (day > window.endDate) return 1;
  return 0;
}

/**
 * How a selector names a period.
 * @example periodLabel('2027', '2027') // 'Fiscal year 2027 (current)'
 */
export function periodLabel(period: string, current: string | null): string {
  return period === current ? m.dashboard.periods.current(period) : m.dashboard.periods.year(period);
}

/**
 * The current fiscal year, knowing the first day of any fiscal year (its month is the setting) and today.
 * @example currentPeriod('2026-04-01', '2027-02-10') // '2026'
 */
export function currentPeriod(anyStartDate: string, today: string): string {
  const startMonth = Number(anyStartDate.slice(5, 7));
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return String(month >= startMonth ? year : year - 1);
}
