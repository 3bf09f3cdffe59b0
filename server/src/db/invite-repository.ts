import { randomBytes } from 'node:crypto';

import {
  DEFAULT_INVITE_DAYS,
  type Invite,
  type InviteListQuery,
  type InvitePurpose,
  type InviteStatus,
  type Page,
  type UserRole,
} from '@rapport/shared';
import type { Kysely, Selectable } from 'kysely';

import { revokeAllTokens } from '../auth/tokens';
import type { Messages } from '../i18n';
import { audit } from '../lib/audit';
import { isUniqueViolation } from '../lib/db-errors';
import { ApiError, notFound, uniqueConflict } from '../lib/errors';
import { newId, nowIso } from '../lib/ids';
import { hashToken } from '../lib/passwords';
import type { Database, UserRow } from './database';
import { toPage } from './paging';
import { findUserByEmail, findUserById, insertUser, toUser } from './user-repository';

/** The `invites` table (migration 2026_12_01): one-time invite and password-reset links. */
export interface InvitesTable {
  id: string;
  purpose: string;
  email: string;
  role: string;
  user_id: string | null;
  token_hash: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}
export type InviteRow = Selectable<InvitesTable>;

type InviteDb = Kysely<Database & { invites: InvitesTable }>;
const withInvites = (db: Kysely<Database>): InviteDb => db.withTables<{ invites: InvitesTable }>();

/** A password-reset link lasts a day: it is for getting back in now, not for later. */
export const RESET_LINK_HOURS = 24;

export function inviteStatus(row: InviteRow, now = new Date()): InviteStatus {
  if (row.used_at !== null) return 'used';
  if (row.revoked_at !== null) return 'revoked';
  return Date.parse(row.expires_at) <= now.getTime() ? 'expired' : 'pending';
}

export function toInvite(row: InviteRow): Invite {
  return {
    id: row.id,
    purpose: row.purpose as InvitePurpose,
    email: row.email,
    role: row.role as UserRole,
    userId: row.user_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    revokedAt: row.revoked_at,
    status: inviteStatus(row),
  };
}

/** A new link token: `rpi_` and 32 random bytes (only its hash is stored). */
function newLinkToken(): string {
  return `rpi_${randomBytes(32).toString('base64url')}`;
}

/** Revokes the pending links of one purpose for an email (invites) or a user (resets), inside `trx`. */
async function revokePending(
  trx: Kysely<Database>,
  purpose: InvitePurpose,
  where: { email?: string; userId?: string },
) {
  let q = withInvites(trx)
    .updateTable('invites')
    .set({ revoked_at: nowIso() })
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null);
  if (where.email) q = q.where('email', '=', where.email);
  if (where.userId) q = q.where('user_id', '=', where.userId);
  await q.execute();
}

/**
 * Makes an invite link for a new user with `role`; 409 when the email belongs to a user already. A newer invite
 * for the same email replaces the pending ones, so only the last link sent works.
 * @example const { token, invite } = await createInvite(db, { email, role: 'sales_rep', days: 7 }, admin.id)
 */
export async function createInvite(
  db: Kysely<Database>,
  input: { email: string; role: UserRole; days?: number },
  actorId: string,
): Promise<{ token: string; invite: Invite }> {
  const token = newLinkToken();
  const now = new Date();
  const days = input.days ?? DEFAULT_INVITE_DAYS;
  const row: InviteRow = {
    id: newId(),
    purpose: 'invite',
    email: input.email,
    role: input.role,
    user_id: null,
    token_hash: hashToken(token),
    created_by: actorId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + days * 86_400_000).toISOString(),
    used_at: null,
    revoked_at: null,
  };
  await db.transaction().execute(async (trx) => {
    if (await findUserByEmail(trx, input.email)) {
      throw uniqueConflict((m) => m.errors.invites.isUser(input.email), {
        field: 'email',
      });
    }
    await revokePending(trx, 'invite', { email: input.email });
    await withInvites(trx).insertInto('invites').values(row).execute();
    await audit(trx, {
      userId: actorId,
      action: 'create',
      entity: 'invite',
      entityId: row.id,
      after: { purpose: 'invite', email: row.email, role: row.role, expiresAt: row.expires_at },
    });
  });
  return { token, invite: toInvite(row) };
}

/**
 * Makes a one-time password-reset link for an active user (valid `RESET_LINK_HOURS`), replacing any earlier one.
 * The user's password and sessions stay as they are until the link is used.
 */
