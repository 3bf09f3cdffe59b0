import { createHash } from 'node:crypto';

import type { Db } from '../db/create-db';
import { readSettings } from '../db/settings-repository';
import type { Messages, Text } from '../i18n';
import { fromDbError } from '../lib/db-errors';
import { ApiError } from '../lib/errors';
import { applyDecision } from './csv-apply';
import {
  detectMapping,
  type ImportEntity,
  type ImportPreset,
  type Mapping,
  PRESET_LABELS,
  requiredHeaders,
} from './csv-columns';
import { type DecideContext, type Decision, decide, identity } from './csv-decide';
import { Lookup, Users } from './csv-lookup';
import { type CsvReader, type CsvRow, openCsv } from './csv-read';
import { type Given, readRow, type ValueOptions } from './csv-rows';
import type { DateOrder } from './csv-values';
import type { ImportReport, TransferProgress } from './report';

export { IMPORT_ENTITIES, IMPORT_PRESETS, type ImportEntity, type ImportPreset } from './csv-columns';

export interface CsvImportOptions {
  /** What the file holds; detected from its headers when left out. */
  entity?: ImportEntity;
  /** Whose column names it uses; detected from its headers when left out. */
  preset?: ImportPreset;
  /** Only report what would happen. */
  dryRun: boolean;
  /**
   * With rejected rows: `abort` (the default) writes nothing, `skip` writes the good rows. `abort` reads the
   * file twice (check, then write), so `open` is called twice.
   */
  onErrors?: 'skip' | 'abort';
  /** Who imports: the audit log's user (null: the command line). */
  actorId: string | null;
  /** How to read `03/04/2026` (a date whose day could be a month): day first (default) or month first. */
  dateOrder?: DateOrder;
  /** The decimal separator of amounts; by default `,` in a `;`-separated file, else `.`. */
  decimal?: ',' | '.';
  /** The currency of amounts that name none; by default the settings' `defaultCurrency`. */
  currency?: string;
  /** The file's size, passed through to `onProgress` for a progress bar. */
  totalBytes?: number;
  onProgress?: (progress: TransferProgress) => void;
  /** Rows between two `onProgress` calls (default 1000). */
  progressEvery?: number;
}

/** Rows decided together: their matches are read in a few statements per batch. */
const BATCH = 500;

/**
 * Imports a CSV file of accounts, contacts or opportunities (HubSpot, Salesforce or Rapport columns), streamed
 * row by row. Rows match stored records by their external id (kept in `external_ids`), else by domain /
 * email / LinkedIn slug / title, so importing the same file twice changes nothing. An update changes only
 * the fields the file fills; lists (domains, emails, roles) are added to, never cut. Every row is written in
 * its own transaction with its audit entry and search index update, so a failing row leaves nothing behind.
 * A row that repeats an earlier row of the file (same id, domain, email…) counts as unchanged when it says
 * the same, and is rejected when it says something else: no row depends on another row of the file, so a dry
 * run reports exactly what the import then does.
 * @example await importCsv(db, () => createReadStream(file), { dryRun: true, actorId: null })
 */
export async function importCsv(
  db: Db,
  open: () => NodeJS.ReadableStream | Promise<NodeJS.ReadableStream>,
  options: CsvImportOptions,
): Promise<ImportReport> {
  if (options.dryRun) return runPass(db, await open(), options, { write: false });
  if ((options.onErrors ?? 'abort') === 'skip') return runPass(db, await open(), options, { write: true });
  const check = await runPass(db, await open(), options, { write: false, phase: 'checking' });
  if (check.rejected.length > 0) return { ...check, dryRun: false, applied: false };
  return runPass(db, await open(), options, { write: true, phase: 'writing' });
}

/** The mapping for a file's headers, or a 400 that says what was expected. */
function mappingFor(headers: string[], options: CsvImportOptions): Mapping {
  if (headers.length === 0) throw new ApiError(400, 'validation_failed', (m) => m.errors.imports.emptyFile);
  const mapping = detectMapping(headers, { entity: options.entity, preset: options.preset });
  if (mapping) return mapping;
  const { entity, preset } = options;
  const expected = (m: Messages) =>
    entity && preset
      ? m.errors.imports.needColumn(PRESET_LABELS[preset], entity, requiredHeaders(entity, preset))
      : m.errors.imports.expectedColumns;
  throw new ApiError(
    400,
    'validation_failed',
    (m) => m.errors.imports.unknownColumns(headers.slice(0, 8).join(', '), expected(m)),
    { headers },
  );
}

/** What two rows share, from a record key (`identity`'s `d:acme.example`), in a catalog's language. */
function describeKey(key: string, preset: ImportPreset, m: Messages): string {
  const value = key.slice(2);
  const same = m.transfer.reasons.sameKey;
  switch (key[0]) {
    case 'x':
      return same.externalId(PRESET_LABELS[preset], value);
    case 'd':
      return same.domain(value);
    case 'e':
      return same.email(value);
    case 'l':
      return same.linkedin(value);
    case 't':
      return same.title;
    default:
      return same.name;
  }
}

async function runPass(
  db: Db,
  input: NodeJS.ReadableStream,
  options: CsvImportOptions,
  pass: { write: boolean; phase?: TransferProgress['phase'] },
): Promise<ImportReport> {
  const csv = await openCsv(input);
  try {
    return await readAll(db, csv, options, pass);
  } finally {
    csv.close();
  }
}

