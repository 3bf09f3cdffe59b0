import type { PortfolioItem, UserRef } from '@rapport/shared';
import { useMemo, useState } from 'preact/hooks';

import { intlLocale, type Messages, m } from '../i18n/dashboard';
import { sendToBackground } from '../messaging';
import { formatAmount, formatPercent, LABELS } from '../ui/format';
import { ErrorNotice, Loading } from './error-notice';
import { PAGE_LABELS } from './labels';
import { PeriodSelect } from './period-select';
import { accountHref, accountsHref } from './route';
import { RouteHeading } from './route-heading';
import { useLoad } from './use-load';
import { useTitle } from './use-title';

export type SortKey =
  | 'name'
  | 'tier'
  | 'status'
  | 'owner'
  | 'target'
  | 'actual'
  | 'pipeline'
  | 'attainment'
  | 'signals';

export interface Sort {
  key: SortKey;
  direction: 'ascending' | 'descending';
}

/** How a sort order is announced: a key of the catalog's `portfolio.order`. */
type OrderWord = keyof Messages['dashboard']['portfolio']['order'];

interface Column {
  /** Also the key of its header in the catalog's `portfolio.columns`. */
  key: SortKey;
  /** Amounts and percentages: right-aligned, so digits line up. */
  figure: boolean;
  /** Which way a first click sorts, and how each direction is announced (ascending, descending). */
  first: Sort['direction'];
  words: readonly [OrderWord, OrderWord];
}

const TEXT = ['aToZ', 'zToA'] as const;
const FIGURES = ['lowestFirst', 'highestFirst'] as const;

const COLUMNS: readonly Column[] = [
  { key: 'name', figure: false, first: 'ascending', words: TEXT },
  { key: 'tier', figure: false, first: 'ascending', words: ['keyFirst', 'standardFirst'] },
  { key: 'status', figure: false, first: 'ascending', words: ['customersFirst', 'formerFirst'] },
  { key: 'owner', figure: false, first: 'ascending', words: TEXT },
  { key: 'target', figure: true, first: 'descending', words: FIGURES },
  { key: 'actual', figure: true, first: 'descending', words: FIGURES },
  { key: 'pipeline', figure: true, first: 'descending', words: FIGURES },
  { key: 'attainment', figure: true, first: 'descending', words: FIGURES },
  { key: 'signals', figure: false, first: 'descending', words: ['fewestFirst', 'severeFirst'] },
];

/** A column's header in the current language. */
function columnLabel(column: Column): string {
  return m.dashboard.portfolio.columns[column.key];
}

const TIER_ORDER = { key: 0, standard: 1 } as const;
const STATUS_ORDER = { customer: 0, prospect: 1, former_customer: 2 } as const;

/** A value to sort on; null always sorts last, whichever the direction. */
function sortValue(item: PortfolioItem, key: SortKey): string | number | null {
  switch (key) {
    case 'name':
      return item.account.name;
    case 'tier':
      return TIER_ORDER[item.account.tier];
    case 'status':
      return STATUS_ORDER[item.account.status];
    case 'owner':
      return item.account.owner?.name ?? null;
    case 'target':
      return item.plan.target;
    case 'actual':
      return item.plan.actual;
    case 'pipeline':
      return item.plan.pipeline;
    case 'attainment':
      return item.plan.attainment;
    case 'signals':
      return item.signals.high * 1_000_000 + item.signals.medium * 1_000 + item.signals.low;
  }
}

const collators = new Map<string, Intl.Collator>();
/** Names compare as the current language sorts them ("Ä" next to "A"; "Item 2" before "Item 10"). */
function collator(): Intl.Collator {
  const locale = intlLocale();
  let found = collators.get(locale);
  if (!found) {
    found = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
    collators.set(locale, found);
  }
  return found;
}

/**
 * The portfolio's rows in the chosen order; ties keep A-to-Z by name, and missing values go last.
 * @example sortPortfolio(items, { key: 'attainment', direction: 'descending' })
 */
export function sortPortfolio(items: readonly PortfolioItem[], sort: Sort): PortfolioItem[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const names = collator();
  return [...items].sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else {
      const order =
        typeof x === 'string' || typeof y === 'string' ? names.compare(String(x), String(y)) : x - y;
      if (order !== 0) return sign * order;
    }
    return names.compare(a.account.name, b.account.name);
  });
}

export interface MyAccountsProps {
  user: UserRef;
  /** The fiscal year from the URL; the server's current one when null. */
  initialPeriod: string | null;
}

/**
 * "My accounts": the accounts the user owns or is a rep on, with the period's plan figures and signals,
 * sortable by any column (buttons in the headers, so the keyboard sorts too).
 */
