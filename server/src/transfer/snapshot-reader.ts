/*
 * A streaming reader for the JSON snapshot (`{ format, version, …, data: { <section>: [ records ] } }`): it
 * hands out the envelope's fields and then each record of each section as soon as its text is complete, so
 * a snapshot of any size is read with memory for one record at a time. Only the envelope's shape is parsed
 * here; each field and record is parsed with JSON.parse and validated by the caller. Pretty-printed,
 * minified or re-indented snapshots read alike; the envelope's fields must come before `data` (an export
 * writes them first).
 */

export type SnapshotEvent =
  | { type: 'field'; key: string; value: unknown }
  | { type: 'section'; key: string }
  | { type: 'record'; section: string; index: number; value: unknown }
  | { type: 'sectionEnd'; key: string; count: number }
  | { type: 'end' };

/** The file is not a well-formed snapshot; `message` says where. */
export class SnapshotSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotSyntaxError';
  }
}

/** Largest single record (or envelope field) in characters: far above any real one, a guard for memory. */
const MAX_VALUE = 16 * 1024 * 1024;

type State =
  | 'start'
  | 'topKeyOrEnd'
  | 'topKey'
  | 'topColon'
  | 'topValue'
  | 'topCommaOrEnd'
  | 'dataStart'
  | 'dataKeyOrEnd'
  | 'dataKey'
  | 'dataColon'
  | 'sectionStart'
  | 'recordOrEnd'
  | 'record'
  | 'recordCommaOrEnd'
  | 'dataCommaOrEnd'
  | 'done';

type Target = 'topKey' | 'topValue' | 'dataKey' | 'record';

interface Capture {
  target: Target;
  parts: string[];
  size: number;
  /** Where the not yet saved text of this capture starts in the current piece. */
  start: number;
  /** `{`/`[` nesting; 0 for a bare string or primitive. */
  depth: number;
  kind: 'string' | 'nested' | 'primitive';
  inString: boolean;
  escape: boolean;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const [QUOTE, BACKSLASH, COMMA, NEWLINE] = ['"', '\\', ',', '\n'].map((ch) => ch.charCodeAt(0)) as number[];
const [OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET] = ['{', '}', '[', ']'].map((ch) =>
  ch.charCodeAt(0),
) as number[];
const isSpace = (ch: number) => ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d;

/**
 * Raw line breaks inside the strings of a value (which make it invalid JSON): `skipString` does not see them, so
 * an error message adds them to the line where the value ends.
 */
function newlinesInStrings(raw: string): number {
  let n = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charCodeAt(i);
    if (ch === BACKSLASH && inString) i++;
    else if (ch === QUOTE) inString = !inString;
    else if (ch === NEWLINE && inString) n++;
  }
  return n;
}

/**
 * Scans a string value from `i`, in the string (an escape from the previous piece pending or not): jumps from
 * quote to quote and counts the backslashes before each, rather than looking at every character (most of a
 * snapshot is string contents). Returns the closing quote's index, or the piece's end with `inString` still
 * set and `escape` saying whether the piece ended inside an escape.
 */
