import { describe, expect, it } from 'vitest';

import { attainmentPercent, barLength, niceScale, niceStep, wrapLabel } from './plan-scale';

describe('niceStep', () => {
  it.each([
    [1, 1],
    [1.2, 2],
    [2, 2],
    [3, 5],
    [7, 10],
    [230, 500],
    [250_000, 500_000],
    [0.3, 0.5],
  ])('should round %d up to %d', (rough, step) => {
    expect(niceStep(rough)).toBe(step);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])('should fall back to 1 for %d', (rough) => {
    expect(niceStep(rough)).toBe(1);
  });
});

describe('niceScale', () => {
  it('should cover the largest value with round ticks from zero', () => {
    expect(niceScale(1_250_000)).toEqual({
      max: 1_500_000,
      step: 500_000,
      ticks: [0, 500_000, 1_000_000, 1_500_000],
    });
  });

  it('should end exactly on a value that is already round', () => {
    expect(niceScale(10_000_000, 5)).toEqual({
      max: 10_000_000,
      step: 2_000_000,
      ticks: [0, 2_000_000, 4_000_000, 6_000_000, 8_000_000, 10_000_000],
    });
  });

  it.each([1, 7, 99, 1234, 987_654_321, 5e15])(
    'should never use more than the ticks asked for (max %d)',
    (max) => {
      const scale = niceScale(max, 4);
      expect(scale.max).toBeGreaterThanOrEqual(max);
      expect(scale.ticks.length - 1).toBeLessThanOrEqual(4);
      expect(scale.ticks[0]).toBe(0);
      expect(scale.ticks.at(-1)).toBe(scale.max);
    },
  );

  it('should not go finer than the smallest step a label can show', () => {
    // 3 cents with a one-euro minimum step: a single interval of one euro, not ticks that all read "€0".
    expect(niceScale(3, 5, 100)).toEqual({ max: 100, step: 100, ticks: [0, 100] });
  });

  it.each([0, -100, Number.NaN])('should give a unit axis for an empty range (%d)', (max) => {
    expect(niceScale(max, 5, 100)).toEqual({ max: 100, step: 100, ticks: [0, 100] });
  });

  it('should keep ticks free of floating-point dust', () => {
    expect(niceScale(0.7, 5, 0.01).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });
});

describe('barLength', () => {
  it.each([
    [250, 1000, 400, 100],
    [1000, 1000, 400, 400],
    [0, 1000, 400, 0],
    [-50, 1000, 400, 0],
    [5000, 1000, 400, 400],
    [Number.NaN, 1000, 400, 0],
    [10, 0, 400, 0],
  ])('should draw %d on an axis to %d over %dpx as %dpx', (value, max, length, expected) => {
    expect(barLength(value, max, length)).toBe(expected);
  });
});

describe('attainmentPercent', () => {
  it.each([
    [84_000, 100_000, 84],
    [0, 100_000, 0],
    [150_000, 100_000, 150],
    [1, 3, 33],
    [2, 3, 67],
  ])('should give %d of %d as %d%%', (actual, target, percent) => {
    expect(attainmentPercent(actual, target)).toBe(percent);
  });

  it.each([
    [100, 0],
    [100, -10],
    [Number.NaN, 100],
  ])('should give no percentage for %d of %d', (actual, target) => {
    expect(attainmentPercent(actual, target)).toBeNull();
  });
});

describe('wrapLabel', () => {
  it('should keep a short label on one line', () => {
    expect(wrapLabel('Resins', 20)).toEqual({ lines: ['Resins'], truncated: false });
  });

  it('should break at spaces', () => {
    expect(wrapLabel('Industrial resins and adhesives', 18)).toEqual({
      lines: ['Industrial resins', 'and adhesives'],
      truncated: false,
    });
  });

  it('should end in an ellipsis when the label needs more lines than allowed', () => {
    const wrapped = wrapLabel('Engineering plastics for automotive interior and exterior parts', 20, 2);
    expect(wrapped.truncated).toBe(true);
    expect(wrapped.lines).toHaveLength(2);
    expect(wrapped.lines[1]?.endsWith('…')).toBe(true);
    for (const line of wrapped.lines) expect(line.length).toBeLessThanOrEqual(20);
  });

  it('should split a word longer than a line', () => {
    expect(wrapLabel('Polytetrafluoroethylene', 10, 3)).toEqual({
      lines: ['Polytetraf', 'luoroethyl', 'ene'],
      truncated: false,
    });
  });

  it('should collapse runs of whitespace', () => {
    expect(wrapLabel('  Films \n and   sheets ', 30)).toEqual({
      lines: ['Films and sheets'],
      truncated: false,
    });
  });
});
