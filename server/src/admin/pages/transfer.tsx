/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import { createReadStream } from 'node:fs';
import { open, rename } from 'node:fs/promises';

import { zCurrency } from '@rapport/shared';
import { Hono } from 'hono';
import { z } from 'zod';

import type { Deps } from '../../deps';
import type { Messages } from '../../i18n';
import { fromDbError } from '../../lib/db-errors';
import { ApiError } from '../../lib/errors';
import { IMPORT_ENTITIES, IMPORT_PRESETS, importCsv } from '../../transfer/csv-import';
import { csvFileName, exportDownload } from '../../transfer/export-download';
import { importSnapshot } from '../../transfer/snapshot';
import { redirectWithFlash } from '../flash';
import { type FieldErrors, parseForm } from '../forms';
import { summaryItems } from '../layout';
import { multipartBoundary, readMultipart } from '../multipart';
import { adminOnly, type ConsoleContext, render } from '../render';
import { type ConsoleEnv, type ConsoleSession, csrfMatches } from '../session';
import { type CsvChoices, type Upload, UploadStore } from '../uploads';
import { progressOf, TransferPage, transferLabels, UploadPage, uploadPath } from './transfer-views';

/** The CSV options as posted; empty means "tell from the file" or the default. */
const zCsvChoices = z.object({
  entity: z.enum(IMPORT_ENTITIES).optional(),
  preset: z.enum(IMPORT_PRESETS).optional(),
  dateOrder: z.enum(['dmy', 'mdy']).optional(),
  decimal: z.enum([',', '.']).optional(),
  currency: zCurrency.optional(),
});

/** How long the upload and "Import" answers wait for the work before showing its progress page instead. */
const WAIT_MS = 1500;

/**
 * `/admin/transfer`: import a CSV file or a JSON snapshot (a dry run first, then the import of the same file,
 * kept server-side under a random id), and download the export. Admins only.
 */
