import {
  type AuditAction,
  type AuditEntity,
  type AuditEntry,
  type AuditListQuery,
  type Page,
  type Settings,
  type UpdateSettingsRequest,
  type UserRole,
  zSettingsData,
} from '@rapport/shared';
import { type Kysely, PostgresAdapter } from 'kysely';

import type { Actor } from '../auth/policy';
import { revokeAllTokens, revokeToken, toApiToken } from '../auth/tokens';
import { audit } from '../lib/audit';
import { ApiError, notFound, uniqueConflict, versionConflict } from '../lib/errors';
import { nowIso } from '../lib/ids';
import type { ApiTokenRow, AuditLogTable, Database, UserRow } from './database';
import { toPage } from './paging';
import { readSettings, writeSettings } from './settings-repository';
import { findUserByEmail, findUserById, toUser } from './user-repository';

/**
 * Writes the admin console and the JSON API share (issue 5): user changes with the last-admin rule, the
 * versioned settings save, everyone's tokens and the audit log. Each write runs in one transaction with its
 * audit entry.
 */

export interface UserChanges {
  name?: string;
  email?: string;
  role?: UserRole;
  active?: boolean;
}

function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Throws 409 unless an active admin other than `userId` remains. On PostgreSQL the active admins' rows are
 * locked until the transaction ends, so two admins demoting each other at once cannot both succeed (SQLite
 * runs one write transaction at a time).
 */
async function ensureAnotherActiveAdmin(trx: Kysely<Database>, user: UserRow, self: boolean): Promise<void> {
  let query = trx.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', 1);
  if (isPostgres(trx)) query = query.forUpdate();
  const admins = await query.execute();
  if (admins.some((a) => a.id !== user.id)) return;
  throw new ApiError(
    409,
    'conflict',
    (m) => (self ? m.errors.users.lastAdminSelf : m.errors.users.lastAdmin(user.name)),
    { reason: 'last_admin' },
  );
}

/**
 * Changes a user (`PATCH /users/:id` and the console): versioned, refusing to leave no active admin and an
 * admin demoting or deactivating themselves. Deactivation and a new password end every session and token of
 * that user at once. Audited with before and after (never the password).
 * @example await changeUser(db, { id, version: 3, changes: { role: 'viewer' }, actor })
 */
export async function changeUser(
  db: Kysely<Database>,
  input: { id: string; version: number; changes: UserChanges; passwordHash?: string; actor: Actor },
): Promise<UserRow> {
  const { id, version, changes, passwordHash, actor } = input;
  return db.transaction().execute(async (trx) => {
    const before = await findUserById(trx, id);
    if (!before) throw notFound('user', id);
    const losesAdmin =
      before.role === 'admin' &&
      before.active === 1 &&
      ((changes.role !== undefined && changes.role !== 'admin') || changes.active === false);
    if (losesAdmin) {
      await ensureAnotherActiveAdmin(trx, before, id === actor.id);
      if (id === actor.id) {
        throw new ApiError(409, 'conflict', (m) => m.errors.users.notYourself, {
          reason: 'self',
        });
      }
    }
    if (before.version !== version) throw versionConflict('user', toUser(before));
    if (changes.email && changes.email !== before.email && (await findUserByEmail(trx, changes.email))) {
      throw uniqueConflict((m) => m.errors.users.emailTaken(String(changes.email)), { field: 'email' });
    }
    const res = await trx
      .updateTable('users')
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.email !== undefined && { email: changes.email }),
        ...(changes.role !== undefined && { role: changes.role }),
        ...(changes.active !== undefined && { active: changes.active ? 1 : 0 }),
        ...(passwordHash !== undefined && { password_hash: passwordHash }),
        updated_at: nowIso(),
        version: version + 1,
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw versionConflict('user', toUser(before));
    if (changes.active === false || passwordHash !== undefined) await revokeAllTokens(trx, id);
    const after = await findUserById(trx, id);
    if (!after) throw notFound('user', id);
    await audit(trx, {
      userId: actor.id,
      action: 'update',
      entity: 'user',
      entityId: id,
      before: toUser(before),
      after: { ...toUser(after), ...(passwordHash ? { passwordChanged: true } : {}) },
    });
    return after;
  });
}

