import type { UserRole } from '@rapport/shared';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';

import type { Actor } from '../auth/policy';
import { authenticate, issueToken, revokeToken } from '../auth/tokens';
import type { Deps } from '../deps';
import type { Env } from '../env';
import type { Language } from '../i18n';
import { ApiError } from '../lib/errors';
import { hashToken, safeEqual } from '../lib/passwords';
import { forwardedOrigin, servedOverHttps } from './links';

/** A console sign-in lasts a working day; signing out (or an admin revoking it) ends it sooner. */
export const CONSOLE_SESSION_HOURS = 12;
export const SESSION_COOKIE = 'rapport_console';
export const FLASH_COOKIE = 'rapport_flash';

/** The signed-in console user, the token behind the cookie and the CSRF value every form posts back. */
export interface ConsoleSession {
  actor: Actor;
  tokenId: string;
  csrf: string;
}

/** Hono's environment for console routes. */
export interface ConsoleEnv {
  Variables: { session: ConsoleSession | null; lang: Language };
}

/** Cookie attributes: HttpOnly, SameSite=Strict, only under /admin, Secure when the console is on https. */
export function cookieOptions(c: Context, env: Env, maxAgeSeconds: number) {
  return {
    path: '/admin',
    httpOnly: true,
    sameSite: 'Strict' as const,
    secure: servedOverHttps(c, env),
    maxAge: maxAgeSeconds,
  };
}

/** The per-session CSRF value: derived from the cookie's secret, so it needs no storage and no other page knows it. */
function csrfFor(token: string): string {
  return hashToken(`csrf:${token}`).slice(0, 32);
}

/** Loads the console session from its cookie (a live `console` token of an active user) into `c.var.session`. */
export function loadSession({ db }: Deps) {
  return createMiddleware<ConsoleEnv>(async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const auth = token ? await authenticate(db, token, ['console']) : null;
    c.set(
      'session',
      auth && token
        ? {
            actor: {
              id: auth.user.id,
              role: auth.user.role as UserRole,
              name: auth.user.name,
              email: auth.user.email,
            },
            tokenId: auth.token.id,
            csrf: csrfFor(token),
          }
        : null,
    );
    await next();
  });
}

/** Starts a console session for a user: a hashed `console` token, its secret in the cookie. */
export async function startSession(c: Context, { db, env }: Deps, userId: string): Promise<void> {
  const agent = c.req.header('user-agent')?.slice(0, 80);
  const { token } = await issueToken(db.kysely, userId, {
    name: agent ? `Admin console (${agent})` : 'Admin console',
    kind: 'console',
    days: CONSOLE_SESSION_HOURS / 24,
  });
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c, env, CONSOLE_SESSION_HOURS * 3600));
}

/** Ends the console session: revokes its token and clears the cookie. */
export async function endSession(
  c: Context,
  { db, env }: Deps,
  session: ConsoleSession | null,
): Promise<void> {
  if (session) await revokeToken(db.kysely, session.actor.id, session.tokenId);
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c, env, 0));
}

/** The origins a console form may be posted from: this server as the browser sees it. */
function allowedOrigins(c: Context, env: Env): string[] {
  const list = [new URL(c.req.url).origin];
  if (env.RAPPORT_PUBLIC_URL) list.push(new URL(env.RAPPORT_PUBLIC_URL).origin);
  const forwarded = forwardedOrigin(c, env);
  if (forwarded) list.push(forwarded);
  return list;
}

/**
 * Where a POST says it came from: its `Origin`, else (an older browser) its `Referer`'s origin; null when it
 * names neither, or names `null` (a sandboxed frame, a `data:` page, a no-referrer page elsewhere). Console
 * pages ask for `Referrer-Policy: same-origin` (layout.tsx), so a browser sends both on a form of ours.
 */
function postedFrom(c: Context): string | null {
  const origin = c.req.header('origin');
  if (origin) return origin === 'null' ? null : origin;
  const referer = c.req.header('referer');
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

/**
 * Refuses a POST (403) unless its `Origin`, or without one its `Referer`, is this server's: one naming neither
 * is refused too (docs/security.md, "CSRF"). Signed-in forms also carry the session's CSRF value (`csrf`).
 */
export function checkOrigin({ env }: Deps) {
  return createMiddleware<ConsoleEnv>(async (c, next) => {
    if (c.req.method === 'POST') {
      const from = postedFrom(c);
      if (from === null) {
        throw new ApiError(403, 'forbidden', (m) => m.errors.console.unknownSite, { reason: 'csrf' });
      }
      if (!allowedOrigins(c, env).includes(from)) {
        throw new ApiError(403, 'forbidden', (m) => m.errors.console.otherSite, { reason: 'csrf' });
      }
    }
    await next();
  });
}

/** True when the form's `csrf` field is this session's. */
export function csrfMatches(session: ConsoleSession, sent: string | undefined): boolean {
  return typeof sent === 'string' && safeEqual(sent, session.csrf);
}
