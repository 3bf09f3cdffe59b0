import { useId, useMemo, useState } from 'preact/hooks';

import { intlLocale, m } from '../i18n/dashboard';
import { formatAmount, formatPercent } from '../ui/format';
import { attainmentPercent, barLength, niceScale, wrapLabel } from './plan-scale';

/** One product line of an account plan; amounts in integer minor units (cents). */
export interface PlanChartLine {
  productLineId: string;
  name: string;
  /**
   * The revenue target for the period; `null` for a line that has revenue or pipeline but no target (the
   * plan API's lines have it so), drawn without a target bar.
   */
  target: number | null;
  /** Won revenue in the period. */
  actual: number;
  /** Open opportunities weighted by stage. */
  pipeline: number;
}

export interface PlanChartTotals {
  target: number;
  actual: number;
  pipeline: number;
}

export interface PlanChartProps {
  /** ISO 4217 code of every amount, e.g. `EUR`. */
  currency: string;
  locale?: string;
  lines: readonly PlanChartLine[];
  /**
   * The plan's totals as the server computed them; the sums of `lines` when absent. The plan API's totals
   * include revenue with no product line (`unassigned`): pass that as a line of its own so the rows add up.
   */
  totals?: PlanChartTotals;
  /** The figure's caption, e.g. "Account plan 2027" (that, without the year, when absent). */
  title?: string;
}

// The drawing's own coordinate system (the SVG scales to its container through viewBox).
const WIDTH = 760;
const LABEL_WIDTH = 210;
const VALUE_WIDTH = 120;
const PLOT_LEFT = LABEL_WIDTH + 10;
const PLOT_WIDTH = WIDTH - PLOT_LEFT - VALUE_WIDTH;
const LEGEND_HEIGHT = 26;
const AXIS_HEIGHT = 22;
const BAR_HEIGHT = 14;
const BAR_GAP = 3;
const ROW_HEIGHT = 3 * BAR_HEIGHT + 2 * BAR_GAP + 22;
const NAME_CHARS = 27;
/** Repeat the tick labels under the bars too once the chart is taller than a glance. */
const BOTTOM_AXIS_FROM = 6;

type Series = 'target' | 'actual' | 'pipeline';
/*
 * Told apart by more than hue, so black-and-white print keeps them distinct: the target is an outline, won
 * revenue a solid fill, the pipeline a hatch. Colours are attributes rather than CSS so the drawing stays
 * right wherever it is copied or printed.
 */
const SERIES: readonly { key: Series; stroke: string }[] = [
  { key: 'target', stroke: '#24292f' },
  { key: 'actual', stroke: '#0a3069' },
  { key: 'pipeline', stroke: '#7d4e00' },
];

/** A series' name in the legend and the table ("Target", "Won (actual)", "Weighted pipeline"). */
function seriesLabel(series: Series): string {
  return m.dashboard.chart[series];
}

/** Minor units in one major unit of the currency (100 for EUR, 1 for JPY): the finest tick worth a label. */
function minorPerMajor(currency: string, locale?: string): number {
  try {
    const digits = new Intl.NumberFormat(locale ?? intlLocale(), {
      style: 'currency',
      currency,
    }).resolvedOptions().maximumFractionDigits;
    return 10 ** (digits ?? 2);
  } catch {
    return 100;
  }
}

function finite(value: number | null): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function sumLines(lines: readonly PlanChartLine[]): PlanChartTotals {
  return lines.reduce(
    (sum, line) => ({
      target: sum.target + finite(line.target),
      actual: sum.actual + finite(line.actual),
      pipeline: sum.pipeline + finite(line.pipeline),
    }),
    { target: 0, actual: 0, pipeline: 0 },
  );
}

/** "84% of target", or "No target" where a percentage would be meaningless. */
function attainmentText(actual: number, target: number | null, locale?: string): string {
  const percent = attainmentPercent(actual, finite(target));
  return percent === null
    ? m.dashboard.chart.noTarget
    : m.dashboard.chart.ofTarget(formatPercent(percent, locale));
}

/**
 * The sentence a screen reader hears for the chart: how many lines, the totals, and the lines furthest
 * ahead and behind their targets.
 */
