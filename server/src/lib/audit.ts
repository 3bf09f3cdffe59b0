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

/**
 * Records a merge under both ids: the target's entry holds it before and after (with the source it absorbed),
 * the source's entry holds the record that went and where it went, so either id's history tells the story.
 */
export async function auditMerge(
  db: Kysely<Database>,
  userId: string,
  entity: 'account' | 'contact',
  records: { target: { id: string }; source: { id: string }; after: unknown },
): Promise<void> {
  const { target, source, after } = records;
  await audit(db, {
    userId,
    action: 'merge',
    entity,
    entityId: target.id,
    before: target,
    after: { ...(after as object), mergedFrom: source },
  });
  await audit(db, {
    userId,
    action: 'merge',
    entity,
    entityId: source.id,
    before: source,
    after: { mergedInto: target.id },
  });
}
