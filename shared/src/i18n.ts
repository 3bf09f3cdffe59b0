/*
 * Languages: which ones Rapport speaks, how a person's preference picks one, and a check that two message
 * catalogs hold the same keys. The catalogs themselves live with the code that shows them
 * (extension/src/i18n/, server/src/i18n/): plain objects of strings and small functions, English first,
 * every other language typed against English so a missing key fails `tsc`, and a test compares them at run
 * time too (`catalogDifferences`).
 */

/** The languages Rapport speaks, English first (the fallback). */
export const LOCALES = ['en', 'it'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Each language's name in that language, for language menus. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', it: 'Italiano' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The first supported language among a person's preferred ones ("it-IT" → "it"), else English.
 * @example pickLocale(['de-DE', 'it-CH', 'en']) // 'it'
 */
export function pickLocale(preferred: readonly (string | null | undefined)[]): Locale {
  for (const tag of preferred) {
    const base = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
    if (isLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}

/**
 * The tag to give `Intl` for a chosen language: the first preferred tag of that language, so a person in
 * Switzerland keeps "it-CH" or one in Britain "en-GB", else the bare language.
 * @example intlTag('it', ['it-CH', 'en']) // 'it-CH'
 */
export function intlTag(locale: Locale, preferred: readonly (string | null | undefined)[]): string {
  for (const tag of preferred) {
    const clean = (tag ?? '').trim().replace('_', '-');
    if (clean.toLowerCase().split('-')[0] !== locale) continue;
    try {
      return Intl.getCanonicalLocales(clean)[0] ?? locale;
    } catch {
      // not a well-formed tag: try the next
    }
  }
  return locale;
}

/**
 * The language tags of an `Accept-Language` header, most preferred first (by `q`, then order); `q=0` and `*`
 * are dropped.
 * @example parseAcceptLanguage('en;q=0.5, it-IT') // ['it-IT', 'en']
 */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((entry) => entry.tag);
}

/** A message catalog: strings, functions that build a string, and nested groups of them. */
export interface Catalog {
  readonly [key: string]: string | ((...args: never[]) => string) | Catalog;
}

/**
 * Where two catalogs differ: keys one has and the other lacks, keys that are text in one and a function (or a
 * group) in the other, functions taking a different number of arguments, and empty text, as dotted paths.
 * Empty when they match.
 * @example catalogDifferences({ a: 'x', b: 'y' }, { a: 'x' }) // ['b: only in the first']
 */
export function catalogDifferences(first: Catalog, second: Catalog, prefix = ''): string[] {
  const out: string[] = [];
  const kind = (v: unknown) => (typeof v === 'object' && v !== null ? 'group' : typeof v);
  for (const key of Object.keys(first)) {
    const path = `${prefix}${key}`;
    if (!(key in second)) {
      out.push(`${path}: only in the first`);
      continue;
    }
    const [a, b] = [first[key], second[key]];
    if (kind(a) !== kind(b)) out.push(`${path}: ${kind(a)} in the first, ${kind(b)} in the second`);
    else if (kind(a) === 'group') out.push(...catalogDifferences(a as Catalog, b as Catalog, `${path}.`));
    else if (typeof a === 'function' && typeof b === 'function' && a.length !== b.length)
      out.push(`${path}: takes ${a.length} arguments in the first, ${b.length} in the second`);
    else if (typeof a === 'string' && !a.trim()) out.push(`${path}: empty in the first`);
    else if (typeof b === 'string' && !b.trim()) out.push(`${path}: empty in the second`);
  }
  for (const key of Object.keys(second)) {
    if (!(key in first)) out.push(`${prefix}${key}: only in the second`);
  }
  return out;
}

/**
 * The share of the first catalog's texts (those with a word of four letters or more) that stand unchanged at
 * the same key in the second: near 0 for a real translation, 1 for a copy. Names and words a language
 * borrows ("Email", "Backup") keep it above 0.
 * @example untranslatedShare({ a: 'Cancel', b: 'Email' }, { a: 'Annulla', b: 'Email' }) // 0.5
 */
export function untranslatedShare(first: Catalog, second: Catalog): number {
  let texts = 0;
  let same = 0;
  const walk = (a: Catalog, b: Catalog | undefined) => {
    for (const [key, value] of Object.entries(a)) {
      const other = b?.[key];
      if (typeof value === 'object') walk(value, typeof other === 'object' ? other : undefined);
      else if (typeof value === 'string' && /\p{L}{4}/u.test(value)) {
        texts++;
        if (other === value) same++;
      }
    }
  };
  walk(first, second);
  return texts === 0 ? 0 : same / texts;
}
