import type { Context } from 'hono';

import type { Actor } from './auth/policy';
import type { Db } from './db/create-db';
import type { SettingsCache } from './db/settings-repository';
import type { Env } from './env';
import type { Logger } from './lib/log';
import type { RateLimiter } from './lib/rate-limit';

/** What every route needs, built once by `createApp`. */
export interface Deps {
  db: Db;
  env: Env;
  log: Logger;
  settings: SettingsCache;
  loginLimiter: RateLimiter;
  tokenLimiter: RateLimiter;
}

/** Hono's environment for our routes: the signed-in actor and its token, set by the auth middleware. */
export interface AppEnv {
  Variables: { actor: Actor; tokenId: string };
}

/** The client address for rate limits: the socket's, or X-Forwarded-For's first hop behind a trusted proxy. */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (xff) return xff;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
