import {
  type CreateTouchRequest,
  type Settings,
  zCreateTouchRequest,
  zCreateTouchResponse,
  zDeleteQuery,
  zPage,
  zTouch,
  zTouchListQuery,
} from '@rapport/shared';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';

import { type Actor, ensure, policy } from '../auth/policy';
import type { Database } from '../db/database';
import {
  addParticipants,
  bumpLastContacted,
  findBySourceKey,
  insertTouch,
  listTouches,
  loadTouch,
  resolveParticipants,
  restoreLastContacted,
} from '../db/touch-repository';
import type { AppEnv, Deps } from '../deps';
import { audit } from '../lib/audit';
import { isUniqueViolation } from '../lib/db-errors';
import { ApiError, invalidField, notFound, versionConflict } from '../lib/errors';
import { nowIso } from '../lib/ids';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

/** How far ahead of the server's clock a touch may be dated (a user in a time zone ahead of it). */
const FUTURE_SLACK_MS = 86_400_000;

/**
 * `/touches`: emails, calls, meetings and notes with stakeholders. Each one moves its stakeholders' "last
 * contacted" forward; an email thread logged again (same `sourceKey`) is the same touch, never a second one.
 */
export function touchesRoutes({ db, settings, now }: Deps) {
  const k = db.kysely;
  const mustLoad = async (trx: Kysely<Database>, id: string) => {
    const touch = await loadTouch(trx, id);
    if (!touch) throw notFound('touch', id);
    return touch;
  };

  /**
   * Logs a touch, or adds to the one its source key was logged as; one transaction. `s` is read before the
   * transaction: the settings cache reads outside it, which on SQLite's single connection would wait forever.
   */
  const log = async (trx: Kysely<Database>, actor: Actor, body: CreateTouchRequest, s: Settings) => {
    const clock = now();
    const occurredAt = body.occurredAt ? new Date(body.occurredAt).toISOString() : clock.toISOString();
    if (Date.parse(occurredAt) > clock.getTime() + FUTURE_SLACK_MS) {
      throw invalidField('occurredAt', (m) => m.errors.touches.inFuture);
    }
    const participants = await resolveParticipants(trx, s, body);
    const existing = body.sourceKey ? await findBySourceKey(trx, body.sourceKey) : undefined;
    if (existing) {
      const before = await mustLoad(trx, existing.id);
      await addParticipants(trx, existing.id, participants);
      const later = Date.parse(occurredAt) > Date.parse(existing.occurred_at) ? occurredAt : null;
      const grown = await mustLoad(trx, existing.id);
      const changed =
        later !== null ||
        grown.contacts.length !== before.contacts.length ||
        grown.accountIds.length !== before.accountIds.length;
      if (!changed) return { touch: before, created: false, unmatched: participants.unmatchedEmails };
      await trx
        .updateTable('touches')
        .set({
          occurred_at: later ?? existing.occurred_at,
          updated_at: nowIso(),
          version: existing.version + 1,
        })
        .where('id', '=', existing.id)
        .execute();
      const after = await mustLoad(trx, existing.id);
      await bumpLastContacted(
        trx,
        after.contacts.map((c) => c.id),
        after.occurredAt,
      );
      await audit(trx, {
        userId: actor.id,
        action: 'update',
        entity: 'touch',
        entityId: after.id,
        before,
        after,
      });
      return { touch: after, created: false, unmatched: participants.unmatchedEmails };
    }
    if (participants.contactIds.length + participants.accountIds.length === 0) {
      throw new ApiError(422, 'no_match', (m) => m.errors.touches.noMatch, {
        unmatchedEmails: participants.unmatchedEmails,
      });
    }
    const id = await insertTouch(
      trx,
      {
        kind: body.kind,
        subject: body.subject,
        occurredAt,
        userId: actor.id,
        link: body.link,
        sourceKey: body.sourceKey,
        notes: body.kind === 'email' ? '' : body.notes,
      },
      participants,
    );
    await bumpLastContacted(trx, participants.contactIds, occurredAt);
    const touch = await mustLoad(trx, id);
    await audit(trx, { userId: actor.id, action: 'create', entity: 'touch', entityId: id, after: touch });
    return { touch, created: true, unmatched: participants.unmatchedEmails };
  };

  return (
    new Hono<AppEnv>()
      // GET /touches?accountId=&contactId=&kind=&limit=&cursor=
      .get(
        '/',
        describeRoute({ summary: 'List touches, newest first', response: zPage(zTouch) }),
        validate('query', zTouchListQuery),
        async (c) => c.json(await listTouches(k, c.req.valid('query'))),
      )
      // POST /touches
      .post(
        '/',
        describeRoute({
          summary:
            'Log an email, call, meeting or note: 201, or 200 with the touch its sourceKey was logged as',
          response: zCreateTouchResponse,
          status: [201, 200],
          errors: [403, 422],
        }),
        validate('json', zCreateTouchRequest),
        async (c) => {
          ensure(policy.logTouch(c.var.actor), (m) => m.errors.only.logTouches);
          const body = c.req.valid('json');
          // Two posts of one thread at once: the loser's insert breaks the unique source key, and running it
          // again finds the winner's touch and adds to it.
          const s = await settings.get();
          for (let attempt = 0; ; attempt++) {
            try {
              const res = await k.transaction().execute((trx) => log(trx, c.var.actor, body, s));
              return c.json(
                { ...res.touch, created: res.created, unmatchedEmails: res.unmatched },
                res.created ? 201 : 200,
              );
            } catch (err) {
              if (attempt >= 2 || !isUniqueViolation(err)) throw err;
            }
          }
        },
      )
      // DELETE /touches/:id?version=
      .delete(
        '/:id',
        describeRoute({ summary: 'Undo a touch (its author or an admin)', status: 204, errors: [403, 409] }),
        validate('query', zDeleteQuery),
        async (c) => {
          const { version } = c.req.valid('query');
          await k.transaction().execute(async (trx) => {
            const before = await mustLoad(trx, c.req.param('id'));
            ensure(
              policy.deleteTouch(c.var.actor, before.user?.id ?? null),
              (m) => m.errors.only.deleteTouch,
            );
            if (version !== undefined && before.version !== version) throw versionConflict('touch', before);
            await trx.deleteFrom('touches').where('id', '=', before.id).execute();
            await restoreLastContacted(
              trx,
              before.contacts.map((x) => x.id),
              before.occurredAt,
            );
            await audit(trx, {
              userId: c.var.actor.id,
              action: 'delete',
              entity: 'touch',
              entityId: before.id,
              before,
            });
          });
          return c.body(null, 204);
        },
      )
  );
}
