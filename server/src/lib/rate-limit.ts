import { ApiError } from './errors';

/**
 * A fixed-window counter per key, in memory (per server process). Windows follow `clock` (the app's
 * `deps.now`, so tests move time instead of sleeping).
 * @example const limiter = new RateLimiter(10, 15 * 60_000); limiter.hit(`login:${ip}`)
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Counts one attempt; throws 429 with Retry-After once the key is over its limit. */
  hit(key: string, now = this.clock()): void {
    if (this.windows.size > 10_000) this.sweep(now);
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, w);
    }
    w.count++;
    if (w.count > this.max) {
      const retryAfter = Math.ceil((w.resetAt - now) / 1000);
      throw new ApiError(
        429,
        'rate_limited',
        (m) => m.errors.rateLimited(retryAfter),
        { retryAfterSeconds: retryAfter },
        { 'Retry-After': String(retryAfter) },
      );
    }
  }

  /** Forgets a key (after a successful login). */
  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}
