import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';

import { formatAmount } from '../ui/format';
import { PlanChart, type PlanChartLine } from './plan-chart';

let root: HTMLElement;
beforeEach(() => {
  document.body.innerHTML = '<div id="root"></div>';
  root = document.getElementById('root') as HTMLElement;
});

const RESINS: PlanChartLine = {
  productLineId: 'pl_resins',
  name: 'Resins',
  target: 1_000_000_00,
  actual: 840_000_00,
  pipeline: 125_000_00,
};
const FILMS: PlanChartLine = {
  productLineId: 'pl_films',
  name: 'Films',
  target: 400_000_00,
  actual: 0,
  pipeline: 262_500_50,
};
const SERVICE: PlanChartLine = {
  productLineId: 'pl_service',
  name: 'Service contracts',
  target: 0,
  actual: 12_000_00,
  pipeline: 0,
};

function cells(row: Element | null | undefined): string[] {
  return [...(row?.querySelectorAll('th, td') ?? [])].map((cell) => cell.textContent ?? '');
}

function svgTexts(selector: string): string[] {
  return [...root.querySelectorAll(`svg ${selector}`)].map((t) => t.textContent ?? '');
}

describe('PlanChart', () => {
  it('should put the exact figures of every line and the totals in its table', () => {
    render(
      <PlanChart currency="EUR" locale="en" title="Account plan 2027" lines={[RESINS, FILMS, SERVICE]} />,
      root,
    );
    const table = root.querySelector('table');
    expect(table?.querySelector('caption')?.textContent).toBe('Account plan 2027: figures per product line');
    expect(cells(table?.querySelector('thead tr'))).toEqual([
      'Product line',
      'Target',
      'Won (actual)',
      'Weighted pipeline',
      'Attainment',
    ]);
    expect([...(table?.querySelectorAll('tbody tr') ?? [])].map(cells)).toEqual([
      ['Resins', '€1,000,000', '€840,000', '€125,000', '84% of target'],
      ['Films', '€400,000', '€0', '€262,501', '0% of target'],
      ['Service contracts', '€0', '€12,000', '€0', 'No target'],
    ]);
    expect(cells(table?.querySelector('tfoot tr'))).toEqual([
      'Total',
      '€1,400,000',
      '€852,000',
      '€387,501',
      '61% of target',
    ]);
  });

  it("should show the server's totals when given", () => {
    render(
      <PlanChart
        currency="EUR"
        locale="en"
        lines={[RESINS]}
        totals={{ target: 2_000_000_00, actual: 900_000_00, pipeline: 125_000_00 }}
      />,
      root,
    );
    expect(cells(root.querySelector('tfoot tr'))).toEqual([
      'Total',
      '€2,000,000',
      '€900,000',
      '€125,000',
      '45% of target',
    ]);
    expect(root.querySelector('figcaption')?.textContent).toContain(
      'Total: target €2,000,000 · won €900,000 (45% of target) · weighted pipeline €125,000',
    );
  });

  it('should draw a line without a target (revenue with no plan) with no target bar and say so', () => {
    const unassigned = {
      productLineId: 'unassigned',
      name: 'No product line',
      target: null,
      actual: 5_000_00,
      pipeline: 0,
    };
    render(<PlanChart currency="EUR" locale="en" lines={[RESINS, unassigned]} />, root);
    expect(cells(root.querySelectorAll('tbody tr')[1])).toEqual([
      'No product line',
      'None',
      '€5,000',
      '€0',
      'No target',
    ]);
    const row = root.querySelectorAll('.rp-plan-row')[1];
    expect(row?.querySelector('.rp-plan-target')).toBeNull();
    expect([...(row?.querySelectorAll('.rp-plan-value') ?? [])].map((t) => t.textContent)).toEqual([
      'No target',
      '€5,000',
      '€0',
    ]);
    expect(cells(root.querySelector('tfoot tr'))).toEqual([
      'Total',
      '€1,000,000',
      '€845,000',
      '€125,000',
      '85% of target',
    ]);
  });

  it('should format with the locale and the currency', () => {
    const line = { ...RESINS, target: 1_234_567, actual: 1_000, pipeline: 0 };
    render(<PlanChart currency="JPY" locale="de-DE" lines={[line]} />, root);
    expect(cells(root.querySelector('tbody tr')).slice(1, 4)).toEqual([
      formatAmount(1_234_567, 'JPY', 'de-DE'),
      formatAmount(1_000, 'JPY', 'de-DE'),
      formatAmount(0, 'JPY', 'de-DE'),
    ]);
    expect(cells(root.querySelector('tbody tr'))[1]).toMatch(/^1\.234\.567\s¥$/);
  });

  it('should be an image with a name and a summary, and write every amount beside its bar', () => {
    render(<PlanChart currency="EUR" locale="en" title="Account plan 2027" lines={[RESINS, FILMS]} />, root);
    const svg = root.querySelector('svg');
    expect(svg?.getAttribute('role')).toBe('img');
    const title = root.querySelector(`[id="${svg?.getAttribute('aria-labelledby')}"]`);
    const desc = root.querySelector(`[id="${svg?.getAttribute('aria-describedby')}"]`);
    expect(title?.textContent).toBe('Account plan 2027');
    expect(desc?.textContent).toBe(
      'Target, won revenue and weighted pipeline for 2 product lines. In total: target €1,400,000, won €840,000, ' +
        'weighted pipeline €387,501. Highest attainment: Resins, 84% of target; lowest: Films, 0%.',
    );
    expect(svgTexts('.rp-plan-value')).toEqual([
      '€1,000,000',
      '€840,000',
      '€125,000',
      '€400,000',
      '€0',
      '€262,501',
    ]);
    expect(svgTexts('.rp-plan-attainment')).toEqual(['84% of target', '0% of target']);
    expect(svgTexts('.rp-plan-legend text')).toEqual(['Target', 'Won (actual)', 'Weighted pipeline']);
  });

  it('should scale to the largest value with round ticks', () => {
    render(<PlanChart currency="EUR" locale="en" lines={[RESINS, FILMS]} />, root);
    expect(svgTexts('.rp-plan-tick')).toEqual([
      '€0',
      '€200,000',
      '€400,000',
      '€600,000',
      '€800,000',
      '€1,000,000',
    ]);
    const bars = [...root.querySelectorAll('.rp-plan-row rect')];
    // The largest value fills the plot; the others are in proportion (zero draws no bar at all).
    const widths = bars.map((bar) => Number(bar.getAttribute('width')));
    expect(widths[0]).toBe(420);
    expect(widths[1]).toBeCloseTo(420 * 0.84);
    expect(bars).toHaveLength(5);
  });

  it('should tell the series apart without colour: an outline, a solid fill and a hatch', () => {
    render(<PlanChart currency="EUR" locale="en" lines={[RESINS]} />, root);
    const [target, actual, pipeline] = [...root.querySelectorAll('.rp-plan-row rect')];
    expect(target?.getAttribute('fill')).toBe('#ffffff');
    expect(target?.getAttribute('stroke')).toBe('#24292f');
    expect(actual?.getAttribute('fill')).toBe('#1f5fc4');
    const hatch = pipeline?.getAttribute('fill')?.match(/^url\(#(.+)\)$/)?.[1];
    expect(root.querySelector(`pattern[id="${hatch}"] line`)).not.toBeNull();
  });

  it('should wrap a long name and truncate what does not fit, keeping the full name in a title', () => {
    const name = 'Engineering plastics for automotive interior and exterior parts, Europe and Middle East';
    render(<PlanChart currency="EUR" locale="en" lines={[{ ...RESINS, name }]} />, root);
    const label = root.querySelector('.rp-plan-name');
    expect(label?.querySelectorAll('tspan')).toHaveLength(2);
    expect(label?.querySelector('title')?.textContent).toBe(name);
    expect(label?.querySelectorAll('tspan')[1]?.textContent?.endsWith('…')).toBe(true);
    expect(root.querySelector('tbody th')?.textContent).toBe(name);
  });

  it('should grow taller with more lines and repeat the axis at the bottom', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({
      ...RESINS,
      productLineId: `pl${i}`,
      name: `Line ${i}`,
    }));
    render(<PlanChart currency="EUR" locale="en" lines={many.slice(0, 2)} />, root);
    const short = Number(root.querySelector('svg')?.getAttribute('height'));
    render(<PlanChart currency="EUR" locale="en" lines={many} />, root);
    const tall = Number(root.querySelector('svg')?.getAttribute('height'));
    expect(tall).toBeGreaterThan(short + 10 * 60);
    expect(root.querySelector('svg')?.getAttribute('viewBox')).toBe(`0 0 760 ${tall}`);
    expect(root.querySelectorAll('.rp-plan-row')).toHaveLength(12);
    expect(root.querySelectorAll('tbody tr')).toHaveLength(12);
    expect(svgTexts('.rp-plan-tick').filter((t) => t === '€0')).toHaveLength(2);
  });

  it('should keep the table for screen readers and show it on request', async () => {
    render(<PlanChart currency="EUR" locale="en" lines={[RESINS]} />, root);
    const table = root.querySelector('table');
    const toggle = root.querySelector<HTMLButtonElement>('.rp-plan-table-toggle');
    expect(table?.classList.contains('rp-visually-hidden')).toBe(true);
    expect(toggle?.getAttribute('aria-controls')).toBe(table?.id);
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    await act(() => toggle?.click());
    expect(root.querySelector('table')?.classList.contains('rp-visually-hidden')).toBe(false);
    expect(toggle?.getAttribute('aria-expanded')).toBe('true');
    expect(toggle?.textContent).toBe('Hide the table');
  });

  it('should say so instead of drawing an empty chart', () => {
    render(<PlanChart currency="EUR" lines={[]} title="Account plan 2027" />, root);
    expect(root.querySelector('svg')).toBeNull();
    expect(root.querySelector('table')).toBeNull();
    expect(root.querySelector('.rp-dash-empty')?.textContent).toBe(
      'This plan has no product lines yet: add a revenue target to see the chart.',
    );
    render(<PlanChart currency="EUR" lines={[{ ...RESINS, target: 0, actual: 0, pipeline: 0 }]} />, root);
    expect(root.querySelector('svg')).toBeNull();
    expect(root.querySelector('.rp-dash-empty')?.textContent).toBe(
      'No target, won revenue or pipeline in this plan yet: every figure is zero.',
    );
  });
});