export function MyAccounts({ user, initialPeriod }: MyAccountsProps) {
  useTitle(m.dashboard.myAccounts);
  const [period, setPeriod] = useState<string | null>(initialPeriod);
  const [current, setCurrent] = useState<string | null>(null);
  const [sort, setSort] = useState<Sort>({ key: 'name', direction: 'ascending' });
  const [announcement, setAnnouncement] = useState('');
  const load = useLoad(async () => {
    const res = await sendToBackground({ type: 'portfolio', ...(period ? { period } : {}) });
    // The server's default period is the current fiscal year: remember it to centre the selector on.
    if (res.ok && !period) setCurrent(res.data.period);
    return res;
  }, [period]);
  const data = load.state.data;
  const shownPeriod = period ?? data?.period ?? null;
  const rows = useMemo(() => (data ? sortPortfolio(data.items, sort) : []), [data, sort]);

  const choosePeriod = (next: string) => {
    setPeriod(next);
    // Keep the URL shareable without a navigation (replaceState fires no hashchange).
    history.replaceState(history.state, '', accountsHref(next === current ? null : next));
  };

  const sortBy = (column: Column) => {
    const direction =
      sort.key === column.key ? (sort.direction === 'ascending' ? 'descending' : 'ascending') : column.first;
    setSort({ key: column.key, direction });
    const words = direction === 'ascending' ? column.words[0] : column.words[1];
    setAnnouncement(m.dashboard.portfolio.sorted(columnLabel(column), m.dashboard.portfolio.order[words]));
  };

  return (
    <section class="rp-dash-section rp-portfolio" aria-busy={load.state.status === 'loading'}>
      <div class="rp-dash-headline">
        <RouteHeading>{m.dashboard.myAccounts}</RouteHeading>
        {shownPeriod && (
          <PeriodSelect
            value={shownPeriod}
            current={current ?? (period ? null : shownPeriod)}
            extra={period}
            onChange={choosePeriod}
          />
        )}
      </div>
      <p class="rp-dash-muted">
        {user.role === 'account_manager'
          ? m.dashboard.portfolio.introManager
          : m.dashboard.portfolio.introOther}
      </p>
      {load.state.status === 'error' && (
        <ErrorNotice
          error={load.state.error}
          what={m.dashboard.portfolio.couldNotLoad}
          onRetry={load.reload}
        />
      )}
      {load.state.status === 'loading' && !data && <Loading>{m.dashboard.portfolio.loading}</Loading>}
      {data && data.items.length === 0 && <p class="rp-dash-empty-state">{m.dashboard.portfolio.empty}</p>}
      {data && data.items.length > 0 && (
        <div class="rp-dash-table-wrap">
          <table class="rp-dash-table rp-portfolio-table">
            <caption class="rp-visually-hidden">
              {m.dashboard.portfolio.caption(data.period, data.items.length)}
            </caption>
            <thead>
              <tr>
                {COLUMNS.map((column) => {
                  const sorted = sort.key === column.key;
                  return (
                    <th
                      key={column.key}
                      scope="col"
                      class={column.figure ? 'rp-num' : undefined}
                      aria-sort={sorted ? sort.direction : undefined}
                    >
                      <button type="button" class="rp-sort" onClick={() => sortBy(column)}>
                        {columnLabel(column)}
                        <span class="rp-sort-mark" aria-hidden="true">
                          {sorted ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                        </span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {rows.map((item) => (
                <PortfolioRow
                  key={item.account.id}
                  item={item}
                  user={user}
                  period={period && period !== current ? period : null}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="rp-visually-hidden" role="status">
        {announcement}
      </p>
    </section>
  );
}

function PortfolioRow({ item, user, period }: { item: PortfolioItem; user: UserRef; period: string | null }) {
  const { account, plan, signals } = item;
  const money = (minor: number) => formatAmount(minor, plan.currency);
  const percent = plan.attainment === null ? null : Math.round(plan.attainment * 100);
  return (
    <tr>
      <th scope="row">
        <a href={accountHref(account.id, period)}>{account.name}</a>
      </th>
      <td>
        <span class={`rp-tier rp-tier-${account.tier}`}>{PAGE_LABELS.tier[account.tier]}</span>
      </td>
      <td>{LABELS.status[account.status]}</td>
      <td>
        {account.owner
          ? account.owner.id === user.id
            ? m.dashboard.portfolio.you
            : account.owner.name
          : m.dashboard.portfolio.nobody}
        {item.relation === 'rep' && (
          <span class="rp-dash-muted rp-block">{m.dashboard.portfolio.youAreRep}</span>
        )}
      </td>
      <td class="rp-num">
        {plan.target > 0 ? (
          money(plan.target)
        ) : (
          <span class="rp-dash-muted">{m.dashboard.portfolio.noTarget}</span>
        )}
      </td>
      <td class="rp-num">{money(plan.actual)}</td>
      <td class="rp-num">{money(plan.pipeline)}</td>
      <td class="rp-num">
        {percent === null ? (
          <span class="rp-dash-muted">{m.dashboard.portfolio.noTarget}</span>
        ) : (
          <span class="rp-attain">
            {formatPercent(percent)}
            <span class="rp-attain-bar" aria-hidden="true">
              <span style={{ width: `${Math.min(100, Math.max(0, percent))}%` }} />
            </span>
          </span>
        )}
      </td>
      <td class="rp-signals-cell">
        <SignalCounts high={signals.high} medium={signals.medium} low={signals.low} />
        {signals.top && <span class="rp-block rp-signal-top">{signals.top.title}</span>}
      </td>
    </tr>
  );
}

function SignalCounts({ high, medium, low }: { high: number; medium: number; low: number }) {
  const parts = (
    [
      ['high', high],
      ['medium', medium],
      ['low', low],
    ] as const
  ).filter(([, n]) => n > 0);
  if (parts.length === 0) return <span class="rp-dash-muted">{m.dashboard.portfolio.noSignals}</span>;
  return (
    <span class="rp-signal-counts">
      {parts.map(([severity, n]) => (
        <span key={severity} class={`rp-severity rp-severity-${severity}`}>
          {m.dashboard.portfolio.signalCount(n, PAGE_LABELS.severity[severity])}
        </span>
      ))}
    </span>
  );
}
