import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { describe, expect, inject, it } from 'vitest';

import { ROOT } from './cli-process';

const TSX = pathToFileURL(createRequire(join(ROOT, 'server', 'package.json')).resolve('tsx')).href;

/** Runs `pnpm bench --smoke` (with `extra` arguments) to its end; resolves to its output and exit code. */
function bench(extra: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', TSX, join(ROOT, 'tests', 'bench', 'lookup-bench.ts'), '--smoke', ...extra],
      { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

const FIGURES = [
  'lookupRps',
  'bareRps',
  'ratio',
  'p50Ms',
  'p99Ms',
  'p50Ms1Conn',
  'seedSeconds',
  'generateSeconds',
  'serverRssMb',
  'cpuUsPerLookup',
  'cpuUsPerBare',
  'answerBytes',
  'firstPassRps',
  'firstPassCpuUs',
];

const postgresUrl = inject('postgresUrl');
const dialects = [['sqlite', []], ...(postgresUrl ? [['postgres', ['--pg']]] : [])] as [string, string[]][];

// The bench seeds a tiny data set, starts a server and a bare one, and runs short load rounds: the smoke
// version keeps it from rotting. It checks that every figure comes out, never how fast (that is the bench's).
describe('pnpm bench --smoke', { timeout: 60_000 }, () => {
  it.each(dialects)('should check real answers and report every figure on %s', async (dialect, args) => {
    const { code, out } = await bench(
      [...args, '--rounds', '1', '--batches', '200'],
      postgresUrl ? { RAPPORT_TEST_POSTGRES_URL: postgresUrl } : {},
    );
    expect(code, out).toBe(0);
    expect(out).toMatch(/^5 answers checked/m);
    const last = out.trim().split('\n').at(-1) ?? '';
    const figures = JSON.parse(last);
    expect(figures.dialect).toBe(dialect);
    for (const key of FIGURES) {
      expect(Number.isFinite(figures[key]) && figures[key] > 0, `${key}: ${figures[key]}`).toBe(true);
    }
    expect(figures.errors).toBe(0);
    expect(figures.non2xx).toBe(0);
  });
});
