import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { zPersonExport } from '@rapport/shared';
import { afterEach, describe, expect, it } from 'vitest';

import { cliEnv, runCli, tempDir } from './cli-process';

const dirs: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of dirs.splice(0)) cleanup();
});

const NO_STACK = /^\s+at /m;
/** What identifies Jonas Weber in the demo organisation. */
const JONAS = [
  'Jonas Weber',
  'jonas.weber@kestrel-aero.example',
  'j.weber@kestrel-composites.example',
  'jonas-weber-procurement',
];

// Real processes that load the server's TypeScript through tsx: 1 to 3 s each on a busy machine.
describe('rapport person and retention', { timeout: 120_000 }, () => {
  it('should export a stakeholder, erase them only with --yes, and leave nothing of them in a full export', async () => {
    const { dir, cleanup } = tempDir();
    dirs.push(cleanup);
    const dbFile = join(dir, 'rapport.db');
    const cli = (...args: string[]) => runCli(args, cliEnv(dbFile));
    expect((await cli('demo')).code).toBe(0);

    const exported = await cli('person', 'export', 'Jonas.Weber@kestrel-aero.example');
    expect(exported.code, exported.stderr).toBe(0);
    const data = zPersonExport.parse(JSON.parse(exported.stdout));
    expect(data.contact).toMatchObject({ name: 'Jonas Weber', linkedinSlug: 'jonas-weber-procurement' });
    expect(data.account.name).toBe('Kestrel Aerostructures');
    expect(data.reportsTo?.name).toBe('Helena Brandt');

    const unknown = await cli('person', 'export', 'nobody@kestrel-aero.example');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No stakeholder has the email nobody@kestrel-aero.example');
    expect(unknown.stderr).not.toMatch(NO_STACK);

    const asked = await cli('person', 'erase', data.contact.id);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain('This would erase Jonas Weber (Kestrel Aerostructures');
    expect((await cli('person', 'export', data.contact.id)).code).toBe(0);

    const erased = await cli(
      'person',
      'erase',
      'j.weber@kestrel-composites.example',
      '--yes',
      '--reason',
      'Ticket 12',
    );
    expect(erased.code, erased.stderr).toBe(0);
    expect(erased.stdout).toMatch(/^[a-z0-9]{21}\n$/);
    expect((await cli('person', 'export', data.contact.id)).stderr).toContain(
      `No stakeholder has the id ${data.contact.id}`,
    );

    const full = await cli('export', join(dir, 'out'), '--format', 'json');
    expect(full.code, full.stderr).toBe(0);
    const snapshot = readFileSync(full.stdout.trim().split('\n')[0] ?? '', 'utf8');
    for (const word of JONAS) expect(snapshot.toLowerCase()).not.toContain(word.toLowerCase());
    const doc = JSON.parse(snapshot);
    const record = doc.data.auditLog.find((e: { action: string }) => e.action === 'erase');
    expect(record).toMatchObject({ id: erased.stdout.trim(), entityId: data.contact.id, userId: null });
  });

  it('should apply the touch retention from cron: nothing while touches are kept forever', async () => {
    const { dir, cleanup } = tempDir();
    dirs.push(cleanup);
    const cli = (...args: string[]) => runCli(args, cliEnv(join(dir, 'rapport.db')));
    expect((await cli('demo')).code).toBe(0);
    const res = await cli('retention', 'apply');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toBe('Touches are kept forever (touchRetentionDays is not set); nothing deleted.\n');
  });
});
