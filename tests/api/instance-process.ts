import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import pg from 'pg';

import { registerSecretsIn, saveLog } from '../../server/src/test/secrets-in-logs';
import { cliEnv, freePort, ROOT } from './cli-process';

const TSX = pathToFileURL(createRequire(join(ROOT, 'server', 'package.json')).resolve('tsx')).href;

/** One `rapport serve` process of several on one database, started without waiting for it. */
export interface Instance {
  url: string;
  /** The server process's id (the benchmark reads its CPU time and memory). */
  pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves once `/healthz` answers 200 and the "listening" line is printed; rejects if it exits first. */
  ready(timeoutMs?: number): Promise<void>;
  /** Sends SIGTERM and resolves to the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Spawns `node --import tsx server/src/cli.ts serve` (or, `built`, `node server/run.mjs serve`) on the database URL and a free port. Unlike
 * `startServe` it returns at once, so a test can start several together and watch them wait for each other.
 */
export async function spawnInstance(
  databaseUrl: string,
  extra: Record<string, string> = {},
  options: { built?: boolean } = {},
): Promise<Instance> {
  const port = await freePort();
  const env = cliEnv('', {
    PORT: String(port),
    HOST: '127.0.0.1',
    // Every line the server logs, kept for the check that no secret is in a log (tests/setup/logs.ts).
    RAPPORT_LOG_LEVEL: 'debug',
    ...extra,
    RAPPORT_DATABASE_URL: databaseUrl,
  });
  const child: ChildProcess = spawn(
    process.execPath,
    // `built`: as `pnpm rapport serve` runs it, one module compiled from the sources (server/run.mjs)
    options.built
      ? [join(ROOT, 'server', 'run.mjs'), 'serve']
      : ['--import', TSX, join(ROOT, 'server', 'src', 'cli.ts'), 'serve'],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      registerSecretsIn(stdout); // the first-run setup link, printed on purpose
      saveLog(`serve-${child.pid}.log`, stderr);
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    pid: child.pid ?? 0,
    stdout: () => stdout,
    stderr: () => stderr,
    async ready(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (child.exitCode !== null) {
          throw new Error(`serve exited with ${child.exitCode} before answering:\n${stdout}\n${stderr}`);
        }
        const ok = await fetch(`${url}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok && stdout.includes('listening on')) return;
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`serve did not answer /healthz within ${timeoutMs} ms:\n${stdout}\n${stderr}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * A new, empty schema on the test PostgreSQL and the URL that puts the server in it (through the
 * connection's `options`, as an admin could), plus a client for checks and `drop()` to remove it.
 */
export async function freshSchema(baseUrl: string) {
  const schema = `mp_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  // pg_trgm in `public`, shared by every schema: created first inside a test schema, dropping that schema
  // would take every other schema's trigram index with it.
  await client.query('create extension if not exists pg_trgm with schema public');
  await client.query(`create schema ${schema}`);
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    schema,
    url: url.toString(),
    client,
    async drop() {
      await client.query(`drop schema if exists ${schema} cascade`).catch(() => {});
      await client.end().catch(() => {});
    },
  };
}

/** Polls `check` every 100 ms until it returns true; throws with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
