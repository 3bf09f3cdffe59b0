import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Messages } from '../i18n';
import type { ImportReport, TransferProgress } from '../transfer/report';

/** Where the console's import form posts its file (multipart, streamed to disk under RAPPORT_IMPORT_LIMIT). */
export const CONSOLE_UPLOAD_PATH = '/admin/transfer/upload';

/**
 * True for the console's streamed upload: the global body limit and the signed-in check's CSRF reading leave
 * its body alone; its handler checks the CSRF value as the form streams in, before storing any of the file.
 */
export const isConsoleUpload = (path: string) => path === CONSOLE_UPLOAD_PATH;

/** An uploaded file waits this long for its "Import" (then it and its report are gone). */
export const UPLOAD_TTL_MS = 60 * 60_000;

/** What the admin chose for a CSV file (empty: detect, or the default). */
export interface CsvChoices {
  entity?: 'accounts' | 'contacts' | 'opportunities';
  preset?: 'hubspot' | 'salesforce' | 'rapport';
  dateOrder?: 'dmy' | 'mdy';
  decimal?: ',' | '.';
  currency?: string;
}

/**
 * One uploaded file, kept server-side under a random id until it is imported or expires. The browser only
 * ever holds the id; the path is ours. Work on it (the dry run, then the import) runs in the background so the
 * page can show progress; `state` says where it is.
 */
export interface Upload {
  id: string;
  kind: 'csv' | 'snapshot';
  /** The console session that uploaded it: nobody else sees or applies it. */
  sessionId: string;
  filename: string;
  bytes: number;
  dir: string;
  file: string;
  choices: CsvChoices;
  expiresAt: number;
  state: 'checking' | 'checked' | 'importing' | 'imported' | 'failed';
  progress: TransferProgress;
  /** The dry run's report. */
  check?: ImportReport;
  /** The import's report, once it ran. */
  result?: ImportReport;
  /** Whether the import skipped rejected rows (the admin's choice). */
  skipped?: boolean;
  /** Why the work stopped (a file that cannot be read, a server with data…). */
  /** Why the work stopped, in the language of whoever looks (the work runs outside any request). */
  error?: (m: Messages) => string;
}

const ID = /^[A-Za-z0-9_-]{22}$/;

/**
 * The console's uploads, in this process's memory with their files in a temporary directory each. Expired
 * uploads are deleted when the store is next used and by a timer.
 * @example const up = await store.create({ kind: 'csv', sessionId, filename, choices }, now)
 */
export class UploadStore {
  private readonly items = new Map<string, Upload>();

  constructor(private readonly now: () => Date) {}

  /** A new upload with a fresh random id and an empty temporary directory for its file. */
  async create(init: Pick<Upload, 'kind' | 'sessionId' | 'filename' | 'choices'>): Promise<Upload> {
    await this.sweep();
    const id = randomBytes(16).toString('base64url');
    const dir = await mkdtemp(join(tmpdir(), 'rapport-console-upload-'));
    const upload: Upload = {
      ...init,
      id,
      bytes: 0,
      dir,
      file: join(dir, init.kind === 'csv' ? 'upload.csv' : 'upload.json'),
      expiresAt: this.now().getTime() + UPLOAD_TTL_MS,
      state: 'checking',
      progress: { done: 0 },
    };
    this.items.set(id, upload);
    const timer = setTimeout(() => void this.sweep(), UPLOAD_TTL_MS + 1000);
    timer.unref();
    return upload;
  }

  /** The upload with this id, if it is this session's and has not expired; never a path from the browser. */
  async get(id: string, sessionId: string): Promise<Upload | null> {
    await this.sweep();
    if (!ID.test(id)) return null;
    const upload = this.items.get(id);
    return upload && upload.sessionId === sessionId ? upload : null;
  }

  /** Deletes an upload's file (its report stays until it expires, so the result page still shows). */
  async removeFile(upload: Upload): Promise<void> {
    await rm(upload.dir, { recursive: true, force: true });
  }

  /** Forgets an upload and deletes its file. */
  async delete(upload: Upload): Promise<void> {
    this.items.delete(upload.id);
    await this.removeFile(upload);
  }

  /** Deletes every expired upload that is not being worked on. */
  async sweep(): Promise<void> {
    const now = this.now().getTime();
    for (const upload of [...this.items.values()]) {
      const busy = upload.state === 'checking' || upload.state === 'importing';
      if (upload.expiresAt <= now && !busy) await this.delete(upload);
    }
  }

  /** Every upload's file, deleted (when the server stops). */
  async clear(): Promise<void> {
    for (const upload of [...this.items.values()]) await this.delete(upload);
  }
}
