import { z } from 'zod';

/** `GET /healthz`: 200 with `ok: true`, or 503 with `ok: false` when the database does not answer. */
export const zHealth = z.object({ ok: z.boolean(), database: z.enum(['sqlite', 'postgres']) });
