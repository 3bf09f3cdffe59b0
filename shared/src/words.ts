/*
 * English phrasing shared by the server's messages and the extension's text (zod-free).
 */

/** "1 contact", "3 contacts"; `many` for irregular plurals ("2 opportunities"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "a", "a and b", "a, b and c"; "" for none. */
export function listOf(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
