import {
  zContact,
  zContactListQuery,
  zCreateContactRequest,
  zDeleteQuery,
  zMergeRequest,
  zMoveContactRequest,
  zPage,
  zUpdateContactRequest,
} from '@rapport/shared';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';

import { ensure, policy } from '../auth/policy';
import { loadAccount } from '../db/account-repository';
import {
  checkContact,
  columnsOf,
  insertContact,
  listContactIds,
  loadContact,
  loadContacts,
  mergeContactInto,
  moveContact,
  stateOf,
  writeContactChildren,
} from '../db/contact-repository';
import type { Database } from '../db/database';
import { pageIds } from '../db/paging';
import { ensureAccountExists, notFoundOrMerged } from '../db/references';
import { reindex } from '../db/search-repository';
import type { AppEnv, Deps } from '../deps';
import { audit, auditMerge } from '../lib/audit';
import { invalidField, versionConflict } from '../lib/errors';
import { nowIso } from '../lib/ids';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

/** `/contacts`: stakeholders, the people at an account. */
export function contactRoutes({ db }: Deps) {
  const k = db.kysely;
  const mustLoad = async (trx: Kysely<Database>, id: string) => {
    const contact = await loadContact(trx, id);
    if (!contact) throw await notFoundOrMerged(trx, 'contact', id);
    return contact;
  };
  const accessOf = async (trx: Kysely<Database>, accountId: string) =>
    (await loadAccount(trx, accountId)) ?? { ownerId: null, repIds: [] };
  const writer = (c: { var: AppEnv['Variables'] }) =>
    ensure(policy.writeContact(c.var.actor), (m) => m.errors.only.changeStakeholders);

  return (
    new Hono<AppEnv>()
      // GET /contacts
      .get(
        '/',
        describeRoute({ summary: 'List stakeholders', response: zPage(zContact) }),
        validate('query', zContactListQuery),
        async (c) => {
          const q = c.req.valid('query');
          const page = pageIds(await listContactIds(k, q), q.limit);
          return c.json({ items: await loadContacts(k, page.ids), nextCursor: page.nextCursor });
        },
      )
      // GET /contacts/:id
      .get('/:id', describeRoute({ summary: 'One stakeholder', response: zContact }), async (c) =>
        c.json(await mustLoad(k, c.req.param('id'))),
      )
      // POST /contacts
      .post(
        '/',
        describeRoute({ summary: 'Add a stakeholder', response: zContact, status: 201, errors: [403, 409] }),
        validate('json', zCreateContactRequest),
        async (c) => {
          writer(c);
          const body = c.req.valid('json');
          const contact = await k.transaction().execute(async (trx) => {
            await ensureAccountExists(trx, 'accountId', body.accountId);
            await checkContact(trx, body, null);
            const id = await insertContact(trx, body);
            const created = await mustLoad(trx, id);
            await reindex(trx, 'contact', [id]);
            await audit(trx, {
              userId: c.var.actor.id,
              action: 'create',
              entity: 'contact',
              entityId: id,
              after: created,
            });
            return created;
          });
          return c.json(contact, 201);
        },
      )
      // PATCH /contacts/:id
      .patch(
        '/:id',
        describeRoute({ summary: 'Change a stakeholder', response: zContact, errors: [403, 409] }),
        validate('json', zUpdateContactRequest),
        async (c) => {
          writer(c);
          const { version, ...changes } = c.req.valid('json');
          const contact = await k.transaction().execute(async (trx) => {
            const before = await mustLoad(trx, c.req.param('id'));
            if (before.version !== version) throw versionConflict('contact', before);
            const next = { ...stateOf(before), ...changes };
            await checkContact(trx, next, before.id);
            const res = await trx
              .updateTable('contacts')
              .set({ ...columnsOf(next), updated_at: nowIso(), version: version + 1 })
              .where('id', '=', before.id)
              .where('version', '=', version)
              .executeTakeFirst();
            if (Number(res.numUpdatedRows) !== 1)
              throw versionConflict('contact', await mustLoad(trx, before.id));
            await writeContactChildren(trx, before.id, next, before);
            const after = await mustLoad(trx, before.id);
            await reindex(trx, 'contact', [before.id]);
            await audit(trx, {
              userId: c.var.actor.id,
              action: 'update',
              entity: 'contact',
              entityId: before.id,
              before,
              after,
            });
            return after;
          });
          return c.json(contact);
        },
      )
      // DELETE /contacts/:id?version=
      .delete(
        '/:id',
        describeRoute({ summary: 'Delete a stakeholder', status: 204, errors: [403, 409] }),
        validate('query', zDeleteQuery),
        async (c) => {
          const { version } = c.req.valid('query');
          await k.transaction().execute(async (trx) => {
            const before = await mustLoad(trx, c.req.param('id'));
            const access = await accessOf(trx, before.accountId);
            ensure(
              policy.deleteContact(c.var.actor, access, before.relationshipOwnerId),
              (m) => m.errors.only.deleteStakeholder,
            );
            if (version !== undefined && before.version !== version) throw versionConflict('contact', before);
            await trx.deleteFrom('contacts').where('id', '=', before.id).execute();
            await reindex(trx, 'contact', [before.id]);
            await audit(trx, {
              userId: c.var.actor.id,
              action: 'delete',
              entity: 'contact',
              entityId: before.id,
              before,
            });
          });
          return c.body(null, 204);
        },
      )
      // POST /contacts/:id/move
      .post(
        '/:id/move',
        describeRoute({
          summary: 'Move a stakeholder to another account',
          response: zContact,
          errors: [403, 409],
        }),
        validate('json', zMoveContactRequest),
        async (c) => {
          writer(c);
          const { accountId, version } = c.req.valid('json');
          const moved = await k.transaction().execute(async (trx) => {
            const before = await mustLoad(trx, c.req.param('id'));
            if (before.version !== version) throw versionConflict('contact', before);
            await ensureAccountExists(trx, 'accountId', accountId);
            if (accountId === before.accountId) return before;
            await moveContact(trx, before, accountId);
            const after = await mustLoad(trx, before.id);
            await reindex(trx, 'contact', [before.id]);
            await audit(trx, {
              userId: c.var.actor.id,
              action: 'move',
              entity: 'contact',
              entityId: before.id,
              before,
              after,
            });
            return after;
          });
          return c.json(moved);
        },
      )
      // POST /contacts/:id/merge
      .post(
        '/:id/merge',
        describeRoute({
          summary: 'Merge another stakeholder into this one',
          response: zContact,
          errors: [403, 409],
        }),
        validate('json', zMergeRequest),
        async (c) => {
          writer(c);
          const { sourceId, version } = c.req.valid('json');
          const merged = await k.transaction().execute(async (trx) => {
            const target = await mustLoad(trx, c.req.param('id'));
            if (sourceId === target.id)
              throw invalidField('sourceId', (m) => m.errors.accounts.mergeIntoItself);
            const source = await mustLoad(trx, sourceId);
            if (target.version !== version) throw versionConflict('contact', target);
            await mergeContactInto(trx, target, source);
            const after = await mustLoad(trx, target.id);
            await reindex(trx, 'contact', [target.id, source.id]);
            await auditMerge(trx, c.var.actor.id, 'contact', { target, source, after });
            return after;
          });
          return c.json(merged);
        },
      )
  );
}
