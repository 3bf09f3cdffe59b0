import { describe, expect, it } from 'vitest';

import { catalogDifferences, intlTag, parseAcceptLanguage, pickLocale, untranslatedShare } from './i18n';

describe('picking a language', () => {
  it('takes the first supported language of the preferred ones, else English', () => {
    expect(pickLocale(['de-DE', 'it-CH', 'en'])).toBe('it');
    expect(pickLocale(['IT_it'])).toBe('it');
    expect(pickLocale(['fr', null, ''])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });

  it('keeps the region of the preferred tag for formatting', () => {
    expect(intlTag('it', ['en-US', 'it-CH'])).toBe('it-CH');
    expect(intlTag('en', ['en_gb'])).toBe('en-GB');
    expect(intlTag('it', ['en-US'])).toBe('it');
    expect(intlTag('it', ['it-!!'])).toBe('it');
  });

  it('reads Accept-Language by weight, then order, without q=0 or *', () => {
    expect(parseAcceptLanguage('en;q=0.5, it-IT, fr;q=0, *;q=0.1')).toEqual(['it-IT', 'en']);
    expect(parseAcceptLanguage('de, it;q=0.9, en;q=0.9')).toEqual(['de', 'it', 'en']);
    expect(parseAcceptLanguage(undefined)).toEqual([]);
    expect(pickLocale(parseAcceptLanguage('it-IT,it;q=0.9,en-US;q=0.8'))).toBe('it');
  });
});

describe('comparing catalogs', () => {
  it('names keys missing on either side, changed kinds and empty text', () => {
    const en = { a: 'A', b: { c: 'C', d: (n: number) => `${n}` }, e: 'E' };
    const it = { a: 'A', b: { c: () => 'C', x: 'X' }, e: ' ' };
    expect(catalogDifferences(en, it)).toEqual([
      'b.c: string in the first, function in the second',
      'b.d: only in the first',
      'b.x: only in the second',
      'e: empty in the second',
    ]);
    expect(catalogDifferences(en, en)).toEqual([]);
  });

  it('names message functions that take a different number of arguments', () => {
    const en = { shown: (n: number, what: string) => `${n} ${what}` };
    const it = { shown: (n: number) => `${n}` };
    expect(catalogDifferences(en, it)).toEqual(['shown: takes 2 arguments in the first, 1 in the second']);
  });

  it('measures how much of a catalog was left in the first language', () => {
    const en = { a: 'Cancel', b: 'Email', c: { d: 'Save changes', e: 'OK' } };
    expect(untranslatedShare(en, { a: 'Annulla', b: 'Email', c: { d: 'Salva le modifiche', e: 'OK' } })).toBe(
      1 / 3,
    );
    expect(untranslatedShare(en, en)).toBe(1);
    expect(untranslatedShare(en, { a: 'Annulla', b: 'E-mail', c: { d: 'Salva', e: 'OK' } })).toBe(0);
  });
});
