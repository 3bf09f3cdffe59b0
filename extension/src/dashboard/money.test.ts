import { afterEach, describe, expect, it } from 'vitest';

import { setLocale } from '../i18n/dashboard';
import { amountText, currencyDigits, decimalSeparator, parseAmount } from './money';

describe('parseAmount', () => {
  it.each([
    ['', 'EUR', null],
    ['   ', 'EUR', null],
    ['120000', 'EUR', 12_000_000],
    ['120,000', 'EUR', 12_000_000],
    ['1,234,567.5', 'EUR', 123_456_750],
    ['120 000.05', 'EUR', 12_000_005],
    ["120'000", 'CHF', 12_000_000],
    ['0', 'EUR', 0],
    ['5000', 'JPY', 5000],
  ])('should read %j in %s as %j minor units', (text, currency, minor) => {
    expect(parseAmount(text, currency)).toEqual({ ok: true, minor });
  });

  it.each([
    ['12,5', 'EUR', 'Type an amount in EUR with digits, e.g. 120000 or 120000.50'],
    ['-5', 'EUR', 'Type an amount in EUR'],
    ['€100', 'EUR', 'Type an amount in EUR'],
    ['1.234', 'EUR', 'At most 2 decimals in EUR'],
    ['5.5', 'JPY', 'JPY has no decimals: type a whole amount'],
    ['99999999999999999', 'EUR', 'That amount is too large'],
  ])('should refuse %j in %s', (text, currency, message) => {
    const parsed = parseAmount(text, currency);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toContain(message);
  });
});

describe('amountText', () => {
  it.each([
    [12_000_000, 'EUR', '120000'],
    [12_000_050, 'EUR', '120000.50'],
    [5, 'EUR', '0.05'],
    [5000, 'JPY', '5000'],
  ])('should write %j %s as %j, which reads back the same', (minor, currency, text) => {
    expect(amountText(minor, currency)).toBe(text);
    expect(parseAmount(text, currency)).toEqual({ ok: true, minor });
  });

  it('should take two decimals for a code Intl does not know', () => {
    expect(currencyDigits('XYZ1')).toBe(2);
  });
});

describe('amounts typed in Italian', () => {
  afterEach(() => setLocale('en', []));

  it.each([
    ['120000', 12_000_000],
    ['120.000', 12_000_000],
    ['1.234.567,5', 123_456_750],
    ['120 000,05', 12_000_005],
    ['0,5', 50],
  ])('should read %j with a decimal comma', (text, minor) => {
    expect(parseAmount(text, 'EUR', 'it')).toEqual({ ok: true, minor });
  });

  it('should write the decimals after a comma, which reads back the same', () => {
    expect(decimalSeparator('it-CH')).toBe('.');
    expect(amountText(12_000_050, 'EUR', 'it')).toBe('120000,50');
    expect(parseAmount('120000,50', 'EUR', 'it')).toEqual({ ok: true, minor: 12_000_050 });
  });

  it('should say what to type in Italian, with the comma in the example', () => {
    setLocale('it', ['it-IT']);
    const parsed = parseAmount('12.5', 'EUR');
    expect(parsed).toEqual({
      ok: false,
      message: 'Scrivi un importo in EUR in cifre, ad esempio 120000 o 120000,50',
    });
    expect(parseAmount('1,234', 'EUR')).toEqual({ ok: false, message: 'Al massimo 2 decimali in EUR' });
  });
});
