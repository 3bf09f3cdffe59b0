import { type SearchResponse, zSearchQuery, zSearchResponse } from '@rapport/shared';
import { Hono } from 'hono';

import { search } from '../db/search-repository';
import type { AppEnv, Deps } from '../deps';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

/** `/search`: ranked, typo-tolerant search over accounts and contacts, for every signed-in role. */
export function searchRoutes({ db }: Deps) {
  return (
    new Hono<AppEnv>()
      // GET /search?q=&limit=&type=
      .get(
        '/',
        describeRoute({
          summary: 'Search accounts and contacts by name, domain, email or slug',
          response: zSearchResponse,
        }),
        validate('query', zSearchQuery),
        async (c) => {
          const items = await search(db, c.req.valid('query'));
          return c.json<SearchResponse>({ items });
        },
      )
  );
}
