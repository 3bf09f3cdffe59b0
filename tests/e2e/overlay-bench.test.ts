import { describe, expect, it } from 'vitest';

import { BENCH_ACCOUNT, measureOverlay, summarize } from './overlay-bench';

/**
 * The smoke of `pnpm bench:extension`: the same measurement with 2 runs each way, so the benchmark never
 * rots. It checks that the measurement works (the card, the cache's role, finite figures), never how fast.
 */
describe('overlay benchmark', { timeout: 120_000 }, () => {
  it('should measure the card of the right account on Gmail and Outlook, uncached then cached', async () => {
    const bench = await measureOverlay({ runs: 2 });
    expect(bench.sites.map((s) => s.site)).toEqual(['gmail', 'outlook']);
    for (const { uncached, cached } of bench.sites) {
      for (const sample of [...uncached, ...cached]) {
        expect(sample.account).toBe(BENCH_ACCOUNT);
        expect(Number.isFinite(sample.ms)).toBe(true);
        expect(sample.ms).toBeGreaterThanOrEqual(0);
        expect(sample.frameMs).toBeGreaterThanOrEqual(sample.ms);
        expect(sample.overlayLayoutShift).toBe(0);
        expect(sample.errors).toEqual([]);
      }
      // Uncached asks the server once per page; cached is answered by the background alone.
      expect(uncached.map((s) => s.lookupRequests)).toEqual([1, 1]);
      expect(cached.map((s) => s.lookupRequests)).toEqual([0, 0]);
      expect(Number.isFinite(summarize(uncached.map((s) => s.ms)).median)).toBe(true);
    }
    expect(Object.keys(bench.contentScriptsGzipBytes)).toEqual(['gmail.js', 'linkedin.js', 'outlook.js']);
    for (const bytes of Object.values(bench.contentScriptsGzipBytes)) expect(bytes).toBeGreaterThan(0);
  });
});
