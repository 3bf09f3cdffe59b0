import { zEraseRequest, zErasure, zPersonExport } from '@rapport/shared';
import { Hono } from 'hono';

import { ensure, policy } from '../auth/policy';
import { erasePerson, exportPerson } from '../db/person-repository';
import { notFoundOrMerged } from '../db/references';
import type { AppEnv, Deps } from '../deps';
import { audit } from '../lib/audit';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

/**
 * `/contacts/:id/export` and `/contacts/:id/erase`: a person's rights of access and erasure (issue 8,
 * docs/privacy.md). Admins only (`policy.personRights`).
 */
export function peopleRoutes({ db, now }: Deps) {
  const k = db.kysely;
  const admin = (c: { var: AppEnv['Variables'] }) =>
    ensure(policy.personRights(c.var.actor), (m) => m.errors.only.personRights);
  return (
    new Hono<AppEnv>()
      // GET /contacts/:id/export
      .get(
        '/:id/export',
        describeRoute({
          summary: 'Everything stored about one stakeholder, as JSON (admins)',
          description:
            'The right of access: the stakeholder, their account, manager and direct reports, the touches they ' +
            'took part in, their external ids and every audit entry about them. Recorded in the audit log.',
          response: zPersonExport,
          errors: [403],
        }),
        async (c) => {
          admin(c);
          const id = c.req.param('id');
          const data = await k.transaction().execute(async (trx) => {
            const found = await exportPerson(trx, id, now());
            if (!found) throw await notFoundOrMerged(trx, 'contact', id);
            await audit(trx, {
              userId: c.var.actor.id,
              action: 'export',
              entity: 'contact',
              entityId: id,
            });
            return found;
          });
          c.header('Content-Disposition', `attachment; filename="rapport-person-${id}.json"`);
          return c.json(data);
        },
      )
      // POST /contacts/:id/erase
      .post(
        '/:id/erase',
        describeRoute({
          summary: 'Erase a stakeholder and their personal data everywhere (admins)',
          description:
            'The right to erasure: deletes the stakeholder, their emails, slugs and aliases, search entry and ' +
            'merged ids; blanks touches only about them; replaces their name, emails, slugs, title and notes ' +
            'with "[erased]" in the audit log; leaves one `erase` audit entry with the reason. Cannot be undone.',
          response: zErasure,
          errors: [403],
        }),
        validate('json', zEraseRequest),
        async (c) => {
          admin(c);
          const id = c.req.param('id');
          const { reason } = c.req.valid('json');
          const erasure = await k.transaction().execute(async (trx) => {
            const done = await erasePerson(trx, id, { userId: c.var.actor.id, reason });
            if (!done) throw await notFoundOrMerged(trx, 'contact', id);
            return done;
          });
          return c.json(erasure);
        },
      )
  );
}
