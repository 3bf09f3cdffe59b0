import { Hono } from 'hono';
import { z } from 'zod';

import { ensure, policy } from '../auth/policy';
import type { AppEnv, Deps } from '../deps';
import { audit } from '../lib/audit';
import { notFound } from '../lib/errors';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';
import { exportCsv, exportJson, isCsvFile, snapshotStream } from '../transfer/export';
import { CSV_FILES } from '../transfer/export-spec';

const zExportQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });

const zCsvIndex = z.object({
  files: z.array(z.object({ name: z.string(), url: z.string() })),
});

const today = () => new Date().toISOString().slice(0, 10);

/**
 * `/export`: everything, for admins. `?format=json` streams the snapshot another server imports losslessly;
 * `?format=csv` lists the CSV files, one per table, each at `/export/<table>.csv`. Every download is audited.
 */
export function exportRoutes({ db }: Deps) {
  const download = (body: ReadableStream<Uint8Array>, type: string, filename: string) =>
    new Response(body, {
      headers: {
        'content-type': `${type}; charset=utf-8`,
        'content-disposition': `attachment; filename="${filename}"`,
        'cache-control': 'no-store',
      },
    });
  return (
    new Hono<AppEnv>()
      // GET /export
      .get(
        '/',
        describeRoute({
          summary: 'Export everything as one JSON snapshot (or list the CSV files)',
          description:
            'format=json (default) streams `{ format: "rapport-export", version: 1, exportedAt, server, counts, data }` ' +
            'as an attachment: users (without passwords or tokens), settings, product lines, accounts, contacts, ' +
            'opportunities with stage history, plans, touches, merged ids, external ids and the audit log. ' +
            '`pnpm rapport import` loads it into a new server. format=csv answers the list of CSV files.',
          tag: 'export',
          response: z.union([z.object({ format: z.literal('rapport-export') }).loose(), zCsvIndex]),
          errors: [403],
        }),
        validate('query', zExportQuery),
        async (c) => {
          // Exports hold every record and the audit log: the same people who manage settings and users.
          ensure(policy.transferData(c.var.actor), 'Only admins export data');
          const { format } = c.req.valid('query');
          if (format === 'csv') {
            return c.json({
              files: CSV_FILES.map((name) => ({ name: `${name}.csv`, url: `/api/v1/export/${name}.csv` })),
            });
          }
          await audit(db.kysely, {
            userId: c.var.actor.id,
            action: 'export',
            entity: 'data',
            entityId: 'json',
          });
          const exportedAt = new Date().toISOString();
          return download(
            snapshotStream(db, (snap) => exportJson(snap, { exportedAt })),
            'application/json',
            `rapport-export-${today()}.json`,
          );
        },
      )
      // GET /export/:file (`accounts.csv`, …)
      .get(
        '/:file',
        describeRoute({
          summary: 'Export one table as CSV',
          description: `One of: ${CSV_FILES.map((f) => `${f}.csv`).join(', ')}. A header row, RFC 4180 quoting, UTF-8; lists such as domains are joined with ";".`,
          tag: 'export',
          contentType: 'text/csv',
          response: z.string(),
          errors: [403],
        }),
        async (c) => {
          ensure(policy.transferData(c.var.actor), 'Only admins export data');
          const file = c.req.param('file');
          const name = file.endsWith('.csv') ? file.slice(0, -4) : '';
          if (!isCsvFile(name)) throw notFound('Export file', file);
          await audit(db.kysely, {
            userId: c.var.actor.id,
            action: 'export',
            entity: 'data',
            entityId: `csv:${name}`,
          });
          return download(
            snapshotStream(db, (snap) => exportCsv(snap, name)),
            'text/csv',
            `rapport-${name}-${today()}.csv`,
          );
        },
      )
  );
}
