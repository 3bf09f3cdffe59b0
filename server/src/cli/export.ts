import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { audit } from '../lib/audit';
import { countRecords, exportCsv, exportJson, withReadSnapshot } from '../transfer/export';
import { CSV_FILES } from '../transfer/export-spec';
import { CliError, type Command, optional } from './common';

const FORMATS = ['json', 'csv', 'both'] as const;

/** `records written` on one line of a terminal's stderr, at most ten times a second; nothing when piped. */
function progressLine() {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(done: number, what: string) {
      if (!tty || Date.now() - last < 100) return;
      last = Date.now();
      shown = true;
      process.stderr.write(`\r\x1b[2K${done.toLocaleString('en')} records written (${what})`);
    },
    end() {
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}

/** Writes text pieces to `file` through `file.partial`, so a failed export never leaves a finished-looking file. */
async function writeFile(file: string, pieces: AsyncIterable<string>): Promise<void> {
  const partial = `${file}.partial`;
  try {
    await pipeline(Readable.from(pieces), createWriteStream(partial));
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export everything: a JSON snapshot and/or CSV files',
  usage: 'export <dir> [--format json|csv|both] [--force]',
  help: `Writes everything the server holds into <dir> (created if missing), read from one consistent
snapshot while the server keeps running:
  rapport-export-<date>.json   the JSON snapshot; "pnpm rapport import <file>" loads it into a new, empty
                               server (SQLite or PostgreSQL) with every id, version and link kept
  csv/<table>.csv              one CSV file per table for spreadsheets (header row, RFC 4180, UTF-8)
Users are exported without passwords or tokens. Prints the files written on stdout and the counts on stderr.

Options:
  --format F   json, csv or both (default both)
  --force      overwrite files of the same name

Example:
  pnpm rapport export backups/ --format json`,
  options: { format: { type: 'string' }, force: { type: 'boolean' } },
  positionals: 1,
  async run(ctx) {
    const [target] = ctx.positionals;
    if (!target) throw new CliError(`Name the folder to export into. Usage: pnpm rapport ${this.usage}`, 2);
    const format = optional(ctx, 'format') ?? 'both';
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new CliError(`--format is json, csv or both, not "${format}"`, 2);
    }
    const dir = ctx.path(target);
    const jsonFile = join(dir, `rapport-export-${new Date().toISOString().slice(0, 10)}.json`);
    const csvDir = join(dir, 'csv');
    const files = [
      ...(format === 'csv' ? [] : [jsonFile]),
      ...(format === 'json' ? [] : CSV_FILES.map((name) => join(csvDir, `${name}.csv`))),
    ];
    const existing = files.filter((f) => existsSync(f));
    if (existing.length > 0 && !ctx.values.force) {
      throw new CliError(`${existing[0]} exists already; choose another folder or add --force to overwrite`);
    }
    mkdirSync(format === 'json' ? dir : csvDir, { recursive: true });

    const db = await ctx.openDb();
    const progress = progressLine();
    try {
      for (const entityId of format === 'both' ? ['json', 'csv'] : [format]) {
        await audit(db.kysely, { userId: null, action: 'export', entity: 'data', entityId });
      }
      const counts = await withReadSnapshot(db, async (snap) => {
        const counts = await countRecords(snap.kysely);
        if (format !== 'csv') {
          const exportedAt = new Date().toISOString();
          const onProgress = ({ done }: { done: number }) => progress.update(done, 'JSON');
          await writeFile(jsonFile, exportJson(snap, { exportedAt, onProgress }));
        }
        if (format !== 'json') {
          let before = 0;
          for (const name of CSV_FILES) {
            let rows = 0;
            const onProgress = ({ done }: { done: number }) => {
              rows = done;
              progress.update(before + done, `${name}.csv`);
            };
            await writeFile(join(csvDir, `${name}.csv`), exportCsv(snap, name, { onProgress }));
            before += rows;
          }
        }
        return counts;
      });
      progress.end();
      process.stdout.write(`${files.join('\n')}\n`);
      const summary = Object.entries(counts)
        .map(([key, n]) => `${n} ${key}`)
        .join(', ');
      process.stderr.write(
        `Exported ${summary}${format === 'json' ? '' : ` (${CSV_FILES.length} CSV files in ${csvDir})`}.\n` +
          'Users are exported without passwords or tokens.\n',
      );
    } finally {
      progress.end();
      await db.close();
    }
  },
};
