/**
 * `pnpm bench [--pg] [--smoke]`: issue 7's lookup benchmark. Seeds the data set (data-set.ts) through the
 * snapshot import and times it, starts the real server and a bare `node:http` server that answers a
 * constant body of a typical answer's size (the ceiling), checks a few real answers, then load-tests
 * `POST /api/v1/lookup` with rotating batches, interleaving rounds against both in the same run, and one
 * round at a single connection. Prints a table, then one JSON line of the figures (always last).
 *
 * Options: --pg (PostgreSQL at RAPPORT_TEST_POSTGRES_URL or the local test database, in a schema of its
 * own), --smoke (a tiny data set and 1 s rounds), --scale, --duration (seconds per round), --connections,
 * --rounds, --batches, --seed, --reuse DIR (SQLite: seed into DIR once and keep it; later runs with the same DIR
 * skip seeding and report the first run's seed time, for profiling the lookup again and again).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import type { LookupResponse } from '@rapport/shared';
import autocannon from 'autocannon';

import { ROOT, tempDir } from '../api/cli-process';
import { freshSchema, type Instance, spawnInstance } from '../api/instance-process';
import { DataSet } from './data-set';
import { differences, type LookupBatch, lookupBatches } from './lookup-batches';
import { cpuMicros, rssMb } from './process-stats';
import { type Seeded, seed } from './seed';

const { values: args } = parseArgs({
  options: {
    pg: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    scale: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string', default: '64' },
    rounds: { type: 'string' },
    batches: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '7' },
    reuse: { type: 'string' },
  },
});
const smoke = args.smoke === true;
const scale = Number(args.scale ?? (smoke ? 0.002 : 1));
const seconds = Number(args.duration ?? (smoke ? 1 : 10));
const connections = Number(args.connections);
const rounds = Number(args.rounds ?? (smoke ? 2 : 3));
const dialect = args.pg ? 'postgres' : 'sqlite';
/** Answers checked against what their batch expects before the load. */
const CHECKED = smoke ? 5 : 20;
/** Answers whose size is measured for the bare server's body. */
const MEASURED = 100;

const TSX = pathToFileURL(createRequire(join(ROOT, 'server', 'package.json')).resolve('tsx')).href;
const log = (line: string) => process.stdout.write(`${line}\n`);

interface Round {
  rps: number;
  latencies: number[];
  requests: number;
  cpuMicros: number;
  errors: number;
  non2xx: number;
}

interface Target {
  name: string;
  url: string;
  pid: number;
}

/** Rotates through the batches; each connection takes the next one. */
/** Sends the batches for `secs` seconds, or exactly `amount` requests when given. */
async function load(
  target: Target,
  batches: LookupBatch[],
  token: string,
  conns: number,
  secs: number,
  amount?: number,
) {
  let next = 0;
  const latencies: number[] = [];
  const options: autocannon.Options = {
    url: `${target.url}/api/v1/lookup`,
    connections: conns,
    ...(amount === undefined ? { duration: secs } : { amount }),
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const batch = batches[next++ % batches.length] as LookupBatch;
          return { ...request, body: batch.body };
        },
      },
    ],
  };
  const cpuBefore = cpuMicros(target.pid);
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err, res) => (err ? reject(err) : resolve(res)));
    // autocannon's own histogram counts whole milliseconds; these are the exact times.
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status < 300) latencies.push(ms);
    });
  });
  const elapsed = (performance.now() - started) / 1000;
  const requests = result.requests.total;
  const round: Round = {
    rps: requests / elapsed,
    latencies,
    requests,
    cpuMicros: cpuMicros(target.pid) - cpuBefore,
    // Connection errors, timeouts included.
    errors: result.errors,
    non2xx: result.non2xx,
  };
  return round;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** The figures of one target over its rounds: mean requests/s, pooled latency percentiles, CPU per request. */
