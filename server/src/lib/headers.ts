import type { Context, Next } from 'hono';

import type { SettingsCache } from '../db/settings-repository';

/** What Hono's `secureHeaders()` sets by default, for the API's answers (set before their handler runs). */
export const SECURE_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[a-z0-9-]+$/i;

/**
 * The origins the API answers to (CORS): any browser extension's, and those an admin allowed in the settings
 * (read from the settings cache, which the API's middleware warms before this runs).
 * @example allowedOrigin(settings)('https://crm.example.com') // 'https://crm.example.com' when allowed, else null
 */
export function allowedOrigin(settings: SettingsCache): (origin: string) => string | null {
  return (origin) => {
    if (EXTENSION_ORIGIN.test(origin)) return origin;
    const allowed = settings.peek()?.allowedOrigins ?? [];
    return allowed.includes(origin.toLowerCase()) ? origin : null;
  };
}

/**
 * Runs the rest of the request with headers set on its answer before the handler makes it: Hono copies a
 * finished answer to change its headers (about 150 µs per lookup, docs/performance.md). A handler that returns
 * its own Response (a download) drops them, so when `present` does not find them on the answer, `apply` runs
 * again on it.
 * @example await withHeaders(c, next, () => c.header('X-Frame-Options', 'SAMEORIGIN'), (res) => res.headers.has('X-Frame-Options'));
 */
export async function withHeaders(
  c: Context,
  next: Next,
  apply: () => void,
  present: (res: Response) => boolean,
): Promise<void> {
  apply();
  await next();
  if (!present(c.res)) apply();
}
