import { describe, expect, it } from 'vitest';

import { parseHumanDate } from './dates';

/** Local time, as the site writes it. */
const at = (y: number, month: number, d: number, h = 0, min = 0) =>
  new Date(y, month - 1, d, h, min).getTime();

describe('parseHumanDate', () => {
  it('should read English titles, day or month first, 24 h and 12 h clocks', () => {
    expect(parseHumanDate('Tue, 4 Mar 2025, 11:02', 'en')).toBe(at(2025, 3, 4, 11, 2));
    expect(parseHumanDate('Tue, Mar 4, 2025, 11:02 AM', 'en')).toBe(at(2025, 3, 4, 11, 2));
    expect(parseHumanDate('Thu, Mar 6, 2025, 8:05 PM', 'en-US')).toBe(at(2025, 3, 6, 20, 5));
    expect(parseHumanDate('Sun, Jun 1, 2025, 12:30 AM', 'en')).toBe(at(2025, 6, 1, 0, 30));
    expect(parseHumanDate('Sun, Jun 1, 2025, 12:30 PM', 'en')).toBe(at(2025, 6, 1, 12, 30));
    expect(parseHumanDate('Wednesday, 17 September 2025 at 07:45', 'en-GB')).toBe(at(2025, 9, 17, 7, 45));
    expect(parseHumanDate('Wed, 17 Sept 2025, 07:45', 'en-GB')).toBe(at(2025, 9, 17, 7, 45));
  });

  it('should read Italian titles, skipping a weekday that is also a month ("mar")', () => {
    expect(parseHumanDate('mar 4 mar 2025, 11:02', 'it')).toBe(at(2025, 3, 4, 11, 2));
    expect(parseHumanDate('4 mag 2025, 09:15', 'it')).toBe(at(2025, 5, 4, 9, 15));
    expect(parseHumanDate('gio 12 giu 2025, 16:40', 'it')).toBe(at(2025, 6, 12, 16, 40));
    expect(parseHumanDate('lun 6 gen 2025, 08:05', 'it-IT')).toBe(at(2025, 1, 6, 8, 5));
    expect(parseHumanDate('mer 3 dic 2025, 23:59', 'it')).toBe(at(2025, 12, 3, 23, 59));
    expect(parseHumanDate('ven 1 ago. 2025, 10:00', 'it')).toBe(at(2025, 8, 1, 10, 0));
    expect(parseHumanDate('martedì 4 marzo 2025 alle ore 11:02', 'it')).toBe(at(2025, 3, 4, 11, 2));
    expect(parseHumanDate('sab 13 set 2025, 7:30', 'it')).toBe(at(2025, 9, 13, 7, 30));
    // Non-breaking spaces, as Intl and some pages write them.
    expect(parseHumanDate('mar\u00a04\u00a0mar\u00a02025, 11:02', 'it')).toBe(at(2025, 3, 4, 11, 2));
  });

  it('should read English names on an Italian page, and a month that leads without a weekday', () => {
    expect(parseHumanDate('Tue, 4 Mar 2025, 11:02', 'it')).toBe(at(2025, 3, 4, 11, 2));
    expect(parseHumanDate('Mar 4, 2025, 11:02 AM', 'it')).toBe(at(2025, 3, 4, 11, 2));
    expect(parseHumanDate('4 ott 2025', 'it')).toBe(at(2025, 10, 4));
  });

  it('should answer null for anything it cannot read for sure', () => {
    expect(parseHumanDate('Mon, 04/03/2025, 11:02', 'en')).toBeNull(); // 4 March or 3 April
    expect(parseHumanDate('04/03/2025 11:02', 'it')).toBeNull();
    expect(parseHumanDate('yesterday', 'en')).toBeNull();
    expect(parseHumanDate('ieri, 11:02', 'it')).toBeNull();
    expect(parseHumanDate('', 'it')).toBeNull();
    expect(parseHumanDate('4 mag, 09:15', 'it')).toBeNull(); // no year
    expect(parseHumanDate('31 feb 2025, 10:00', 'it')).toBeNull(); // no such day
    expect(parseHumanDate('4 mag 2025, 25:15', 'it')).toBeNull();
    expect(parseHumanDate('4 mag giu 2025, 09:15', 'it')).toBeNull(); // two months
    expect(parseHumanDate('Tue, 4 Mar 2025, 11:02', 'xx-not-a-tag!')).toBe(at(2025, 3, 4, 11, 2));
  });
});
