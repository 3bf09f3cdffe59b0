import { z } from 'zod';

import { zId } from './common';

export const zSearchQuery = z.object({
  q: z.string().trim().min(1, 'Type something to search for').max(200),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  type: z.enum(['account', 'contact']).optional(),
});
export type SearchQuery = z.infer<typeof zSearchQuery>;

export const zSearchHit = z.object({
  type: z.enum(['account', 'contact']),
  id: zId,
  /** The account's or the contact's name. */
  name: z.string(),
  /** A second line: the account's domains, or the contact's title and account. */
  detail: z.string(),
  accountId: zId,
  /** Higher is better; comparable within one response only. */
  score: z.number(),
});
export type SearchHit = z.infer<typeof zSearchHit>;

export const zSearchResponse = z.object({ items: z.array(zSearchHit) });
export type SearchResponse = z.infer<typeof zSearchResponse>;