export async function createPasswordReset(
  db: Kysely<Database>,
  userId: string,
  actorId: string,
): Promise<{ token: string; invite: Invite; user: UserRow }> {
  const token = newLinkToken();
  return db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, userId);
    if (!user) throw notFound('user', userId);
    if (user.active !== 1) {
      throw new ApiError(409, 'conflict', (m) => m.errors.invites.reactivateFirst(user.name), {
        reason: 'inactive',
      });
    }
    const now = new Date();
    const row: InviteRow = {
      id: newId(),
      purpose: 'reset',
      email: user.email,
      role: user.role,
      user_id: user.id,
      token_hash: hashToken(token),
      created_by: actorId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + RESET_LINK_HOURS * 3_600_000).toISOString(),
      used_at: null,
      revoked_at: null,
    };
    await revokePending(trx, 'reset', { userId: user.id });
    await withInvites(trx).insertInto('invites').values(row).execute();
    await audit(trx, {
      userId: actorId,
      action: 'create',
      entity: 'invite',
      entityId: row.id,
      after: { purpose: 'reset', userId: user.id, email: user.email, expiresAt: row.expires_at },
    });
    return { token, invite: toInvite(row), user };
  });
}

/** Pending and past invites (not resets), newest first. */
export async function listInvites(db: Kysely<Database>, q: InviteListQuery): Promise<Page<Invite>> {
  const now = nowIso();
  let query = withInvites(db)
    .selectFrom('invites')
    .selectAll()
    .where('purpose', '=', 'invite')
    .orderBy('id', 'desc')
    .limit(q.limit + 1);
  if (q.cursor) query = query.where('id', '<', q.cursor);
  if (q.status === 'used') query = query.where('used_at', 'is not', null);
  if (q.status === 'revoked') query = query.where('used_at', 'is', null).where('revoked_at', 'is not', null);
  if (q.status === 'pending' || q.status === 'expired') {
    query = query
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', q.status === 'pending' ? '>' : '<=', now);
  }
  return toPage(await query.execute(), q.limit, (rows) => rows.map(toInvite));
}

export async function findInvite(db: Kysely<Database>, id: string): Promise<Invite | undefined> {
  const row = await withInvites(db).selectFrom('invites').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toInvite(row) : undefined;
}

/** Revokes a pending invite; 404 when unknown, 409 when it was used, revoked or expired already. */
export async function revokeInvite(db: Kysely<Database>, id: string, actorId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await withInvites(trx)
      .selectFrom('invites')
      .selectAll()
      .where('id', '=', id)
      .where('purpose', '=', 'invite')
      .executeTakeFirst();
    if (!row) throw notFound('invite', id);
    const status = inviteStatus(row);
    if (status !== 'pending') {
      throw new ApiError(
        409,
        'conflict',
        (m) =>
          status === 'used'
            ? m.errors.invites.alreadyUsed
            : status === 'expired'
              ? m.errors.invites.alreadyExpired
              : m.errors.invites.alreadyRevoked,
        { status },
      );
    }
    await withInvites(trx)
      .updateTable('invites')
      .set({ revoked_at: nowIso() })
      .where('id', '=', id)
      .execute();
    await audit(trx, {
      userId: actorId,
      action: 'delete',
      entity: 'invite',
      entityId: id,
      before: { purpose: 'invite', email: row.email, role: row.role, expiresAt: row.expires_at },
    });
  });
}

/** Why a link cannot be used, in words for the person who opened it. */
const LINK_PROBLEMS: Record<
  Exclude<InviteStatus, 'pending'> | 'unknown',
  (p: InvitePurpose) => (m: Messages) => string
> = {
  unknown: (p) => (m) => (p === 'invite' ? m.errors.invites.inviteUnknown : m.errors.invites.resetUnknown),
  used: (p) => (m) => (p === 'invite' ? m.errors.invites.inviteUsed : m.errors.invites.resetUsed),
  expired: (p) => (m) => (p === 'invite' ? m.errors.invites.inviteExpired : m.errors.invites.resetExpired),
  revoked: (p) => (m) => (p === 'invite' ? m.errors.invites.inviteRevoked : m.errors.invites.resetRevoked),
};

/** A link's state as its page shows it: usable (with the invite), or why not. */
export type LinkCheck =
  | { ok: true; invite: Invite }
  | { ok: false; reason: InviteStatus | 'unknown'; message: (m: Messages) => string };

