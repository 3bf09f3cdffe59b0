import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

/*
 * Stored XSS stays out by construction: Preact and hono/jsx escape every value they render, so data reaches
 * the page as text unless code hands it to an HTML sink or builds a URL from it. This test reads the source
 * (extension and server, tests left out) and fails on either that was not reviewed (docs/security.md, "XSS").
 */

const ROOT = join(import.meta.dirname, '..', '..');
const SCANNED = ['extension/src', 'extension/entrypoints', 'server/src'];
/** Tests and test kits may build HTML on purpose (fixtures, payloads). */
const NOT_SHIPPED =
  /(\.test\.tsx?|[/-]test-kit\.tsx?|\/test-[^/]*\.ts|-test-data\.ts|-test-world\.ts|\/test\/[^/]*\.ts)$/;

/** Ways to turn a string into markup or code. */
const SINKS: [string, RegExp][] = [
  ['innerHTML', /\binnerHTML\b/],
  ['outerHTML =', /\bouterHTML\s*=[^=]/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
  ['dangerouslySetInnerHTML', /\bdangerouslySetInnerHTML\b/],
  ['setHTMLUnsafe / parseHTMLUnsafe', /\b(setHTMLUnsafe|parseHTMLUnsafe)\b/],
  ['document.write', /\bdocument\.write(ln)?\s*\(/],
  ['srcdoc', /\bsrcdoc\b/],
  ['createContextualFragment', /\bcreateContextualFragment\b/],
  ['DOMParser', /\bnew DOMParser\b/],
  ['hono raw()', /(^|[^\w.])raw\(/],
  ['eval', /(^|[^\w.])eval\s*\(/],
  ['new Function', /\bnew Function\s*\(/],
];

/** A use reviewed in place carries this marker, with the reason, on its line or the line before. */
const REVIEWED = 'reviewed-html:';

/** URL attributes whose value may be a stored value, and the only functions that may build them from data. */
const URL_ATTRIBUTES = /\b(href|src|action|formaction)=\{/g;
const SAFE_URL_BUILDERS =
  /^(accountHref|accountsHref|websiteUrl|linkedinCompanyUrl|linkedinProfileUrl|mailtoUrl|externalPageUrl)\(/;
/**
 * URL attributes set from a variable, each reviewed: where the value comes from. A new one fails the test
 * until it is built by a safe builder or listed here.
 */
const REVIEWED_URLS: Record<string, string> = {
  'extension/src/pages/external-link.tsx href={href}':
    'callers pass links.ts results only (websiteUrl, mailtoUrl…)',
  'extension/src/pages/account-detail.tsx href={s.href}': 'websiteUrl(d), filtered to non-null above',
  'extension/src/pages/account-detail.tsx href={company}': 'linkedinCompanyUrl(slug)',
  'extension/src/pages/contact-detail.tsx href={href}': 'mailtoUrl(email)',
  'extension/src/pages/contact-detail.tsx href={profile}': 'linkedinProfileUrl(slug)',
  'extension/src/dashboard/account-page.tsx href={site.href}': 'websiteUrl(domain)',
  'extension/src/dashboard/timeline-section.tsx href={link}': 'externalPageUrl(t.link): http(s) only',
  'extension/src/dashboard/plan-editor.tsx action={a}': 'a component prop (a plan action), not a URL',
  'server/src/admin/layout.tsx href={href}': 'the navigation: fixed /admin paths',
  'server/src/admin/layout.tsx href={i.href}': 'the error summary: #field ids',
  'server/src/admin/layout.tsx href={next}':
    'the pager: /admin paths built by each page with URLSearchParams',
  'server/src/admin/create-panel.tsx action={action}': 'callers pass fixed /admin paths',
  'server/src/admin/pages/transfer-views.tsx action={`${uploadPath(upload)}/apply`}':
    'uploadPath: /admin/transfer/uploads/ and the upload id the server made',
  'server/src/admin/pages/transfer-views.tsx action={`${uploadPath(upload)}/discard`}': 'the same',
};

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .filter((file) => !NOT_SHIPPED.test(`/${file}`) && !file.includes('node_modules'));
}

const isComment = (line: string) => /^\s*(\/\/|\*|\/\*)/.test(line);

/** The expression inside `{…}` starting at `open` (the brace), braces balanced. */
function braced(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i).trim();
  }
  return text.slice(open + 1).trim();
}

describe('HTML sinks and URLs built from data', () => {
  const files = SCANNED.flatMap(filesUnder);

  it('should scan the shipped source of the extension and the server', () => {
    expect(files).toEqual(expect.arrayContaining(['server/src/app.ts', 'extension/src/pages/links.ts']));
    expect(files.some((f) => f.endsWith('.test.ts'))).toBe(false);
    expect(files.length).toBeGreaterThan(100);
  });

  it('should hand no data to innerHTML, dangerouslySetInnerHTML, insertAdjacentHTML, outerHTML, eval or their kin', () => {
    const found: string[] = [];
    for (const file of files) {
      const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (isComment(line)) return;
        for (const [name, pattern] of SINKS) {
          if (!pattern.test(line)) continue;
          if (line.includes(REVIEWED) || lines[i - 1]?.includes(REVIEWED)) continue;
          found.push(`${file}:${i + 1} ${name}: ${line.trim()}`);
        }
      });
    }
    expect(
      found,
      `unreviewed HTML sinks (render text instead, or mark a static use "${REVIEWED} why")`,
    ).toEqual([]);
  });

  it('should build every link, form action and source from data through a safe URL builder', () => {
    const found: string[] = [];
    const listed = new Set<string>();
    for (const file of files.filter((f) => f.endsWith('.tsx'))) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const match of text.matchAll(URL_ATTRIBUTES)) {
        const expr = braced(text, (match.index ?? 0) + match[0].length - 1);
        const key = `${file} ${match[1]}={${expr}}`;
        // A template with a fixed same-origin start (`/admin/…`, `#…`), a constant, or a safe builder's result.
        const fixedStart = /^`(\/(?![/\\])|#)/.test(expr) || /^[A-Z][A-Z0-9_]*$/.test(expr);
        if (fixedStart || SAFE_URL_BUILDERS.test(expr)) continue;
        if (REVIEWED_URLS[key]) {
          listed.add(key);
          continue;
        }
        found.push(key);
      }
    }
    expect(
      found,
      'URL attributes set from data without a safe builder (extension/src/pages/links.ts)',
    ).toEqual([]);
    // An entry whose code is gone goes too, so the list stays the truth.
    expect(Object.keys(REVIEWED_URLS).filter((key) => !listed.has(key))).toEqual([]);
  });
});
