import type { Settings } from '@rapport/shared';
import { isOpenStage } from '@rapport/shared';
import type { Kysely } from 'kysely';

import { checkAccount, insertAccount, loadAccount, updateAccount } from '../db/account-repository';
import {
  checkContact,
  columnsOf as contactColumns,
  insertContact,
  loadContact,
  writeContactChildren,
} from '../db/contact-repository';
import type { Database } from '../db/database';
import {
  checkOpportunity,
  closeColumns,
  findOpportunity,
  insertOpportunity,
  columnsOf as opportunityColumns,
  recordStageChange,
  toOpportunity,
} from '../db/opportunity-repository';
import { ensureAccountExists } from '../db/references';
import { reindex } from '../db/search-repository';
import { audit } from '../lib/audit';
import { versionConflict } from '../lib/errors';
import { nowIso } from '../lib/ids';
import type { Decision } from './csv-decide';
import { RECORD_ENTITY } from './csv-lookup';
import { linkExternalId } from './external-ids';

export interface ApplyContext {
  settings: Settings;
  actorId: string | null;
  source: string;
  now: () => Date;
}

/**
 * Writes one decided row inside its transaction, through the repositories' own checks (which throw a
 * readable `ApiError` when the data changed since the decision), the search index and one audit entry per
 * record. Records the row's external id, also for an unchanged record found by domain or email.
 */
export async function applyDecision(trx: Kysely<Database>, d: Decision, ctx: ApplyContext): Promise<void> {
  if (d.kind === 'reject') return;
  let recordId: string;
  if (d.kind === 'unchanged') {
    recordId = d.recordId;
  } else if (d.entity === 'accounts') {
    recordId = await writeAccount(trx, d, ctx);
  } else if (d.entity === 'contacts') {
    recordId = await writeContact(trx, d, ctx);
  } else {
    recordId = await writeOpportunity(trx, d, ctx);
  }
  if (d.externalId) {
    await linkExternalId(
      trx,
      { entity: RECORD_ENTITY[d.entity], source: ctx.source },
      d.externalId,
      recordId,
    );
  }
}

type Write<E> = Extract<Decision, { kind: 'create' | 'update'; entity: E }>;

async function writeAccount(trx: Kysely<Database>, d: Write<'accounts'>, ctx: ApplyContext): Promise<string> {
  if (d.kind === 'create') {
    await checkAccount(trx, d.state, ctx.settings, null);
    const id = await insertAccount(trx, d.state);
    await reindex(trx, 'account', [id]);
    await audit(trx, {
      userId: ctx.actorId,
      action: 'create',
      entity: 'account',
      entityId: id,
      after: await loadAccount(trx, id),
    });
    return id;
  }
  const { before, next } = d;
  await checkAccount(trx, next, ctx.settings, before.id);
  if (!(await updateAccount(trx, before, next, before.version))) throw versionConflict('account', before);
  await reindex(trx, 'account', [before.id]);
  await audit(trx, {
    userId: ctx.actorId,
    action: 'update',
    entity: 'account',
    entityId: before.id,
    before,
    after: await loadAccount(trx, before.id),
  });
  return before.id;
}

async function writeContact(trx: Kysely<Database>, d: Write<'contacts'>, ctx: ApplyContext): Promise<string> {
  if (d.kind === 'create') {
    await ensureAccountExists(trx, 'accountId', d.state.accountId);
    await checkContact(trx, d.state, null);
    const id = await insertContact(trx, d.state);
    await reindex(trx, 'contact', [id]);
    await audit(trx, {
      userId: ctx.actorId,
      action: 'create',
      entity: 'contact',
      entityId: id,
      after: await loadContact(trx, id),
    });
    return id;
  }
  const { before, next } = d;
  await ensureAccountExists(trx, 'accountId', next.accountId);
  if (next.accountId !== before.accountId) {
    // As a move does: reporting lines do not cross accounts.
    await trx
      .updateTable('contacts')
      .set({ reports_to_id: null })
      .where('reports_to_id', '=', before.id)
      .execute();
  }
  await checkContact(trx, next, before.id);
  const res = await trx
    .updateTable('contacts')
    .set({ ...contactColumns(next), updated_at: nowIso(), version: before.version + 1 })
    .where('id', '=', before.id)
    .where('version', '=', before.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw versionConflict('contact', before);
  await writeContactChildren(trx, before.id, next, before);
  await reindex(trx, 'contact', [before.id]);
  await audit(trx, {
    userId: ctx.actorId,
    action: 'update',
    entity: 'contact',
    entityId: before.id,
    before,
    after: await loadContact(trx, before.id),
  });
  return before.id;
}

/** When an imported deal closed: its close date (as the CRM says), else now. */
function closedAt(date: string | null, ctx: ApplyContext): Date {
  return date ? new Date(`${date}T00:00:00.000Z`) : ctx.now();
}

async function writeOpportunity(
  trx: Kysely<Database>,
  d: Write<'opportunities'>,
  ctx: ApplyContext,
): Promise<string> {
  if (d.kind === 'create') {
    await checkOpportunity(trx, d.state);
    const closed = !isOpenStage(d.state.stage);
    // Imported deals are history, not a colleague opening new business: they are never flagged.
    const row = await insertOpportunity(trx, d.state, {
      userId: ctx.actorId,
      now: closed ? closedAt(d.state.expectedCloseDate, ctx) : ctx.now(),
      flagged: false,
    });
    await audit(trx, {
      userId: ctx.actorId,
      action: 'create',
      entity: 'opportunity',
      entityId: row.id,
      after: toOpportunity(row),
    });
    return row.id;
  }
  const { before, next } = d;
  await checkOpportunity(trx, next);
  const at =
    isOpenStage(next.stage) || !isOpenStage(before.stage) ? ctx.now() : closedAt(next.expectedCloseDate, ctx);
  const given = { closeReason: isOpenStage(next.stage) ? undefined : next.closeReason };
  const { entering, columns } = closeColumns(before, next, given, at);
  const res = await trx
    .updateTable('opportunities')
    .set({ ...opportunityColumns(next), ...columns, updated_at: nowIso(), version: before.version + 1 })
    .where('id', '=', before.id)
    .where('version', '=', before.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw versionConflict('opportunity', before);
  if (next.stage !== before.stage) {
    await recordStageChange(trx, {
      opportunityId: before.id,
      from: before.stage,
      to: next.stage,
      at,
      userId: ctx.actorId,
      reason: entering ? columns.close_reason : null,
    });
  }
  const after = await findOpportunity(trx, before.id);
  await audit(trx, {
    userId: ctx.actorId,
    action: 'update',
    entity: 'opportunity',
    entityId: before.id,
    before,
    after: after ? toOpportunity(after) : null,
  });
  return before.id;
}
