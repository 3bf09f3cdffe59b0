import { catalogDifferences, LOCALES } from '@rapport/shared';
import { afterEach, describe, expect, it } from 'vitest';

import { en } from './en';
import { AREAS, intlLocale, locale, m, resolveLocale, setLocale } from './index';
import { it as italian } from './it';

afterEach(() => setLocale('en', ['en-US']));

describe('the extension catalogs', () => {
  it('have the same keys, kinds and no empty text in English and Italian', () => {
    expect(catalogDifferences(en, italian)).toEqual([]);
  });

  it('give the same number of arguments to every message function', () => {
    const arity = (a: object, b: object, path: string): string[] =>
      Object.entries(a).flatMap(([key, value]) => {
        const other = (b as Record<string, unknown>)[key];
        if (typeof value === 'function')
          return value.length === (other as () => string).length ? [] : [`${path}${key}`];
        return typeof value === 'object' ? arity(value, other as object, `${path}${key}.`) : [];
      });
    expect(arity(en, italian, '')).toEqual([]);
  });

  it('are really translated: most Italian text differs from the English', () => {
    const strings = (c: object): string[] =>
      Object.values(c).flatMap((v) =>
        typeof v === 'string' ? [v] : typeof v === 'object' ? strings(v) : [],
      );
    const [english, translated] = [strings(en), strings(italian)];
    const same = english.filter((s, i) => s === translated[i] && /[a-z]{4}/i.test(s));
    // Names, brands and words Italian borrows ("Email", "Rapport", "LinkedIn") may stay; a catalog copied
    // from English would not pass.
    expect(same.length / english.length).toBeLessThan(0.15);
  });
});

describe('loading text by area', () => {
  it('knows every area of the catalog', () => {
    expect([...AREAS].sort()).toEqual(Object.keys(en).sort());
  });

  it('refuses to read an area whose module was not imported, naming it', () => {
    // Nothing in this file imports ../i18n/dashboard, so the account page's text is not loaded here.
    expect(() => m.dashboard).toThrow('import it from src/i18n/dashboard');
    expect(m.overlay).toBeTypeOf('object');
  });
});

describe('choosing the language', () => {
  it('follows the browser unless the person chose one', () => {
    expect(resolveLocale('auto', ['it-IT', 'en'])).toBe('it');
    expect(resolveLocale('auto', ['de-DE', 'fr'])).toBe('en');
    expect(resolveLocale('en', ['it-IT'])).toBe('en');
    expect(LOCALES).toContain(resolveLocale('it', []));
  });

  it('switches the text and keeps the browser region for formatting', () => {
    setLocale('it', ['it-CH', 'de-CH']);
    expect(locale()).toBe('it');
    expect(m.common.cancel).toBe('Annulla');
    expect(intlLocale()).toBe('it-CH');
    setLocale('en', ['it-IT']);
    expect(m.common.cancel).toBe('Cancel');
    expect(intlLocale()).toBe('en');
  });
});