async function readAll(
  db: Db,
  csv: CsvReader,
  options: CsvImportOptions,
  pass: { write: boolean; phase?: TransferProgress['phase'] },
): Promise<ImportReport> {
  const k = db.kysely;
  const mapping = mappingFor(csv.headers, options);
  const { entity, preset } = mapping;
  const settings = await readSettings(k);
  const ctx: DecideContext = {
    preset,
    settings,
    users: await Users.load(k),
    currency: (options.currency ?? settings.defaultCurrency).toUpperCase(),
  };
  const values: ValueOptions = {
    dateOrder: options.dateOrder ?? 'dmy',
    decimal: options.decimal ?? (csv.format.delimiter === ';' ? ',' : '.'),
    currency: ctx.currency,
  };
  const applyCtx = { settings, actorId: options.actorId, source: preset, now: () => new Date() };
  const report: ImportReport = {
    dryRun: !pass.write,
    created: { [entity]: 0 },
    updated: { [entity]: 0 },
    unchanged: { [entity]: 0 },
    rejected: [],
    applied: pass.write,
    file: { entity, preset, columns: mapping.columns.map((c) => ({ header: c.header, field: c.field })) },
  };
  const reject = (line: number, reason: Text) => report.rejected.push({ line, entity, reason });
  /** The first line that claimed each record key, and what that row said. */
  const seen = new Map<string, { line: number; hash: string }>();

  /** Whether a row repeats an earlier one: `null` (no), `same` (it says the same again) or a reason. */
  const repeat = (given: Given, hash: string): 'same' | { reason: Text } | null => {
    for (const key of identity(given).probes) {
      const first = seen.get(key);
      if (!first) continue;
      if (first.hash === hash) return 'same';
      const line = first.line;
      return { reason: (m) => m.transfer.reasons.repeats(line, describeKey(key, preset, m)) };
    }
    return null;
  };
  const count = (line: number, given: Given, d: Decision, hash: string) => {
    if (d.kind === 'reject') return reject(line, d.reason);
    for (const key of identity(given).claims) if (!seen.has(key)) seen.set(key, { line, hash });
    const counts =
      d.kind === 'create' ? report.created : d.kind === 'update' ? report.updated : report.unchanged;
    counts[entity] = (counts[entity] ?? 0) + 1;
  };
  /** A row that says again what an earlier row said: it changes nothing more. */
  const settleRepeat = (line: number, again: 'same' | { reason: Text }) => {
    if (again === 'same') report.unchanged[entity] = (report.unchanged[entity] ?? 0) + 1;
    else reject(line, again.reason);
  };

  let done = 0;
  const every = options.progressEvery ?? 1000;
  const progress = () =>
    options.onProgress?.({
      done,
      bytesRead: csv.bytesRead(),
      ...(options.totalBytes !== undefined && { totalBytes: options.totalBytes }),
      ...(pass.phase && { phase: pass.phase }),
    });
  const tick = () => {
    done++;
    if (done % every === 0) progress();
  };

  const flush = async (rows: CsvRow[]) => {
    const read = rows.map((row) => ({ row, given: readRow(mapping, row.cells, values) }));
    const good = read.flatMap((r) => (r.given.ok ? [r.given.value] : []));
    const lookup = pass.write ? null : await Lookup.load(k, entity, preset, good);
    for (const { row, given } of read) {
      if (!given.ok) {
        reject(row.line, given.reason);
        tick();
        continue;
      }
      const hash = hashOf(given.value);
      const again = repeat(given.value, hash);
      if (again) settleRepeat(row.line, again);
      else if (lookup) count(row.line, given.value, decide(given.value, lookup, ctx), hash);
      else await writeRow(row.line, given.value, hash);
      tick();
    }
  };

  /** Decides and writes one row in its own transaction; a failure rolls the whole row back. */
  const writeRow = async (line: number, given: Given, hash: string) => {
    let decided: Decision | null = null;
    try {
      decided = await k.transaction().execute(async (trx) => {
        const d = decide(given, await Lookup.load(trx, entity, preset, [given]), ctx);
        await applyDecision(trx, d, applyCtx);
        return d;
      });
    } catch (err) {
      const mapped = err instanceof ApiError ? err : fromDbError(err);
      if (mapped?.status === 503) throw mapped;
      // Not a database's or a check's refusal: a bug, which must not pass for a bad row.
      if (!mapped && typeof (err as { code?: unknown }).code !== 'string') throw err;
      const message = (err as Error).message;
      reject(line, (m) => m.transfer.reasons.notWritten(mapped ? mapped.messageIn(m) : message));
      return;
    }
    count(line, given, decided, hash);
  };

  let batch: CsvRow[] = [];
  for await (const item of csv.rows) {
    if (item.kind === 'bad') {
      reject(item.line, item.reason);
      tick();
      continue;
    }
    batch.push(item);
    if (batch.length >= BATCH) {
      await flush(batch);
      batch = [];
    }
  }
  await flush(batch);
  progress();
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}

/** What a row says, as a short fingerprint: a repeated row says the same when the fingerprints match. */
function hashOf(given: Given): string {
  return createHash('sha1').update(JSON.stringify(given)).digest('base64');
}
