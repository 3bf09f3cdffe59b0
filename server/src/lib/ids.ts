import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const RAND_LEN = 12;

let lastTime = 0;
let lastRand: number[] = [];

/**
 * A new record id: 9 base-36 characters of milliseconds then 12 random ones. Ids sort by creation time,
 * so list routes page with `id > cursor`. Within one millisecond the random part counts up from the previous
 * id (as ULIDs do), so ids made by one process never sort out of creation order.
 * @example newId() // 'mi1x2k3l0q8f3k2z9a1b4c'
 */
export function newId(): string {
  const now = Date.now();
  if (now > lastTime) {
    lastTime = now;
    lastRand = [...randomBytes(RAND_LEN)].map((b) => b % 36);
  } else {
    increment(lastRand);
  }
  return lastTime.toString(36).padStart(9, '0') + lastRand.map((d) => ALPHABET[d]).join('');
}

/** Adds one to a base-36 digit array; on overflow moves to the next millisecond. */
function increment(digits: number[]): void {
  for (let i = digits.length - 1; i >= 0; i--) {
    if ((digits[i] ?? 0) < 35) {
      digits[i] = (digits[i] ?? 0) + 1;
      return;
    }
    digits[i] = 0;
  }
  lastTime++;
}

/** The current time as stored: ISO 8601 UTC with milliseconds. */
export function nowIso(): string {
  return new Date().toISOString();
}