function skipString(c: Capture, text: string, from: number): number {
  let i = from;
  if (c.escape) {
    c.escape = false;
    i++;
  }
  for (;;) {
    const quote = text.indexOf('"', i);
    const stop = quote < 0 ? text.length : quote;
    let backslashes = 0;
    for (let j = stop - 1; j >= i && text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
    if (quote < 0) {
      c.escape = backslashes % 2 === 1;
      return text.length;
    }
    if (backslashes % 2 === 0) {
      c.inString = false;
      return quote;
    }
    i = quote + 1;
  }
}

export class SnapshotScanner {
  private state: State = 'start';
  private capture: Capture | null = null;
  private topKey = '';
  private section = '';
  private index = 0;
  private line = 1;
  private sawData = false;
  private events: SnapshotEvent[] = [];

  /** Reads the next piece of text; returns the events it completed. */
  feed(text: string): SnapshotEvent[] {
    let i = 0;
    while (i < text.length) {
      if (this.capture) {
        i = this.continueCapture(text, i);
        continue;
      }
      const ch = text[i] as string;
      if (WHITESPACE.has(ch)) {
        if (ch === '\n') this.line++;
        i++;
        continue;
      }
      i = this.structural(ch, text, i);
    }
    if (this.capture) {
      this.save(this.capture, text.slice(this.capture.start));
      this.capture.start = 0;
    }
    return this.take();
  }

  /** The end of the input: throws unless the snapshot was complete. */
  end(): SnapshotEvent[] {
    if (this.capture?.kind === 'primitive') this.finish(this.capture, '');
    if (this.state !== 'done') {
      throw new SnapshotSyntaxError(
        `The file ends too early (line ${this.line}${this.section ? `, in "${this.section}" after ${this.index} records` : ''}); it is cut off or not a complete Rapport export`,
      );
    }
    return this.take();
  }

  private take(): SnapshotEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }

  private fail(expected: string, got: string): never {
    const where = this.section ? ` in "${this.section}" after ${this.index} records` : '';
    throw new SnapshotSyntaxError(
      `Expected ${expected} but found ${JSON.stringify(got)} at line ${this.line}${where}; this is not a Rapport export`,
    );
  }

  /** Handles one character outside a captured value; returns the next index. */
  private structural(ch: string, text: string, i: number): number {
    switch (this.state) {
      case 'start':
        if (ch === '\uFEFF') return i + 1;
        if (ch !== '{') this.fail('a JSON object', ch);
        this.state = 'topKeyOrEnd';
        return i + 1;
      case 'topKeyOrEnd':
      case 'topKey':
        if (ch === '}' && this.state === 'topKeyOrEnd') {
          this.state = 'done';
          this.events.push({ type: 'end' });
          return i + 1;
        }
        if (ch !== '"') this.fail('a field name', ch);
        return this.begin('topKey', text, i);
      case 'topColon':
        if (ch !== ':') this.fail('":"', ch);
        this.state = this.topKey === 'data' ? 'dataStart' : 'topValue';
        return i + 1;
      case 'topValue':
        return this.begin('topValue', text, i);
      case 'topCommaOrEnd':
        if (ch === ',') {
          this.state = 'topKey';
          return i + 1;
        }
        if (ch !== '}') this.fail('"," or "}"', ch);
        this.state = 'done';
        this.events.push({ type: 'end' });
        return i + 1;
      case 'dataStart':
        if (this.sawData) this.fail('one "data" field', 'data');
        if (ch !== '{') this.fail('"data" to be an object of record lists', ch);
        this.sawData = true;
        this.state = 'dataKeyOrEnd';
        return i + 1;
      case 'dataKeyOrEnd':
      case 'dataKey':
        if (ch === '}' && this.state === 'dataKeyOrEnd') {
          this.state = 'topCommaOrEnd';
          return i + 1;
        }
        if (ch !== '"') this.fail('a section name', ch);
        return this.begin('dataKey', text, i);
      case 'dataColon':
        if (ch !== ':') this.fail('":"', ch);
        this.state = 'sectionStart';
        return i + 1;
      case 'sectionStart':
        if (ch !== '[') this.fail(`"${this.section}" to be a list of records`, ch);
        this.index = 0;
        this.events.push({ type: 'section', key: this.section });
        this.state = 'recordOrEnd';
        return i + 1;
      case 'recordOrEnd':
      case 'record':
        if (ch === ']' && this.state === 'recordOrEnd') return this.endSection(i);
        return this.begin('record', text, i);
      case 'recordCommaOrEnd':
        if (ch === ',') {
          this.state = 'record';
          return i + 1;
        }
        if (ch !== ']') this.fail('"," or "]"', ch);
        return this.endSection(i);
      case 'dataCommaOrEnd':
        if (ch === ',') {
          this.state = 'dataKey';
          return i + 1;
        }
        if (ch !== '}') this.fail('"," or "}"', ch);
        this.state = 'topCommaOrEnd';
        return i + 1;
      case 'done':
        return this.fail('the end of the file', ch);
    }
  }

  private endSection(i: number): number {
    this.events.push({ type: 'sectionEnd', key: this.section, count: this.index });
    this.section = '';
    this.state = 'dataCommaOrEnd';
    return i + 1;
  }

  private begin(target: Target, text: string, i: number): number {
    const ch = text[i];
    const kind = ch === '"' ? 'string' : ch === '{' || ch === '[' ? 'nested' : 'primitive';
    if (target !== 'topValue' && target !== 'record' && kind !== 'string')
      this.fail('a quoted name', ch ?? '');
    this.capture = {
      target,
      parts: [],
      size: 0,
      start: i,
      depth: kind === 'nested' ? 1 : 0,
      kind,
      inString: kind === 'string',
      escape: false,
    };
    return kind === 'primitive' ? i : i + 1;
  }

  private save(capture: Capture, piece: string): void {
    capture.size += piece.length;
    if (capture.size > MAX_VALUE) {
      throw new SnapshotSyntaxError(
        `A value at line ${this.line}${this.section ? ` in "${this.section}"` : ''} is larger than ${MAX_VALUE} characters`,
      );
    }
    capture.parts.push(piece);
  }

  /** Scans a captured value from `i`; returns where scanning stopped (the piece's end, or after the value). */
  private continueCapture(text: string, from: number): number {
    const c = this.capture as Capture;
    const end = text.length;
    let i = from;
    while (i < end) {
      if (c.inString) {
        i = skipString(c, text, i);
        if (c.inString) return end;
        if (c.kind === 'string') return this.finish(c, text.slice(c.start, i + 1), i + 1);
        i++;
        continue;
      }
      // Character codes rather than one-character strings: this loop sees every byte of the file.
      const ch = text.charCodeAt(i);
      if (c.kind === 'primitive') {
        // The whitespace after it (a newline too) is the structural loop's to count.
        if (ch === COMMA || ch === CLOSE_BRACE || ch === CLOSE_BRACKET || isSpace(ch)) {
          return this.finish(c, text.slice(c.start, i), i);
        }
      } else if (ch === NEWLINE) this.line++;
      else if (ch === QUOTE) c.inString = true;
      else if (ch === OPEN_BRACE || ch === OPEN_BRACKET) c.depth++;
      else if (ch === CLOSE_BRACE || ch === CLOSE_BRACKET) {
        c.depth--;
        if (c.depth === 0) return this.finish(c, text.slice(c.start, i + 1), i + 1);
      }
      i++;
    }
    return end;
  }

  private finish(c: Capture, last: string, next = 0): number {
    this.save(c, last);
    this.capture = null;
    const raw = c.parts.join('');
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      const what = c.target === 'record' ? `record ${this.index + 1} of "${this.section}"` : `a value`;
      const line = this.line + newlinesInStrings(raw);
      throw new SnapshotSyntaxError(
        `${what} (line ${line}) is not valid JSON: ${(err as Error).message}; this is not a Rapport export`,
      );
    }
    switch (c.target) {
      case 'topKey':
        this.topKey = String(value);
        this.state = 'topColon';
        break;
      case 'topValue':
        if (this.sawData) this.fail('no more fields after "data"', this.topKey);
        this.events.push({ type: 'field', key: this.topKey, value });
        this.state = 'topCommaOrEnd';
        break;
      case 'dataKey':
        this.section = String(value);
        this.state = 'dataColon';
        break;
      case 'record':
        this.events.push({ type: 'record', section: this.section, index: this.index, value });
        this.index++;
        this.state = 'recordCommaOrEnd';
        break;
    }
    return next;
  }
}
