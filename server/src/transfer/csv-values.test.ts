import { describe, expect, it } from 'vitest';

import { en, textIn } from '../i18n';
import { it as italian } from '../i18n/it';
import { detectMapping } from './csv-columns';
import { type Parsed, parseAmount, parseDate } from './csv-values';

/** A refusal's reason in a catalog's language; a value as it is. */
const written = <T>(parsed: Parsed<T>, m = en) =>
  parsed.ok ? parsed : { ok: false, reason: textIn(parsed.reason, m) };

describe('parseDate', () => {
  it.each([
    ['2026-11-29', 'dmy', '2026-11-29'],
    ['2026-11-29 10:00', 'dmy', '2026-11-29'],
    ['2026-11-29T23:30:00Z', 'dmy', '2026-11-29'],
    ['29/11/2026', 'dmy', '2026-11-29'],
    ['29.11.2026', 'dmy', '2026-11-29'],
    ['11/29/2026', 'dmy', '2026-11-29'],
    ['03/04/2026', 'dmy', '2026-04-03'],
    ['03/04/2026', 'mdy', '2026-03-04'],
    ['3/4/26 9:15 PM', 'mdy', '2026-03-04'],
    ['3 Dec 2026', 'dmy', '2026-12-03'],
    ['December 3, 2026', 'dmy', '2026-12-03'],
  ] as const)('should read %s (%s) as %s', (input, order, expected) => {
    expect(parseDate(input, order)).toEqual({ ok: true, value: expected });
  });

  it.each(['31/02/2026', '2026-13-01', 'tomorrow', '12/2026', '29 Novembre 2026'])(
    'should refuse %s',
    (input) => {
      expect(written(parseDate(input))).toEqual({ ok: false, reason: `"${input}" is not a date` });
      expect(written(parseDate(input), italian)).toEqual({ ok: false, reason: `“${input}” non è una data` });
    },
  );
});

describe('parseAmount', () => {
  const eur = (named: string | null) => named ?? 'EUR';
  it.each([
    ['1,234.56', '.', 123456, null],
    ['1.234,56', ',', 123456, null],
    ['1.234,5', '.', 123450, null],
    ['1 234,50', ',', 123450, null],
    ["1'234.50", '.', 123450, null],
    ['1,234', '.', 123400, null],
    ['1,5', '.', 150, null],
    ['1.234', ',', 123400, null],
    ['€ 3.000', ',', 300000, 'EUR'],
    ['$1,250.5', '.', 125050, 'USD'],
    ['USD 99', '.', 9900, 'USD'],
    ['1.000.000', '.', 100000000, null],
  ] as const)('should read %s (decimal %s) as %i minor units', (input, decimal, minor, currency) => {
    expect(parseAmount(input, { decimal, currency: eur })).toEqual({ ok: true, value: { minor, currency } });
  });

  it('should use the currency for the minor unit', () => {
    expect(parseAmount('1,200', { decimal: '.', currency: () => 'JPY' })).toEqual({
      ok: true,
      value: { minor: 1200, currency: null },
    });
    const tooPrecise = parseAmount('12.5', { decimal: '.', currency: () => 'JPY' });
    expect(written(tooPrecise)).toEqual({
      ok: false,
      reason: '"12.5" has more decimals than JPY allows (0)',
    });
    expect(written(tooPrecise, italian)).toEqual({
      ok: false,
      reason: '“12.5” ha più decimali di quanti ne ammetta JPY (0)',
    });
  });

  it.each(['-5', 'abc', '1,2,3.4.5', '12.'])('should refuse %s', (input) => {
    expect(parseAmount(input, { decimal: '.', currency: eur }).ok).toBe(false);
  });
});

describe('detectMapping', () => {
  it.each([
    [['Record ID', 'Company name', 'Company Domain Name', 'Industry'], 'accounts', 'hubspot'],
    [['Record ID', 'First Name', 'Last Name', 'Email', 'Associated Company'], 'contacts', 'hubspot'],
    [
      ['Record ID', 'Deal Name', 'Deal Stage', 'Amount', 'Close Date', 'Pipeline'],
      'opportunities',
      'hubspot',
    ],
    [['Account ID', 'Account Name', 'Website', 'Type', 'Account Owner'], 'accounts', 'salesforce'],
    [['Contact ID', 'First Name', 'Last Name', 'Title', 'Email', 'Account Name'], 'contacts', 'salesforce'],
    [
      ['Opportunity ID', 'Opportunity Name', 'Account Name', 'Stage', 'Amount', 'Close Date'],
      'opportunities',
      'salesforce',
    ],
    [['Id', 'AccountId', 'Name', 'StageName', 'Amount', 'CloseDate'], 'opportunities', 'salesforce'],
    [['id', 'name', 'status', 'tier', 'owner_id', 'domains', 'linkedin_slug'], 'accounts', 'rapport'],
    [
      ['id', 'account_id', 'title', 'stage', 'amount', 'currency', 'expected_close_date'],
      'opportunities',
      'rapport',
    ],
  ] as const)('should read %j as %s from %s', (headers, entity, preset) => {
    expect(detectMapping(headers)).toMatchObject({ entity, preset });
  });

  it('should find nothing in a file that has none of the required columns', () => {
    expect(detectMapping(['Foo', 'Bar'])).toBeNull();
    expect(detectMapping(['Record ID', 'Deal Name'], { entity: 'contacts' })).toBeNull();
  });
});