export function transferPages(deps: Deps) {
  const { db, env, log } = deps;
  const store = new UploadStore(deps.now);

  /** The message for work that stopped: ours to show for a refusal, logged for anything else. */
  const failure = (err: unknown): ((m: Messages) => string) => {
    const mapped = err instanceof ApiError ? err : fromDbError(err);
    if (mapped && mapped.status < 500) {
      return (m) => {
        const message = mapped.messageIn(m);
        return message.endsWith('.') ? message : `${message}.`;
      };
    }
    log.error('console import failed', { error: (err as Error).stack ?? String(err) });
    return mapped?.status === 503 ? (m) => m.transfer.databaseBusy : (m) => m.transfer.failed;
  };

  /** Runs work on an upload in the background; the file goes once it failed or was imported. */
  const run = (upload: Upload, work: () => Promise<void>): Promise<void> =>
    work().catch(async (err) => {
      upload.error = failure(err);
      upload.state = 'failed';
      await store.removeFile(upload);
    });

  /** Waits a moment for the work, so a small file's report shows at once; a large one shows its progress. */
  const settle = (work: Promise<void>) =>
    Promise.race([work, new Promise<void>((done) => setTimeout(done, WAIT_MS).unref())]);

  const check = (upload: Upload, actorId: string) =>
    run(upload, async () => {
      upload.progress = { done: 0, totalBytes: upload.bytes, bytesRead: 0 };
      const onProgress = (p: Upload['progress']) => {
        upload.progress = { ...p, totalBytes: upload.bytes };
      };
      upload.check =
        upload.kind === 'csv'
          ? await importCsv(db, () => createReadStream(upload.file), {
              ...upload.choices,
              dryRun: true,
              actorId,
              totalBytes: upload.bytes,
              progressEvery: 500,
              onProgress,
            })
          : await importSnapshot(db, createReadStream(upload.file), { dryRun: true, actorId, onProgress });
      upload.state = 'checked';
    });

  const apply = (upload: Upload, actorId: string, skip: boolean) =>
    run(upload, async () => {
      upload.state = 'importing';
      upload.skipped = skip;
      upload.progress = { done: 0, totalBytes: upload.bytes, bytesRead: 0 };
      const onProgress = (p: Upload['progress']) => {
        upload.progress = { ...p, totalBytes: upload.bytes };
      };
      try {
        upload.result =
          upload.kind === 'csv'
            ? await importCsv(db, () => createReadStream(upload.file), {
                ...upload.choices,
                dryRun: false,
                onErrors: skip ? 'skip' : 'abort',
                actorId,
                totalBytes: upload.bytes,
                progressEvery: 500,
                onProgress,
              })
            : await importSnapshot(db, createReadStream(upload.file), { dryRun: false, actorId, onProgress });
      } finally {
        await store.removeFile(upload);
      }
      upload.state = 'imported';
      log.info('console import', { userId: actorId, kind: upload.kind, applied: upload.result.applied });
    });

  const gone = () => new ApiError(404, 'not_found', (m) => m.errors.console.uploadGone);

  const findUpload = async (c: ConsoleContext, session: ConsoleSession) => {
    const upload = await store.get(c.req.param('id') ?? '', session.tokenId);
    if (!upload) throw gone();
    return upload;
  };

  const page = (
    c: ConsoleContext,
    session: ConsoleSession,
    errors: FieldErrors = {},
    status: 200 | 400 = 200,
  ) =>
    render(
      c,
      deps,
      {
        title: c.var.lang.m.transfer.title,
        nav: 'transfer',
        errors: summaryItems(errors, transferLabels(c.var.lang.m), 'import'),
      },
      <TransferPage session={session} errors={errors} />,
      status,
    );

  return (
    new Hono<ConsoleEnv>()
      // GET /admin/transfer
      .get('/transfer', (c) => page(c, adminOnly(c)))
      // POST /admin/transfer/upload (multipart: csrf, kind, the CSV options, then the file)
      .post('/transfer/upload', async (c) => {
        const session = adminOnly(c);
        const boundary = multipartBoundary(c.req.header('content-type'));
        const body = c.req.raw.body;
        if (!boundary || !body)
          throw new ApiError(400, 'validation_failed', (m) => m.errors.console.sendFormWithFile);
        const limit = env.RAPPORT_IMPORT_LIMIT;
        if (Number(c.req.header('content-length') ?? 0) > limit + 64 * 1024) {
          throw new ApiError(413, 'payload_too_large', (m) => m.errors.fileTooLarge(limit));
        }
        const refuseCsrf = (fields: Record<string, string>) => {
          // The signed-in check leaves streamed forms to us: nothing is stored before the CSRF value matches.
          if (!csrfMatches(session, fields.csrf)) {
            throw new ApiError(403, 'forbidden', (m) => m.errors.console.staleForm, { reason: 'csrf' });
          }
        };
        const upload = await store.create({
          kind: 'csv',
          sessionId: session.tokenId,
          filename: '',
          choices: {},
        });
        let fields: Record<string, string>;
        let file: { filename: string; bytes: number } | null;
        try {
          const out = await open(upload.file, 'w');
          try {
            ({ fields, file } = await readMultipart(body, boundary, {
              out,
              maxFileBytes: limit,
              beforeFile: refuseCsrf,
            }));
          } finally {
            await out.close();
          }
          refuseCsrf(fields);
        } catch (err) {
          await store.delete(upload);
          throw err;
        }
        const kind = fields.kind === 'snapshot' ? 'snapshot' : 'csv';
        const errors: FieldErrors = {};
        const { m } = c.var.lang;
        const parsed = parseForm(
          zCsvChoices,
          Object.fromEntries(
            Object.keys(zCsvChoices.shape).flatMap((k) => (fields[k]?.trim() ? [[k, fields[k]]] : [])),
          ),
          m,
        );
        if (kind === 'csv' && !parsed.ok) Object.assign(errors, parsed.errors);
        if (!file || (file.filename === '' && file.bytes === 0)) errors.file = m.transfer.chooseFile;
        else if (file.bytes === 0) errors.file = m.transfer.emptyFile;
        if (Object.keys(errors).length > 0) {
          await store.delete(upload);
          return page(c, session, errors, 400);
        }
        upload.kind = kind;
        upload.filename = (file?.filename ?? '').slice(0, 200);
        upload.bytes = file?.bytes ?? 0;
        if (kind === 'snapshot') {
          // The same bytes under the name the snapshot import expects; the id stays the only handle.
          const json = upload.file.replace(/\.csv$/, '.json');
          await rename(upload.file, json);
          upload.file = json;
        }
        if (kind === 'csv' && parsed.ok) upload.choices = parsed.data as CsvChoices;
        await settle(check(upload, session.actor.id));
        return c.redirect(uploadPath(upload), 303);
      })
      // GET /admin/transfer/uploads/:id
      .get('/transfer/uploads/:id', async (c) => {
        const session = adminOnly(c);
        const upload = await findUpload(c, session);
        const busy = upload.state === 'checking' || upload.state === 'importing';
        return render(
          c,
          deps,
          {
            title:
              upload.kind === 'csv'
                ? c.var.lang.m.transfer.csvPageTitle
                : c.var.lang.m.transfer.snapshotPageTitle,
            nav: 'transfer',
            ...(busy && { refreshSeconds: 2 }),
          },
          <UploadPage upload={upload} session={session} />,
        );
      })
      // GET /admin/transfer/uploads/:id/progress (polled by admin.js while the work runs)
      .get('/transfer/uploads/:id/progress', async (c) => {
        const session = adminOnly(c);
        const upload = await store.get(c.req.param('id'), session.tokenId);
        if (!upload) return c.json({ state: 'gone' }, 404);
        return c.json(progressOf(upload, c.var.lang));
      })
      // POST /admin/transfer/uploads/:id/apply (onErrors=skip imports the good rows only)
      .post('/transfer/uploads/:id/apply', async (c) => {
        const session = adminOnly(c);
        const upload = await findUpload(c, session);
        const t = c.var.lang.m.transfer;
        if (upload.state !== 'checked' || !upload.check) {
          return redirectWithFlash(c, env, uploadPath(upload), {
            kind: 'error',
            text: upload.state === 'imported' ? t.importedAlready : t.notReady,
          });
        }
        const fields = await c.req.parseBody();
        const skip = fields.onErrors === 'skip';
        if (upload.kind === 'snapshot' && upload.check.rejected.length > 0) {
          return redirectWithFlash(c, env, uploadPath(upload), {
            kind: 'error',
            text: t.snapshotHasRejected,
          });
        }
        await settle(apply(upload, session.actor.id, skip));
        return c.redirect(uploadPath(upload), 303);
      })
      // POST /admin/transfer/uploads/:id/discard
      .post('/transfer/uploads/:id/discard', async (c) => {
        const session = adminOnly(c);
        const upload = await findUpload(c, session);
        const t = c.var.lang.m.transfer;
        if (upload.state === 'checking' || upload.state === 'importing') {
          return redirectWithFlash(c, env, uploadPath(upload), { kind: 'error', text: t.wait });
        }
        await store.delete(upload);
        return redirectWithFlash(c, env, '/admin/transfer', {
          kind: 'success',
          text: t.deleted(upload.filename || null),
        });
      })
      // GET /admin/transfer/export/rapport-export.json: the JSON snapshot, streamed as the API's export
      .get('/transfer/export/rapport-export.json', async (c) => {
        const session = adminOnly(c);
        return exportDownload(db, session.actor.id, { format: 'json' });
      })
      // GET /admin/transfer/export/:file (`accounts.csv`, …)
      .get('/transfer/export/:file', async (c) => {
        const session = adminOnly(c);
        const file = c.req.param('file');
        const name = csvFileName(file);
        if (!name) throw new ApiError(404, 'not_found', (m) => m.errors.console.noExportFile(file));
        return exportDownload(db, session.actor.id, { format: 'csv', name });
      })
  );
}
