import { Hono } from 'hono';

import type { AppEnv, Deps } from '../deps';

/** `/opportunities`: being written. */
export function opportunityRoutes(_deps: Deps) {
  return new Hono<AppEnv>();
}
