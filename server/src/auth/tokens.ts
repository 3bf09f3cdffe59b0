import type { ApiToken } from '@rapport/shared';
import type { Kysely } from 'kysely';

import type { Db } from '../db/create-db';
import type { ApiTokenRow, Database, UserRow } from '../db/database';
import { SNAPSHOT_MARK, sql } from '../db/statements';
import { newId, nowIso } from '../lib/ids';
import { hashToken, newToken } from '../lib/passwords';

/**
 * What a token is: `session` (an API sign-in), `personal` (an access token for scripts) or `console` (a sign-in
 * to the admin console at /admin, carried in a cookie and refused as a bearer token).
 */
export type TokenKind = 'session' | 'personal' | 'console';

/** The kinds the JSON API accepts as `Authorization: Bearer`. */
export const API_TOKEN_KINDS: readonly TokenKind[] = ['session', 'personal'];

/** Maps a stored token to the API shape; a console sign-in is listed as a `session` (it is one, in a browser). */
export function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind === 'console' ? 'session' : (row.kind as ApiToken['kind']),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}

/**
 * Creates a token for a user and returns the secret (shown once) with its record.
 * @example const { token } = await issueToken(db, user.id, { name: 'CLI', kind: 'personal', days: null })
 */
export async function issueToken(
  db: Kysely<Database>,
  userId: string,
  opts: { name: string; kind: TokenKind; days: number | null },
): Promise<{ token: string; row: ApiTokenRow }> {
  const token = newToken();
  const now = new Date();
  const row: ApiTokenRow = {
    id: newId(),
    user_id: userId,
    name: opts.name,
    kind: opts.kind,
    token_hash: hashToken(token),
    created_at: now.toISOString(),
    expires_at: opts.days === null ? null : new Date(now.getTime() + opts.days * 86_400_000).toISOString(),
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto('api_tokens').values(row).execute();
  return { token, row };
}

/** Refresh `last_used_at` at most this often, so reads do not turn into a write per request. */
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * The active user and token behind a token, or null when the token is unknown, revoked, expired, not of one
 * of `kinds` (by default the API's: session and personal), or its user is deactivated. Checked on every request,
 * so revocation takes effect at once. With a `cache`, a token read under the change `mark` (statements.ts) is
 * not read again while the mark stays: any write, a revocation included, changes it. Returns the mark the rest
 * of the request reads its caches under: the one given, or on PostgreSQL the newer one read with the token.
 * @example await authenticate(db, cookieToken, ['console'])
 */
export async function authenticate(
  db: Pick<Db, 'kysely' | 'statements'>,
  token: string,
  kinds: readonly TokenKind[] = API_TOKEN_KINDS,
  cache?: TokenCache,
  mark: string | null = cache ? db.statements.changeMark() : null,
): Promise<{ user: UserRow; token: ApiTokenRow; mark: string | null } | null> {
  const hash = hashToken(token);
  let row: (TokenWithUser & { mark?: string }) | undefined =
    mark === null ? undefined : cache?.get(hash, mark);
  if (!row) {
    // Every API request passes here: a statement prepared once (statements.ts), not a Kysely query. On
    // PostgreSQL it reads the mark too, so the token is filed under the snapshot it was read in.
    [row] = await db.statements.all<TokenWithUser & { mark?: string }>(
      db.statements.postgres
        ? sql`select ${SNAPSHOT_MARK} as mark, ${TOKEN_WITH_USER} where t.token_hash = ${hash}`
        : sql`select ${TOKEN_WITH_USER} where t.token_hash = ${hash}`,
    );
    const readUnder = row?.mark ?? mark;
    if (row && readUnder !== null) cache?.set(hash, readUnder, row);
  }
  if (!row || row.revoked_at !== null || row.u_active !== 1) return null;
  if (!kinds.includes(row.kind as TokenKind)) return null;
  const now = Date.now();
  if (row.expires_at !== null && Date.parse(row.expires_at) <= now) return null;
  if (row.last_used_at === null || now - Date.parse(row.last_used_at) > LAST_USED_GRANULARITY_MS) {
    await db.kysely
      .updateTable('api_tokens')
      .set({ last_used_at: nowIso() })
      .where('id', '=', row.id)
      .execute();
  }
  const user: UserRow = {
    id: row.user_id,
    email: row.u_email,
    name: row.u_name,
    role: row.u_role,
    active: row.u_active,
    password_hash: row.u_password_hash,
    created_at: row.u_created_at,
    updated_at: row.u_updated_at,
    version: row.u_version,
  };
  const tokenRow: ApiTokenRow = {
    id: row.id,
    user_id: row.user_id,
    name: row.name,
    kind: row.kind,
    token_hash: row.token_hash,
    created_at: row.created_at,
    expires_at: row.expires_at,
    last_used_at: row.last_used_at,
    revoked_at: row.revoked_at,
  };
  return { user, token: tokenRow, mark: row.mark ?? mark };
}

/** Revokes one token of a user; false when the user has no such live token. */
export async function revokeToken(db: Kysely<Database>, userId: string, tokenId: string): Promise<boolean> {
  const res = await db
    .updateTable('api_tokens')
    .set({ revoked_at: nowIso() })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Revokes every token of a user (deactivation, password reset). */
export async function revokeAllTokens(db: Kysely<Database>, userId: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: nowIso() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** A token with its user's columns (prefixed `u_`), for `select ${TOKEN_WITH_USER} where …`. */
const TOKEN_WITH_USER = sql`t.*, u.email as u_email, u.name as u_name, u.role as u_role, u.active as u_active,
  u.password_hash as u_password_hash, u.created_at as u_created_at, u.updated_at as u_updated_at,
  u.version as u_version
  from api_tokens t join users u on u.id = t.user_id`;

type TokenWithUser = ApiTokenRow & {
  u_email: string;
  u_name: string;
  u_role: string;
  u_active: number;
  u_password_hash: string | null;
  u_created_at: string;
  u_updated_at: string;
  u_version: number;
};

/**
 * Tokens read, each with the change mark it was read under; one per app. Only tokens that exist are
 * kept, so unknown ones cannot fill it.
 * @example const cache = new TokenCache(); await authenticate(db, token, API_TOKEN_KINDS, cache);
 */
export class TokenCache {
  private readonly rows = new Map<string, { mark: string; row: TokenWithUser }>();

  constructor(private readonly size = 10_000) {}

  get(hash: string, mark: string): TokenWithUser | undefined {
    const hit = this.rows.get(hash);
    return hit?.mark === mark ? hit.row : undefined;
  }

  set(hash: string, mark: string, row: TokenWithUser): void {
    if (this.rows.size >= this.size) this.rows.clear();
    this.rows.set(hash, { mark, row });
  }
}
