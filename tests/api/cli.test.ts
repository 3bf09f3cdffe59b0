import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { USER_ROLES } from '@rapport/shared';
import { afterEach, describe, expect, it } from 'vitest';

import { cliEnv, ROOT, runCli, type ServerProcess, startServe, tempDir } from './cli-process';

const running: ServerProcess[] = [];
const dirs: Array<() => void> = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
  for (const cleanup of dirs.splice(0)) cleanup();
});

/** A fresh folder with a database path in it, and a CLI runner bound to that database. */
function workspace() {
  const { dir, cleanup } = tempDir();
  dirs.push(cleanup);
  const dbFile = join(dir, 'rapport.db');
  const cli = (...args: string[]) => runCli(args, cliEnv(dbFile));
  return { dir, dbFile, cli };
}

const NO_STACK = /^\s+at /m;

async function me(url: string, token: string) {
  const res = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

// Real processes that load the server's TypeScript through tsx: 1 to 3 s each on a busy machine.
describe('rapport CLI', { timeout: 60_000 }, () => {
  it('should print only the new user id on stdout, and list the user', async () => {
    const { cli } = workspace();
    const created = await cli(
      'user',
      'create',
      '--email',
      'Ada@OurCo.example',
      '--name',
      'Ada',
      '--role',
      'admin',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^[a-z0-9]{21}\n$/);

    const list = await cli('user', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(created.stdout.trim());
    expect(list.stdout).toMatch(/ada@ourco\.example\s+Ada\s+admin\s+yes/);
  });

  it('should refuse a second user with the same email, readably', async () => {
    const { cli } = workspace();
    expect(
      (await cli('user', 'create', '--email', 'ada@ourco.example', '--name', 'Ada', '--role', 'admin')).code,
    ).toBe(0);
    const dup = await cli(
      'user',
      'create',
      '--email',
      'ADA@ourco.example',
      '--name',
      'Other',
      '--role',
      'viewer',
    );
    expect(dup.code).not.toBe(0);
    expect(dup.stdout).toBe('');
    expect(dup.stderr).toContain('A user with email ada@ourco.example exists already');
    expect(dup.stderr).not.toMatch(NO_STACK);
  });

  it('should reject an unknown role and list the valid ones', async () => {
    const { cli } = workspace();
    const res = await cli('user', 'create', '--email', 'bo@ourco.example', '--name', 'Bo', '--role', 'boss');
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('unknown role "boss"');
    for (const role of USER_ROLES) expect(res.stderr).toContain(role);
    expect(res.stderr).not.toMatch(NO_STACK);
  });

  it('should print only a token that works against the server, until the user is deactivated', async () => {
    const { dbFile, cli } = workspace();
    await cli('user', 'create', '--email', 'sync@ourco.example', '--name', 'CRM sync', '--role', 'viewer');
    const created = await cli(
      'token',
      'create',
      '--email',
      'sync@ourco.example',
      '--name',
      'CRM sync',
      '--days',
      '30',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^rpt_[\w-]{43}\n$/);
    const token = created.stdout.trim();

    const server = await startServe(dbFile);
    running.push(server);
    const before = await me(server.url, token);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ email: 'sync@ourco.example', role: 'viewer' });

    // Deactivated from the CLI while the server runs on the same file: the token stops working at once.
    const deactivated = await cli('user', 'deactivate', '--email', 'sync@ourco.example');
    expect(deactivated.code).toBe(0);
    expect(deactivated.stdout).toContain('revoked 1 token');
    expect((await me(server.url, token)).status).toBe(401);
  });

  it('should revoke a token by user and label', async () => {
    const { cli } = workspace();
    await cli('user', 'create', '--email', 'ada@ourco.example', '--name', 'Ada', '--role', 'admin');
    await cli('token', 'create', '--email', 'ada@ourco.example', '--name', 'laptop');
    const revoked = await cli('token', 'revoke', '--email', 'ada@ourco.example', '--name', 'laptop');
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('Revoked token "laptop"');
    expect((await cli('token', 'list', '--email', 'ada@ourco.example')).stdout).not.toContain('laptop');
  });

  it('should back up the database while the server runs, into a file that holds the users', async () => {
    const { dir, dbFile, cli } = workspace();
    const id = (
      await cli('user', 'create', '--email', 'ada@ourco.example', '--name', 'Ada', '--role', 'admin')
    ).stdout;
    const server = await startServe(dbFile);
    running.push(server);

    // A relative file lands in the folder the command was run from (INIT_CWD, as npm and pnpm set it).
    const env = cliEnv(dbFile, { INIT_CWD: dir });
    const res = await runCli(['backup', 'backups/rapport.db'], env, join(ROOT, 'server'));
    expect(res.code).toBe(0);
    const copy = join(dir, 'backups', 'rapport.db');
    expect(existsSync(copy)).toBe(true);
    expect(readFileSync(copy).subarray(0, 16).toString()).toBe('SQLite format 3\0');
    const fromCopy = await runCli(['user', 'list', '--json'], cliEnv(copy));
    expect(fromCopy.code).toBe(0);
    expect(JSON.parse(fromCopy.stdout)).toEqual([
      expect.objectContaining({ id: id.trim(), email: 'ada@ourco.example' }),
    ]);

    const again = await runCli(['backup', 'backups/rapport.db'], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('exists already');
  });

  it('should explain that PostgreSQL is backed up with pg_dump', async () => {
    const { dir } = workspace();
    const env = cliEnv('unused', {
      RAPPORT_DATABASE_URL: 'postgres://rapport:secret@db.internal:5432/rapport',
    });
    const res = await runCli(['backup', join(dir, 'x.dump')], env);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('pg_dump');
    expect(res.stderr).not.toContain('secret');
    expect(res.stderr).not.toMatch(NO_STACK);
  });

  it('should show help for every command and exit 0', async () => {
    const { cli } = workspace();
    const all = await cli('--help');
    expect(all.code).toBe(0);
    for (const command of [
      'serve',
      'migrate',
      'user create',
      'user list',
      'user deactivate',
      'token create',
      'token revoke',
      'backup',
      'demo',
    ]) {
      expect(all.stdout).toContain(command);
    }
    const one = await cli('user', 'create', '--help');
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('--role R');
    expect(one.stdout).toContain(USER_ROLES.join(', '));
  });

  it('should fail with usage help on an unknown command or option', async () => {
    const { cli } = workspace();
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    const option = await cli('user', 'create', '--emial', 'x');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('--emial');
    expect(option.stderr).toContain('Usage: pnpm rapport user create');
  });
});
