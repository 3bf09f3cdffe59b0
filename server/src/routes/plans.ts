import { zAccountPlan, zPlanParams, zPutPlanRequest } from '@rapport/shared';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';

import { ensure, policy } from '../auth/policy';
import { loadAccount } from '../db/account-repository';
import type { Database } from '../db/database';
import { auditRecord, checkPlan, loadStoredPlan, planView, savePlan } from '../db/plan-repository';
import { notFoundOrMerged } from '../db/references';
import type { AppEnv, Deps } from '../deps';
import { audit } from '../lib/audit';
import { isUniqueViolation } from '../lib/db-errors';
import { versionConflict } from '../lib/errors';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

/**
 * `/accounts/:id/plans/:period`: an account's plan for a fiscal year (targets per product line, objectives,
 * actions) with its actual revenue, weighted pipeline and whitespace. Everyone reads; the owner edits.
 */
export function plansRoutes({ db, settings }: Deps) {
  const k = db.kysely;
  const mustLoadAccount = async (trx: Kysely<Database>, id: string) => {
    const account = await loadAccount(trx, id);
    if (!account) throw await notFoundOrMerged(trx, 'account', id);
    return account;
  };

  return (
    new Hono<AppEnv>()
      // GET /accounts/:id/plans/:period
      .get(
        '/:id/plans/:period',
        describeRoute({
          summary: 'The account plan for a fiscal year, planned or not',
          tag: 'Account plans',
          response: zAccountPlan,
        }),
        validate('param', zPlanParams),
        async (c) => {
          const { id, period } = c.req.valid('param');
          await mustLoadAccount(k, id);
          return c.json(await planView(k, id, period, await settings.get()));
        },
      )
      // PUT /accounts/:id/plans/:period
      .put(
        '/:id/plans/:period',
        describeRoute({
          summary: 'Save the whole account plan: 201 when created, 200 when updated',
          tag: 'Account plans',
          response: zAccountPlan,
          status: [200, 201],
          errors: [403, 409],
        }),
        validate('param', zPlanParams),
        validate('json', zPutPlanRequest),
        async (c) => {
          const { id, period } = c.req.valid('param');
          const body = c.req.valid('json');
          const s = await settings.get();
          const write = k.transaction().execute(async (trx) => {
            const account = await mustLoadAccount(trx, id);
            ensure(policy.editPlan(c.var.actor, account), (m) => m.errors.only.editPlan);
            const before = await loadStoredPlan(trx, id, period);
            const conflict = async () => versionConflict('accountPlan', await planView(trx, id, period, s));
            if ((before?.version ?? 0) !== body.version) throw await conflict();
            await checkPlan(trx, body, before);
            const currency = body.currency ?? before?.currency ?? s.defaultCurrency;
            if (!(await savePlan(trx, { accountId: id, period, currency }, body, before)))
              throw await conflict();
            const after = await loadStoredPlan(trx, id, period);
            await audit(trx, {
              userId: c.var.actor.id,
              action: before ? 'update' : 'create',
              entity: 'account_plan',
              entityId: `${id}:${period}`,
              before: before && auditRecord(before),
              after: after && auditRecord(after),
            });
            return { created: !before, plan: await planView(trx, id, period, s, after) };
          });
          // Two first saves at once: the second meets the first's plan (unique per account and period).
          const { created, plan } = await write.catch(async (err: unknown) => {
            if (!isUniqueViolation(err)) throw err;
            throw versionConflict('accountPlan', await planView(k, id, period, s));
          });
          return c.json(plan, created ? 201 : 200);
        },
      )
  );
}
