/*
 * Times as `<input type="datetime-local">` holds them, in the reader's own time zone. Shown times are
 * `formatDateTime` (and calendar dates `formatDate`) in `../ui/format.ts`, in the current language.
 */

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