/** Looks a link token up without using it. */
export async function checkLink(
  db: Kysely<Database>,
  purpose: InvitePurpose,
  token: string,
): Promise<LinkCheck> {
  const row = await withInvites(db)
    .selectFrom('invites')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown', message: LINK_PROBLEMS.unknown(purpose) };
  const status = inviteStatus(row);
  if (status !== 'pending') return { ok: false, reason: status, message: LINK_PROBLEMS[status](purpose) };
  return { ok: true, invite: toInvite(row) };
}

/** 410-like refusal of a link, as an ApiError (404 for an unknown link, 409 for a used, expired or withdrawn one). */
function linkError(check: Exclude<LinkCheck, { ok: true }>): ApiError {
  return check.reason === 'unknown'
    ? new ApiError(404, 'not_found', check.message, { reason: 'unknown' })
    : new ApiError(409, 'conflict', check.message, { reason: check.reason });
}

/**
 * Marks the link used, once: of two concurrent uses exactly one gets the row. Throws the link's problem.
 */
async function consumeLink(trx: Kysely<Database>, purpose: InvitePurpose, token: string): Promise<InviteRow> {
  const check = await checkLink(trx, purpose, token);
  if (!check.ok) throw linkError(check);
  const usedAt = nowIso();
  const res = await withInvites(trx)
    .updateTable('invites')
    .set({ used_at: usedAt })
    .where('id', '=', check.invite.id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    throw linkError({ ok: false, reason: 'used', message: LINK_PROBLEMS.used(purpose) });
  }
  const row = await withInvites(trx)
    .selectFrom('invites')
    .selectAll()
    .where('id', '=', check.invite.id)
    .executeTakeFirstOrThrow();
  return row;
}

/**
 * Uses an invite: creates the user with the invited email and role and the chosen name and password hash.
 * 404 for an unknown link, 409 for a used, expired or withdrawn one, or when the email became a user meanwhile.
 */
export async function acceptInvite(
  db: Kysely<Database>,
  input: { token: string; name: string; passwordHash: string },
): Promise<UserRow> {
  try {
    return await db.transaction().execute(async (trx) => {
      const invite = await consumeLink(trx, 'invite', input.token);
      if (await findUserByEmail(trx, invite.email)) {
        throw uniqueConflict((m) => m.errors.invites.isUserSignIn(invite.email), { field: 'email' });
      }
      const user = await insertUser(trx, {
        email: invite.email,
        name: input.name,
        role: invite.role as UserRole,
        passwordHash: input.passwordHash,
      });
      await withInvites(trx)
        .updateTable('invites')
        .set({ user_id: user.id })
        .where('id', '=', invite.id)
        .execute();
      await audit(trx, {
        userId: user.id,
        action: 'create',
        entity: 'user',
        entityId: user.id,
        after: { ...toUser(user), inviteId: invite.id, invitedBy: invite.created_by },
      });
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw uniqueConflict((m) => m.errors.invites.emailIsUser, { field: 'email' });
    throw err;
  }
}

/**
 * Uses a password-reset link: sets the new password and ends every session and token the user had (whoever
 * asked for the reset may have had reason to). 404/409 as for invites; 409 when the user is deactivated.
 */
export async function completePasswordReset(
  db: Kysely<Database>,
  input: { token: string; passwordHash: string },
): Promise<UserRow> {
  return db.transaction().execute(async (trx) => {
    const link = await consumeLink(trx, 'reset', input.token);
    const before = link.user_id ? await findUserById(trx, link.user_id) : undefined;
    if (before?.active !== 1) {
      throw new ApiError(409, 'conflict', (m) => m.errors.auth.deactivated, {
        reason: 'inactive',
      });
    }
    await trx
      .updateTable('users')
      .set({ password_hash: input.passwordHash, updated_at: nowIso(), version: before.version + 1 })
      .where('id', '=', before.id)
      .execute();
    await revokeAllTokens(trx, before.id);
    const after = await findUserById(trx, before.id);
    if (!after) throw notFound('user', before.id);
    await audit(trx, {
      userId: before.id,
      action: 'update',
      entity: 'user',
      entityId: before.id,
      before: toUser(before),
      after: { ...toUser(after), passwordChanged: true, resetLinkId: link.id },
    });
    return after;
  });
}
