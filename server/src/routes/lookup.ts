import { zLookupRequest, zLookupResponse } from '@rapport/shared';
import { Hono } from 'hono';

import type { AppEnv, Deps } from '../deps';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

/** `/lookup`: the extension's hot path; any signed-in role may look up what Rapport knows. */
export function lookupRoutes({ lookups, settings }: Deps) {
  return (
    new Hono<AppEnv>()
      // POST /lookup
      .post(
        '/',
        describeRoute({
          summary: 'Look up email addresses and LinkedIn profiles: matches and their accounts',
          response: zLookupResponse,
        }),
        validate('json', zLookupRequest),
        async (c) => {
          const json = await lookups.lookupJson(
            await settings.get(),
            c.var.actor,
            c.req.valid('json'),
            c.var.lang.m,
            c.var.changeMark,
          );
          // Buffer.concat's bytes live in a plain ArrayBuffer, as Hono's type asks.
          return c.body(json as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/json' });
        },
      )
  );
}
