import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A new record id: 9 base-36 characters of milliseconds then 12 random ones. Ids sort by creation time,
 * so list routes page with `id > cursor`.
 * @example newId() // 'mi1x2k3l0q8f3k2z9a1b4c'
 */
export function newId(): string {
  const time = Date.now().toString(36).padStart(9, '0');
  const bytes = randomBytes(12);
  let rand = '';
  for (const b of bytes) rand += ALPHABET[b % 36];
  return time + rand;
}

/** The current time as stored: ISO 8601 UTC with milliseconds. */
export function nowIso(): string {
  return new Date().toISOString();
}