function describePlan(
  lines: readonly PlanChartLine[],
  totals: PlanChartTotals,
  money: (n: number) => string,
  locale?: string,
) {
  const words = m.dashboard.chart;
  const parts = [
    words.describeLines(lines.length),
    words.describeTotals(money(totals.target), money(totals.actual), money(totals.pipeline)),
  ];
  const ranked = lines
    .map((line) => ({ name: line.name, percent: attainmentPercent(line.actual, finite(line.target)) }))
    .filter((line): line is { name: string; percent: number } => line.percent !== null)
    .sort((a, b) => b.percent - a.percent);
  const best = ranked[0];
  const worst = ranked[ranked.length - 1];
  if (best && worst && ranked.length > 1) {
    parts.push(
      words.describeRange(
        best.name,
        formatPercent(best.percent, locale),
        worst.name,
        formatPercent(worst.percent, locale),
      ),
    );
  } else if (best) {
    parts.push(words.describeOne(best.name, formatPercent(best.percent, locale)));
  }
  return parts.join(' ');
}

/**
 * The account plan as horizontal bars: per product line its target (outlined), won revenue (solid) and
 * weighted pipeline (hatched), each with its amount written beside it, so the chart reads the same in
 * black-and-white print and without hovering. The same figures are in a table that screen readers always
 * reach and sighted users can show.
 * @example <PlanChart currency="EUR" title="Account plan 2027" lines={plan.lines} totals={plan.totals} />
 */