function summary(list: Round[]) {
  const latencies = list.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const requests = list.reduce((n, r) => n + r.requests, 0);
  return {
    rps: list.reduce((n, r) => n + r.rps, 0) / list.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuPerRequest: list.reduce((n, r) => n + r.cpuMicros, 0) / requests,
    requests,
    errors: list.reduce((n, r) => n + r.errors, 0),
    non2xx: list.reduce((n, r) => n + r.non2xx, 0),
  };
}

/** Starts the bare server with a body of `bytes`; resolves once it listens. */
async function startBare(bytes: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', TSX, join(ROOT, 'tests', 'bench', 'bare-server.ts'), String(bytes)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  for await (const chunk of child.stdout ?? []) {
    out += String(chunk);
    const port = /listening on (\d+)/.exec(out)?.[1];
    if (port) return { child, url: `http://127.0.0.1:${port}` };
  }
  throw new Error(`The bare server did not start: ${out}`);
}

async function post(url: string, token: string, body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/api/v1/lookup`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, text: await res.text() };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  const cleanups: Array<() => unknown> = [];
  try {
    let databaseUrl: string;
    if (dialect === 'postgres') {
      const schema = await freshSchema(
        process.env.RAPPORT_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test',
      );
      cleanups.push(() => schema.drop());
      databaseUrl = schema.url;
    } else if (args.reuse) {
      mkdirSync(args.reuse, { recursive: true });
      databaseUrl = `file:${join(args.reuse, 'rapport.db')}`;
    } else {
      const dir = tempDir();
      cleanups.push(dir.cleanup);
      databaseUrl = `file:${join(dir.dir, 'rapport.db')}`;
    }

    const data = new DataSet(Number(args.seed), scale);
    log(
      `Seeding ${dialect}: ${fmt(data.accounts)} accounts, ${fmt(data.contacts)} contacts, ${fmt(data.opportunities)} opportunities…`,
    );
    const saved = args.reuse && dialect === 'sqlite' ? join(args.reuse, 'seeded.json') : null;
    const seeded: Seeded =
      saved && existsSync(saved) ? JSON.parse(readFileSync(saved, 'utf8')) : await seed(databaseUrl, data);
    if (saved) writeFileSync(saved, JSON.stringify(seeded));
    log(
      `Wrote the snapshot (${fmt(seeded.snapshotMb)} MB) in ${fmt(seeded.generateSeconds, 1)} s; imported it in ${fmt(seeded.seconds, 1)} s: ${Object.entries(
        seeded.created,
      )
        .map(([k, n]) => `${fmt(n)} ${k}`)
        .join(', ')}`,
    );
    const batches = lookupBatches(data, Number(args.batches));

    // The server as `npm start` runs it: compiled from the sources (server/run.mjs), not through tsx.
    const server: Instance = await spawnInstance(databaseUrl, { RAPPORT_LOG_LEVEL: 'warn' }, { built: true });
    cleanups.push(() => server.stop());
    await server.ready();

    // Correct answers first: each checked batch gets exactly the matches it expects.
    const problems: string[] = [];
    const sizes: number[] = [];
    for (const [n, batch] of batches.slice(0, Math.max(CHECKED, MEASURED)).entries()) {
      const { status, text } = await post(server.url, seeded.token, batch.body);
      if (status !== 200) throw new Error(`POST /api/v1/lookup answered ${status}: ${text.slice(0, 500)}`);
      sizes.push(Buffer.byteLength(text));
      if (n < CHECKED) problems.push(...differences(batch, JSON.parse(text) as LookupResponse));
    }
    if (problems.length > 0) throw new Error(`Wrong lookup answers:\n${problems.slice(0, 20).join('\n')}`);
    const answerBytes = Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length);
    log(
      `${CHECKED} answers checked; a typical answer is ${fmt(answerBytes)} bytes (${fmt(Math.min(...sizes))}–${fmt(Math.max(...sizes))})`,
    );

    const bare = await startBare(answerBytes);
    cleanups.push(() => bare.child.kill());
    const targets: Record<'bare' | 'lookup', Target> = {
      bare: { name: 'bare', url: bare.url, pid: bare.child.pid ?? 0 },
      lookup: { name: 'lookup', url: server.url, pid: server.pid },
    };

    // The first pass over every batch, reported apart: each answer's keys and summaries come from the
    // database (a new thread's people). The rounds then measure the steady state, where the server has seen
    // the batches before (the same threads opened again), against the bare server warmed as long.
    const cold = await load(targets.lookup, batches, seeded.token, connections, 0, batches.length);
    log(`first pass  ${fmt(cold.rps).padStart(7)} req/s (every batch once, summaries loaded)`);
    for (const t of Object.values(targets))
      await load(t, batches, seeded.token, connections, Math.min(2, seconds));
    // Interleaved rounds, so both see the same machine.

    const results: Record<'bare' | 'lookup', Round[]> = { bare: [], lookup: [] };
    for (let r = 0; r < rounds; r++) {
      for (const key of ['bare', 'lookup'] as const) {
        const round = await load(targets[key], batches, seeded.token, connections, seconds);
        results[key].push(round);
        log(`round ${r + 1} ${key.padEnd(6)} ${fmt(round.rps).padStart(7)} req/s`);
      }
    }
    const single = summary([await load(targets.lookup, batches, seeded.token, 1, seconds)]);
    const lookup = summary(results.lookup);
    const ceiling = summary(results.bare);
    const serverRss = rssMb(server.pid);
    const bareRss = rssMb(targets.bare.pid);

    const rows: [string, ReturnType<typeof summary>, number][] = [
      [`bare node:http (${connections} conn)`, ceiling, bareRss],
      [`lookup (${connections} conn)`, lookup, serverRss],
      ['lookup (1 conn)', single, serverRss],
    ];
    log('');
    log(
      `${'target'.padEnd(24)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'CPU µs/req'.padStart(10)} ${'RSS MB'.padStart(7)} ${'errors'.padStart(6)} ${'non-2xx'.padStart(7)}`,
    );
    for (const [name, s, rss] of rows) {
      log(
        `${name.padEnd(24)} ${fmt(s.rps).padStart(8)} ${fmt(s.p50, 2).padStart(8)} ${fmt(s.p99, 2).padStart(8)} ${fmt(s.cpuPerRequest).padStart(10)} ${fmt(rss).padStart(7)} ${String(s.errors).padStart(6)} ${String(s.non2xx).padStart(7)}`,
      );
    }
    log(
      `lookup / bare: ${fmt(lookup.rps / ceiling.rps, 3)} (${dialect}, ${rounds} rounds of ${seconds} s each, seed ${fmt(seeded.seconds, 1)} s)`,
    );
    log(
      JSON.stringify({
        lookupRps: round(lookup.rps),
        bareRps: round(ceiling.rps),
        ratio: round(lookup.rps / ceiling.rps, 3),
        p50Ms: round(lookup.p50, 3),
        p99Ms: round(lookup.p99, 3),
        p50Ms1Conn: round(single.p50, 3),
        p99Ms1Conn: round(single.p99, 3),
        lookupRps1Conn: round(single.rps),
        firstPassRps: round(cold.rps),
        firstPassCpuUs: round(cold.cpuMicros / cold.requests),
        seedSeconds: round(seeded.seconds, 3),
        generateSeconds: round(seeded.generateSeconds, 3),
        snapshotMb: round(seeded.snapshotMb),
        serverRssMb: round(serverRss, 1),
        bareRssMb: round(bareRss, 1),
        cpuUsPerLookup: round(lookup.cpuPerRequest),
        cpuUsPerBare: round(ceiling.cpuPerRequest),
        answerBytes,
        errors: lookup.errors + ceiling.errors + single.errors + cold.errors,
        non2xx: lookup.non2xx + ceiling.non2xx + single.non2xx + cold.non2xx,
        checkedAnswers: CHECKED,
        dialect,
        scale,
        accounts: data.accounts,
        contacts: data.contacts,
        connections,
        rounds,
        roundSeconds: seconds,
      }),
    );
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

function round(n: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

await main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
