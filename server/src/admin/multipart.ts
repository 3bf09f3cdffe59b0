import type { FileHandle } from 'node:fs/promises';

import type { Messages } from '../i18n';
import { ApiError } from '../lib/errors';

/** What a streamed multipart form held: its text fields, and the file part saved to disk (if one was sent). */
export interface MultipartResult {
  fields: Record<string, string>;
  file: { field: string; filename: string; bytes: number } | null;
}

export interface MultipartOptions {
  /** Where the file part's bytes go, written as they arrive (the caller opens and closes it). */
  out: FileHandle;
  /** The largest file accepted, in bytes: a 413 once more went by. */
  maxFileBytes: number;
  /**
   * Called with the text fields read so far when the file part starts (they come before it in the form):
   * throw to refuse the upload before any of it is stored, e.g. without the session's CSRF value.
   */
  beforeFile?: (fields: Record<string, string>) => void;
}

/** Text fields are short (ids, options): anything longer is not one of our forms. */
const MAX_FIELD_BYTES = 16 * 1024;
const MAX_HEADER_BYTES = 16 * 1024;
const MAX_FIELDS = 50;

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

const bad = (message: (m: Messages) => string) => new ApiError(400, 'validation_failed', message);

/** The boundary of a `multipart/form-data` content type, or null for any other body. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2] ?? null;
}

/**
 * Reads a `multipart/form-data` body as it streams: text fields are collected, the one file part is written to
 * `out` chunk by chunk, so a file of hundreds of megabytes never sits in memory. A second file part is refused.
 * @example const { fields, file } = await readMultipart(c.req.raw.body, boundary, { out, maxFileBytes })
 */
export async function readMultipart(
  body: AsyncIterable<Uint8Array>,
  boundary: string,
  options: MultipartOptions,
): Promise<MultipartResult> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const fields: Record<string, string> = {};
  let file: MultipartResult['file'] = null;
  // The body starts with `--boundary`; a CRLF in front makes every delimiter look alike.
  let buf: Buffer = Buffer.from(CRLF);
  // Widened on purpose: `step` changes it, which narrowing at the loop cannot see.
  let state = 'preamble' as 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done';
  let part: { name: string; filename: string | null; chunks: Buffer[]; size: number } | null = null;

  const emit = async (data: Buffer) => {
    if (!part || data.length === 0) return;
    part.size += data.length;
    if (part.filename !== null) {
      if (part.size > options.maxFileBytes) {
        throw new ApiError(413, 'payload_too_large', (m) => m.errors.fileTooLarge(options.maxFileBytes), {
          limitBytes: options.maxFileBytes,
        });
      }
      await options.out.write(data);
    } else {
      if (part.size > MAX_FIELD_BYTES) {
        const name = String(part.name);
        throw bad((m) => m.errors.console.fieldTooLong(name));
      }
      part.chunks.push(data);
    }
  };
  const endPart = () => {
    if (!part) return;
    if (part.filename === null) fields[part.name] = Buffer.concat(part.chunks).toString('utf8');
    else if (file) file.bytes = part.size;
    part = null;
  };
  const startPart = (headerText: string) => {
    const disposition = /^content-disposition:\s*form-data\s*;(.*)$/im.exec(headerText)?.[1];
    const name = disposition && /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (!disposition || name === undefined || name === null)
      throw bad((m) => m.errors.console.formUnreadable);
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
    if (filename !== null) {
      if (file) throw bad((m) => m.errors.console.oneFile);
      options.beforeFile?.(fields);
      file = { field: name, filename, bytes: 0 };
    } else if (Object.keys(fields).length >= MAX_FIELDS) {
      throw bad((m) => m.errors.console.tooManyFields);
    }
    part = { name, filename, chunks: [], size: 0 };
  };

  /** Consumes what `buf` holds; stops when it needs more bytes. */
  const step = async (): Promise<boolean> => {
    switch (state) {
      case 'preamble': {
        const at = buf.indexOf(delimiter);
        if (at < 0) {
          buf = buf.subarray(Math.max(0, buf.length - delimiter.length));
          return false;
        }
        buf = buf.subarray(at + delimiter.length);
        state = 'after-delimiter';
        return true;
      }
      case 'after-delimiter': {
        if (buf.length < 2) return false;
        if (buf[0] === 0x2d && buf[1] === 0x2d) {
          state = 'done';
          return false;
        }
        const eol = buf.indexOf(CRLF);
        if (eol < 0) return false;
        // Transport padding (spaces or tabs) may follow a delimiter before its line ends.
        if (buf.subarray(0, eol).toString('latin1').trim() !== '')
          throw bad((m) => m.errors.console.formUnreadable);
        buf = buf.subarray(eol + 2);
        state = 'headers';
        return true;
      }
      case 'headers': {
        const at = buf.indexOf(HEADER_END);
        if (at < 0) {
          if (buf.length > MAX_HEADER_BYTES) throw bad((m) => m.errors.console.formUnreadable);
          return false;
        }
        startPart(buf.subarray(0, at).toString('utf8'));
        buf = buf.subarray(at + HEADER_END.length);
        state = 'body';
        return true;
      }
      case 'body': {
        const at = buf.indexOf(delimiter);
        if (at < 0) {
          // Keep a tail that could be the start of the delimiter.
          const keep = Math.min(buf.length, delimiter.length - 1);
          await emit(Buffer.from(buf.subarray(0, buf.length - keep)));
          buf = buf.subarray(buf.length - keep);
          return false;
        }
        await emit(Buffer.from(buf.subarray(0, at)));
        endPart();
        buf = buf.subarray(at + delimiter.length);
        state = 'after-delimiter';
        return true;
      }
      default:
        return false;
    }
  };

  for await (const chunk of body) {
    if (state === 'done') continue; // the epilogue is ignored
    buf = buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([buf, chunk]);
    while (await step()) {
      // each step consumed something; go on until it needs more bytes
    }
  }
  if (state !== 'done') throw bad((m) => m.errors.console.endedEarly);
  return { fields, file };
}
