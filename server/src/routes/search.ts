import { Hono } from 'hono';

import type { AppEnv, Deps } from '../deps';
import { ApiError } from '../lib/errors';

/** `/search`: placeholder until the search lands (this commit's routes are being built in parallel). */
export function searchRoutes(_deps: Deps) {
  return new Hono<AppEnv>().get('/', () => {
    throw new ApiError(500, 'internal_error', 'Search is not built yet');
  });
}
