import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));

/** What names a secret: a token, password, CSRF value, session cookie or a stored hash of one. */
const SECRET =
  /^(token|csrf|secret|password|cookie|[a-z_]*hash|[a-z]*(Token|Secret|Password|Hash|Csrf|Cookie))$/i;

/**
 * Comparisons that look like secrets but are not, each with why. Anything else comparing a secret with `===`
 * (which returns at the first different character) must use `safeEqual` or look the value up by its hash.
 */
const ALLOWED: Record<string, string> = {
  'admin/pages/links.tsx: f.passwordRepeat !== f.password': 'two fields of one form, both the sender’s own',
  'lib/idempotency.ts: row.request_hash !== hash': 'a hash of the request body, not a secret',
  'db/search-repository.ts: w === token': 'a word of a search',
  'db/search-repository.ts: w[0] === token[0]': 'a word of a search',
  'transfer/csv-import.ts: first.hash === hash': 'a hash of an imported file',
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'test' ? [] : sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && e.name !== 'test-kit.ts' ? [path] : [];
  });
}

/** Every `a === b` / `a !== b` in a line where one side's last name is a secret's. */
function secretComparisons(file: string, text: string): string[] {
  const found: string[] = [];
  const operand = String.raw`[\w.\[\]?]+`;
  const re = new RegExp(`(${operand})\\s*(===|!==|==|!=)\\s*(${operand})`, 'g');
  for (const line of text.split('\n')) {
    if (/^\s*(\/\/|\*)/.test(line)) continue;
    for (const m of line.matchAll(re)) {
      // Whether a secret is there at all (`!== undefined`, `=== null`) tells nothing about its value.
      if ([m[1], m[3]].some((s) => s === 'undefined' || s === 'null')) continue;
      const names = [m[1], m[3]].map(
        (s) =>
          (s ?? '')
            .replace(/\[.*?\]|\?/g, '')
            .split('.')
            .at(-1) ?? '',
      );
      if (names.some((n) => SECRET.test(n) && !/^(tokenId|token_id)$/.test(n)))
        found.push(`${file}: ${m[0]}`);
    }
  }
  return found;
}

describe('secrets are compared in constant time', () => {
  it('should find no === or !== on a token, password, CSRF value or hash in server/src', () => {
    const found = sources(SRC).flatMap((path) =>
      secretComparisons(relative(SRC, path), readFileSync(path, 'utf8')),
    );
    expect(found.length).toBeGreaterThan(0); // the allowed ones: the scan reads the sources
    expect(found.filter((f) => !(f in ALLOWED))).toEqual([]);
    expect(
      Object.keys(ALLOWED).filter((a) => !found.includes(a)),
      'allowed entries no longer in the code',
    ).toEqual([]);
  });

  it('should catch a plain comparison of a CSRF value or a token', () => {
    expect(secretComparisons('x.ts', 'if (sent === session.csrf) ok();')).toEqual([
      'x.ts: sent === session.csrf',
    ]);
    expect(secretComparisons('x.ts', 'return row.token_hash !== given;')).toHaveLength(1);
    expect(secretComparisons('x.ts', 'if (cookieToken == stored) ok();')).toHaveLength(1);
    expect(secretComparisons('x.ts', 'if (row.id === session.tokenId) ok();')).toEqual([]);
    expect(secretComparisons('x.ts', 'if (passwordHash !== undefined) ok();')).toEqual([]);
  });
});
