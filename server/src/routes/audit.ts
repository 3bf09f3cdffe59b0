import {
  type AuditAction,
  type AuditEntity,
  type AuditEntry,
  zAuditEntry,
  zAuditListQuery,
  zPage,
} from '@rapport/shared';
import { Hono } from 'hono';

import { ensure, policy } from '../auth/policy';
import type { AuditLogTable } from '../db/database';
import { toPage } from '../db/paging';
import type { AppEnv, Deps } from '../deps';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

function toAuditEntry(row: AuditLogTable): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    userId: row.user_id,
    action: row.action as AuditAction,
    entity: row.entity as AuditEntity,
    entityId: row.entity_id,
    before: row.before === null ? null : JSON.parse(row.before),
    after: row.after === null ? null : JSON.parse(row.after),
  };
}

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
          ensure(policy.manageUsers(c.var.actor), 'Only admins read the audit log');
          const q = c.req.valid('query');
          let query = db.kysely
            .selectFrom('audit_log')
            .selectAll()
            .orderBy('id', 'desc')
            .limit(q.limit + 1);
          if (q.cursor) query = query.where('id', '<', q.cursor);
          if (q.entity) query = query.where('entity', '=', q.entity);
          if (q.entityId) query = query.where('entity_id', '=', q.entityId);
          if (q.userId) query = query.where('user_id', '=', q.userId);
          if (q.from) query = query.where('at', '>=', new Date(q.from).toISOString());
          if (q.to) query = query.where('at', '<', new Date(q.to).toISOString());
          return c.json(toPage(await query.execute(), q.limit, (rows) => rows.map(toAuditEntry)));
        },
      )
  );
}
