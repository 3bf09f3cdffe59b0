import type { Page } from '@rapport/shared';

/** Rows fetched with `limit + 1` become a page whose `nextCursor` is the last id shown, or null at the end. */
export function toPage<R extends { id: string }, T>(
  rows: R[],
  limit: number,
  map: (rows: R[]) => T[],
): Page<T> {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  return { items: map(shown), nextCursor: more ? (shown[shown.length - 1]?.id ?? null) : null };
}

/** Escapes `%`, `_` and `\` for a LIKE pattern used with `escape '\'`. */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/** Splits `limit + 1` fetched ids into the page's ids and the next cursor. */
export function pageIds(ids: string[], limit: number): { ids: string[]; nextCursor: string | null } {
  const shown = ids.slice(0, limit);
  return { ids: shown, nextCursor: ids.length > limit ? (shown[shown.length - 1] ?? null) : null };
}
