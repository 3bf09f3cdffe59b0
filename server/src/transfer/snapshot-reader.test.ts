import { describe, expect, it } from 'vitest';

import { type SnapshotEvent, SnapshotScanner, SnapshotSyntaxError } from './snapshot-reader';

const DOC = {
  format: 'rapport-export',
  version: 1,
  counts: { users: 3, accounts: 1, empty: 0 },
  data: {
    users: [
      { id: 'u1', name: 'Ada "the admin" {not an object}', tags: ['[', ']', '\\'], active: true },
      { id: 'u2', name: 'Zoë Ångström — 東京 🎉', n: -12.5e3, none: null },
      { id: 'u3', name: 'ends in a backslash \\', title: '\\"quoted\\" \\\\', '"key\\': '"' },
    ],
    empty: [],
    accounts: [
      { id: 'a1', notes: 'line one,\nline two\t"q"', nested: { deep: [{ x: [1, 2, { y: '}' }] }] } },
    ],
  },
};

function scan(text: string, pieceSize: number): SnapshotEvent[] {
  const scanner = new SnapshotScanner();
  const events: SnapshotEvent[] = [];
  for (let i = 0; i < text.length; i += pieceSize) events.push(...scanner.feed(text.slice(i, i + pieceSize)));
  events.push(...scanner.end());
  return events;
}

const EXPECTED: SnapshotEvent[] = [
  { type: 'field', key: 'format', value: 'rapport-export' },
  { type: 'field', key: 'version', value: 1 },
  { type: 'field', key: 'counts', value: DOC.counts },
  { type: 'section', key: 'users' },
  { type: 'record', section: 'users', index: 0, value: DOC.data.users[0] },
  { type: 'record', section: 'users', index: 1, value: DOC.data.users[1] },
  { type: 'record', section: 'users', index: 2, value: DOC.data.users[2] },
  { type: 'sectionEnd', key: 'users', count: 3 },
  { type: 'section', key: 'empty' },
  { type: 'sectionEnd', key: 'empty', count: 0 },
  { type: 'section', key: 'accounts' },
  { type: 'record', section: 'accounts', index: 0, value: DOC.data.accounts[0] },
  { type: 'sectionEnd', key: 'accounts', count: 1 },
  { type: 'end' },
];

describe('SnapshotScanner', () => {
  it.each([
    ['minified', JSON.stringify(DOC)],
    ['pretty-printed', JSON.stringify(DOC, null, 2)],
    ['with a byte order mark and CRLF', `\uFEFF${JSON.stringify(DOC, null, '\t').replace(/\n/g, '\r\n')}`],
  ])('should read a %s snapshot the same whatever the piece size', (_name, text) => {
    for (const size of [1, 2, 3, 7, 64, text.length]) expect(scan(text, size)).toEqual(EXPECTED);
  });

  it.each([
    ['a cut-off file', JSON.stringify(DOC).slice(0, 120), /ends too early/],
    ['a list at the top', '[1, 2]', /Expected a JSON object/],
    ['data that is not an object', '{"format":"x","data":[]}', /"data" to be an object/],
    ['a section that is not a list', '{"data":{"users":{}}}', /"users" to be a list/],
    ['a broken record', '{"data":{"users":[{"id":}]}}', /record 1 of "users" \(line 1\) is not valid JSON/],
    [
      'a line break inside a string',
      '{"data":{"users":[{"id":"u1"},\n{"id":"u\n2"}]}}',
      /record 2 of "users" \(line 3\) is not valid JSON/,
    ],
    ['text after the end', '{"data":{}} {}', /Expected the end of the file/],
    ['a field after data', '{"data":{},"format":"rapport-export"}', /no more fields after "data"/],
  ])('should refuse %s', (_name, text, message) => {
    expect(() => scan(text, 5)).toThrow(SnapshotSyntaxError);
    expect(() => scan(text, 5)).toThrow(message);
  });
});
