import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

import { normalizeEmail, plural } from '@rapport/shared';

import type { Db } from '../db/create-db';
import { findUserByEmail } from '../db/user-repository';
import { en } from '../i18n';
import { ApiError } from '../lib/errors';
import { PRESET_LABELS } from '../transfer/csv-columns';
import {
  type CsvImportOptions,
  IMPORT_ENTITIES,
  IMPORT_PRESETS,
  type ImportEntity,
  type ImportPreset,
  importCsv,
} from '../transfer/csv-import';
import { type ImportReport, reportIn, type WrittenReport } from '../transfer/report';
import { importSnapshot } from '../transfer/snapshot';
import { CliError, type Command, optional } from './common';
import { progressBar } from './import-progress';

function choice<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  option: string,
): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`--${option} must be one of ${allowed.join(', ')}, not "${value}"`, 2);
}

/** The admin `--as` names, for the audit log; null (the command line) without it. */
async function actorOf(db: Db, email: string | undefined): Promise<string | null> {
  if (email === undefined) return null;
  const normalized = normalizeEmail(email);
  const user = normalized ? await findUserByEmail(db.kysely, normalized) : undefined;
  if (!user)
    throw new CliError(`--as: no user with email ${email}; see them with: pnpm rapport user list`, 2);
  if (user.active !== 1 || user.role !== 'admin') {
    throw new CliError(`--as: ${user.email} is not an active admin; imports are recorded as an admin's`, 2);
  }
  return user.id;
}

