import { Hono } from 'hono';

import type { AppEnv, Deps } from '../deps';
import { ApiError } from '../lib/errors';

/** `/lookup`: placeholder until the lookup lands (this commit's routes are being built in parallel). */
export function lookupRoutes(_deps: Deps) {
  return new Hono<AppEnv>().post('/', () => {
    throw new ApiError(500, 'internal_error', 'Lookup is not built yet');
  });
}
