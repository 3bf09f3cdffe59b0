import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { cliEnv, ROOT, runCli, tempDir } from './cli-process';

const COMPANIES = join(ROOT, 'server', 'src', 'transfer', 'fixtures', 'hubspot-companies.csv');
const dirs: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of dirs.splice(0)) cleanup();
});

// Real processes that load the server's TypeScript through tsx: 1 to 3 s each on a busy machine.
describe('rapport import', { timeout: 180_000 }, () => {
  it('should check a file, refuse to write it with bad rows, then import the good ones once', async () => {
    const { dir, cleanup } = tempDir();
    dirs.push(cleanup);
    const env = cliEnv(join(dir, 'rapport.db'));
    const cli = (...args: string[]) => runCli(args, env);
    const user = (email: string, name: string, role: string) =>
      cli('user', 'create', '--email', email, '--name', name, '--role', role);
    expect((await user('ada@ourco.example', 'Ada Admin', 'admin')).code).toBe(0);
    expect((await user('marta@ourco.example', 'Marta Rossi', 'account_manager')).code).toBe(0);

    const dry = await cli('import', COMPANIES, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('HubSpot accounts (dry run: nothing was written)');
    expect(dry.stdout).toMatch(
      /would be created\s+4\n\s+would be updated\s+0\n\s+unchanged\s+1\n\s+rejected\s+4/,
    );
    expect(dry.stdout).toContain('line 6: Company name is empty');
    expect(dry.stdout).toContain('Columns not imported: Phone Number');
    // Not a terminal: plain progress lines on stderr, no bar.
    expect(dry.stderr).toMatch(/^Checking: 100% \(1 KB \/ 1 KB\), 9 rows, [\d,]+ rows\/s$/m);
    expect(dry.stderr).toContain('4 rows would be rejected');

    const refused = await cli('import', COMPANIES, '--as', 'ada@ourco.example');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Nothing was written: 4 rows were rejected');

    const imported = await cli('import', COMPANIES, '--skip-bad-rows', '--as', 'ada@ourco.example');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('HubSpot accounts (imported)');
    expect(imported.stdout).toMatch(/created\s+4\n/);

    const again = await cli('import', COMPANIES, '--skip-bad-rows', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: { accounts: 0 }, unchanged: { accounts: 5 } });
    // The report's reasons are written out (in English) in the JSON too.
    expect(JSON.parse(again.stdout).rejected).toContainEqual({
      line: 6,
      entity: 'accounts',
      reason: 'Company name is empty',
    });
  });

  it('should refuse wrong usage readably', async () => {
    const { dir, cleanup } = tempDir();
    dirs.push(cleanup);
    const env = cliEnv(join(dir, 'rapport.db'));
    expect(
      (
        await runCli(
          ['user', 'create', '--email', 'bo@ourco.example', '--name', 'Bo', '--role', 'viewer'],
          env,
        )
      ).code,
    ).toBe(0);
    const notAdmin = await runCli(['import', COMPANIES, '--as', 'bo@ourco.example'], env);
    expect(notAdmin.code).toBe(2);
    expect(notAdmin.stderr).toContain('--as: bo@ourco.example is not an active admin');
    const badEntity = await runCli(['import', COMPANIES, '--entity', 'tickets'], env);
    expect(badEntity.code).toBe(2);
    expect(badEntity.stderr).toContain('--entity must be one of accounts, contacts, opportunities');
    const missing = await runCli(['import', join(dir, 'nope.csv')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No file at');
    // A .json file is a snapshot: the snapshot import reads it, and refuses what is not one.
    const json = join(dir, 'not-a-snapshot.json');
    writeFileSync(json, '{"hello": "world"}');
    const snapshot = await runCli(['import', json, '--dry-run'], env);
    expect(snapshot.code).toBe(1);
    expect(snapshot.stderr).toMatch(/^Error: /);
    expect(snapshot.stderr).not.toMatch(/^\s+at /m);
  });
});
