import { Hono } from 'hono';

import type { AppEnv, Deps } from '../deps';

/** `/accounts`: being written. */
export function accountRoutes(_deps: Deps) {
  return new Hono<AppEnv>();
}
