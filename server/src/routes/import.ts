import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

import { zCurrency, zQueryBool } from '@rapport/shared';
import { Hono } from 'hono';
import { z } from 'zod';

import { ensure, policy } from '../auth/policy';
import type { AppEnv, Deps } from '../deps';
import { ApiError } from '../lib/errors';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';
import { IMPORT_ENTITIES, IMPORT_PRESETS, importCsv } from '../transfer/csv-import';
import { reportIn } from '../transfer/report';

/** The path whose body the global body limit leaves alone: it streams, under `RAPPORT_IMPORT_LIMIT`. */
export const CSV_IMPORT_PATH = '/api/v1/import/csv';

const zImportCsvQuery = z.object({
  entity: z.enum(IMPORT_ENTITIES).optional(),
  preset: z.enum(IMPORT_PRESETS).optional(),
  /** A dry run unless `dryRun=false`: nothing is written by mistake. */
  dryRun: zQueryBool.default(true),
  onErrors: z.enum(['skip', 'abort']).default('abort'),
  dateOrder: z.enum(['dmy', 'mdy']).optional(),
  decimal: z.enum([',', '.']).optional(),
  currency: zCurrency.optional(),
});

const zImportReport = z.object({
  dryRun: z.boolean(),
  created: z.record(z.string(), z.number()),
  updated: z.record(z.string(), z.number()),
  unchanged: z.record(z.string(), z.number()),
  rejected: z.array(z.object({ line: z.number(), entity: z.string(), reason: z.string() })),
  applied: z.boolean(),
  file: z
    .object({
      entity: z.string(),
      preset: z.string(),
      columns: z.array(z.object({ header: z.string(), field: z.string().nullable() })),
    })
    .optional(),
});

const tooLarge = (limit: number) =>
  new ApiError(413, 'payload_too_large', (m) => m.errors.fileTooLarge(limit), {
    limitBytes: limit,
  });

/** The body's bytes, failing with a 413 once more than `limit` went by (a chunked upload has no length). */
async function* upTo(body: AsyncIterable<Uint8Array>, limit: number): AsyncGenerator<Uint8Array> {
  let seen = 0;
  for await (const chunk of body) {
    seen += chunk.length;
    if (seen > limit) throw tooLarge(limit);
    yield chunk;
  }
}

/** `/import`: bring accounts, contacts and opportunities in from CSV exports (admins). */
export function importRoutes({ db, env }: Deps) {
  const limit = env.RAPPORT_IMPORT_LIMIT;
  return (
    new Hono<AppEnv>()
      // POST /import/csv
      .post(
        '/csv',
        describeRoute({
          summary: 'Import a CSV file of accounts, contacts or opportunities (a dry run unless dryRun=false)',
          description:
            'The raw file is the body (text/csv), streamed. HubSpot, Salesforce and Rapport column names are ' +
            'recognised (docs/import.md); `entity` and `preset` are detected from the headers unless given. ' +
            'Answers the import report: counts created, updated, unchanged, and every rejected row with its ' +
            'line and reason. With rejected rows, `onErrors=abort` (default) writes nothing; `skip` writes the ' +
            'good rows. The body may be up to RAPPORT_IMPORT_LIMIT bytes.',
          response: zImportReport,
          errors: [403, 413],
        }),
        validate('query', zImportCsvQuery),
        async (c) => {
          ensure(policy.transferData(c.var.actor), (m) => m.errors.only.importData);
          const q = c.req.valid('query');
          if (Number(c.req.header('content-length') ?? 0) > limit) throw tooLarge(limit);
          const raw = c.req.raw.body;
          if (!raw) throw new ApiError(400, 'validation_failed', (m) => m.errors.imports.sendFile);
          const body = Readable.from(
            upTo(Readable.fromWeb(raw as unknown as WebReadableStream<Uint8Array>), limit),
          );
          const options = {
            ...q,
            actorId: c.var.actor.id,
          };
          // Reasons are written in the request's language (`Accept-Language`).
          const { m } = c.var.lang;
          // Writing only when every row is good means reading the file twice: keep it in a temporary file.
          if (q.dryRun || q.onErrors === 'skip') {
            return c.json(reportIn(await importCsv(db, () => body, options), m));
          }
          const dir = await mkdtemp(join(tmpdir(), 'rapport-import-'));
          try {
            const file = join(dir, 'upload.csv');
            await pipeline(body, createWriteStream(file));
            return c.json(reportIn(await importCsv(db, () => createReadStream(file), options), m));
          } finally {
            await rm(dir, { recursive: true, force: true });
          }
        },
      )
  );
}
