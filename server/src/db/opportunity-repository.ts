import type {
  CreateOpportunityRequest,
  Opportunity,
  OpportunityKind,
  OpportunityListQuery,
  OpportunityStage,
  OpportunityType,
} from '@rapport/shared';
import { CLOSED_STAGES, contractEndDate, isOpenStage, termMatchesKind } from '@rapport/shared';
import type { Kysely } from 'kysely';
import type { AccountAccess } from '../auth/policy';
import { invalidField } from '../lib/errors';
import { newId, nowIso } from '../lib/ids';
import type { Database, OpportunityRow } from './database';
import { ensureAccountExists, ensureActiveUsers } from './references';

export function toOpportunity(row: OpportunityRow): Opportunity {
  return {
    id: row.id,
    accountId: row.account_id,
    title: row.title,
    type: row.type as OpportunityType,
    kind: row.kind as OpportunityKind,
    termMonths: row.term_months,
    productLineId: row.product_line_id,
    amount: Number(row.amount),
    currency: row.currency,
    stage: row.stage as OpportunityStage,
    expectedCloseDate: row.expected_close_date,
    ownerId: row.owner_id,
    nextStep: row.next_step,
    closedAt: row.closed_at,
    closeReason: row.close_reason,
    contractStartDate: row.contract_start_date,
    contractEndDate:
      row.kind === 'contract' && row.contract_start_date && row.term_months
        ? contractEndDate(row.contract_start_date, row.term_months)
        : null,
    flag: row.flagged_at
      ? {
          flaggedAt: row.flagged_at,
          acknowledgedAt: row.acknowledged_at,
          acknowledgedBy: row.acknowledged_by,
        }
      : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function findOpportunity(db: Kysely<Database>, id: string) {
  return db.selectFrom('opportunities').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A page of opportunities matching the filters, `limit + 1` long. */
export function listOpportunities(db: Kysely<Database>, q: OpportunityListQuery) {
  let query = db
    .selectFrom('opportunities')
    .selectAll()
    .orderBy('id')
    .limit(q.limit + 1);
  if (q.cursor) query = query.where('id', '>', q.cursor);
  if (q.accountId) query = query.where('account_id', '=', q.accountId);
  if (q.stage) query = query.where('stage', '=', q.stage);
  if (q.type) query = query.where('type', '=', q.type);
  if (q.ownerId) query = query.where('owner_id', '=', q.ownerId);
  if (q.open !== undefined) query = query.where('stage', q.open ? 'not in' : 'in', [...CLOSED_STAGES]);
  return query.execute();
}

export type OpportunityState = CreateOpportunityRequest;

/** Checks references and the kind/term rule on the state an opportunity will have. */
export async function checkOpportunity(db: Kysely<Database>, state: OpportunityState) {
  if (!termMatchesKind(state)) throw invalidField('termMonths', (m) => m.errors.opportunities.termRule);
  await ensureAccountExists(db, 'accountId', state.accountId);
  await ensureActiveUsers(db, 'ownerId', [state.ownerId]);
  if (state.productLineId) {
    const line = await db
      .selectFrom('product_lines')
      .select('id')
      .where('id', '=', state.productLineId)
      .executeTakeFirst();
    if (!line)
      throw invalidField('productLineId', (m) =>
        m.errors.opportunities.noProductLine(String(state.productLineId)),
      );
  }
}

/** The opportunities-table columns of a state, but for the close columns (`closeColumns`). */
export function columnsOf(s: OpportunityState) {
  return {
    account_id: s.accountId,
    title: s.title,
    type: s.type,
    kind: s.kind,
    term_months: s.termMonths,
    product_line_id: s.productLineId,
    amount: s.amount,
    currency: s.currency,
    stage: s.stage,
    expected_close_date: s.expectedCloseDate,
    owner_id: s.ownerId,
    next_step: s.nextStep,
  };
}

/**
 * What the stage does to the close columns, checked: entering won or lost needs a reason (given in this
 * request: a won deal's reason does not carry over to lost) and stamps `closed_at`; staying closed keeps both
 * (the reason may be reworded, not removed); an open stage clears both. Only contracts have a start date, and
 * a contract won without one starts on the day it closed. `given` is what the request itself said.
 */
export function closeColumns(
  before: Pick<Opportunity, 'stage' | 'closedAt' | 'closeReason'> | null,
  next: OpportunityState,
  given: { closeReason?: string | null },
  now: Date,
) {
  const entering = !isOpenStage(next.stage) && before?.stage !== next.stage;
  let closedAt: string | null = null;
  let closeReason: string | null = null;
  if (entering) {
    if (!given.closeReason) throw invalidField('closeReason', (m) => m.errors.opportunities.closeReasonRule);
    closedAt = now.toISOString();
    closeReason = given.closeReason;
  } else if (!isOpenStage(next.stage)) {
    if (given.closeReason !== undefined && !given.closeReason) {
      throw invalidField('closeReason', (m) => m.errors.opportunities.keepCloseReason);
    }
    closedAt = before?.closedAt ?? now.toISOString();
    closeReason = given.closeReason ?? before?.closeReason ?? null;
  } else if (given.closeReason) {
    throw invalidField('closeReason', (m) => m.errors.opportunities.onlyClosedHaveReason);
  }
  if (next.kind !== 'contract' && next.contractStartDate !== null) {
    throw invalidField('contractStartDate', (m) => m.errors.opportunities.contractStartRule);
  }
  const start =
    next.contractStartDate ??
    (next.kind === 'contract' && next.stage === 'won' && closedAt ? closedAt.slice(0, 10) : null);
  return {
    /** True when this write moves the opportunity into won or lost. */
    entering,
    columns: { closed_at: closedAt, close_reason: closeReason, contract_start_date: start },
  };
}

/**
 * True when new business is opened on a key account by someone other than its owner: the owner is flagged
 * so that reps and account managers coordinate instead of colliding.
 */
export function flagsNewBusiness(
  account: AccountAccess & { tier: string },
  type: OpportunityType,
  actorId: string | null,
): boolean {
  return type === 'new_business' && account.tier === 'key' && actorId !== null && account.ownerId !== actorId;
}

/** Records a stage change (creation has `from` null) with who made it and, on a close, why. */
export async function recordStageChange(
  db: Kysely<Database>,
  change: {
    opportunityId: string;
    from: OpportunityStage | null;
    to: OpportunityStage;
    at: Date;
    userId: string | null;
    reason: string | null;
  },
) {
  await db
    .insertInto('opportunity_stage_changes')
    .values({
      id: newId(),
      opportunity_id: change.opportunityId,
      from_stage: change.from,
      to_stage: change.to,
      at: change.at.toISOString(),
      user_id: change.userId,
      reason: change.reason,
    })
    .execute();
}

/**
 * Inserts a checked opportunity and the first entry of its stage history. `now` is when it happened (the
 * app's clock; the demo dates its closed deals back); `userId` who did it (null: the command line).
 */
export async function insertOpportunity(
  db: Kysely<Database>,
  state: OpportunityState,
  options: { userId?: string | null; now?: Date; flagged?: boolean } = {},
): Promise<OpportunityRow> {
  const now = options.now ?? new Date();
  const stamp = nowIso();
  const { columns } = closeColumns(null, state, state, now);
  const row: OpportunityRow = {
    id: newId(),
    ...columnsOf(state),
    ...columns,
    flagged_at: options.flagged ? now.toISOString() : null,
    acknowledged_at: null,
    acknowledged_by: null,
    created_at: stamp,
    updated_at: stamp,
    version: 1,
  };
  await db.insertInto('opportunities').values(row).execute();
  await recordStageChange(db, {
    opportunityId: row.id,
    from: null,
    to: state.stage,
    at: now,
    userId: options.userId ?? null,
    reason: columns.close_reason,
  });
  return row;
}

export function stateOf(o: Opportunity): OpportunityState {
  const {
    id: _id,
    createdAt: _c,
    updatedAt: _u,
    version: _v,
    closedAt: _closed,
    contractEndDate: _end,
    flag: _flag,
    ...state
  } = o;
  return state;
}
