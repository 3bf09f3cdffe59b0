import { Hono } from 'hono';
import { z } from 'zod';

import { ensure, policy } from '../auth/policy';
import type { AppEnv, Deps } from '../deps';
import { notFound } from '../lib/errors';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';
import { csvFileName, exportDownload } from '../transfer/export-download';
import { CSV_FILES } from '../transfer/export-spec';

const zExportQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });

const zCsvIndex = z.object({
  files: z.array(z.object({ name: z.string(), url: z.string() })),
});

/**
 * `/export`: everything, for admins. `?format=json` streams the snapshot another server imports losslessly;
 * `?format=csv` lists the CSV files, one per table, each at `/export/<table>.csv`. Every download is audited.
 */
export function exportRoutes({ db }: Deps) {
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
          ensure(policy.transferData(c.var.actor), (m) => m.errors.only.exportData);
          const { format } = c.req.valid('query');
          if (format === 'csv') {
            return c.json({
              files: CSV_FILES.map((name) => ({ name: `${name}.csv`, url: `/api/v1/export/${name}.csv` })),
            });
          }
          return exportDownload(db, c.var.actor.id, { format: 'json' });
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
          ensure(policy.transferData(c.var.actor), (m) => m.errors.only.exportData);
          const file = c.req.param('file');
          const name = csvFileName(file);
          if (!name) throw notFound('exportFile', file);
          return exportDownload(db, c.var.actor.id, { format: 'csv', name });
        },
      )
  );
}
