import { z } from 'zod';

import { zId, zNotes, zPageQuery, zTimestamp, zVersion } from './common';
import { zOpportunityStage, zOpportunityType, zTouchKind } from './enums';
import { uniqueList } from './fields';
import { zUserRef } from './user';

/**
 * A touch: an email, call, meeting or note with stakeholders, and when it happened. It drives the
 * stakeholders' "last contacted" and so the coverage of the buying committee. Never an email's body.
 */
export const zTouch = z.object({
  id: zId,
  kind: zTouchKind,
  subject: z.string(),
  occurredAt: zTimestamp,
  /** The email thread's link (or any page the touch came from); null when there is none. */
  link: z.string().nullable(),
  /** What was said, for calls, meetings and notes; always empty for an email. */
  notes: z.string(),
  /** Who logged it; null once that colleague's user is gone, or when the command line logged it. */
  user: zUserRef.nullable(),
  contacts: z.array(z.object({ id: zId, name: z.string() })),
  accountIds: z.array(zId),
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
  version: zVersion,
});
export type Touch = z.infer<typeof zTouch>;

export const TOUCH_EMAIL_HAS_NO_NOTES = 'Rapport never stores the body of an email: leave notes empty';

/**
 * Log a touch. Participants come as contact ids, as email addresses read from the thread (matched to
 * stakeholders the way lookups match them; unknown ones are reported back) and as account ids. The accounts of
 * the matched stakeholders are added. With a `sourceKey` seen before, the existing touch is answered (and gains
 * any new participants) instead of a second one: logging the same thread twice never double-counts.
 * @example { kind: 'email', subject: 'Re: Q3 volumes', link: 'https://mail.google.com/mail/u/0/#inbox/FMfcg',
 *   sourceKey: 'gmail:FMfcg', emails: ['jane@acme.com', 'new.person@acme.com'] }
 */
export const zCreateTouchRequest = z
  .strictObject({
    kind: zTouchKind,
    subject: z.string().trim().max(500).default(''),
    /** When it happened; the server's now when left out. At most a day ahead (time zones), never later. */
    occurredAt: zTimestamp.optional(),
    link: z
      .url({ protocol: /^https?$/, message: 'Use an http(s) link' })
      .max(2000)
      .nullable()
      .default(null),
    /** What makes a logged email the same email again, e.g. `gmail:<thread id>`. */
    sourceKey: z.string().trim().min(1).max(300).nullable().default(null),
    notes: zNotes.default(''),
    contactIds: uniqueList(zId, 100).default([]),
    emails: z.array(z.string().max(400)).max(100).default([]),
    accountIds: uniqueList(zId, 20).default([]),
  })
  .refine((t) => t.kind !== 'email' || t.notes.trim() === '', {
    message: TOUCH_EMAIL_HAS_NO_NOTES,
    path: ['notes'],
  });
export type CreateTouchRequest = z.infer<typeof zCreateTouchRequest>;

/** The answer to a logged touch: 201 with `created: true`, or 200 with the touch the source key found. */
export const zCreateTouchResponse = zTouch.extend({
  created: z.boolean(),
  /** Addresses that match no stakeholder (colleagues' addresses are left out); add them as stakeholders. */
  unmatchedEmails: z.array(z.string()),
});
export type CreateTouchResponse = z.infer<typeof zCreateTouchResponse>;

/** Touches newest first; the cursor is opaque (pass `nextCursor` back). */
export const zTouchListQuery = zPageQuery.extend({
  accountId: zId.optional(),
  contactId: zId.optional(),
  kind: zTouchKind.optional(),
});
export type TouchListQuery = z.infer<typeof zTouchListQuery>;

/** An opportunity's stage change (its creation has `from: null`), with who made it and why it closed. */
export const zStageChangeEntry = z.object({
  type: z.literal('stage_change'),
  id: zId,
  at: zTimestamp,
  opportunity: z.object({ id: zId, title: z.string(), type: zOpportunityType }),
  from: zOpportunityStage.nullable(),
  to: zOpportunityStage,
  user: zUserRef.nullable(),
  /** The close reason, when the change was to won or lost. */
  reason: z.string().nullable(),
});
export type StageChangeEntry = z.infer<typeof zStageChangeEntry>;

export const zTouchEntry = z.object({ type: z.literal('touch'), at: zTimestamp, touch: zTouch });
export type TouchEntry = z.infer<typeof zTouchEntry>;

/** One line of an account's timeline: a touch, or a stage change of one of its opportunities. */
export const zTimelineEntry = z.discriminatedUnion('type', [zTouchEntry, zStageChangeEntry]);
export type TimelineEntry = z.infer<typeof zTimelineEntry>;

/** `GET /accounts/:id/timeline`: newest first, paged like every list. */
export const zTimelineQuery = zPageQuery;
export type TimelineQuery = z.infer<typeof zTimelineQuery>;
