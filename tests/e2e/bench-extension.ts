/**
 * `pnpm bench:extension` (issue 7): the overlay's latency in Chromium with the built extension and a loopback
 * server, median and worst of 20 runs uncached and cached per mail site, and the gzipped size of each content
 * script; a table, then one JSON line. Builds the extension first unless RAPPORT_E2E_PREBUILT=1. Figures
 * only: nothing here is asserted (tests/e2e/overlay-bench.test.ts checks that the measurement works).
 */
import { availableParallelism, loadavg } from 'node:os';

import { buildExtension, checkChromium } from './harness';
import {
  type BenchSite,
  measureOverlay,
  OVERLAY_TARGETS,
  type OverlaySample,
  summarize,
} from './overlay-bench';

const RUNS = 20;

const KB = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main() {
  const chromium = checkChromium();
  if (process.env.RAPPORT_E2E_PREBUILT !== '1') buildExtension();
  const load = loadavg()[0] ?? 0;
  let done = 0;
  const bench = await measureOverlay({
    runs: RUNS,
    onSample: () => {
      done += 1;
      if (process.stderr.isTTY) process.stderr.write(`\r${done} page loads measured`);
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\n');

  const rows: Record<string, Record<string, string>> = {};
  const figures: Record<string, number> = {};
  const samples = bench.sites.flatMap((s) => [...s.uncached, ...s.cached]);
  for (const { site, uncached, cached } of bench.sites) {
    for (const [kind, list, target] of [
      ['uncached', uncached, OVERLAY_TARGETS.uncachedMedianMs],
      ['cached', cached, OVERLAY_TARGETS.cachedMedianMs],
    ] as const) {
      const dom = summarize(list.map((s) => s.ms));
      const frame = summarize(list.map((s) => s.frameMs));
      rows[`${site}, ${kind}`] = {
        median: ms(dom.median),
        worst: ms(dom.worst),
        'median to next frame': ms(frame.median),
        target: `median ≤ ${target} ms`,
        'target ratio': (dom.median / target).toFixed(2),
      };
      const key = `${site}${kind === 'cached' ? 'Cached' : 'Uncached'}`;
      figures[`${key}MedianMs`] = dom.median;
      figures[`${key}WorstMs`] = dom.worst;
      figures[`${key}FrameMedianMs`] = frame.median;
    }
  }
  for (const [file, bytes] of Object.entries(bench.contentScriptsGzipBytes)) {
    rows[`${file} (gzip)`] = {
      median: KB(bytes),
      target: `≤ ${KB(OVERLAY_TARGETS.contentScriptGzipBytes)}`,
      'target ratio': (bytes / OVERLAY_TARGETS.contentScriptGzipBytes).toFixed(2),
    };
  }
  console.table(rows);
  console.log(
    [
      `${RUNS} runs per row, ${availableParallelism()} cores, load average ${load.toFixed(2)} at the start, ${chromium}.`,
      'From the DOM change that shows the participants to the one that adds the account card; "median to next',
      'frame" adds the wait for the frame that paints it. Uncached: every address of the conversation is new to',
      "the extension's lookup cache (one POST /lookup per load; the server may answer from its own caches).",
      "Cached: the same conversation again, answered by the background's cache (no request).",
    ].join('\n'),
  );
  console.log(
    JSON.stringify({
      ...figures,
      contentScriptsGzipBytes: bench.contentScriptsGzipBytes,
      runs: RUNS,
      lookupRequests: countLookups(bench.sites),
      overlayLayoutShift: Math.max(...samples.map((s) => s.overlayLayoutShift)),
      consoleErrors: samples.reduce((n, s) => n + s.errors.length, 0),
      cores: availableParallelism(),
      date: new Date().toISOString().slice(0, 10),
    }),
  );
}

/** Server lookups per load, by site and kind: 1 uncached and 0 cached when the cache works as described. */
function countLookups(
  sites: readonly { site: BenchSite; uncached: OverlaySample[]; cached: OverlaySample[] }[],
) {
  const total = (list: OverlaySample[]) => list.reduce((n, s) => n + s.lookupRequests, 0);
  return Object.fromEntries(
    sites.map((s) => [s.site, { uncached: total(s.uncached), cached: total(s.cached) }]),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