export function PlanChart({
  currency,
  locale,
  lines,
  totals,
  title = m.dashboard.chart.title,
}: PlanChartProps) {
  const uid = useId();
  const [tableShown, setTableShown] = useState(false);
  const money = (minor: number) => formatAmount(minor, currency, locale);
  const sums = totals ?? sumLines(lines);
  const largest = Math.max(0, ...lines.flatMap((l) => [l.target, l.actual, l.pipeline].map(finite)));
  const step = useMemo(() => minorPerMajor(currency, locale), [currency, locale]);
  const scale = niceScale(largest, 5, step);

  if (lines.length === 0 || largest === 0) {
    return (
      <figure class="rp-plan">
        <figcaption class="rp-plan-title">{title}</figcaption>
        <p class="rp-dash-empty">
          {lines.length === 0 ? m.dashboard.chart.noLines : m.dashboard.chart.allZero}
        </p>
      </figure>
    );
  }

  const ids = { title: `${uid}-title`, desc: `${uid}-desc`, table: `${uid}-table`, hatch: `${uid}-hatch` };
  const plotTop = LEGEND_HEIGHT + AXIS_HEIGHT;
  const bottomAxis = lines.length >= BOTTOM_AXIS_FROM;
  const height = plotTop + lines.length * ROW_HEIGHT + (bottomAxis ? AXIS_HEIGHT : 6);
  const x = (value: number) => PLOT_LEFT + (value / scale.max) * PLOT_WIDTH;
  const fill: Record<Series, string> = {
    target: '#ffffff',
    actual: '#1f5fc4',
    pipeline: `url(#${ids.hatch})`,
  };

  return (
    <figure class="rp-plan">
      <figcaption class="rp-plan-title">
        {title}
        <span class="rp-plan-totals">
          {m.dashboard.chart.totals(
            money(sums.target),
            money(sums.actual),
            attainmentText(sums.actual, sums.target, locale),
            money(sums.pipeline),
          )}
        </span>
      </figcaption>
      <svg
        class="rp-plan-svg"
        role="img"
        aria-labelledby={ids.title}
        aria-describedby={ids.desc}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH}
        height={height}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={ids.title}>{title}</title>
        <desc id={ids.desc}>{describePlan(lines, sums, money, locale)}</desc>
        <defs>
          <pattern
            id={ids.hatch}
            patternUnits="userSpaceOnUse"
            width="6"
            height="6"
            patternTransform="rotate(45)"
          >
            <rect width="6" height="6" fill="#fff3c4" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#9a6700" stroke-width="3" />
          </pattern>
        </defs>
        <g class="rp-plan-legend">
          {SERIES.map((series, i) => (
            <g key={series.key} transform={`translate(${PLOT_LEFT + i * 150} 4)`}>
              <rect
                class={`rp-plan-bar rp-plan-${series.key}`}
                width="18"
                height={BAR_HEIGHT}
                fill={fill[series.key]}
                stroke={series.stroke}
                stroke-width="1.5"
              />
              <text x="24" y={BAR_HEIGHT - 2} class="rp-plan-text">
                {seriesLabel(series.key)}
              </text>
            </g>
          ))}
        </g>
        <g class="rp-plan-axis">
          {scale.ticks.map((tick) => (
            <g key={tick}>
              <line
                class={tick === 0 ? 'rp-plan-baseline' : 'rp-plan-grid'}
                x1={x(tick)}
                x2={x(tick)}
                y1={plotTop - 4}
                y2={height - (bottomAxis ? AXIS_HEIGHT - 4 : 2)}
              />
              <text class="rp-plan-tick" x={x(tick)} y={plotTop - 8} text-anchor="middle">
                {money(tick)}
              </text>
              {bottomAxis && (
                <text class="rp-plan-tick" x={x(tick)} y={height - 4} text-anchor="middle">
                  {money(tick)}
                </text>
              )}
            </g>
          ))}
        </g>
        {lines.map((line, row) => {
          const top = plotTop + row * ROW_HEIGHT + 11;
          const name = wrapLabel(line.name, NAME_CHARS, 2);
          return (
            <g key={line.productLineId} class="rp-plan-row" data-product-line={line.productLineId}>
              <text class="rp-plan-name" x="0" y={top + 11}>
                {name.truncated && <title>{line.name}</title>}
                {name.lines.map((text, i) => (
                  <tspan key={`${i}:${text}`} x="0" dy={i === 0 ? 0 : 16}>
                    {text}
                  </tspan>
                ))}
              </text>
              <text class="rp-plan-attainment" x="0" y={top + 11 + name.lines.length * 16 + 2}>
                {attainmentText(line.actual, line.target, locale)}
              </text>
              {SERIES.map((series, i) => {
                const value = finite(line[series.key]);
                const length = barLength(value, scale.max, PLOT_WIDTH);
                const noTarget = series.key === 'target' && line.target === null;
                const y = top + i * (BAR_HEIGHT + BAR_GAP);
                return (
                  <g key={series.key}>
                    {length > 0 && (
                      <rect
                        class={`rp-plan-bar rp-plan-${series.key}`}
                        x={PLOT_LEFT}
                        y={y}
                        width={length}
                        height={BAR_HEIGHT}
                        fill={fill[series.key]}
                        stroke={series.stroke}
                        stroke-width="1.5"
                      />
                    )}
                    <text class="rp-plan-value" x={PLOT_LEFT + length + 5} y={y + BAR_HEIGHT - 3}>
                      {noTarget ? m.dashboard.chart.noTarget : money(value)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <button
        type="button"
        class="rp-dash-button rp-plan-table-toggle"
        aria-expanded={tableShown}
        aria-controls={ids.table}
        onClick={() => setTableShown((shown) => !shown)}
      >
        {tableShown ? m.dashboard.chart.hideTable : m.dashboard.chart.showTable}
      </button>
      <table id={ids.table} class={tableShown ? 'rp-plan-table' : 'rp-plan-table rp-visually-hidden'}>
        <caption>{m.dashboard.chart.tableCaption(title)}</caption>
        <thead>
          <tr>
            <th scope="col">{m.dashboard.chart.productLine}</th>
            {SERIES.map((series) => (
              <th key={series.key} scope="col">
                {seriesLabel(series.key)}
              </th>
            ))}
            <th scope="col">{m.dashboard.chart.attainment}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.productLineId}>
              <th scope="row">{line.name}</th>
              <td>{line.target === null ? m.dashboard.chart.none : money(finite(line.target))}</td>
              <td>{money(finite(line.actual))}</td>
              <td>{money(finite(line.pipeline))}</td>
              <td>{attainmentText(line.actual, line.target, locale)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{m.dashboard.chart.total}</th>
            <td>{money(sums.target)}</td>
            <td>{money(sums.actual)}</td>
            <td>{money(sums.pipeline)}</td>
            <td>{attainmentText(sums.actual, sums.target, locale)}</td>
          </tr>
        </tfoot>
      </table>
    </figure>
  );
}
