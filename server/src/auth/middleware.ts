import type { UserRole } from '@rapport/shared';
import { createMiddleware } from 'hono/factory';

import type { AppEnv, Deps } from '../deps';
import { ApiError } from '../lib/errors';
import { API_TOKEN_KINDS, authenticate, TokenCache } from './tokens';

/**
 * Requires `Authorization: Bearer <token>` of an active user (a session or personal token; an admin console
 * cookie's token is refused); sets `actor` and `tokenId`.
 */
export function requireAuth({ db }: Deps) {
  const cache = new TokenCache();
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      throw new ApiError(401, 'unauthorized', (m) => m.errors.auth.noToken, undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    // One mark for the whole request: read after it arrived, so every write acknowledged before is seen.
    const mark = await db.statements.readChangeMark();
    const auth = await authenticate(db, match[1], API_TOKEN_KINDS, cache, mark);
    if (!auth) {
      throw new ApiError(401, 'unauthorized', (m) => m.errors.auth.badToken, undefined, {
        'WWW-Authenticate': 'Bearer error="invalid_token"',
      });
    }
    c.set('actor', {
      id: auth.user.id,
      role: auth.user.role as UserRole,
      name: auth.user.name,
      email: auth.user.email,
    });
    c.set('tokenId', auth.token.id);
    c.set('changeMark', auth.mark);
    await next();
  });
}
