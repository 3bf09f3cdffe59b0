/*
 * Pure arithmetic behind the account-plan chart (`plan-chart.tsx`): the axis, the bar lengths, attainment
 * and the wrapping of product-line names. No DOM and no formatting, so all of it is unit-tested directly.
 */

/** An axis from zero to a round maximum, with evenly spaced round ticks. */
export interface NiceScale {
  /** The axis maximum: the last tick, at or above the largest value. */
  max: number;
  /** The distance between two ticks. */
  step: number;
  /** Every tick from 0 to `max` inclusive. */
  ticks: number[];
}

/**
 * The smallest "round" step (1, 2 or 5 times a power of ten) at or above `rough`.
 * @example niceStep(230) // 500
 */
export function niceStep(rough: number): number {
  if (!Number.isFinite(rough) || rough <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / magnitude;
  // A hair of tolerance: 3 / 0.1 is 29.999999999999996 in floating point, which must still count as 3.
  const nice = fraction <= 1 + 1e-9 ? 1 : fraction <= 2 + 1e-9 ? 2 : fraction <= 5 + 1e-9 ? 5 : 10;
  return nice * magnitude;
}

/**
 * A zero-based axis covering `max` with at most `maxTicks` intervals of a round size.
 *
 * `minStep` keeps ticks from being finer than what the labels can show: amounts are integer minor units
 * formatted without decimals, so the chart passes one major unit (100 for EUR, 1 for JPY) and never gets
 * two ticks that both read "€0". A `max` of zero, below zero or not finite gives the axis `[0, minStep]`.
 * @example niceScale(1_250_000) // { max: 1_500_000, step: 500_000, ticks: [0, 500_000, 1_000_000, 1_500_000] }
 */
export function niceScale(max: number, maxTicks = 5, minStep = 1): NiceScale {
  const intervals = Math.max(1, Math.floor(maxTicks));
  const floor = minStep > 0 && Number.isFinite(minStep) ? minStep : 1;
  if (!Number.isFinite(max) || max <= 0) return { max: floor, step: floor, ticks: [0, floor] };
  const step = Math.max(niceStep(max / intervals), floor);
  const count = Math.max(1, Math.ceil(max / step - 1e-9));
  // toPrecision trims floating-point dust (0.30000000000000004) from steps below one.
  const ticks = Array.from({ length: count + 1 }, (_, i) => Number((i * step).toPrecision(12)));
  return { max: ticks[count] ?? step * count, step, ticks };
}

/**
 * The length of a bar for `value` on an axis from 0 to `max` drawn over `length` pixels; negative, missing
 * or non-finite values give 0 and nothing goes past the end of the axis.
 * @example barLength(250, 1000, 400) // 100
 */
export function barLength(value: number, max: number, length: number): number {
  if (!Number.isFinite(value) || value <= 0 || !Number.isFinite(max) || max <= 0) return 0;
  return Math.min(length, (value / max) * length);
}

/**
 * Won revenue as a whole percentage of the target, or `null` when there is no positive target (a
 * percentage of nothing means nothing).
 * @example attainmentPercent(84_000, 100_000) // 84
 */
export function attainmentPercent(actual: number, target: number): number | null {
  if (!Number.isFinite(target) || target <= 0 || !Number.isFinite(actual)) return null;
  return Math.round((actual / target) * 100);
}

/** A label broken into lines, and whether words had to be dropped to fit. */
export interface WrappedLabel {
  lines: string[];
  truncated: boolean;
}

/**
 * Breaks `text` into at most `maxLines` lines of at most `maxChars` characters, at spaces where it can and
 * inside a word only when one word is longer than a line. What does not fit ends in "…" and sets
 * `truncated`, so the caller can offer the full text (an SVG `<title>`).
 * @example wrapLabel('Industrial resins and adhesives', 16) // { lines: ['Industrial resins', …], … }
 */
export function wrapLabel(text: string, maxChars: number, maxLines = 2): WrappedLabel {
  const width = Math.max(2, Math.floor(maxChars));
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    let rest = word;
    while (rest.length > 0) {
      const room = current ? width - current.length - 1 : width;
      if (rest.length <= room) {
        current = current ? `${current} ${rest}` : rest;
        rest = '';
      } else if (current) {
        lines.push(current);
        current = '';
      } else {
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
    }
  }
  if (current) lines.push(current);
  const limit = Math.max(1, Math.floor(maxLines));
  if (lines.length <= limit) return { lines, truncated: false };
  const kept = lines.slice(0, limit);
  const last = kept[limit - 1] ?? '';
  kept[limit - 1] = `${last.length >= width ? last.slice(0, width - 1).trimEnd() : last}…`;
  return { lines: kept, truncated: true };
}