/** The latest sign-in (API, console, setup or invite) of each user that has one, from their session tokens. */
export async function lastSignIns(
  db: Kysely<Database>,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('api_tokens')
    .select(['user_id', (eb) => eb.fn.max('created_at').as('at')])
    .where('user_id', 'in', [...userIds])
    .where('kind', 'in', ['session', 'console'])
    .groupBy('user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id, String(r.at)]));
}

/** A live token with its owner, as the console lists it. */
export interface TokenWithOwner {
  row: ApiTokenRow;
  owner: { id: string; name: string; email: string };
}

/**
 * Live tokens (not revoked, not expired), oldest first, paged by id: everyone's, or one user's.
 * @example await listLiveTokens(db, { userId: actor.id, limit: 50 })
 */
export async function listLiveTokens(
  db: Kysely<Database>,
  q: { userId?: string; cursor?: string; limit: number },
): Promise<Page<TokenWithOwner>> {
  let query = db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('api_tokens')
    .select(['users.name as owner_name', 'users.email as owner_email'])
    .where('api_tokens.revoked_at', 'is', null)
    .where((eb) =>
      eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', nowIso())]),
    )
    .orderBy('api_tokens.id')
    .limit(q.limit + 1);
  if (q.userId) query = query.where('api_tokens.user_id', '=', q.userId);
  if (q.cursor) query = query.where('api_tokens.id', '>', q.cursor);
  return toPage(await query.execute(), q.limit, (rows) =>
    rows.map(({ owner_name, owner_email, ...row }) => ({
      row,
      owner: { id: row.user_id, name: owner_name, email: owner_email },
    })),
  );
}

/** One token with its owner, revoked or not; undefined when unknown. */
export async function findTokenWithOwner(
  db: Kysely<Database>,
  id: string,
): Promise<TokenWithOwner | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('api_tokens')
    .select(['users.name as owner_name', 'users.email as owner_email'])
    .where('api_tokens.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { owner_name, owner_email, ...token } = row;
  return { row: token, owner: { id: token.user_id, name: owner_name, email: owner_email } };
}

/** Revokes someone's token and records it; false when it was not live. */
export async function revokeTokenAudited(
  db: Kysely<Database>,
  token: ApiTokenRow,
  actorId: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await revokeToken(trx, token.user_id, token.id))) return false;
    await audit(trx, {
      userId: actorId,
      action: 'delete',
      entity: 'token',
      entityId: token.id,
      before: { ...toApiToken(token), userId: token.user_id },
    });
    return true;
  });
}

/**
 * Saves settings as `PATCH /settings` does: 409 `version_conflict` with the current settings when `version`
 * is stale; the changes are merged over the stored document and validated as a whole.
 */
export async function saveSettings(
  db: Kysely<Database>,
  actorId: string,
  request: UpdateSettingsRequest,
): Promise<Settings> {
  const { version, ...changes } = request;
  return db.transaction().execute(async (trx) => {
    const current = await readSettings(trx);
    if (current.version !== version) throw versionConflict('settings', current);
    const { version: _v, ...data } = current;
    const next = await writeSettings(trx, zSettingsData.parse({ ...data, ...changes }), version);
    if (!next) throw versionConflict('settings', await readSettings(trx));
    await audit(trx, {
      userId: actorId,
      action: 'update',
      entity: 'settings',
      entityId: '1',
      before: current,
      after: next,
    });
    return next;
  });
}

export function toAuditEntry(row: AuditLogTable): AuditEntry {
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

/** The audit log, newest first, with the filters of `GET /audit`. */
export async function listAuditEntries(db: Kysely<Database>, q: AuditListQuery): Promise<Page<AuditEntry>> {
  let query = db
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
  return toPage(await query.execute(), q.limit, (rows) => rows.map(toAuditEntry));
}
