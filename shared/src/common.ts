import { z } from 'zod';

/** Record ids are opaque strings (time-ordered, so they double as pagination cursors). */
export const zId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'Invalid id');

/** Optimistic-concurrency version carried by every mutable record. */
export const zVersion = z.number().int().min(1);

/** ISO 8601 timestamp with offset, as stored and returned by the server. */
export const zTimestamp = z.iso.datetime({ offset: true });

/** Calendar date, `YYYY-MM-DD`. */
export const zDate = z.iso.date();

/** A trimmed, non-empty, single-line human name. */
export const zName = z.string().trim().min(1, 'Required').max(200);

/** Free text notes. */
export const zNotes = z.string().max(20_000);

/** Query-string page size and cursor, shared by every list route. */
export const zPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: zId.optional(),
});
export type PageQuery = z.infer<typeof zPageQuery>;

/** A page of results; `nextCursor` is null on the last page. */
export function zPage<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: zId.nullable() });
}
export type Page<T> = { items: T[]; nextCursor: string | null };

/** Query-string boolean: accepts true/false/1/0. */
export const zQueryBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** `DELETE …?version=N`: when given, the delete only happens if the record is still at that version. */
export const zDeleteQuery = z.object({ version: z.coerce.number().int().min(1).optional() });
