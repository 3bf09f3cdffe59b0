import { catalogDifferences, untranslatedShare } from '@rapport/shared';
import { describe, expect, it } from 'vitest';

import { en } from './en';
import { languageOf } from './index';
import { it as italian } from './it';
import { localizeIssue, zodErrorMap } from './zod';

describe('the server catalogs', () => {
  it('have the same keys, kinds, argument counts and no empty text in English and Italian', () => {
    expect(catalogDifferences(en, italian)).toEqual([]);
  });

  it('find a key that exists in one language only', () => {
    const { forbidden: _, ...errors } = italian.errors;
    expect(catalogDifferences(en, { ...italian, errors })).toEqual(['errors.forbidden: only in the first']);
    expect(catalogDifferences({ ...en, errors }, italian)).toEqual(['errors.forbidden: only in the second']);
  });

  it('are really translated: most Italian text differs from the English', () => {
    // Names and words Italian borrows ("Account", "Backup", "Token", "Marketing") may stay.
    expect(untranslatedShare(en, italian)).toBeLessThan(0.1);
  });

  it('write Italian plurals and articles', () => {
    expect(italian.errors.notFound('opportunity')).toBe('Opportunità non trovata');
    expect(italian.errors.notFound('contact')).toBe('Stakeholder non trovato');
    expect(italian.errors.rateLimited(1)).toBe('Troppi tentativi; riprova tra 1 secondo');
    expect(italian.signals.contractEnding.why('Fornitura', 12, '8 marzo 2027', 1, 'Acme')).toBe(
      'Il contratto di fornitura “Fornitura” (12 mesi) scade l’8 marzo 2027, domani, e Acme non ha un’opportunità di rinnovo aperta.',
    );
  });
});

describe('the request language', () => {
  it('keeps the region of the preferred tag for Intl, and bare English is British', () => {
    expect(languageOf('it', ['it-CH', 'en']).tag).toBe('it-CH');
    expect(languageOf('en', ['it-IT']).tag).toBe('en-GB');
    expect(languageOf('en', ['en-US']).tag).toBe('en-US');
  });

  it('words zod issues in Italian and translates the shared schemas’ own messages', () => {
    const map = zodErrorMap(italian);
    expect(map({ code: 'invalid_type', expected: 'string', input: undefined, path: [] } as never)).toBe(
      'Obbligatorio',
    );
    expect(localizeIssue('"x" is not a valid domain', italian)).toBe('“x” non è un dominio valido');
    expect(localizeIssue('Required', en)).toBe('Required');
  });
});
