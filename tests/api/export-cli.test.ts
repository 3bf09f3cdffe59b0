import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { cliEnv, runCli, tempDir } from './cli-process';

const dirs: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of dirs.splice(0)) cleanup();
});

function workspace() {
  const { dir, cleanup } = tempDir();
  dirs.push(cleanup);
  return dir;
}

// biome-ignore lint/suspicious/noExplicitAny: the snapshot is arbitrary JSON
type Doc = any;

/** An export without when it was made, where, and the audit entries of exports and imports themselves. */
function comparable(file: string): Doc {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const transfers = doc.data.auditLog.filter((e: Doc) => e.entity === 'data');
  doc.data.auditLog = doc.data.auditLog.filter((e: Doc) => e.entity !== 'data');
  doc.counts.auditLog -= transfers.length;
  delete doc.exportedAt;
  delete doc.server;
  return doc;
}

// Real processes that load the server's TypeScript through tsx: 1 to 3 s each on a busy machine.
describe('rapport export', { timeout: 90_000 }, () => {
  it('should write the JSON snapshot and a CSV per table that a new server imports', async () => {
    const dir = workspace();
    const dbFile = join(dir, 'old.db');
    const cli = (...args: string[]) => runCli(args, cliEnv(dbFile));
    expect((await cli('demo')).code).toBe(0);

    const out = join(dir, 'out');
    const exported = await cli('export', out);
    expect(exported.stderr).toMatch(
      /^Exported \d+ users, 1 settings, \d+ productLines, \d+ accounts, \d+ contacts/m,
    );
    expect(exported.stderr).toContain('without passwords or tokens');
    expect(exported.stderr).not.toContain('\x1b['); // no progress line when stderr is not a terminal
    expect(exported.code).toBe(0);
    const files = exported.stdout.trim().split('\n');
    const jsonFile = files[0] ?? '';
    expect(jsonFile).toMatch(/out\/rapport-export-\d{4}-\d{2}-\d{2}\.json$/);
    expect(files.slice(1).map((f) => f.replace(`${out}/`, ''))).toContain('csv/accounts.csv');
    expect(readdirSync(join(out, 'csv')).sort()).toEqual(
      files
        .slice(1)
        .map((f) => f.replace(`${out}/csv/`, ''))
        .sort(),
    );
    expect(readdirSync(out).some((f) => f.endsWith('.partial'))).toBe(false);

    const doc = JSON.parse(readFileSync(jsonFile, 'utf8'));
    expect(doc.format).toBe('rapport-export');
    expect(doc.counts.accounts).toBeGreaterThan(0);
    expect(doc.data.accounts).toHaveLength(doc.counts.accounts);
    const accountsCsv = readFileSync(join(out, 'csv', 'accounts.csv'), 'utf8');
    expect(accountsCsv.split('\r\n')[0]).toBe(
      'id,name,status,tier,owner_id,industry,notes,created_at,updated_at,version,domains,linkedin_slug,linkedin_aliases,rep_ids',
    );
    for (const account of doc.data.accounts) expect(accountsCsv).toContain(account.id);

    // A second export into the same folder would overwrite: refused unless --force.
    const again = await cli('export', out, '--format', 'json');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists already.*--force/);
    expect((await cli('export', out, '--format', 'xml')).code).toBe(2);

    // Moving: import into a new server's database and export again, the same data comes out.
    const newDb = join(dir, 'new.db');
    expect((await runCli(['migrate'], cliEnv(newDb))).code).toBe(0);
    const imported = await runCli(['import', jsonFile], cliEnv(newDb));
    expect(imported.code, imported.stderr + imported.stdout).toBe(0);
    const second = await runCli(['export', join(dir, 'out2'), '--format', 'json'], cliEnv(newDb));
    expect(second.code, second.stderr).toBe(0);
    expect(existsSync(join(dir, 'out2', 'csv'))).toBe(false);
    expect(comparable(second.stdout.trim())).toEqual(comparable(jsonFile));
  });
});
