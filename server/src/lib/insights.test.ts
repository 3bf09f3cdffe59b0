import { describe, expect, it } from 'vitest';

import { contractEnd, formatDate, isRecent } from './insights';

describe('contractEnd', () => {
  const won = { kind: 'contract', stage: 'won' as const, closedAt: null };

  it.each([
    ['2026-04-01', 12, '2027-03-31'],
    ['2025-05-31', 24, '2027-05-30'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-11-15', 3, '2027-02-14'],
  ])('should end a contract starting %s with a %i-month term on %s', (start, termMonths, end) => {
    expect(contractEnd({ ...won, termMonths, contractStartDate: start })).toBe(end);
  });

  it('should start from the UTC day it closed when no start date is recorded', () => {
    expect(
      contractEnd({ ...won, termMonths: 12, contractStartDate: null, closedAt: '2026-03-31T23:30:00-02:00' }),
    ).toBe('2027-03-31');
  });

  it.each([
    [{ ...won, kind: 'order', termMonths: null, contractStartDate: '2026-01-01' }],
    [{ ...won, stage: 'negotiate' as const, termMonths: 12, contractStartDate: '2026-01-01' }],
    [{ ...won, termMonths: 12, contractStartDate: null }],
  ])('should have no end for %j', (o) => {
    expect(contractEnd(o)).toBeNull();
  });
});

describe('isRecent', () => {
  const now = new Date('2027-03-01T12:00:00Z');

  it.each([
    ['2026-12-01T12:00:00Z', 90, true],
    ['2026-12-01T11:59:59Z', 90, false],
    ['2027-03-01T14:00:00+02:00', 1, true],
    [null, 3650, false],
  ])('should call a contact on %s recent within %i days: %s', (at, days, recent) => {
    expect(isRecent(at, now, days)).toBe(recent);
  });
});

describe('formatDate', () => {
  it('should write dates the same on every server, in UTC', () => {
    expect(formatDate('2026-10-01T23:30:00-02:00')).toBe('2 October 2026');
    expect(formatDate('2027-05-30')).toBe('30 May 2027');
  });
});
