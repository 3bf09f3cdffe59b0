import {
  zCreateOpportunityRequest,
  zDeleteQuery,
  zOpportunityListQuery,
  zUpdateOpportunityRequest,
} from '@rapport/shared';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';

import { ensure, policy } from '../auth/policy';
import { loadAccount } from '../db/account-repository';
import type { Database } from '../db/database';
import {
  checkOpportunity,
  columnsOf,
  findOpportunity,
  insertOpportunity,
  listOpportunities,
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

/** `/opportunities`: deals, open until won or lost. */
export function opportunityRoutes({ db }: Deps) {
  const k = db.kysely;
  const mustLoad = async (trx: Kysely<Database>, id: string) => {
    const row = await findOpportunity(trx, id);
    if (!row) throw await notFoundOrMerged(trx, 'Opportunity', id);
    return toOpportunity(row);
  };
  const accessOf = async (trx: Kysely<Database>, accountId: string) =>
    (await loadAccount(trx, accountId)) ?? { ownerId: null, repIds: [] };

  return (
    new Hono<AppEnv>()
      // GET /opportunities
      .get('/', validate('query', zOpportunityListQuery), async (c) => {
        const q = c.req.valid('query');
        return c.json(toPage(await listOpportunities(k, q), q.limit, (rows) => rows.map(toOpportunity)));
      })
      // GET /opportunities/:id
      .get('/:id', async (c) => c.json(await mustLoad(k, c.req.param('id'))))
      // POST /opportunities
      .post('/', validate('json', zCreateOpportunityRequest), async (c) => {
        ensure(policy.createOpportunity(c.var.actor), 'Your role does not create opportunities');
        const body = c.req.valid('json');
        const created = await k.transaction().execute(async (trx) => {
          await checkOpportunity(trx, body);
          const row = await insertOpportunity(trx, body);
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
      })
      // PATCH /opportunities/:id
      .patch('/:id', validate('json', zUpdateOpportunityRequest), async (c) => {
        const { version, ...changes } = c.req.valid('json');
        const updated = await k.transaction().execute(async (trx) => {
          const before = await mustLoad(trx, c.req.param('id'));
          ensure(
            policy.editOpportunity(c.var.actor, await accessOf(trx, before.accountId), before.ownerId),
            'Only the opportunity owner, the account team, coordinators and admins edit this opportunity',
          );
          if (before.version !== version) throw versionConflict('Opportunity', before);
          const next = { ...stateOf(before), ...changes };
          if (changes.kind === 'order' && changes.termMonths === undefined) next.termMonths = null;
          await checkOpportunity(trx, next);
          const res = await trx
            .updateTable('opportunities')
            .set({ ...columnsOf(next), updated_at: nowIso(), version: version + 1 })
            .where('id', '=', before.id)
            .where('version', '=', version)
            .executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1)
            throw versionConflict('Opportunity', await mustLoad(trx, before.id));
          const after = await mustLoad(trx, before.id);
          await audit(trx, {
            userId: c.var.actor.id,
            action: 'update',
            entity: 'opportunity',
            entityId: before.id,
            before,
            after,
          });
          return after;
        });
        return c.json(updated);
      })
      // DELETE /opportunities/:id?version=
      .delete('/:id', validate('query', zDeleteQuery), async (c) => {
        const { version } = c.req.valid('query');
        await k.transaction().execute(async (trx) => {
          const before = await mustLoad(trx, c.req.param('id'));
          ensure(
            policy.deleteOpportunity(c.var.actor, await accessOf(trx, before.accountId), before.ownerId),
            'Only the opportunity owner, the account owner or an admin deletes this opportunity',
          );
          if (version !== undefined && before.version !== version)
            throw versionConflict('Opportunity', before);
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
      })
  );
}
