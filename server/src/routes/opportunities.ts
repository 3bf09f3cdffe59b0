import {
  zCreateOpportunityRequest,
  zDeleteQuery,
  zOpportunity,
  zOpportunityListQuery,
  zPage,
  zUpdateOpportunityRequest,
} from '@rapport/shared';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';

import { ensure, policy } from '../auth/policy';
import { loadAccount } from '../db/account-repository';
import type { Database } from '../db/database';
import {
  checkOpportunity,
  closeColumns,
  columnsOf,
  findOpportunity,
  flagsNewBusiness,
  insertOpportunity,
  listOpportunities,
  recordStageChange,
  stateOf,
  toOpportunity,
} from '../db/opportunity-repository';
import { toPage } from '../db/paging';
import { notFoundOrMerged } from '../db/references';
import type { AppEnv, Deps } from '../deps';
import { audit } from '../lib/audit';
import { versionConflict } from '../lib/errors';
import { nowIso } from '../lib/ids';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

/**
 * `/opportunities`: deals, open until won or lost (with a reason). Every stage change is recorded with who
 * made it and when (the account's timeline shows them); new business opened on a key account by someone
 * other than its owner is flagged until the owner acknowledges it.
 */
export function opportunityRoutes({ db, now }: Deps) {
  const k = db.kysely;
  const mustLoad = async (trx: Kysely<Database>, id: string) => {
    const row = await findOpportunity(trx, id);
    if (!row) throw await notFoundOrMerged(trx, 'opportunity', id);
    return toOpportunity(row);
  };
  const accessOf = async (trx: Kysely<Database>, accountId: string) =>
    (await loadAccount(trx, accountId)) ?? { ownerId: null, repIds: [] };

  /** Reads an opportunity again after an update and audits the change from `before`. */
  const reloadAudited = async (trx: Kysely<Database>, userId: string, before: { id: string }) => {
    const after = await mustLoad(trx, before.id);
    await audit(trx, { userId, action: 'update', entity: 'opportunity', entityId: before.id, before, after });
    return after;
  };

  return (
    new Hono<AppEnv>()
      // GET /opportunities
      .get(
        '/',
        describeRoute({ summary: 'List opportunities', response: zPage(zOpportunity) }),
        validate('query', zOpportunityListQuery),
        async (c) => {
          const q = c.req.valid('query');
          return c.json(toPage(await listOpportunities(k, q), q.limit, (rows) => rows.map(toOpportunity)));
        },
      )
      // GET /opportunities/:id
      .get('/:id', describeRoute({ summary: 'One opportunity', response: zOpportunity }), async (c) =>
        c.json(await mustLoad(k, c.req.param('id'))),
      )
      // POST /opportunities
      .post(
        '/',
        describeRoute({
          summary: 'Create an opportunity',
          response: zOpportunity,
          status: 201,
          errors: [403, 409],
        }),
        validate('json', zCreateOpportunityRequest),
        async (c) => {
          ensure(policy.createOpportunity(c.var.actor), (m) => m.errors.only.createOpportunities);
          const body = c.req.valid('json');
          const created = await k.transaction().execute(async (trx) => {
            await checkOpportunity(trx, body);
            const account = await loadAccount(trx, body.accountId);
            const row = await insertOpportunity(trx, body, {
              userId: c.var.actor.id,
              now: now(),
              flagged: account !== null && flagsNewBusiness(account, body.type, c.var.actor.id),
            });
            await audit(trx, {
              userId: c.var.actor.id,
              action: 'create',
              entity: 'opportunity',
              entityId: row.id,
              after: toOpportunity(row),
            });
            return toOpportunity(row);
          });
          return c.json(created, 201);
        },
      )
      // PATCH /opportunities/:id
      .patch(
        '/:id',
        describeRoute({ summary: 'Change an opportunity', response: zOpportunity, errors: [403, 409] }),
        validate('json', zUpdateOpportunityRequest),
        async (c) => {
          const { version, ...changes } = c.req.valid('json');
          const updated = await k.transaction().execute(async (trx) => {
            const before = await mustLoad(trx, c.req.param('id'));
            ensure(
              policy.editOpportunity(c.var.actor, await accessOf(trx, before.accountId), before.ownerId),
              (m) => m.errors.only.editOpportunity,
            );
            if (before.version !== version) throw versionConflict('opportunity', before);
            const next = { ...stateOf(before), ...changes };
            if (changes.kind === 'order' && changes.termMonths === undefined) next.termMonths = null;
            if (next.kind === 'order' && changes.contractStartDate === undefined)
              next.contractStartDate = null;
            await checkOpportunity(trx, next);
            const at = now();
            const { entering, columns } = closeColumns(before, next, changes, at);
            const res = await trx
              .updateTable('opportunities')
              .set({ ...columnsOf(next), ...columns, updated_at: nowIso(), version: version + 1 })
              .where('id', '=', before.id)
              .where('version', '=', version)
              .executeTakeFirst();
            if (Number(res.numUpdatedRows) !== 1)
              throw versionConflict('opportunity', await mustLoad(trx, before.id));
            if (next.stage !== before.stage) {
              await recordStageChange(trx, {
                opportunityId: before.id,
                from: before.stage,
                to: next.stage,
                at,
                userId: c.var.actor.id,
                reason: entering ? columns.close_reason : null,
              });
            }
            return reloadAudited(trx, c.var.actor.id, before);
          });
          return c.json(updated);
        },
      )
      // POST /opportunities/:id/acknowledge
      .post(
        '/:id/acknowledge',
        describeRoute({
          summary: 'Acknowledge flagged new business (the account’s owner or an admin)',
          response: zOpportunity,
          errors: [403],
        }),
        async (c) => {
          // Not versioned and no version bump: acknowledging is the owner saying "seen", not an edit of the
          // deal, so an edit form open elsewhere stays valid. Acknowledging twice changes nothing.
          const acknowledged = await k.transaction().execute(async (trx) => {
            const before = await mustLoad(trx, c.req.param('id'));
            ensure(
              policy.acknowledgeOpportunity(c.var.actor, await accessOf(trx, before.accountId)),
              (m) => m.errors.only.acknowledge,
            );
            if (!before.flag || before.flag.acknowledgedAt) return before;
            await trx
              .updateTable('opportunities')
              .set({ acknowledged_at: now().toISOString(), acknowledged_by: c.var.actor.id })
              .where('id', '=', before.id)
              .where('acknowledged_at', 'is', null)
              .execute();
            return reloadAudited(trx, c.var.actor.id, before);
          });
          return c.json(acknowledged);
        },
      )
      // DELETE /opportunities/:id?version=
      .delete(
        '/:id',
        describeRoute({ summary: 'Delete an opportunity', status: 204, errors: [403, 409] }),
        validate('query', zDeleteQuery),
        async (c) => {
          const { version } = c.req.valid('query');
          await k.transaction().execute(async (trx) => {
            const before = await mustLoad(trx, c.req.param('id'));
            ensure(
              policy.deleteOpportunity(c.var.actor, await accessOf(trx, before.accountId), before.ownerId),
              (m) => m.errors.only.deleteOpportunity,
            );
            if (version !== undefined && before.version !== version)
              throw versionConflict('opportunity', before);
            await trx.deleteFrom('opportunities').where('id', '=', before.id).execute();
            await audit(trx, {
              userId: c.var.actor.id,
              action: 'delete',
              entity: 'opportunity',
              entityId: before.id,
              before,
            });
          });
          return c.body(null, 204);
        },
      )
  );
}
