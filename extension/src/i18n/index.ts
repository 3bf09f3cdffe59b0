import { intlTag, isLocale, type Locale, pickLocale } from '@rapport/shared';

import { type ContentScriptContext, storage } from '#imports';
import { common as commonEn } from './en/common';
import type { Messages } from './en/index';
import { labels as labelsEn } from './en/labels';
import { outlook as outlookEn } from './en/outlook';
import { overlay as overlayEn } from './en/overlay';
import { common as commonIt } from './it/common';
import { labels as labelsIt } from './it/labels';
import { outlook as outlookIt } from './it/outlook';
import { overlay as overlayIt } from './it/overlay';

/*
 * The extension's language. `m` is the current catalog: read `m.overlay.title` at render time (never copy a
 * string into a module-level constant, or it stays in the language of the first load). Every entry point
 * calls `initLocale()` before its first render; the choice is the person's own (`languagePreference`, set on
 * the options page), else the browser's languages. Dates, numbers and amounts are formatted with
 * `intlLocale()`, which keeps the region of the browser's tag ("it-CH", "en-GB").
 *
 * Areas: the content scripts carry only what the overlays show (common, labels, overlay, outlook), loaded
 * here. The areas only extension pages show are loaded by importing their module instead of this one:
 * `../i18n/dashboard`, `../i18n/pages`, `../i18n/privacy`, `../i18n/deploy` (each registers its catalogs and
 * re-exports everything here), so a content script never bundles the account page's text. Reading an area
 * that was not loaded throws, naming the module to import.
 */

export type { Messages } from './en/index';

type Area = keyof Messages;
type Catalogs<A extends Area> = Record<Locale, Messages[A]>;

/** Every area of `Messages`; i18n.test.ts checks the list against the English catalog. */
export const AREAS = [
  'common',
  'labels',
  'overlay',
  'outlook',
  'pages',
  'dashboard',
  'privacy',
  'deploy',
] as const satisfies readonly Area[];

const loaded: { [A in Area]?: Catalogs<A> } = {
  common: { en: commonEn, it: commonIt },
  labels: { en: labelsEn, it: labelsIt },
  overlay: { en: overlayEn, it: overlayIt },
  outlook: { en: outlookEn, it: outlookIt },
};

/** Makes an area readable through `m` (called by the area modules, e.g. `./dashboard.ts`). */
export function loadArea<A extends Area>(area: A, catalogs: Catalogs<A>): void {
  (loaded as Record<Area, unknown>)[area] = catalogs;
}

let current: Locale = 'en';
let tag = 'en';

/** The current catalog: every area a getter over the current language. */
export const m = {} as Messages;
for (const area of AREAS) {
  Object.defineProperty(m, area, {
    enumerable: true,
    get() {
      const catalogs = loaded[area];
      if (!catalogs) throw new Error(`The "${area}" text is not loaded: import it from src/i18n/${area}`);
      return catalogs[current];
    },
  });
}

/** The person's choice: a language, or 'auto' to follow the browser. */
export type LanguagePreference = Locale | 'auto';

export const languagePreference = storage.defineItem<LanguagePreference>('local:language', {
  fallback: 'auto',
});

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

/** How long after a language change an overlay asks the server again (see `followLocale`). */
const LANGUAGE_REFRESH_MS = 150;

/**
 * For an overlay: when the person picks another language, `repaint` at once (its own words), then `reload`
 * a moment later for the server's sentences (signals, ownership), once the background has switched too and
 * dropped its cache. Stops with the content script.
 * @example followLocale(ctx, paint, () => void refresh(true))
 */
export function followLocale(ctx: ContentScriptContext, repaint: () => void, reload: () => void): void {
  ctx.onInvalidated(
    watchLocale(() => {
      repaint();
      ctx.setTimeout(reload, LANGUAGE_REFRESH_MS);
    }),
  );
}
