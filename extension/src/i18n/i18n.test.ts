import { catalogDifferences, LOCALES, untranslatedShare } from '@rapport/shared';
import { afterEach, describe, expect, it } from 'vitest';

import { en } from './en';
import { AREAS, intlLocale, locale, m, resolveLocale, setLocale } from './index';
import { it as italian } from './it';

afterEach(() => setLocale('en', ['en-US']));

describe('the extension catalogs', () => {
  it('have the same keys, kinds, argument counts and no empty text in English and Italian', () => {
    expect(catalogDifferences(en, italian)).toEqual([]);
  });

  it('are really translated: most Italian text differs from the English', () => {
    // Names, brands and words Italian borrows ("Email", "Rapport", "LinkedIn") may stay; a catalog copied
    // from English would not pass.
    expect(untranslatedShare(en, italian)).toBeLessThan(0.15);
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
