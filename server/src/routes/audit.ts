import { zAuditEntry, zAuditListQuery, zPage } from '@rapport/shared';
import { Hono } from 'hono';

import { ensure, policy } from '../auth/policy';
import { listAuditEntries } from '../db/admin-repository';
import type { AppEnv, Deps } from '../deps';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

/** `/audit`: every change, newest first; admins only. */
export function auditRoutes({ db }: Deps) {
  return (
    new Hono<AppEnv>()
      // GET /audit
      .get(
        '/',
        describeRoute({
          summary: 'The audit log, newest first (admins)',
          response: zPage(zAuditEntry),
          errors: [403],
        }),
        validate('query', zAuditListQuery),
        async (c) => {
          ensure(policy.manageUsers(c.var.actor), (m) => m.errors.only.readAudit);
          return c.json(await listAuditEntries(db.kysely, c.req.valid('query')));
        },
      )
  );
}
