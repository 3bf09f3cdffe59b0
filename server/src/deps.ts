import type { Context } from 'hono';

import type { Actor } from './auth/policy';
import type { TokenCache } from './auth/tokens';
import type { Db } from './db/create-db';
import type { LookupReader } from './db/lookup-repository';
import type { SettingsCache } from './db/settings-repository';
import type { Env } from './env';
import type { Language } from './i18n';
import type { Logger } from './lib/log';
import type { RateLimiter } from './lib/rate-limit';

/** What every route needs, built once by `createApp`. */
export interface Deps {
  db: Db;
  env: Env;
  log: Logger;
  settings: SettingsCache;
  /** The lookup and account summaries, with this process's summary cache. */
  lookups: LookupReader;
  /** Signed-in tokens, kept while SQLite's change mark stands (auth/tokens.ts). */
  tokens: TokenCache;
  /**
   * The current time for what depends on it (coverage windows, signals, plan periods); tests fix it.
   * Stored timestamps still come from `nowIso()`.
   */
  now: () => Date;
  /** Sign-in attempts per email; setup, invite and reset attempts per client and per link. */
  loginLimiter: RateLimiter;
  /** Sign-in attempts per client address; looser than per email, as a whole office may share one address. */
  loginIpLimiter: RateLimiter;
  /** Personal tokens made per user (API and console), and per client address whoever signs in there. */
  tokenLimiter: RateLimiter;
  tokenIpLimiter: RateLimiter;
}

/**
 * Hono's environment for our routes: the signed-in actor and its token, set by the auth middleware, and the
 * request's language (`i18n/index.ts`).
 */
export interface AppEnv {
  Variables: {
    actor: Actor;
    tokenId: string;
    lang: Language;
    /** The change mark read when the request was signed in (statements.ts), for the caches it reads. */
    changeMark: string | null;
  };
}

/**
 * The client address for rate limits: the socket's, or behind a trusted proxy the last X-Forwarded-For entry,
 * the one that proxy appended. Earlier entries come from the client and are whatever it chose to send.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (xff) return xff;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
