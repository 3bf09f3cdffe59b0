/*
 * Dates as a mail site writes them for people, in the page's language: "Tue, 4 Mar 2025, 11:02",
 * "Tue, Mar 4, 2025, 11:02 AM", "mar 4 mar 2025, 11:02", "4 mag 2025, 09:15". `Date.parse` reads only
 * English month names, and what it accepts beyond ISO 8601 differs between browsers (Firefox refuses strings
 * Chrome reads), so these are parsed here: month and weekday names come from `Intl.DateTimeFormat` for the
 * page's language plus English. Pure; Gmail reads it (`extract/gmail.ts`), Outlook can too.
 *
 * Where the formats were learned: the English title is the one the Gmail fixtures were saved with
 * (tests/fixtures/gmail/thread.html); the Italian one was not captured from a live mailbox, it is written by
 * analogy (docs/issue-6-research.md §5), so the parser is tolerant of order and punctuation rather than
 * tied to one pattern.
 */

interface NameTables {
  months: Map<string, number>;
  weekdays: Set<string>;
}

const tables = new Map<string, NameTables>();

/** The words a language uses for months (short, long, in a date and standing alone) and weekdays. */
function namesOf(lang: string): NameTables {
  const cached = tables.get(lang);
  if (cached) return cached;
  const months = new Map<string, number>();
  const weekdays = new Set<string>();
  const add = (set: (word: string) => void, text: string) => {
    const word = clean(text);
    if (!/^\p{L}+$/u.test(word)) return;
    set(word);
    if (word.length > 3) set(word.slice(0, 3)); // "Sept" and "Sep", "giovedì" and "gio"
  };
  try {
    for (const width of ['short', 'long'] as const) {
      const alone = new Intl.DateTimeFormat(lang, { month: width, timeZone: 'UTC' });
      const inDate = new Intl.DateTimeFormat(lang, { day: 'numeric', month: width, timeZone: 'UTC' });
      const day = new Intl.DateTimeFormat(lang, { weekday: width, timeZone: 'UTC' });
      for (let i = 0; i < 12; i++) {
        const at = Date.UTC(2021, i, 15);
        const setMonth = (word: string) => {
          if (!months.has(word)) months.set(word, i);
        };
        add(setMonth, alone.format(at));
        for (const part of inDate.formatToParts(at)) if (part.type === 'month') add(setMonth, part.value);
      }
      // 3 January 2021 was a Sunday.
      for (let i = 0; i < 7; i++) add((w) => weekdays.add(w), day.format(Date.UTC(2021, 0, 3 + i)));
    }
  } catch {
    // not a language Intl knows: no names from it
  }
  const result = { months, weekdays };
  tables.set(lang, result);
  return result;
}

/** Lower case, composed accents, no trailing dot ("Gen." → "gen"). */
function clean(word: string): string {
  return word.normalize('NFC').toLowerCase().replace(/\.$/, '').trim();
}

/**
 * The page language's names first, then English ones it lacks (a page may mix them, and English is what
 * Gmail falls back to).
 */
function merged(lang: string | null | undefined): NameTables {
  const base = (lang ?? '').trim().split(/[-_]/)[0]?.toLowerCase() || 'en';
  const own = namesOf(base);
  if (base === 'en') return own;
  const en = namesOf('en');
  const months = new Map(own.months);
  for (const [word, i] of en.months) if (!months.has(word)) months.set(word, i);
  return { months, weekdays: new Set([...own.weekdays, ...en.weekdays]) };
}

const TIME = /(\d{1,2}):(\d{2})(?::\d{2})?(?:\s*([ap])\.?\s*m\b\.?)?/iu;

/**
 * A date and time written for people, as a timestamp in the browser's time zone (the one the site writes
 * in), or null unless it reads for sure: the month must be named (an all-digit "04/03/2025" is 4 March or
 * 3 April), with a day and a four-digit year. A leading weekday is skipped first: in Italian "mar" is both
 * martedì and marzo. 24-hour and 12-hour clocks; no time is midnight.
 * @example parseHumanDate('mar 4 mar 2025, 11:02', 'it') === new Date(2025, 2, 4, 11, 2).getTime()
 * @example parseHumanDate('Mon, 04/03/2025, 11:02', 'en') // null
 */
export function parseHumanDate(text: string, lang?: string | null): number | null {
  const { months, weekdays } = merged(lang);
  let rest = text.normalize('NFC').replace(/[\u00a0\u202f\u2009]/g, ' ');

  let hour = 0;
  let minute = 0;
  const time = TIME.exec(rest);
  if (time) {
    hour = Number(time[1]);
    minute = Number(time[2]);
    const half = time[3]?.toLowerCase();
    if (minute > 59 || hour > (half ? 12 : 23) || (half && hour === 0)) return null;
    if (half === 'a' && hour === 12) hour = 0;
    else if (half === 'p' && hour < 12) hour += 12;
    rest = rest.slice(0, time.index) + rest.slice(time.index + time[0].length);
  }

  const words = (rest.match(/\p{L}+/gu) ?? []).map(clean);
  // A longer spelling of a short name reads as it ("Sept" in en-GB, where Intl says "Sep" in en).
  const monthOf = (w: string) => months.get(w) ?? (w.length > 3 ? months.get(w.slice(0, 3)) : undefined);
  // A weekday leads the date: skip it, unless it is the only month name there is ("Mar 4, 2025").
  const named = (from: number) => words.slice(from).filter((w) => monthOf(w) !== undefined);
  const lead = words[0] !== undefined && weekdays.has(words[0]) && named(1).length > 0 ? 1 : 0;
  const found = new Set(named(lead).map(monthOf));
  if (found.size !== 1) return null;
  const month = [...found][0] as number;

  const numbers = rest.match(/\d+/g) ?? [];
  const year = numbers.filter((n) => n.length === 4);
  const day = numbers.filter((n) => n.length <= 2);
  if (year.length !== 1 || day.length !== 1 || numbers.length !== 2) return null;

  const date = new Date(Number(year[0]), month, Number(day[0]), hour, minute);
  return date.getDate() === Number(day[0]) && date.getMonth() === month ? date.getTime() : null;
}

/** A day: a message dated further ahead than this is a misread, not a date. */
const DAY_MS = 86_400_000;

/**
 * The latest of the dates a page shows for its messages, as an ISO timestamp, or null when none reads for
 * sure (see `parseHumanDate`); a date more than a day ahead of `now` is a misread and skipped.
 * @example latestHumanDate(['Tue, 4 Mar 2025, 11:02', 'Wed, 5 Mar 2025, 09:00'], 'en') // '2025-03-05T…'
 */
export function latestHumanDate(
  texts: Iterable<string>,
  lang: string | null | undefined,
  now: Date = new Date(),
): string | null {
  let latest: number | null = null;
  for (const text of texts) {
    const at = parseHumanDate(text, lang);
    if (at === null || at > now.getTime() + DAY_MS) continue;
    if (latest === null || at > latest) latest = at;
  }
  return latest === null ? null : new Date(latest).toISOString();
}
