import { z } from 'zod';

import { zId, zTimestamp } from './common';

export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'merge', 'move', 'login', 'setup'] as const;
export const zAuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof zAuditAction>;

export const AUDIT_ENTITIES = [
  'user',
  'account',
  'contact',
  'opportunity',
  'product_line',
  'settings',
  'token',
] as const;
export const zAuditEntity = z.enum(AUDIT_ENTITIES);
export type AuditEntity = z.infer<typeof zAuditEntity>;

/** One change: who made it, when, to what, and the record before and after. */
export const zAuditEntry = z.object({
  id: zId,
  at: zTimestamp,
  userId: zId.nullable(),
  action: zAuditAction,
  entity: zAuditEntity,
  entityId: zId,
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AuditEntry = z.infer<typeof zAuditEntry>;
