import { Readable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { freshDb } from '../test/harness';
import { importCsv } from './csv-import';
import type { TransferProgress } from './report';

const ROWS = 100_000;

/** A HubSpot companies export of `rows` companies, made up as it is read: the file never exists whole. */
function companies(rows: number): Readable {
  function* lines() {
    yield 'Record ID,Company name,Company Domain Name,Industry,Lifecycle Stage\n';
    for (let start = 1; start <= rows; start += 1000) {
      let chunk = '';
      for (let i = start; i < start + 1000 && i <= rows; i++) {
        chunk += `${i},"Company ${i}, Ltd",company-${i}.example,Manufacturing,${i % 2 ? 'Customer' : 'Lead'}\n`;
      }
      yield chunk;
    }
  }
  return Readable.from(lines());
}

describe('importCsv streaming', () => {
  it('should check a 100,000-row file row by row and report progress along the way', {
    timeout: 180_000,
  }, async () => {
    const db = await freshDb('sqlite');
    const progress: TransferProgress[] = [];
    const report = await importCsv(db, () => companies(ROWS), {
      dryRun: true,
      actorId: null,
      onProgress: (p) => progress.push(p),
    });
    expect(report).toMatchObject({
      dryRun: true,
      created: { accounts: ROWS },
      updated: { accounts: 0 },
      unchanged: { accounts: 0 },
      rejected: [],
    });
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)?.done).toBe(ROWS);
    const done = progress.map((p) => p.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    const bytes = progress.map((p) => p.bytesRead ?? 0);
    expect(bytes[0]).toBeLessThan(bytes.at(-1) ?? 0);
  });
});
