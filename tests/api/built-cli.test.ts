import { execFile } from 'node:child_process';
import { statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { ROOT } from './cli-process';

const run = promisify(execFile);
const BUILT = join(ROOT, 'server', 'dist', 'rapport.mjs');

/** `pnpm rapport …` and `npm start` run server/run.mjs: the command line compiled from the sources. */
describe('the compiled command line (server/run.mjs)', () => {
  it('should rebuild itself when a source is newer, and not otherwise', async () => {
    await run(process.execPath, [join(ROOT, 'server', 'run.mjs'), '--help'], { cwd: ROOT });
    // As if the sources changed after the last build: the module is older than every source.
    const past = new Date('2020-01-01T00:00:00Z');
    utimesSync(BUILT, past, past);
    const started = Date.now();
    const { stdout } = await run(process.execPath, [join(ROOT, 'server', 'run.mjs'), '--help'], {
      cwd: ROOT,
    });
    expect(stdout).toMatch(/Usage: pnpm rapport <command>/);
    const rebuilt = statSync(BUILT).mtimeMs;
    expect(rebuilt).toBeGreaterThanOrEqual(started - 1000);

    await run(process.execPath, [join(ROOT, 'server', 'run.mjs'), '--help'], { cwd: ROOT });
    expect(statSync(BUILT).mtimeMs).toBe(rebuilt);
  });
});
