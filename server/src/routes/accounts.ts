import {
  zAccount,
  zAccountListQuery,
  zCreateAccountRequest,
  zDeleteQuery,
  zMergeRequest,
  zPage,
  zUpdateAccountRequest,
} from '@rapport/shared';
import { Hono } from 'hono';

import { ensure, policy } from '../auth/policy';
import {
  checkAccount,
  insertAccount,
  listAccountIds,
  loadAccount,
  loadAccounts,
  mergeAccountInto,
  stateOf,
  updateAccount,
} from '../db/account-repository';
import { pageIds } from '../db/paging';
import { notFoundOrMerged } from '../db/references';
import { reindex } from '../db/search-repository';
import type { AppEnv, Deps } from '../deps';
import { audit, auditMerge } from '../lib/audit';
import { ApiError, invalidField, versionConflict } from '../lib/errors';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

/** `/accounts`: customer and prospect companies. */
export function accountRoutes({ db, settings }: Deps) {
  const k = db.kysely;
  const mustLoad = async (trx: typeof k, id: string) => {
    const account = await loadAccount(trx, id);
    if (!account) throw await notFoundOrMerged(trx, 'account', id);
    return account;
  };

  return (
    new Hono<AppEnv>()
      // GET /accounts
      .get(
        '/',
        describeRoute({ summary: 'List accounts', response: zPage(zAccount) }),
        validate('query', zAccountListQuery),
        async (c) => {
          const q = c.req.valid('query');
          const page = pageIds(await listAccountIds(k, q, c.var.actor.id), q.limit);
          return c.json({ items: await loadAccounts(k, page.ids), nextCursor: page.nextCursor });
        },
      )
      // GET /accounts/:id
      .get('/:id', describeRoute({ summary: 'One account', response: zAccount }), async (c) =>
        c.json(await mustLoad(k, c.req.param('id'))),
      )
      // POST /accounts
      .post(
        '/',
        describeRoute({ summary: 'Create an account', response: zAccount, status: 201, errors: [403, 409] }),
        validate('json', zCreateAccountRequest),
        async (c) => {
          const body = c.req.valid('json');
          ensure(policy.createAccount(c.var.actor, body.tier), (m) => m.errors.only.createKeyAccounts);
          const s = await settings.get();
          const account = await k.transaction().execute(async (trx) => {
            await checkAccount(trx, body, s, null);
            const id = await insertAccount(trx, body);
            const created = await mustLoad(trx, id);
            await reindex(trx, 'account', [id]);
            await audit(trx, {
              userId: c.var.actor.id,
              action: 'create',
              entity: 'account',
              entityId: id,
              after: created,
            });
            return created;
          });
          return c.json(account, 201);
        },
      )
      // PATCH /accounts/:id
      .patch(
        '/:id',
        describeRoute({ summary: 'Change an account', response: zAccount, errors: [403, 409] }),
        validate('json', zUpdateAccountRequest),
        async (c) => {
          const { version, ...changes } = c.req.valid('json');
          const s = await settings.get();
          const account = await k.transaction().execute(async (trx) => {
            const before = await mustLoad(trx, c.req.param('id'));
            ensure(policy.editAccount(c.var.actor, before), (m) => m.errors.only.editAccount);
            if (before.version !== version) throw versionConflict('account', before);
            const next = { ...stateOf(before), ...changes };
            if (next.tier !== before.tier || next.ownerId !== before.ownerId) {
              ensure(
                policy.changeAccountOwnership(c.var.actor, before, next.tier),
                (m) => m.errors.only.changeOwnership,
              );
            }
            await checkAccount(trx, next, s, before.id);
            if (!(await updateAccount(trx, before, next, version)))
              throw versionConflict('account', await mustLoad(trx, before.id));
            const after = await mustLoad(trx, before.id);
            await reindex(trx, 'account', [before.id]);
            await audit(trx, {
              userId: c.var.actor.id,
              action: 'update',
              entity: 'account',
              entityId: before.id,
              before,
              after,
            });
            return after;
          });
          return c.json(account);
        },
      )
      // DELETE /accounts/:id?version=
      .delete(
        '/:id',
        describeRoute({
          summary: 'Delete an account that has no contacts, opportunities, logged touches or plans',
          status: 204,
          errors: [403, 409],
        }),
        validate('query', zDeleteQuery),
        async (c) => {
          const { version } = c.req.valid('query');
          await k.transaction().execute(async (trx) => {
            const before = await mustLoad(trx, c.req.param('id'));
            ensure(policy.deleteAccount(c.var.actor, before), (m) => m.errors.only.deleteAccount);
            if (version !== undefined && before.version !== version) throw versionConflict('account', before);
            // What would be lost or orphaned with the account: people, deals, logged history and plans.
            const count = async (table: 'contacts' | 'opportunities' | 'touch_accounts' | 'account_plans') =>
              Number(
                (
                  await trx
                    .selectFrom(table)
                    .select((eb) => eb.fn.countAll<number>().as('n'))
                    .where('account_id', '=', before.id)
                    .executeTakeFirstOrThrow()
                ).n,
              );
            const held = {
              contacts: await count('contacts'),
              opportunities: await count('opportunities'),
              touches: await count('touch_accounts'),
              plans: await count('account_plans'),
            };
            if (Object.values(held).some((n) => n > 0)) {
              throw new ApiError(409, 'conflict', (m) => m.errors.accounts.stillHas(held), held);
            }
            await trx.deleteFrom('accounts').where('id', '=', before.id).execute();
            await reindex(trx, 'account', [before.id]);
            await audit(trx, {
              userId: c.var.actor.id,
              action: 'delete',
              entity: 'account',
              entityId: before.id,
              before,
            });
          });
          return c.body(null, 204);
        },
      )
      // POST /accounts/:id/merge
      .post(
        '/:id/merge',
        describeRoute({
          summary: 'Merge another account into this one',
          response: zAccount,
          errors: [403, 409],
        }),
        validate('json', zMergeRequest),
        async (c) => {
          const { sourceId, version } = c.req.valid('json');
          const merged = await k.transaction().execute(async (trx) => {
            const target = await mustLoad(trx, c.req.param('id'));
            if (sourceId === target.id)
              throw invalidField('sourceId', (m) => m.errors.accounts.mergeIntoItself);
            const source = await mustLoad(trx, sourceId);
            ensure(policy.mergeAccounts(c.var.actor, target, source), (m) => m.errors.only.mergeAccounts);
            if (target.version !== version) throw versionConflict('account', target);
            const contactIds = (
              await trx.selectFrom('contacts').select('id').where('account_id', '=', source.id).execute()
            ).map((r) => r.id);
            await mergeAccountInto(trx, target, source);
            const after = await mustLoad(trx, target.id);
            await reindex(trx, 'account', [target.id, source.id]);
            await reindex(trx, 'contact', contactIds);
            await auditMerge(trx, c.var.actor.id, 'account', { target, source, after });
            return after;
          });
          return c.json(merged);
        },
      )
  );
}
