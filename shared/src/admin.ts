import { z } from 'zod';

import { zId, zName, zPageQuery, zTimestamp } from './common';
import { zUserRole } from './enums';
import { zEmailInput } from './fields';
import { zPassword } from './user';

/**
 * One-time links an admin hands out (issue 5): an `invite` lets a new colleague set their name and password;
 * a `reset` lets an existing user set a new password. The link's token is shown once; only its hash is stored.
 */
export const INVITE_PURPOSES = ['invite', 'reset'] as const;
export const zInvitePurpose = z.enum(INVITE_PURPOSES);
export type InvitePurpose = z.infer<typeof zInvitePurpose>;

/** `pending` until used, revoked (or replaced by a newer link for the same person) or past `expiresAt`. */
export const INVITE_STATUSES = ['pending', 'used', 'expired', 'revoked'] as const;
export const zInviteStatus = z.enum(INVITE_STATUSES);
export type InviteStatus = z.infer<typeof zInviteStatus>;

/** Days an invite link lasts unless the admin says otherwise. */
export const DEFAULT_INVITE_DAYS = 7;

export const zInvite = z.object({
  id: zId,
  purpose: zInvitePurpose,
  email: z.string(),
  role: zUserRole,
  /** The user the link made (invite, once used) or is for (reset). */
  userId: zId.nullable(),
  createdBy: zId.nullable(),
  createdAt: zTimestamp,
  expiresAt: zTimestamp,
  usedAt: zTimestamp.nullable(),
  revokedAt: zTimestamp.nullable(),
  status: zInviteStatus,
});
export type Invite = z.infer<typeof zInvite>;

/** `POST /invites`: who to invite, with which role; the link lasts `expiresInDays` (default 7). */
export const zCreateInviteRequest = z.strictObject({
  email: zEmailInput,
  role: zUserRole,
  expiresInDays: z.number().int().min(1, 'At least 1 day').max(30, 'At most 30 days').optional(),
});
export type CreateInviteRequest = z.infer<typeof zCreateInviteRequest>;

/** The link (and its token) appear in this answer only. */
export const zInviteLinkResponse = z.object({ invite: zInvite, token: z.string(), url: z.string() });
export type InviteLinkResponse = z.infer<typeof zInviteLinkResponse>;

export const zInviteListQuery = zPageQuery.extend({ status: zInviteStatus.optional() });
export type InviteListQuery = z.infer<typeof zInviteListQuery>;

/** `POST /invites/accept`: the invitee chooses their name and password and is signed in. */
export const zAcceptInviteRequest = z.strictObject({
  token: z.string().min(1, 'Required').max(200),
  name: zName,
  password: zPassword,
});
export type AcceptInviteRequest = z.infer<typeof zAcceptInviteRequest>;

/** `POST /password-reset`: a new password with the one-time reset link's token; signs in. */
export const zCompletePasswordResetRequest = z.strictObject({
  token: z.string().min(1, 'Required').max(200),
  password: zPassword,
});
export type CompletePasswordResetRequest = z.infer<typeof zCompletePasswordResetRequest>;
