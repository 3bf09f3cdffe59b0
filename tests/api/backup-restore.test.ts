import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { createDb } from '../../server/src/db/create-db';
import { cliEnv, runCli, type ServerProcess, startServe, tempDir } from './cli-process';

const running: ServerProcess[] = [];
const dirs: Array<() => void> = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
  for (const cleanup of dirs.splice(0)) cleanup();
});

async function serve(dbFile: string): Promise<ServerProcess> {
  const server = await startServe(dbFile);
  running.push(server);
  return server;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
type Json = any;

// Real processes that load the server's TypeScript through tsx: several seconds each on a busy machine.
describe('rapport backup and restore (SQLite, docs/self-hosting.md)', { timeout: 120_000 }, () => {
  it('should copy a consistent database while writes go on, and restoring it brings back exactly that state', async () => {
    const { dir, cleanup } = tempDir();
    dirs.push(cleanup);
    const dbFile = join(dir, 'rapport.db');
    const cli = (...args: string[]) => runCli(args, cliEnv(dbFile));
    expect(
      (await cli('user', 'create', '--email', 'ada@ourco.example', '--name', 'Ada', '--role', 'admin')).code,
    ).toBe(0);
    const token = (
      await cli('token', 'create', '--email', 'ada@ourco.example', '--name', 'ops')
    ).stdout.trim();

    const server = await serve(dbFile);
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as Json };
    };
    expect((await api('POST', '/accounts', { name: 'Before Backup' })).status).toBe(201);

    // Writes keep landing while the backup runs: the copy must still be one consistent moment.
    let writing = true;
    const written: string[] = [];
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const res = await api('POST', '/accounts', { name: `During ${i}` });
        expect(res.status).toBe(201);
        written.push(res.body.name);
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    const writtenBefore = [...written];
    const backupFile = join(dir, 'backups', 'rapport.db');
    const backup = await cli('backup', backupFile);
    writing = false;
    await writer;
    expect(backup.code, backup.stderr).toBe(0);
    expect((await api('POST', '/accounts', { name: 'After Backup' })).status).toBe(201);

    const copy = await createDb({ url: `file:${backupFile}` });
    let backedUp: string[];
    try {
      expect(copy.sqlite?.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      backedUp = (await copy.kysely.selectFrom('accounts').select('name').execute()).map((r) => r.name);
      // Each account in the copy came with its audit entry: no write is caught half-way.
      const audited = await copy.kysely
        .selectFrom('audit_log')
        .select('entity_id')
        .where('entity', '=', 'account')
        .where('action', '=', 'create')
        .execute();
      expect(audited).toHaveLength(backedUp.length);
    } finally {
      await copy.close();
    }
    expect(backedUp).toContain('Before Backup');
    for (const name of writtenBefore) expect(backedUp).toContain(name);
    expect(backedUp).not.toContain('After Backup');

    // Restore as docs/self-hosting.md says: stop, put the copy in place (no stale -wal/-shm), start.
    expect(await server.stop()).toBe(0);
    copyFileSync(backupFile, dbFile);
    rmSync(`${dbFile}-wal`, { force: true });
    rmSync(`${dbFile}-shm`, { force: true });
    const restored = await serve(dbFile);
    const names: string[] = [];
    for (let cursor = ''; ; ) {
      const page = await fetch(`${restored.url}/api/v1/accounts?limit=200${cursor && `&cursor=${cursor}`}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(page.status).toBe(200);
      const body = (await page.json()) as Json;
      names.push(...body.items.map((a: Json) => a.name));
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    expect(names.sort()).toEqual([...backedUp].sort());
  });
});