/** The report as text for a person: counts, each rejected row, and which column fed which field. */
export function formatReport(report: WrittenReport): string {
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  const what = report.file
    ? `${PRESET_LABELS[report.file.preset as ImportPreset] ?? report.file.preset} ${report.file.entity}`
    : 'Snapshot';
  const state = report.dryRun
    ? 'dry run: nothing was written'
    : report.applied
      ? 'imported'
      : 'not imported: nothing was written';
  const lines = [`${what} (${state})`];
  const kinds = Object.keys({ ...report.created, ...report.updated, ...report.unchanged });
  const verb = report.dryRun || !report.applied ? 'would be ' : '';
  for (const [label, counts] of [
    ['created', report.created],
    ['updated', report.updated],
    ['unchanged', report.unchanged],
  ] as const) {
    const detail = kinds.length > 1 ? ` (${kinds.map((k) => `${counts[k] ?? 0} ${k}`).join(', ')})` : '';
    lines.push(`  ${`${label === 'unchanged' ? '' : verb}${label}`.padEnd(18)} ${sum(counts)}${detail}`);
  }
  lines.push(`  ${'rejected'.padEnd(18)} ${report.rejected.length}`);
  if (report.rejected.length > 0) {
    lines.push('', report.file ? 'Rejected rows:' : 'Rejected records:');
    for (const r of report.rejected) {
      // A CSV file holds one kind of record; a snapshot's problems need the section they are in.
      lines.push(report.file ? `  line ${r.line}: ${r.reason}` : `  ${r.entity} #${r.line}: ${r.reason}`);
    }
  }
  if (report.notes && report.notes.length > 0) lines.push('', ...report.notes);
  if (report.file) {
    const used = report.file.columns.filter((c) => c.field);
    const ignored = report.file.columns.filter((c) => !c.field);
    lines.push('', `Columns read: ${used.map((c) => `${c.header} → ${c.field}`).join(', ')}`);
    if (ignored.length > 0) lines.push(`Columns not imported: ${ignored.map((c) => c.header).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import a CSV file (HubSpot, Salesforce or Rapport columns) or a JSON snapshot',
  usage: 'import <file> [--dry-run] [--entity E] [--preset P] [--skip-bad-rows] [--as EMAIL]',
  help: `Imports accounts, contacts or opportunities from a CSV file, or a whole Rapport JSON snapshot (a file
ending in .json, made by "pnpm rapport export") into an empty server. What a CSV file holds and whose columns
it uses are read from its header row; docs/import.md lists the columns. Rows match stored records by their id
in the source (kept after the first import), else by domain, email, LinkedIn or title, so importing the same
file again changes nothing. Import accounts first, then contacts and opportunities, which name them.

Prints the report on stdout: what was (or would be) created, updated and left unchanged, and every rejected
row with its line and the reason. With rejected rows nothing is written unless you add --skip-bad-rows.
A progress bar shows on a terminal.

Options:
  --dry-run             only report what would happen
  --entity E            accounts, contacts or opportunities (default: from the headers)
  --preset P            hubspot, salesforce or rapport (default: from the headers)
  --skip-bad-rows       import the good rows even when some are rejected
  --as EMAIL            the admin the changes are recorded as (default: the command line)
  --date-order O        dmy (default) or mdy: how to read a date like 03/04/2026
  --decimal C           the decimal separator of amounts: "," or "." (default: "," in ;-separated files)
  --currency CODE       the currency of amounts that name none (default: the settings' default currency)
  --json                print the report as JSON

Examples:
  pnpm rapport import hubspot-companies.csv --dry-run
  pnpm rapport import hubspot-companies.csv --as ada@ourco.example
  pnpm rapport import opportunities.csv --preset salesforce --date-order mdy --skip-bad-rows`,
  positionals: 1,
  options: {
    'dry-run': { type: 'boolean' },
    entity: { type: 'string' },
    preset: { type: 'string' },
    'skip-bad-rows': { type: 'boolean' },
    as: { type: 'string' },
    'date-order': { type: 'string' },
    decimal: { type: 'string' },
    currency: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    const [given] = ctx.positionals;
    if (!given) throw new CliError(`Which file? Usage: pnpm rapport ${this.usage}`, 2);
    const file = ctx.path(given);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new CliError(`No file at ${file}`);
    const dryRun = ctx.values['dry-run'] === true;
    const entity = choice<ImportEntity>(optional(ctx, 'entity'), IMPORT_ENTITIES, 'entity');
    const preset = choice<ImportPreset>(optional(ctx, 'preset'), IMPORT_PRESETS, 'preset');
    const dateOrder = choice(optional(ctx, 'date-order'), ['dmy', 'mdy'] as const, 'date-order');
    const decimal = choice(optional(ctx, 'decimal'), [',', '.'] as const, 'decimal');
    const currency = optional(ctx, 'currency')?.toUpperCase();
    if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) {
      throw new CliError('--currency must be an ISO 4217 code such as EUR or USD', 2);
    }
    // A snapshot goes into a new, empty server: its database may not exist yet.
    const db = await ctx.openDb({ create: /\.json$/i.test(file) });
    const bar = progressBar(process.stderr, dryRun ? 'Checking' : 'Importing');
    try {
      const actorId = await actorOf(db, optional(ctx, 'as'));
      const onProgress = bar.update;
      let report: ImportReport;
      if (/\.json$/i.test(file)) {
        report = await importSnapshot(db, createReadStream(file), { dryRun, actorId, onProgress });
      } else {
        const options: CsvImportOptions = {
          dryRun,
          actorId,
          onErrors: ctx.values['skip-bad-rows'] === true ? 'skip' : 'abort',
          totalBytes: info.size,
          onProgress,
          ...(entity && { entity }),
          ...(preset && { preset }),
          ...(dateOrder && { dateOrder }),
          ...(decimal && { decimal }),
          ...(currency && { currency }),
        };
        report = await importCsv(db, () => createReadStream(file), options);
      }
      bar.done();
      // The CLI speaks English (it is for admins in a terminal).
      const written = reportIn(report, en);
      process.stdout.write(
        ctx.values.json === true ? `${JSON.stringify(written, null, 2)}\n` : formatReport(written),
      );
      const rejected = report.rejected.length;
      if (dryRun && rejected === 0)
        process.stderr.write('Run the same command without --dry-run to import.\n');
      if (dryRun && rejected > 0) {
        process.stderr.write(
          `${plural(rejected, 'row')} would be rejected: fix them, or add --skip-bad-rows to import the others.\n`,
        );
      }
      if (!dryRun && !report.applied) {
        throw new CliError(
          `Nothing was written: ${plural(rejected, 'row was', 'rows were')} rejected. Fix them and run again, or add --skip-bad-rows to import the others.`,
        );
      }
    } catch (err) {
      bar.done();
      // A file that cannot be imported at all (no header, unknown columns) is the person's to fix: no stack.
      if (err instanceof ApiError) throw new CliError(err.message);
      throw err;
    } finally {
      await db.close();
    }
  },
};
