import { intlTag, isLocale, type Locale, pickLocale } from '@rapport/shared';

import { storage } from '#imports';
import { en, type Messages } from './en';
import { it } from './it';

/*
 * The extension's language. `m` is the current catalog as a live binding: read `m.overlay.title` at render
 * time (never copy a string into a module-level constant, or it stays in the language of the first load).
 * Every entry point calls `initLocale()` before its first render; the choice is the person's own
 * (`languagePreference`, set on the options page), else the browser's languages. Dates, numbers and amounts
 * are formatted with `intlLocale()`, which keeps the region of the browser's tag ("it-CH", "en-GB").
 */

export type { Messages } from './en';

const CATALOGS: Record<Locale, Messages> = { en, it };

/** The person's choice: a language, or 'auto' to follow the browser. */
export type LanguagePreference = Locale | 'auto';

export const languagePreference = storage.defineItem<LanguagePreference>('local:language', {
  fallback: 'auto',
});

let current: Locale = 'en';
let tag = 'en';

/** The current catalog (a live binding: always read it through the import, at render time). */
export let m: Messages = en;

/** The current language ('en' or 'it'). */
export function locale(): Locale {
  return current;
}

/** The tag for `Intl` formatters in the current language, with the browser's region when it has one. */
export function intlLocale(): string {
  return tag;
}

/** The browser's preferred languages, most preferred first. */
export function browserLanguages(): string[] {
  const nav = globalThis.navigator;
  const list = nav?.languages?.length ? [...nav.languages] : nav?.language ? [nav.language] : [];
  return list;
}

/**
 * Switches the catalog and formatters; `preferred` is consulted for the region only.
 * @example setLocale('it') // m.common.cancel === 'Annulla'
 */
export function setLocale(next: Locale, preferred: readonly string[] = browserLanguages()): void {
  current = next;
  tag = intlTag(next, preferred);
  m = CATALOGS[next];
}

/** The language a preference resolves to on this browser. */
export function resolveLocale(
  preference: LanguagePreference,
  preferred: readonly string[] = browserLanguages(),
): Locale {
  return isLocale(preference) ? preference : pickLocale(preferred);
}

/**
 * Reads the person's choice and sets the language; call before the first render of every entry point.
 * On an extension page it also sets `<html lang>` so screen readers pronounce the text right.
 */
export async function initLocale(): Promise<Locale> {
  let preference: LanguagePreference = 'auto';
  try {
    preference = await languagePreference.getValue();
  } catch {
    // storage unreadable (page torn down): the browser's language
  }
  setLocale(resolveLocale(preference));
  if (globalThis.location?.protocol?.endsWith('-extension:')) document.documentElement.lang = current;
  return current;
}

/**
 * Calls `onChange` when the person picks another language (after `setLocale`), e.g. to repaint.
 * @example watchLocale(() => paint())
 */
export function watchLocale(onChange: (next: Locale) => void): () => void {
  return languagePreference.watch((preference) => {
    const next = resolveLocale(preference ?? 'auto');
    setLocale(next);
    onChange(next);
  });
}
