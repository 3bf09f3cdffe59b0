import { describe, expect, it } from 'vitest';

import { fiscalYear, periodOf, zPutPlanRequest } from './plan';

describe('fiscalYear', () => {
  it.each([
    ['2027', 1, '2027-01-01', '2027-12-31'],
    ['2027', 4, '2027-04-01', '2028-03-31'],
    ['2027', 3, '2027-03-01', '2028-02-29'],
    ['2026', 3, '2026-03-01', '2027-02-28'],
    ['2027', 12, '2027-12-01', '2028-11-30'],
    ['9999', 1, '9999-01-01', '9999-12-31'],
  ])('should run period %s with the year starting in month %i from %s to %s', (period, month, start, end) => {
    expect(fiscalYear(period, month)).toEqual({ startDate: start, endDate: end });
  });
});

describe('periodOf', () => {
  it.each([
    ['2027-03-15', 4, '2026'],
    ['2027-04-01', 4, '2027'],
    ['2027-12-31T23:59:59.999Z', 1, '2027'],
    ['2028-01-01', 1, '2028'],
  ])('should put %s (year starting in month %i) in period %s', (date, month, period) => {
    expect(periodOf(date, month)).toBe(period);
  });

  it('should agree with fiscalYear on both ends of the year', () => {
    for (let month = 1; month <= 12; month++) {
      const { startDate, endDate } = fiscalYear('2030', month);
      expect([periodOf(startDate, month), periodOf(endDate, month)]).toEqual(['2030', '2030']);
    }
  });
});

describe('zPutPlanRequest', () => {
  it('should fill defaults and keep the order given', () => {
    const plan = zPutPlanRequest.parse({
      lines: [
        { productLineId: 'b', target: 2 },
        { productLineId: 'a', target: 1 },
      ],
      objectives: [{ text: ' Grow resins ' }],
      actions: [{ title: 'Call the CFO' }],
    });
    expect(plan).toEqual({
      version: 0,
      lines: [
        { productLineId: 'b', target: 2 },
        { productLineId: 'a', target: 1 },
      ],
      objectives: [{ text: 'Grow resins', status: 'open' }],
      actions: [
        { title: 'Call the CFO', category: 'other', ownerId: null, dueDate: null, status: 'planned' },
      ],
    });
  });

  it('should name a repeated objective id', () => {
    const res = zPutPlanRequest.safeParse({
      lines: [],
      objectives: [
        { id: 'x', text: 'A' },
        { id: 'x', text: 'B' },
      ],
      actions: [],
    });
    expect(res.success).toBe(false);
    expect(res.error?.issues.map((i) => i.path.join('.'))).toEqual(['objectives.1.id']);
  });
});
