import { Hono } from 'hono';

import type { AppEnv, Deps } from '../deps';

/** Issue 4: to be filled in. */
export function accountInsightsRoutes(_deps: Deps) {
  return new Hono<AppEnv>();
}
