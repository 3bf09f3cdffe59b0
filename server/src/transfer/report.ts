/**
 * What an import did, or would do on a dry run: counts per kind of record, and every row it refused with its
 * line (1-based, the header is line 1 of a CSV file; for JSON, the record's position) and a reason a person can
 * act on. Both the CSV import (`csv-import.ts`) and the JSON snapshot import (`snapshot.ts`) answer with it; the
 * CLI and the admin console print it.
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
}

export interface RejectedRow {
  line: number;
  entity: string;
  reason: string;
}

/** Progress of a long import or export, for a progress bar: rows (or records) done, and bytes read of a file. */
export interface TransferProgress {
  done: number;
  bytesRead?: number;
  totalBytes?: number;
}
