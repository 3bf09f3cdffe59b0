import { describe, expect, it } from 'vitest';

import { comparePeriod, currentPeriod, periodLabel, periodsAround, todayUtc } from './periods';

describe('periods', () => {
  it.each([
    ['2027-01-01', '2027-02-10', '2027'],
    ['2026-04-01', '2027-02-10', '2026'],
    ['2026-04-01', '2027-04-01', '2027'],
    ['2026-04-01', '2027-03-31', '2026'],
  ])('should put today in the right fiscal year (start %s, today %s)', (start, today, period) => {
    expect(currentPeriod(start, today)).toBe(period);
  });

  it('should list the years around a period, newest first, with an extra one from the URL', () => {
    expect(periodsAround('2027')).toEqual(['2028', '2027', '2026', '2025']);
    expect(periodsAround('2027', 1, 1, '2020')).toEqual(['2028', '2027', '2026', '2020']);
    expect(periodsAround('2027', 1, 1, '2027')).toEqual(['2028', '2027', '2026']);
  });

  it('should compare a day with a period and name periods', () => {
    const fy = { startDate: '2026-04-01', endDate: '2027-03-31' };
    expect([
      comparePeriod('2026-03-31', fy),
      comparePeriod('2026-04-01', fy),
      comparePeriod('2027-04-01', fy),
    ]).toEqual([-1, 0, 1]);
    expect(periodLabel('2027', '2027')).toBe('Fiscal year 2027 (current)');
    expect(periodLabel('2026', '2027')).toBe('Fiscal year 2026');
    expect(todayUtc(new Date('2027-03-31T23:30:00Z'))).toBe('2027-03-31');
  });
});
