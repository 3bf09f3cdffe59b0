import { intlTag, isLocale, type Locale, parseAcceptLanguage, pickLocale } from '@rapport/shared';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { createContext, useContext } from 'hono/jsx';
import { withHeaders } from '../lib/headers';
import { en, type Messages } from './en';
import { it } from './it';

/*
 * The server's languages (issue 6). Each request gets a `Language` (`c.var.lang`): in the admin console the
 * person's choice (the `rapport_lang` cookie, set by the switch in the console's footer), else the
 * `Accept-Language` header (the extension sends its chosen language there), else English. Error messages,
 * validation issues, signals and console pages are written with `lang.m`; dates and numbers with `lang.tag`.
 * CLI output stays English (it is for admins in a terminal).
 */

export type { Held, Messages, Thing } from './en';
export { en };

const CATALOGS: Record<Locale, Messages> = { en, it };

/** The language of one request: which one, its catalog, and the tag for `Intl`. */
export interface Language {
  locale: Locale;
  m: Messages;
  /** For `Intl` formatters: the region of the person's preferred tag ("it-CH"); bare English is British. */
  tag: string;
}

/** The console's language choice; on `Path=/admin`, so API calls from the same browser follow their header. */
export const LANGUAGE_COOKIE = 'rapport_lang';

/**
 * A language with the region of the first preferred tag in it.
 * @example languageOf('it', ['it-CH']).tag // 'it-CH'
 */
export function languageOf(locale: Locale, preferred: readonly string[] = []): Language {
  const tag = intlTag(locale, preferred);
  // The server's English is British ("3 November 2026"), as it was before there was a choice.
  return { locale, m: CATALOGS[locale], tag: tag === 'en' ? 'en-GB' : tag };
}

export const ENGLISH: Language = languageOf('en');

/** The language a request asks for: the console cookie (under /admin), else Accept-Language, else English. */
export function requestLanguage(c: Context): Language {
  const chosen = c.req.path.startsWith('/admin') ? getCookie(c, LANGUAGE_COOKIE) : undefined;
  return headerLanguage(c.req.header('accept-language'), chosen);
}

/**
 * The language an `Accept-Language` header asks for, unless `chosen` (the console cookie) names one.
 * @example headerLanguage('it-CH,it;q=0.9').tag // 'it-CH'
 */
export function headerLanguage(acceptLanguage: string | undefined, chosen?: string): Language {
  const preferred = parseAcceptLanguage(acceptLanguage);
  if (isLocale(chosen)) return languageOf(chosen, preferred);
  return languageOf(pickLocale(preferred), preferred);
}

/** Sets `c.var.lang` for everything after it; answers vary with `Accept-Language`. */
export const languageMiddleware = createMiddleware<{ Variables: { lang: Language } }>(async (c, next) => {
  c.set('lang', requestLanguage(c));
  await withHeaders(
    c,
    next,
    () => c.header('Vary', 'Accept-Language', { append: true }),
    (res) => /accept-language/i.test(res.headers.get('Vary') ?? ''),
  );
});

/** A message in any language: plain text (as it is), or a function of the catalog. */
export type Text = string | ((m: Messages) => string);

/** The text in a catalog's language. */
export function textIn(text: Text, m: Messages): string {
  return typeof text === 'string' ? text : text(m);
}

/** The language of the page being rendered, for `hono/jsx` components (set by the console's `render`). */
export const LanguageContext = createContext<Language>(ENGLISH);

/** The rendering page's language in a component: `const { m, tag } = useLanguage()`. */
export function useLanguage(): Language {
  return useContext(LanguageContext);
}
