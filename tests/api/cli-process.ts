import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { registerSecretsIn, saveLog } from '../../server/src/test/secrets-in-logs';

/** The repository root; the CLI runs from here as `node --import tsx server/src/cli.ts`. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** tsx's loader, resolved from the server package (the tests package does not depend on tsx itself). */
const TSX = pathToFileURL(createRequire(join(ROOT, 'server', 'package.json')).resolve('tsx')).href;

/** A temporary folder for one test's database and backups; removed by `cleanup()`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment of a CLI process: the given database, cheap password hashing, quiet logs. */
export function cliEnv(dbFile: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RAPPORT_DATABASE_URL: `file:${dbFile}`,
    RAPPORT_SCRYPT_LOG_N: '10',
    RAPPORT_LOG_LEVEL: 'warn',
    ...extra,
  };
  // An INIT_CWD inherited from `npm test` would move relative paths; each test sets it when it needs one.
  if (!('INIT_CWD' in extra)) delete env.INIT_CWD;
  return env;
}

/** Starts one CLI command and returns its process at once (a test that kills it mid-way needs it). */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): ChildProcess {
  return spawn(process.execPath, ['--import', TSX, join(ROOT, 'server', 'src', 'cli.ts'), ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one CLI command to its end. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env, cwd);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      registerSecretsIn(stdout); // `token create` prints a token, `user reset` a link
      resolve({ code, stdout, stderr });
    });
  });
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  /** Everything the server printed on stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM and resolves to the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `serve` on the database file and a free port, and waits until `/healthz` answers 200. */
export async function startServe(dbFile: string, extra: Record<string, string> = {}): Promise<ServerProcess> {
  // A given PORT starts the server again where it was (the offline test restarts it on its database).
  const port = extra.PORT ? Number(extra.PORT) : await freePort();
  const child = spawnCli(
    ['serve'],
    // Every line the server logs, kept for the check that no secret is in a log (tests/setup/logs.ts).
    cliEnv(dbFile, { PORT: String(port), HOST: '127.0.0.1', RAPPORT_LOG_LEVEL: 'debug', ...extra }),
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
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`serve exited with ${child.exitCode} before answering:\n${stdout}\n${stderr}`);
    }
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    // The banner and the "listening" line are printed before the first request is served.
    if (ok && stdout.includes('listening on')) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`serve did not answer /healthz within 15 s:\n${stdout}\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
