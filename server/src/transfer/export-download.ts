import type { Db } from '../db/create-db';
import { audit } from '../lib/audit';
import { exportCsv, exportJson, isCsvFile, snapshotStream } from './export';

/** What one download holds: the whole JSON snapshot, or one table as CSV (a name `isCsvFile` accepts). */
export type ExportDownload = { format: 'json' } | { format: 'csv'; name: string };

const today = () => new Date().toISOString().slice(0, 10);

/** The table a requested file (`accounts.csv`, …) names, or null when there is no such export file. */
export function csvFileName(file: string): string | null {
  const name = file.endsWith('.csv') ? file.slice(0, -4) : '';
  return isCsvFile(name) ? name : null;
}

/**
 * Audits an export by `userId` and answers it as an attachment that streams from one read snapshot. The API's
 * `/export` and the console's export links both download with it (each checks who may first).
 */
export async function exportDownload(db: Db, userId: string, what: ExportDownload): Promise<Response> {
  await audit(db.kysely, {
    userId,
    action: 'export',
    entity: 'data',
    entityId: what.format === 'json' ? 'json' : `csv:${what.name}`,
  });
  if (what.format === 'json') {
    const exportedAt = new Date().toISOString();
    return attachment(
      snapshotStream(db, (snap) => exportJson(snap, { exportedAt })),
      'application/json',
      `rapport-export-${today()}.json`,
    );
  }
  const { name } = what;
  return attachment(
    snapshotStream(db, (snap) => exportCsv(snap, name)),
    'text/csv',
    `rapport-${name}-${today()}.csv`,
  );
}

function attachment(body: ReadableStream<Uint8Array>, type: string, filename: string): Response {
  return new Response(body, {
    headers: {
      'content-type': `${type}; charset=utf-8`,
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
}
