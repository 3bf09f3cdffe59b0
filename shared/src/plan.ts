import { z } from 'zod';

import { zDate, zId, zTimestamp } from './common';
import { zActionCategory, zActionStatus, zObjectiveStatus } from './enums';
import { zCurrency } from './fields';
import { zUserRef } from './user';

/**
 * An account plan's period: a fiscal year named by the calendar year it starts in (`2027`), four digits.
 * With the fiscal year starting in April, `2027` runs from 2027-04-01 to 2028-03-31.
 */
export const zPlanPeriod = z
  .string()
  .refine(
    (p) => /^\d{4}$/.test(p) && Number(p) >= 1900,
    'A period is a fiscal year from 1900 to 9999, four digits such as 2027',
  );
export type PlanPeriod = z.infer<typeof zPlanPeriod>;

/** The path of `/accounts/:id/plans/:period`; the account id is checked against the database (404). */
export const zPlanParams = z.object({ id: z.string(), period: zPlanPeriod });

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The first and last day (inclusive, `YYYY-MM-DD`) of a fiscal year that starts on day 1 of `startMonth`.
 * @example fiscalYear('2027', 4) // { startDate: '2027-04-01', endDate: '2028-03-31' }
 */
export function fiscalYear(period: string, startMonth: number): { startDate: string; endDate: string } {
  const year = Number(period);
  const last = new Date(Date.UTC(year + 1, startMonth - 1, 0));
  return {
    startDate: `${period}-${pad2(startMonth)}-01`,
    endDate: `${last.getUTCFullYear()}-${pad2(last.getUTCMonth() + 1)}-${pad2(last.getUTCDate())}`,
  };
}

/**
 * The fiscal year a day (`YYYY-MM-DD`, or the date part of a timestamp) falls in.
 * @example periodOf('2027-03-15', 4) // '2026'
 */
export function periodOf(date: string, startMonth: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return String(month >= startMonth ? year : year - 1);
}

const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;
const zText = z.string().trim().min(1, 'Required').max(2000);

/** A revenue target for one product line, in minor units of the plan's currency. */
export const zPlanLineInput = z.strictObject({
  productLineId: zId,
  target: z.number().int('A target is in minor units (cents), a whole number').min(0).max(MAX_AMOUNT),
});
export type PlanLineInput = z.infer<typeof zPlanLineInput>;

/** An objective; give the `id` it was read with to keep it, leave it out to add a new one. */
export const zPlanObjectiveInput = z.strictObject({
  id: zId.optional(),
  text: zText,
  status: zObjectiveStatus.default('open'),
});
export type PlanObjectiveInput = z.infer<typeof zPlanObjectiveInput>;

/** An action with its owner (a colleague) and due date; `id` as for objectives. */
export const zPlanActionInput = z.strictObject({
  id: zId.optional(),
  title: zText,
  category: zActionCategory.default('other'),
  ownerId: zId.nullable().default(null),
  dueDate: zDate.nullable().default(null),
  status: zActionStatus.default('planned'),
});
export type PlanActionInput = z.infer<typeof zPlanActionInput>;

/** Adds an issue at `<list>.<i>.<key>` for every value already seen earlier in the list. */
function noRepeats<T>(
  list: readonly T[],
  key: keyof T & string,
  name: string,
  ctx: z.RefinementCtx,
  at: string,
) {
  const seen = new Set<unknown>();
  list.forEach((item, i) => {
    const value = item[key];
    if (value === undefined) return;
    if (seen.has(value))
      ctx.addIssue({ code: 'custom', path: [at, i, key], message: `${name} is listed twice` });
    seen.add(value);
  });
}

/**
 * `PUT /accounts/:id/plans/:period`: the whole plan, replacing what is stored (lines, objectives and actions
 * in the order given). `version` 0 (or left out) creates the plan; otherwise it is the version last read.
 * `currency` left out keeps the stored plan's, or for a new plan takes the default currency setting.
 */
export const zPutPlanRequest = z
  .strictObject({
    version: z.number().int().min(0).default(0),
    currency: zCurrency.optional(),
    lines: z.array(zPlanLineInput).max(200),
    objectives: z.array(zPlanObjectiveInput).max(100),
    actions: z.array(zPlanActionInput).max(200),
  })
  .superRefine((plan, ctx) => {
    noRepeats(plan.lines, 'productLineId', 'This product line', ctx, 'lines');
    noRepeats(plan.objectives, 'id', 'This objective', ctx, 'objectives');
    noRepeats(plan.actions, 'id', 'This action', ctx, 'actions');
  });
export type PutPlanRequest = z.infer<typeof zPutPlanRequest>;

/** Amounts in minor units of the plan's currency. */
const zMoney = z.number().int();

/**
 * One product line of a plan: `target` is null on a line with no target that shows up because it has
 * revenue or pipeline in the period. `actual` is won in the period, `pipeline` open weighted by stage.
 */
export const zPlanLine = z.object({
  productLineId: zId,
  productLineName: z.string(),
  target: zMoney.nullable(),
  actual: zMoney,
  pipeline: zMoney,
});
export type PlanLine = z.infer<typeof zPlanLine>;

export const zPlanObjective = z.object({ id: zId, text: z.string(), status: zObjectiveStatus });
export type PlanObjective = z.infer<typeof zPlanObjective>;

export const zPlanAction = z.object({
  id: zId,
  title: z.string(),
  category: zActionCategory,
  ownerId: zId.nullable(),
  owner: zUserRef.nullable(),
  dueDate: zDate.nullable(),
  status: zActionStatus,
});
export type PlanAction = z.infer<typeof zPlanAction>;

/**
 * An account's plan for a period with what has happened in it. Answers for every account, planned or not:
 * an unsaved plan has `version` 0 and no targets, but its actual and pipeline are computed all the same.
 */
export const zAccountPlan = z.object({
  accountId: zId,
  period: zPlanPeriod,
  /** First and last day of the fiscal year, inclusive. */
  startDate: zDate,
  endDate: zDate,
  currency: z.string(),
  version: z.number().int().min(0),
  updatedAt: zTimestamp.nullable(),
  /** Planned lines first in saved order, then lines with revenue or pipeline but no target, by name. */
  lines: z.array(zPlanLine),
  /** Revenue and pipeline of opportunities with no product line. */
  unassigned: z.object({ actual: zMoney, pipeline: zMoney }),
  /** Sums of the lines; actual and pipeline include `unassigned`. */
  totals: z.object({ target: zMoney, actual: zMoney, pipeline: zMoney }),
  /** Active product lines the account has never bought (no won opportunity, in any period). */
  whitespace: z.array(z.object({ productLineId: zId, name: z.string() })),
  /** Opportunities of the period in other currencies: not converted, so not counted. */
  excluded: z.object({ opportunities: z.number().int(), currencies: z.array(z.string()) }),
  objectives: z.array(zPlanObjective),
  actions: z.array(zPlanAction),
});
export type AccountPlan = z.infer<typeof zAccountPlan>;
