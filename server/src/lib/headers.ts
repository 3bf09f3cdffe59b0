import type { Context, Next } from 'hono';

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
