import { z } from 'zod';

import { zId, zPageQuery, zTimestamp } from './common';

export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'merge',
  'move',
  'login',
  'setup',
  /** Someone downloaded data (entity `data`, id `json` or `csv:<file>`). */
  'export',
  /** Data came in from a file (entity `data` for a whole snapshot). */
  'import',
  /** A stakeholder was erased (right to erasure): the record holds who, when and why, nothing personal. */
  'erase',
  /** Touches older than the retention setting were deleted (entity `touch`, id `retention`). */
  'retention',
] as const;
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
  'account_plan',
  'touch',
  'invite',
  /** The whole data set: exports and snapshot imports. */
  'data',
] as const;
export const zAuditEntity = z.enum(AUDIT_ENTITIES);
export type AuditEntity = z.infer<typeof zAuditEntity>;

/** What an entry is about: a record id, or for an account plan `<accountId>:<period>`. */
const zAuditEntityId = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9_:-]+$/, 'Invalid id');

/** One change: who made it, when, to what, and the record before and after. */
export const zAuditEntry = z.object({
  id: zId,
  at: zTimestamp,
  userId: zId.nullable(),
  action: zAuditAction,
  entity: zAuditEntity,
  entityId: zAuditEntityId,
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AuditEntry = z.infer<typeof zAuditEntry>;

/** Filters for the audit log, newest first; `cursor` is the last id of the previous page. */
export const zAuditListQuery = zPageQuery.extend({
  entity: zAuditEntity.optional(),
  entityId: zAuditEntityId.optional(),
  userId: zId.optional(),
  /** Entries at or after this instant. */
  from: zTimestamp.optional(),
  /** Entries before this instant. */
  to: zTimestamp.optional(),
});
export type AuditListQuery = z.infer<typeof zAuditListQuery>;
