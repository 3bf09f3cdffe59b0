import type { AuditAction, AuditEntity } from '@rapport/shared';
import type { Kysely } from 'kysely';

import type { Database } from '../db/database';
import { newId, nowIso } from './ids';

export interface AuditInput {
  userId: string | null;
  action: AuditAction;
  entity: AuditEntity;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Records one change in the audit log; call it inside the transaction of the change it records. */
export async function audit(db: Kysely<Database>, entry: AuditInput): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: nowIso(),
      user_id: entry.userId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      before: entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
    })
    .execute();
}
