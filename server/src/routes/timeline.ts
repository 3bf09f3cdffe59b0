import { zPage, zTimelineEntry, zTimelineQuery } from '@rapport/shared';
import { Hono } from 'hono';

import { notFoundOrMerged } from '../db/references';
import { listTimeline } from '../db/touch-repository';
import type { AppEnv, Deps } from '../deps';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

/** `/accounts/:id/timeline`: what happened with an account, newest first. */
export function timelineRoutes({ db }: Deps) {
  const k = db.kysely;
  return (
    new Hono<AppEnv>()
      // GET /accounts/:id/timeline?limit=&cursor=
      .get(
        '/:id/timeline',
        describeRoute({
          summary: 'The account’s touches and stage changes, newest first',
          response: zPage(zTimelineEntry),
        }),
        validate('query', zTimelineQuery),
        async (c) => {
          const id = c.req.param('id');
          const account = await k.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst();
          if (!account) throw await notFoundOrMerged(k, 'account', id);
          return c.json(await listTimeline(k, id, c.req.valid('query')));
        },
      )
  );
}
