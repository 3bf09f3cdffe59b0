import { Hono } from 'hono';

import type { AppEnv, Deps } from '../deps';

/** `/contacts`: being written. */
export function contactRoutes(_deps: Deps) {
  return new Hono<AppEnv>();
}
