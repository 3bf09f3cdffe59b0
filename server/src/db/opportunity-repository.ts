import type {
  CreateOpportunityRequest,
  Opportunity,
  OpportunityKind,
  OpportunityListQuery,
  OpportunityStage,
  OpportunityType,
} from '@rapport/shared';
import { CLOSED_STAGES, TERM_RULE, termMatchesKind } from '@rapport/shared';
import type { Kysely } from 'kysely';

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
  if (!termMatchesKind(state)) throw invalidField('termMonths', TERM_RULE);
  await ensureAccountExists(db, 'accountId', state.accountId);
  await ensureActiveUsers(db, 'ownerId', [state.ownerId]);
  if (state.productLineId) {
    const line = await db
      .selectFrom('product_lines')
      .select('id')
      .where('id', '=', state.productLineId)
      .executeTakeFirst();
    if (!line) throw invalidField('productLineId', `No product line with id ${state.productLineId}`);
  }
}

/** The opportunities-table columns of a state. */
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

export async function insertOpportunity(
  db: Kysely<Database>,
  state: OpportunityState,
): Promise<OpportunityRow> {
  const now = nowIso();
  const row: OpportunityRow = {
    id: newId(),
    ...columnsOf(state),
    closed_at: null,
    close_reason: null,
    contract_start_date: null,
    flagged_at: null,
    acknowledged_at: null,
    acknowledged_by: null,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await db.insertInto('opportunities').values(row).execute();
  return row;
}

export function stateOf(o: Opportunity): OpportunityState {
  const { id: _id, createdAt: _c, updatedAt: _u, version: _v, ...state } = o;
  return state;
}
