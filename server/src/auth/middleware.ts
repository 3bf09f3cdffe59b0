import type { UserRole } from '@rapport/shared';
import { createMiddleware } from 'hono/factory';

import type { Db } from '../db/create-db';
import type { AppEnv, Deps } from '../deps';
import { ApiError } from '../lib/errors';
import type { Actor } from './policy';
import { API_TOKEN_KINDS, authenticate, type TokenCache } from './tokens';

/** What an API request's `Authorization` header signs in as, or why it does not. */
export type SignIn =
  | { ok: true; actor: Actor; tokenId: string; changeMark: string | null }
  | { ok: false; reason: 'noToken' | 'badToken' };

/**
 * Signs in an API request by its `Authorization: Bearer <token>` header (a session or personal token of an
 * active user; an admin console cookie's token is refused). The change mark is taken first, once for the
 * whole request: every write acknowledged before the request arrived is seen by what reads under it.
 * @example const who = await signIn(db, c.req.header('authorization'), cache); if (who.ok) who.actor.role
 */
export async function signIn(
  db: Pick<Db, 'kysely' | 'statements'>,
  header: string | undefined,
  cache: TokenCache,
): Promise<SignIn> {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return { ok: false, reason: 'noToken' };
  // PostgreSQL: the snapshot read after the request arrived (statements.ts `readChangeMark`).
  const mark = await db.statements.readChangeMark();
  const auth = await authenticate(db, match[1], API_TOKEN_KINDS, cache, mark);
  if (!auth) return { ok: false, reason: 'badToken' };
  const { user } = auth;
  const actor: Actor = { id: user.id, role: user.role as UserRole, name: user.name, email: user.email };
  // The mark the token was read under, when it had to be read (PostgreSQL reads it with the token).
  return { ok: true, actor, tokenId: auth.token.id, changeMark: auth.mark };
}

/**
 * Requires `Authorization: Bearer <token>` of an active user (`signIn`); sets `actor`, `tokenId` and
 * `changeMark`, else answers 401.
 */
export function requireAuth({ db, tokens }: Deps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const who = await signIn(db, c.req.header('authorization'), tokens);
    if (!who.ok) {
      if (who.reason === 'noToken') {
        throw new ApiError(401, 'unauthorized', (m) => m.errors.auth.noToken, undefined, {
          'WWW-Authenticate': 'Bearer',
        });
      }
      throw new ApiError(401, 'unauthorized', (m) => m.errors.auth.badToken, undefined, {
        'WWW-Authenticate': 'Bearer error="invalid_token"',
      });
    }
    c.set('changeMark', who.changeMark);
    c.set('actor', who.actor);
    c.set('tokenId', who.tokenId);
    await next();
  });
}
