import type { Context } from 'hono';

import type { Env } from '../env';

/**
 * The origin people reach this server at: `RAPPORT_PUBLIC_URL` when set, else, behind a trusted proxy, the
 * forwarded scheme and host, else the request's own. Links shown to an admin (invites, resets) start with it.
 * @example publicOrigin(c, env) // 'https://rapport.ourco.example'
 */
export function publicOrigin(c: Context, env: Env): string {
  if (env.RAPPORT_PUBLIC_URL) return new URL(env.RAPPORT_PUBLIC_URL).origin;
  return forwardedOrigin(c, env) ?? new URL(c.req.url).origin;
}

/** `proto://host` from X-Forwarded-Proto/-Host, only behind a trusted proxy. */
export function forwardedOrigin(c: Context, env: Env): string | null {
  if (!env.RAPPORT_TRUST_PROXY) return null;
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
  const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim() ?? c.req.header('host');
  return proto && host && /^https?$/.test(proto) ? `${proto}://${host}` : null;
}

/** True when the browser reached us over https (directly, through a trusted proxy, or per the public URL). */
export function servedOverHttps(c: Context, env: Env): boolean {
  return (
    env.RAPPORT_PUBLIC_URL?.startsWith('https:') === true ||
    new URL(c.req.url).protocol === 'https:' ||
    forwardedOrigin(c, env)?.startsWith('https:') === true
  );
}

/** The page an invitee opens. */
export const inviteUrl = (origin: string, token: string) =>
  `${origin}/admin/invite?token=${encodeURIComponent(token)}`;

/** The page a user resetting their password opens. */
export const resetUrl = (origin: string, token: string) =>
  `${origin}/admin/reset?token=${encodeURIComponent(token)}`;
