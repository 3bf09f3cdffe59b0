import { Readable } from 'node:stream';

import { type CsvError, type InfoRecord, parse } from 'csv-parse';

import type { Text } from '../i18n';

/** How a CSV file is written, as sniffed from its first bytes (or as the caller forced it). */
export interface CsvFormat {
  encoding: 'utf-8' | 'utf-16le' | 'windows-1252';
  /** True when the file starts with a byte order mark (Excel writes one). */
  bom: boolean;
  delimiter: ',' | ';' | '\t';
  quote: '"' | "'";
}

/** A data row: its cells, and the line of the file it starts on (the header is line 1). */
export interface CsvRow {
  kind: 'row';
  line: number;
  cells: string[];
}

/** A stretch of the file that is not valid CSV (an unclosed quote…); the parser skipped it. */
export interface CsvBadRow {
  kind: 'bad';
  line: number;
  reason: Text;
}

export interface CsvReader {
  format: CsvFormat;
  headers: string[];
  /** The rows after the header, in file order; read once. */
  rows: AsyncIterable<CsvRow | CsvBadRow>;
  /** Bytes of the file consumed so far (for a progress bar). */
  bytesRead(): number;
  /** Stops reading (after the last row, or early on a failure) and releases the input. */
  close(): void;
}

/** How much of the file is looked at to sniff its encoding, separator and quoting. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Opens a CSV stream without reading it whole: sniffs the encoding (a UTF-8 or UTF-16 byte order mark, else
 * UTF-8 unless the first 64 KB are not valid UTF-8, then Windows-1252 as older Excel writes), the separator
 * (`,`, `;` or tab, whichever the header line has most of outside quotes; an Excel `sep=;` first line wins)
 * and the quote character, then parses the header row. Rows come one at a time with backpressure, so the
 * memory used does not grow with the file. Blank lines and rows whose cells are all empty are skipped.
 * @example const csv = await openCsv(createReadStream('companies.csv')); for await (const row of csv.rows) …
 */
export async function openCsv(input: NodeJS.ReadableStream): Promise<CsvReader> {
  const source = toAsyncIterator(input);
  let bytes = 0;
  const head: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  while (headLength < SNIFF_BYTES) {
    const next = await source.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    head.push(chunk);
    headLength += chunk.length;
  }
  const first = Buffer.concat(head);
  const { encoding, bom } = sniffEncoding(first);
  const decoder = new TextDecoder(encoding);
  const firstText = decoder.decode(first, { stream: !ended });
  let text = firstText;
  // Excel's "sep=;" hint line names the separator and is not part of the data.
  let lineOffset = 0;
  const hint = /^sep=([,;\t])\r?\n/.exec(text);
  if (hint) {
    text = text.slice(hint[0].length);
    lineOffset = 1;
  }
  const delimiter = (hint?.[1] as CsvFormat['delimiter'] | undefined) ?? sniffDelimiter(text);
  const quote = sniffQuote(text, delimiter);
  const format: CsvFormat = { encoding, bom, delimiter, quote };

  async function* decoded(): AsyncGenerator<string> {
    bytes += first.length;
    if (text) yield text;
    if (ended) return;
    for (;;) {
      const next = await source.next();
      if (next.done) break;
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      bytes += chunk.length;
      const part = decoder.decode(chunk, { stream: true });
      if (part) yield part;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }

  const skipped: CsvBadRow[] = [];
  // csv-parse's line count (`context.lines`, where a record ends) counts a CRLF inside a quoted value as two
  // lines; `extra` is how far ahead it is by now. `lastEnd` is the true line the last record ended on.
  let extra = 0;
  let lastEnd = 0;
  const parser = parse({
    delimiter,
    quote,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record: string[], context: InfoRecord) => {
      let breaks = 0;
      for (const cell of record) {
        const crlf = count(cell, '\r\n');
        breaks += count(cell, '\n') + count(cell, '\r') - crlf;
        extra += crlf;
      }
      lastEnd = context.lines - extra;
      // The iterator below reads these objects in place of the bare cells.
      return { cells: record, line: lastEnd - breaks + lineOffset } as unknown as string[];
    },
    on_skip: (err: CsvError | undefined) => {
      const line = lastEnd + 1 + lineOffset;
      // The parser's own message is English; it follows our words in any language.
      const detail = err?.message;
      const reason: Text =
        err?.code === 'CSV_QUOTE_NOT_CLOSED'
          ? (m) => m.transfer.reasons.quoteNotClosed
          : (m) => m.transfer.reasons.notValidCsv(detail ?? m.transfer.reasons.unreadableRow);
      skipped.push({ kind: 'bad', line, reason });
      return undefined;
    },
  });
  const decodedText = Readable.from(decoded());
  // `pipe` does not pass a source's failure on (an upload cut short, a limit hit): the parser must fail too.
  decodedText.on('error', (err) => parser.destroy(err));
  const records = decodedText.pipe(parser);
  const iterator = records[Symbol.asyncIterator]() as AsyncIterator<{ cells: string[]; line: number }>;

  const header = await iterator.next();
  const headers = header.done ? [] : header.value.cells.map((h) => h.trim());

  async function* rows(): AsyncGenerator<CsvRow | CsvBadRow> {
    for (;;) {
      const next = await iterator.next();
      while (skipped.length > 0) {
        const bad = skipped.shift();
        if (bad) yield bad;
      }
      if (next.done) return;
      const { cells, line } = next.value;
      if (cells.every((cell) => cell.trim() === '')) continue;
      yield { kind: 'row', line, cells };
    }
  }

  const close = () => {
    parser.destroy();
    decodedText.destroy();
    (input as unknown as { destroy?: () => void }).destroy?.();
  };
  return { format, headers, rows: rows(), bytesRead: () => bytes, close };
}

function toAsyncIterator(input: NodeJS.ReadableStream): AsyncIterator<Buffer | string> {
  const iterable = input as unknown as AsyncIterable<Buffer | string>;
  if (typeof iterable[Symbol.asyncIterator] === 'function') return iterable[Symbol.asyncIterator]();
  return Readable.from(input as unknown as Iterable<Buffer>)[Symbol.asyncIterator]();
}

function count(text: string, part: string): number {
  let n = 0;
  for (let i = text.indexOf(part); i !== -1; i = text.indexOf(part, i + part.length)) n++;
  return n;
}

function sniffEncoding(first: Buffer): { encoding: CsvFormat['encoding']; bom: boolean } {
  if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (first[0] === 0xff && first[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  try {
    // A multi-byte character may be cut at the end of the sniffed part; `stream` forgives that.
    new TextDecoder('utf-8', { fatal: true }).decode(first, { stream: true });
    return { encoding: 'utf-8', bom: false };
  } catch {
    return { encoding: 'windows-1252', bom: false };
  }
}

/** The separator the first line uses most, counting outside double quotes; `,` when there is none. */
function sniffDelimiter(text: string): CsvFormat['delimiter'] {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  const best = (Object.entries(counts) as [CsvFormat['delimiter'], number][]).sort((a, b) => b[1] - a[1])[0];
  return best && best[1] > 0 ? best[0] : ',';
}

/** Single quotes only when the header's fields are wrapped in them and never in double quotes. */
function sniffQuote(text: string, delimiter: string): CsvFormat['quote'] {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  if (line.includes('"')) return '"';
  const fields = line.split(delimiter);
  return fields.length > 0 && fields.every((f) => /^'.*'$/.test(f.trim())) ? "'" : '"';
}
