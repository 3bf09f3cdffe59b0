import type { AccountPlan } from '@rapport/shared';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

import { m } from '../i18n/dashboard';
import { sendToBackground } from '../messaging';
import { formatDate, formatDateTime } from '../ui/format';
import { ErrorNotice, Loading } from './error-notice';
import { PAGE_LABELS } from './labels';
import { useLeaveGuard } from './leave-guard';
import { PeriodSelect } from './period-select';
import { currentPeriod, todayUtc } from './periods';
import { PlanChart, type PlanChartLine } from './plan-chart';
import { PlanEditor } from './plan-editor';
import { accountHref } from './route';
import { useLoad } from './use-load';

/** The chart's row for revenue and pipeline without a product line. */
export const UNASSIGNED_LINE_ID = 'unassigned';

/**
 * The chart's lines for a plan: each product line by its name, plus "No product line" when opportunities
 * without one add revenue or pipeline (so the rows add up to the plan's totals).
 * @example <PlanChart lines={chartLines(plan)} totals={plan.totals} currency={plan.currency} />
 */
export function chartLines(plan: AccountPlan): PlanChartLine[] {
  const lines: PlanChartLine[] = plan.lines.map((line) => ({
    productLineId: line.productLineId,
    name: line.productLineName,
    target: line.target,
    actual: line.actual,
    pipeline: line.pipeline,
  }));
  if (plan.unassigned.actual !== 0 || plan.unassigned.pipeline !== 0) {
    lines.push({
      productLineId: UNASSIGNED_LINE_ID,
      name: m.dashboard.plan.noProductLine,
      target: null,
      actual: plan.unassigned.actual,
      pipeline: plan.unassigned.pipeline,
    });
  }
  return lines;
}

/**
 * What leaving the plan editor with changes would lose, as the leave dialog says it.
 * @example unsavedChanges('2027') // 'You have unsaved changes to the 2027 plan.'
 */
export function unsavedChanges(period: string): string {
  return m.dashboard.plan.unsaved(period);
}

export interface PlanSectionProps {
  accountId: string;
  initialPeriod: string | null;
  /** The owner (an account manager) and admins edit; everyone else reads. */
  mayEdit: boolean;
  ownerName: string | null;
  /** False until the account's owner is known (so "who may edit" is not guessed). */
  ready: boolean;
}

/**
 * The account plan for a fiscal year: the chart of target, won revenue and weighted pipeline per product
 * line, whitespace, objectives and actions; and for its owner an editor.
 */
export function PlanSection({ accountId, initialPeriod, mayEdit, ownerName, ready }: PlanSectionProps) {
  const [period, setPeriod] = useState<string | null>(initialPeriod);
  const [current, setCurrent] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [unsaved, setUnsaved] = useState(false);
  const [saved, setSaved] = useState('');
  const editButton = useRef<HTMLButtonElement>(null);
  const [focusEdit, setFocusEdit] = useState(false);

  const plan = useLoad(async () => {
    const ask = (p: string) => sendToBackground({ type: 'accountPlan', accountId, period: p });
    const today = todayUtc();
    // Without a period in the URL, the current fiscal year: the calendar year's plan says which month
    // fiscal years start in, and so which one today is in.
    let res = await ask(period ?? today.slice(0, 4));
    if (res.ok) {
      const now = currentPeriod(res.data.startDate, today);
      setCurrent(now);
      if (!period && res.data.period !== now) res = await ask(now);
    }
    return res;
  }, [accountId, period]);

  // In the same commit as the "saved" status (a layout effect: a plain effect waits for a paint, and anything
  // reading the page in between, a person or a test, would find the focus lost).
  useLayoutEffect(() => {
    if (!focusEdit) return;
    editButton.current?.focus();
    setFocusEdit(false);
  }, [focusEdit]);

  const data = plan.state.data;
  const shown = period ?? data?.period ?? null;
  // Leaving the page, or this year for another, asks first while the editor holds changes.
  const guard = useLeaveGuard(editing && unsaved && data ? unsavedChanges(data.period) : null);

  const stopEditing = () => {
    setEditing(false);
    setUnsaved(false);
  };

  const choosePeriod = async (next: string) => {
    if (editing && unsaved && data && !(await guard.ask(unsavedChanges(data.period)))) return;
    stopEditing();
    setSaved('');
    setPeriod(next);
    guard.replace(accountHref(accountId, next === current ? null : next));
  };

  return (
    <section
      class="rp-dash-card rp-plan-section"
      aria-labelledby="rp-plan-h"
      aria-busy={plan.state.status === 'loading'}
    >
      <div class="rp-dash-headline">
        <h2 id="rp-plan-h">{m.dashboard.plan.heading}</h2>
        {shown && (
          <PeriodSelect
            id="rp-plan-period"
            value={shown}
            current={current}
            extra={period}
            onChange={(next) => void choosePeriod(next)}
          />
        )}
      </div>
      {plan.state.status === 'error' && (
        <ErrorNotice error={plan.state.error} what={m.dashboard.plan.couldNotLoad} onRetry={plan.reload} />
      )}
      {!data && plan.state.status === 'loading' && <Loading>{m.dashboard.plan.loading}</Loading>}
      {data && (
        <>
          <p class="rp-dash-muted rp-plan-meta">
            {m.dashboard.plan.range(formatDate(data.startDate), formatDate(data.endDate))} ·{' '}
            {data.version > 0 && data.updatedAt
              ? m.dashboard.plan.savedAt(formatDateTime(data.updatedAt))
              : m.dashboard.plan.notSaved}{' '}
            · {m.dashboard.plan.amountsIn(data.currency)}
          </p>
          <div class="rp-plan-layout">
            <PlanChart
              currency={data.currency}
              title={m.dashboard.plan.chartTitle(data.period)}
              lines={chartLines(data)}
              totals={data.totals}
            />
            <PlanFacts plan={data} />
          </div>
          {editing ? (
            <PlanEditor
              accountId={accountId}
              period={data.period}
              plan={data}
              onSaved={(next) => {
                plan.set(next);
                stopEditing();
                setSaved(m.dashboard.plan.saved(next.period));
                setFocusEdit(true);
              }}
              onReloaded={(theirs) => plan.set(theirs)}
              onClose={() => {
                stopEditing();
                setFocusEdit(true);
              }}
              onUnsavedChange={setUnsaved}
            />
          ) : (
            <>
              <PlanDetails plan={data} />
              {ready &&
                (mayEdit ? (
                  <button
                    ref={editButton}
                    type="button"
                    class="rp-dash-button rp-dash-primary"
                    onClick={() => {
                      setSaved('');
                      setEditing(true);
                    }}
                  >
                    {data.version > 0 ? m.dashboard.plan.edit : m.dashboard.plan.create}
                  </button>
                ) : (
                  <p class="rp-dash-muted">
                    {ownerName ? m.dashboard.plan.onlyOwner(ownerName) : m.dashboard.plan.onlyManager}
                  </p>
                ))}
            </>
          )}
        </>
      )}
      <p class="rp-dash-status" role="status">
        {saved}
      </p>
    </section>
  );
}

