import { type Messages, type Text, textIn } from '../i18n';

/**
 * What an import did, or would do on a dry run: counts per kind of record, and every row it refused with its
 * line (1-based, the header is line 1 of a CSV file; for JSON, the record's position) and a reason a person can
 * act on. Both the CSV import (`csv-import.ts`) and the JSON snapshot import (`snapshot.ts`) answer with it; the
 * CLI and the admin console print it. Reasons and notes are `Text` (functions of the catalog), written only
 * when shown (`reportIn`): the console's report outlives the request that started it and is read in the
 * viewer's language, the API answers in the request's, the CLI in English.
 */
export interface ImportReport {
  dryRun: boolean;
  /** e.g. `{ accounts: 120, contacts: 310 }` */
  created: Record<string, number>;
  updated: Record<string, number>;
  /** Rows that matched a stored record and would change nothing (a re-import of the same file). */
  unchanged: Record<string, number>;
  rejected: RejectedRow[];
  /** Whether the good rows were written although some were rejected (the admin's choice). */
  applied: boolean;
  /** Things the admin should know after the import (a snapshot import: imported users have no password yet). */
  notes?: Text[];
  /** CSV imports: what the file was read as (detected from its headers or given), and which column fed which field. */
  file?: ImportedFile;
}

/** How a CSV file was read: entity, source preset, and each column's field (null: not imported). */
export interface ImportedFile {
  entity: string;
  preset: string;
  columns: { header: string; field: string | null }[];
}

export interface RejectedRow {
  line: number;
  entity: string;
  reason: Text;
}

/** A report with every reason and note written in one language, as the API answers and the CLI prints it. */
export type WrittenReport = Omit<ImportReport, 'rejected' | 'notes'> & {
  rejected: { line: number; entity: string; reason: string }[];
  notes?: string[];
};

/**
 * The report in a catalog's language.
 * @example c.json(reportIn(report, c.var.lang.m))
 */
export function reportIn(report: ImportReport, m: Messages): WrittenReport {
  const { notes, rejected, ...rest } = report;
  return {
    ...rest,
    rejected: rejected.map((r) => ({ ...r, reason: textIn(r.reason, m) })),
    ...(notes && { notes: notes.map((n) => textIn(n, m)) }),
  };
}

/** Progress of a long import or export, for a progress bar: rows (or records) done, and bytes read of a file. */
export interface TransferProgress {
  done: number;
  /** A CSV import that writes only when every row is good reads the file twice: first `checking`, then `writing`. */
  phase?: 'checking' | 'writing';
  bytesRead?: number;
  totalBytes?: number;
}
