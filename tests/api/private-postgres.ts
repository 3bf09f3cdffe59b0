import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from './cli-process';

const run = promisify(execFile);

/** Debian's PostgreSQL 15 programs (the shared test server's version). */
export const PG_BIN = process.env.RAPPORT_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the test's own, in a temporary folder on a free loopback port, which the test may
 * stop and start (the shared server on 5432 is never touched). initdb refuses to run as root, so as root
 * (CI runs as root) the cluster belongs to the `postgres` system user.
 */
export interface PrivateCluster {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` */
  url: string;
  port: number;
  /** `pg_ctl stop`: `fast` ends sessions with an error (57P01), `immediate` drops them like a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops it if running and removes its folder. */
  destroy(): Promise<void>;
}

export async function privateCluster(): Promise<PrivateCluster> {
  if (!existsSync(join(PG_BIN, 'initdb'))) {
    throw new Error(`No PostgreSQL programs at ${PG_BIN} (set RAPPORT_TEST_PG_BIN)`);
  }
  const root = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'rapport-pg-'));
  const port = await freePort();
  const data = join(dir, 'data');
  // Bounded: pg_ctl waits at most `-t` seconds, and the process itself is killed after a little more.
  const pg = async (program: string, args: string[]) => {
    const command = root ? 'runuser' : join(PG_BIN, program);
    const full = root ? ['-u', 'postgres', '--', join(PG_BIN, program), ...args] : args;
    await run(command, full, { timeout: 60_000 });
  };
  if (root) {
    // The postgres user's numeric ids are looked up rather than assumed.
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const ctl = (action: string, extra: string[] = []) =>
    pg('pg_ctl', [action, '-D', data, '-w', '-t', '30', '-l', join(dir, 'log'), '-o', options, ...extra]);
  let running = false;
  const cluster: PrivateCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await ctl('start');
      running = true;
    },
    async stop(mode = 'fast') {
      await pg('pg_ctl', ['stop', '-D', data, '-w', '-t', '30', '-m', mode]);
      running = false;
    },
    async destroy() {
      if (running) await cluster.stop('immediate').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (err) {
    await cluster.destroy();
    throw err;
  }
  return cluster;
}