function PlanFacts({ plan }: { plan: AccountPlan }) {
  return (
    <div class="rp-plan-facts">
      <h3>{m.dashboard.plan.whitespace}</h3>
      {plan.whitespace.length === 0 ? (
        <p class="rp-dash-muted">{m.dashboard.plan.whitespaceNone}</p>
      ) : (
        <>
          <p class="rp-dash-muted">{m.dashboard.plan.whitespaceIntro}</p>
          <ul class="rp-chips">
            {plan.whitespace.map((w) => (
              <li key={w.productLineId} class="rp-pill">
                {w.name}
              </li>
            ))}
          </ul>
        </>
      )}
      {plan.excluded.opportunities > 0 && (
        <p class="rp-dash-notice">
          {m.dashboard.plan.excluded(
            plan.excluded.opportunities,
            m.dashboard.list(plan.excluded.currencies),
            plan.currency,
          )}
        </p>
      )}
    </div>
  );
}

function PlanDetails({ plan }: { plan: AccountPlan }) {
  const today = todayUtc();
  return (
    <div class="rp-plan-details">
      <div>
        <h3>{m.dashboard.plan.objectives}</h3>
        {plan.objectives.length === 0 ? (
          <p class="rp-dash-empty">{m.dashboard.plan.noObjectives}</p>
        ) : (
          <ul class="rp-objectives">
            {plan.objectives.map((o) => (
              <li key={o.id} class={`rp-objective rp-objective-${o.status}`}>
                <span class={`rp-pill rp-status-${o.status}`}>{PAGE_LABELS.objectiveStatus[o.status]}</span>{' '}
                {o.text}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <h3>{m.dashboard.plan.actions}</h3>
        {plan.actions.length === 0 ? (
          <p class="rp-dash-empty">{m.dashboard.plan.noActions}</p>
        ) : (
          <div class="rp-dash-table-wrap">
            <table class="rp-dash-table rp-actions-table">
              <thead>
                <tr>
                  <th scope="col">{m.dashboard.plan.action}</th>
                  <th scope="col">{m.dashboard.plan.category}</th>
                  <th scope="col">{m.dashboard.plan.owner}</th>
                  <th scope="col">{m.dashboard.plan.due}</th>
                  <th scope="col">{m.dashboard.plan.status}</th>
                </tr>
              </thead>
              <tbody>
                {plan.actions.map((a) => {
                  const overdue =
                    a.dueDate !== null &&
                    a.dueDate < today &&
                    (a.status === 'planned' || a.status === 'in_progress');
                  return (
                    <tr key={a.id}>
                      <th scope="row">{a.title}</th>
                      <td>{PAGE_LABELS.category[a.category]}</td>
                      <td>{a.owner?.name ?? m.dashboard.nobodyYet}</td>
                      <td>
                        {a.dueDate ? formatDate(a.dueDate) : '—'}
                        {overdue && <span class="rp-flag">{m.dashboard.plan.overdue}</span>}
                      </td>
                      <td>{PAGE_LABELS.actionStatus[a.status]}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}
