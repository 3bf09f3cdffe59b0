import type {
  AccountPlan,
  ActionCategory,
  ActionStatus,
  ObjectiveStatus,
  OpportunityStage,
  PlanLine,
  PutPlanRequest,
  UserRef,
  UserRole,
} from '@rapport/shared';
import { CLOSED_STAGES, fiscalYear, STAGE_WEIGHTS } from '@rapport/shared';
import { type Kysely, sql } from 'kysely';

import { en, type Messages } from '../i18n';
import { ApiError } from '../lib/errors';
import { newId, nowIso } from '../lib/ids';
import type { Database } from './database';
import { missingActiveUsers } from './user-repository';

/** A plan as stored, without computed figures: what the audit log records before and after a change. */
export interface StoredPlan {
  accountId: string;
  period: string;
  currency: string;
  version: number;
  updatedAt: string;
  lines: { productLineId: string; target: number }[];
  objectives: { id: string; text: string; status: ObjectiveStatus }[];
  actions: {
    id: string;
    title: string;
    category: ActionCategory;
    ownerId: string | null;
    dueDate: string | null;
    status: ActionStatus;
  }[];
}

/** A stored plan with its row id, which stays internal. */
export type LoadedPlan = StoredPlan & { planId: string };

/** The settings that shape a plan's answer. */
export interface PlanSettings {
  fiscalYearStartMonth: number;
  defaultCurrency: string;
}

/** The stored plan of an account for a period; null when none was saved. */
export async function loadStoredPlan(
  db: Kysely<Database>,
  accountId: string,
  period: string,
): Promise<LoadedPlan | null> {
  const plan = await db
    .selectFrom('account_plans')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('period', '=', period)
    .executeTakeFirst();
  if (!plan) return null;
  const [lines, objectives, actions] = await Promise.all([
    db.selectFrom('plan_lines').selectAll().where('plan_id', '=', plan.id).orderBy('position').execute(),
    db.selectFrom('plan_objectives').selectAll().where('plan_id', '=', plan.id).orderBy('position').execute(),
    db.selectFrom('plan_actions').selectAll().where('plan_id', '=', plan.id).orderBy('position').execute(),
  ]);
  return {
    planId: plan.id,
    accountId,
    period,
    currency: plan.currency,
    version: plan.version,
    updatedAt: plan.updated_at,
    lines: lines.map((l) => ({ productLineId: l.product_line_id, target: Number(l.target) })),
    objectives: objectives.map((o) => ({ id: o.id, text: o.text, status: o.status as ObjectiveStatus })),
    actions: actions.map((a) => ({
      id: a.id,
      title: a.title,
      category: a.category as ActionCategory,
      ownerId: a.owner_id,
      dueDate: a.due_date,
      status: a.status as ActionStatus,
    })),
  };
}

/** The stored plan without its row id, for the audit log. */
export function auditRecord(plan: LoadedPlan): StoredPlan {
  const { planId: _id, ...stored } = plan;
  return stored;
}

/**
 * An open opportunity's share of the pipeline: its amount weighted by stage, rounded half up to a whole
 * minor unit. The weight goes through whole percent so that 0.1 × 25 is 2.5 exactly, hence 3.
 * @example weighted(1000, 'negotiate') // 750
 */
export function weighted(amount: number, stage: OpportunityStage): number {
  return Math.round((amount * Math.round(STAGE_WEIGHTS[stage] * 100)) / 100);
}

interface Figures {
  actual: number;
  pipeline: number;
}

/**
 * Won revenue (closed within the period) and weighted pipeline (open, expected to close within it) of an
 * account, per product line (`null` for opportunities without one), in one currency; opportunities of the
 * period in other currencies are only counted.
 */
async function periodFigures(
  db: Kysely<Database>,
  accountId: string,
  window: { startDate: string; endDate: string },
  currency: string,
) {
  // A won opportunity from before closed_at was recorded counts by its last change, as the migration did.
  const closedOn = sql<string>`substr(coalesce(closed_at, updated_at), 1, 10)`;
  const rows = await db
    .selectFrom('opportunities')
    .select(['product_line_id', 'amount', 'currency', 'stage'])
    .where('account_id', '=', accountId)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('stage', '=', 'won'),
          eb(closedOn, '>=', window.startDate),
          eb(closedOn, '<=', window.endDate),
        ]),
        eb.and([
          eb('stage', 'not in', [...CLOSED_STAGES]),
          eb('expected_close_date', '>=', window.startDate),
          eb('expected_close_date', '<=', window.endDate),
        ]),
      ]),
    )
    .execute();
  const byLine = new Map<string | null, Figures>();
  const otherCurrencies = new Set<string>();
  let excluded = 0;
  for (const row of rows) {
    if (row.currency !== currency) {
      excluded++;
      otherCurrencies.add(row.currency);
      continue;
    }
    const f = byLine.get(row.product_line_id) ?? { actual: 0, pipeline: 0 };
    if (row.stage === 'won') f.actual += Number(row.amount);
    else f.pipeline += weighted(Number(row.amount), row.stage as OpportunityStage);
    byLine.set(row.product_line_id, f);
  }
  return { byLine, excluded: { opportunities: excluded, currencies: [...otherCurrencies].sort() } };
}

