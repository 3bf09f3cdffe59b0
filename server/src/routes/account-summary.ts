import { zLookupAccount } from '@rapport/shared';
import { Hono } from 'hono';

import { notFoundOrMerged } from '../db/references';
import type { AppEnv, Deps } from '../deps';
import { describeRoute } from '../openapi/describe';

/** `/accounts/:id/summary`: the account as the overlay's card shows it; any signed-in role may read it. */
export function accountSummaryRoutes({ db, lookups }: Deps) {
  return (
    new Hono<AppEnv>()
      // GET /accounts/:id/summary
      .get(
        '/:id/summary',
        describeRoute({ summary: 'The account as the overlay’s card shows it', response: zLookupAccount }),
        async (c) => {
          const id = c.req.param('id');
          const summary = await lookups.accountSummaryJson(c.var.actor, id, c.var.lang.m);
          if (!summary) throw await notFoundOrMerged(db.kysely, 'account', id);
          return c.body(summary as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/json' });
        },
      )
  );
}
