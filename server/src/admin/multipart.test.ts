import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { multipartBoundary, readMultipart } from './multipart';

/** A form as a browser encodes it, and its boundary. */
async function encode(fields: [string, string][], file: { name: string; text: string } | null) {
  const form = new FormData();
  for (const [k, v] of fields) form.append(k, v);
  if (file) form.append('file', new Blob([file.text]), file.name);
  const req = new Request('http://x/', { method: 'POST', body: form });
  const boundary = multipartBoundary(req.headers.get('content-type') ?? undefined) ?? '';
  return { body: Buffer.from(await req.arrayBuffer()), boundary };
}

/** The body in pieces of `size` bytes, as a slow network delivers it. */
async function* pieces(body: Buffer, size: number) {
  for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
}

async function read(
  body: Buffer,
  boundary: string,
  size: number,
  maxFileBytes = 1_000_000,
  beforeFile?: (f: Record<string, string>) => void,
) {
  const dir = await mkdtemp(join(tmpdir(), 'multipart-test-'));
  const path = join(dir, 'file');
  const out = await open(path, 'w');
  try {
    const result = await readMultipart(pieces(body, size), boundary, {
      out,
      maxFileBytes,
      ...(beforeFile && { beforeFile }),
    });
    await out.close();
    return { ...result, saved: await readFile(path, 'utf8') };
  } finally {
    await out.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

describe('readMultipart', () => {
  const text = `Name,Domain\r\n${'Kestrel Aero,kestrel.example\r\n'.repeat(2000)}--not-a-boundary\r\n`;

  it.each([1, 7, 64, 65536])(
    'should read fields and save the file whole in pieces of %i bytes',
    async (size) => {
      const { body, boundary } = await encode(
        [
          ['csrf', 'abc'],
          ['note', 'Zoë, "quoted"\r\nline two'],
        ],
        { name: 'a.csv', text },
      );
      const got = await read(body, boundary, size);
      expect(got.fields).toEqual({ csrf: 'abc', note: 'Zoë, "quoted"\r\nline two' });
      expect(got.file).toEqual({ field: 'file', filename: 'a.csv', bytes: Buffer.byteLength(text) });
      expect(got.saved).toBe(text);
    },
  );

  it('should refuse a file over the limit with a 413', async () => {
    const { body, boundary } = await encode([], { name: 'a.csv', text });
    await expect(read(body, boundary, 1024, 1000)).rejects.toMatchObject({ status: 413 });
  });

  it('should let the caller refuse before any of the file is stored', async () => {
    const { body, boundary } = await encode([['csrf', 'wrong']], { name: 'a.csv', text });
    const refuse = (f: Record<string, string>) => {
      if (f.csrf !== 'right') throw new Error('refused');
    };
    await expect(read(body, boundary, 1024, 1_000_000, refuse)).rejects.toThrow('refused');
  });

  it('should refuse a body cut off before its end', async () => {
    const { body, boundary } = await encode([['a', 'b']], { name: 'a.csv', text });
    await expect(read(body.subarray(0, body.length - 100), boundary, 4096)).rejects.toMatchObject({
      status: 400,
    });
  });

  it('should find the boundary of a multipart content type only', () => {
    expect(multipartBoundary('multipart/form-data; boundary=----x1')).toBe('----x1');
    expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('application/x-www-form-urlencoded')).toBeNull();
    expect(multipartBoundary(undefined)).toBeNull();
  });
});