/** Active product lines the account has never won an opportunity on, by name. */
function whitespaceOf(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('product_lines')
    .select(['id', 'name'])
    .where('active', '=', 1)
    .where((eb) =>
      eb(
        'id',
        'not in',
        eb
          .selectFrom('opportunities')
          .select('product_line_id')
          .where('account_id', '=', accountId)
          .where('stage', '=', 'won')
          .where('product_line_id', 'is not', null),
      ),
    )
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/**
 * An account's plan for a period as the API answers it: the stored plan (or an empty one, version 0) with
 * actual, pipeline and whitespace computed from the account's opportunities.
 */
export async function planView(
  db: Kysely<Database>,
  accountId: string,
  period: string,
  settings: PlanSettings,
  stored?: LoadedPlan | null,
): Promise<AccountPlan> {
  const plan = stored === undefined ? await loadStoredPlan(db, accountId, period) : stored;
  const window = fiscalYear(period, settings.fiscalYearStartMonth);
  const currency = plan?.currency ?? settings.defaultCurrency;
  const [figures, whitespace] = await Promise.all([
    periodFigures(db, accountId, window, currency),
    whitespaceOf(db, accountId),
  ]);
  const planned = plan?.lines ?? [];
  const plannedIds = new Set(planned.map((l) => l.productLineId));
  const unplannedIds = [...figures.byLine.keys()].filter(
    (id): id is string => id !== null && !plannedIds.has(id),
  );
  const [names, owners] = await Promise.all([
    productLineNames(db, [...plannedIds, ...unplannedIds]),
    userRefs(db, plan?.actions.map((a) => a.ownerId) ?? []),
  ]);
  const none: Figures = { actual: 0, pipeline: 0 };
  const line = (productLineId: string, target: number | null): PlanLine => ({
    productLineId,
    productLineName: names.get(productLineId) ?? '',
    target,
    ...(figures.byLine.get(productLineId) ?? none),
  });
  const lines = [
    ...planned.map((l) => line(l.productLineId, l.target)),
    ...unplannedIds
      .map((id) => line(id, null))
      .sort(
        (a, b) =>
          a.productLineName.localeCompare(b.productLineName) ||
          a.productLineId.localeCompare(b.productLineId),
      ),
  ];
  const unassigned = figures.byLine.get(null) ?? none;
  const sum = (pick: (f: Figures) => number) => lines.reduce((n, l) => n + pick(l), pick(unassigned));
  return {
    accountId,
    period,
    ...window,
    currency,
    version: plan?.version ?? 0,
    updatedAt: plan?.updatedAt ?? null,
    lines,
    unassigned: { ...unassigned },
    totals: {
      target: planned.reduce((n, l) => n + l.target, 0),
      actual: sum((f) => f.actual),
      pipeline: sum((f) => f.pipeline),
    },
    whitespace: whitespace.map((w) => ({ productLineId: w.id, name: w.name })),
    excluded: figures.excluded,
    objectives: plan?.objectives ?? [],
    actions: (plan?.actions ?? []).map((a) => ({
      ...a,
      owner: a.ownerId ? (owners.get(a.ownerId) ?? null) : null,
    })),
  };
}

async function productLineNames(db: Kysely<Database>, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('product_lines').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function userRefs(db: Kysely<Database>, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map<string, UserRef>();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role'])
    .where('id', 'in', wanted)
    .execute();
  return new Map(
    rows.map((u) => [u.id, { id: u.id, name: u.name, email: u.email, role: u.role as UserRole }]),
  );
}

/**
 * The checks a plan's schema cannot make, all at once so the answer names every offending field: product
 * lines exist; a given objective or action id is one of this plan's (leave it out to add one); an action's
 * owner is an active user, unless the action already had that owner (a deactivated colleague stays on the
 * actions they had until someone changes them).
 */
export async function checkPlan(db: Kysely<Database>, body: PutPlanRequest, stored: LoadedPlan | null) {
  const issues: { path: string; say: (m: Messages) => string }[] = [];
  const lineIds = body.lines.map((l) => l.productLineId);
  const found =
    lineIds.length === 0
      ? new Set<string>()
      : new Set(
          (await db.selectFrom('product_lines').select('id').where('id', 'in', lineIds).execute()).map(
            (r) => r.id,
          ),
        );
  body.lines.forEach((l, i) => {
    if (!found.has(l.productLineId))
      issues.push({
        path: `lines.${i}.productLineId`,
        say: (m) => m.errors.opportunities.noProductLine(l.productLineId),
      });
  });
  const objectiveIds = new Set(stored?.objectives.map((o) => o.id));
  body.objectives.forEach((o, i) => {
    if (o.id !== undefined && !objectiveIds.has(o.id))
      issues.push({
        path: `objectives.${i}.id`,
        say: (m) => m.errors.plans.notAnObjective(String(o.id)),
      });
  });
  const storedOwners = new Map(stored?.actions.map((a) => [a.id, a.ownerId]));
  body.actions.forEach((a, i) => {
    if (a.id !== undefined && !storedOwners.has(a.id))
      issues.push({
        path: `actions.${i}.id`,
        say: (m) => m.errors.plans.notAnAction(String(a.id)),
      });
  });
  const namesNewOwner = (a: PutPlanRequest['actions'][number]) =>
    a.ownerId !== null && (a.id === undefined || storedOwners.get(a.id) !== a.ownerId);
  const missing = new Set(
    await missingActiveUsers(
      db,
      body.actions.flatMap((a) => (a.ownerId !== null && namesNewOwner(a) ? [a.ownerId] : [])),
    ),
  );
  body.actions.forEach((a, i) => {
    if (a.ownerId !== null && namesNewOwner(a) && missing.has(a.ownerId))
      issues.push({
        path: `actions.${i}.ownerId`,
        say: (m) => m.errors.users.noActiveUser(String(a.ownerId)),
      });
  });
  const first = issues[0];
  if (!first) return;
  const details = (m: Messages) => ({ issues: issues.map((i) => ({ path: i.path, message: i.say(m) })) });
  throw new ApiError(
    400,
    'validation_failed',
    (m) => `${first.path}: ${first.say(m)}`,
    details(en),
    undefined,
    details,
  );
}

/**
 * Writes the whole plan: creates it, or moves it from `stored.version` to the next version. Lines,
 * objectives and actions are replaced in the order given; given ids are kept, new items get new ids.
 * Returns false when another writer changed the plan first (nothing is written then).
 */
export async function savePlan(
  db: Kysely<Database>,
  target: { accountId: string; period: string; currency: string },
  body: PutPlanRequest,
  stored: LoadedPlan | null,
): Promise<boolean> {
  const now = nowIso();
  let planId: string;
  if (stored) {
    const res = await db
      .updateTable('account_plans')
      .set({ currency: target.currency, updated_at: now, version: stored.version + 1 })
      .where('id', '=', stored.planId)
      .where('version', '=', stored.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return false;
    planId = stored.planId;
    for (const table of ['plan_lines', 'plan_objectives', 'plan_actions'] as const)
      await db.deleteFrom(table).where('plan_id', '=', planId).execute();
  } else {
    planId = newId();
    await db
      .insertInto('account_plans')
      .values({
        id: planId,
        account_id: target.accountId,
        period: target.period,
        currency: target.currency,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
  }
  if (body.lines.length > 0)
    await db
      .insertInto('plan_lines')
      .values(
        body.lines.map((l, position) => ({
          plan_id: planId,
          product_line_id: l.productLineId,
          target: l.target,
          position,
        })),
      )
      .execute();
  if (body.objectives.length > 0)
    await db
      .insertInto('plan_objectives')
      .values(
        body.objectives.map((o, position) => ({
          id: o.id ?? newId(),
          plan_id: planId,
          position,
          text: o.text,
          status: o.status,
        })),
      )
      .execute();
  if (body.actions.length > 0)
    await db
      .insertInto('plan_actions')
      .values(
        body.actions.map((a, position) => ({
          id: a.id ?? newId(),
          plan_id: planId,
          position,
          title: a.title,
          category: a.category,
          owner_id: a.ownerId,
          due_date: a.dueDate,
          status: a.status,
        })),
      )
      .execute();
  return true;
}
