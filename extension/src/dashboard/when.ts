/*
 * Times on the timeline, in the reader's own time zone (dates of plans and due dates are calendar dates:
 * `formatDate` in `../ui/format.ts`).
 */

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * A timestamp as a local date and time.
 * @example formatDateTime('2027-03-31T09:30:00Z', 'en') // 'Mar 31, 2027, 11:30 AM' (in Rome)
 */
export function formatDateTime(value: string, locale?: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const key = locale ?? '';
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    formats.set(key, format);
  }
  return format.format(date);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A moment as an `<input type="datetime-local">` value in the reader's time zone.
 * @example localInputValue(new Date(2027, 2, 31, 9, 5)) // '2027-03-31T09:05'
 */
export function localInputValue(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * An `<input type="datetime-local">` value (local time) as an ISO timestamp, or null when it is not one.
 * @example fromLocalInput('2027-03-31T09:05') // '2027-03-31T07:05:00.000Z' (in Rome, summer time)
 */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
