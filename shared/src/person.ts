import { z } from 'zod';

import { zAuditEntry } from './audit';
import { zId, zTimestamp } from './common';
import { zContact } from './contact';
import { zTouch } from './touch';

/**
 * What replaces a person's name, emails, slugs, title and notes wherever an erasure leaves a record standing
 * (audit entries, shared touches). Not translated: it is stored data, not interface.
 */
export const ERASED_MARKER = '[erased]';

/**
 * Everything Rapport stores about one stakeholder (right of access, issue 8), as `GET /contacts/:id/export`
 * and `pnpm rapport person export` give it. Ids of colleagues are the users' ids; their names are included so
 * the file reads on its own.
 */
export const zPersonExport = z.object({
  /** The shape of this file; bumped when a field changes meaning. */
  format: z.literal('rapport-person/1'),
  exportedAt: zTimestamp,
  contact: zContact,
  /** The account (company) the person is a stakeholder of. */
  account: z.object({ id: zId, name: z.string() }),
  /** Ids of stakeholder records merged into this one; their history is part of this person's. */
  mergedIds: z.array(zId),
  /** The stakeholder this person reports to, and those who report to this person. */
  reportsTo: z.object({ id: zId, name: z.string() }).nullable(),
  directReports: z.array(z.object({ id: zId, name: z.string() })),
  /** The colleague who owns the relationship with this person. */
  relationshipOwner: z.object({ id: zId, name: z.string() }).nullable(),
  /** Ids the record has in systems it was imported from (a CRM's record id). */
  externalIds: z.array(z.object({ source: z.string(), externalId: z.string() })),
  /** Emails, calls, meetings and notes this person took part in, newest first. Never an email's body. */
  touches: z.array(zTouch),
  /** Every audit entry about this person's record (and the records merged into it) or naming it. */
  audit: z.array(zAuditEntry),
  /**
   * Opportunities do not name stakeholders: a deal belongs to the account. The account's open deals are not
   * data about the person and are left out; this note says so in the file itself.
   */
  notes: z.array(z.string()),
});
export type PersonExport = z.infer<typeof zPersonExport>;

/** Erase a stakeholder (right to erasure). `reason` is kept in the erasure record; it must not name the person. */
export const zEraseRequest = z.strictObject({
  reason: z.string().trim().min(1, 'Required').max(500),
});
export type EraseRequest = z.infer<typeof zEraseRequest>;

/** What an erasure did: the id of its audit record and how many rows it changed of each kind. */
export const zErasure = z.object({
  erasureId: zId,
  contactId: zId,
  at: zTimestamp,
  counts: z.object({
    /** Touches that had only this person and are now anonymous (kind, date, account and colleague kept). */
    touchesAnonymised: z.number().int(),
    /** Touches with other people too, from which the person was removed. */
    touchesUnlinked: z.number().int(),
    auditEntriesScrubbed: z.number().int(),
    /** Stakeholders who reported to the person; their manager is now unknown. */
    reportsCleared: z.number().int(),
    idempotentAnswersDropped: z.number().int(),
  }),
});
export type Erasure = z.infer<typeof zErasure>;
