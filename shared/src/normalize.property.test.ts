import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  domainSuffixes,
  emailWithoutPlus,
  normalizeDomain,
  normalizeEmail,
  parseLinkedin,
} from './normalize';

/*
 * Properties of the normalisers (issue 8, "bad input"): whatever the extension reads from a page and whatever
 * the server stores must compare equal, however an address or a LinkedIn URL is written. fast-check prints
 * the seed and the smallest failing input when one fails.
 */

const RUNS = { numRuns: 300 };
/** This package has no DOM or Node types; `URL` exists in both (as in normalize.ts). */
const Url = (globalThis as unknown as { URL: new (input: string) => { hostname: string } }).URL;

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,12}[a-z0-9])?$/).filter((l) => l !== 'www');
const tld = fc.constantFrom('com', 'it', 'de', 'example', 'co.uk', 'com.br');
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), tld)
  .map(([ls, t]) => [...ls, t].join('.'));
const local = fc
  .stringMatching(/^[a-z0-9](?:[a-z0-9._-]{0,20}[a-z0-9])?$/)
  .filter((l) => !l.includes('..') && !l.includes('+'));
const tag = fc.stringMatching(/^[a-z0-9]{1,10}$/);
/** Non-ASCII labels, written as a person would type them (the normalised form is their punycode). */
const idnLabel = fc.stringMatching(/^[a-zäöüéèàçñ]{1,6}[äöüéèàçñ][a-z]{0,6}$/);

/** The same text with some letters in upper case. */
function mixedCase(text: string): fc.Arbitrary<string> {
  return fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((upper) => [...text].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join(''));
}

const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary' }),
);

describe('normalisers under random input', () => {
  it('should never throw, whatever the text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const email = normalizeEmail(text);
        if (email !== null) {
          emailWithoutPlus(email);
          domainSuffixes(email.slice(email.lastIndexOf('@') + 1));
        }
        normalizeDomain(text);
        parseLinkedin(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('should normalise an address to itself: normalising twice changes nothing', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyText,
          fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`),
        ),
        (text) => {
          const once = normalizeEmail(text);
          if (once !== null) expect(normalizeEmail(once)).toBe(once);
        },
      ),
      RUNS,
    );
  });

  it('should read an address the same in any case, wrapper and trailing dot', () => {
    const written = fc
      .tuple(local, domain)
      .chain(([l, d]) =>
        fc.tuple(
          fc.constant(`${l}@${d}`),
          mixedCase(`${l}@${d}`),
          fc.constantFrom('', '.', '..'),
          fc.constantFrom(
            '%',
            ' %  ',
            '<%>',
            'Jane Doe <%>',
            '"Doe, Jane" <%>',
            'mailto:%',
            'MAILTO:%?subject=Hi',
          ),
        ),
      );
    fc.assert(
      fc.property(written, ([plain, cased, dots, wrapper]) => {
        expect(normalizeEmail(wrapper.replace('%', `${cased}${dots}`))).toBe(plain);
      }),
      RUNS,
    );
  });

  it('should keep plus addressing, and drop exactly the tag when asked', () => {
    fc.assert(
      fc.property(local, tag, domain, (l, t, d) => {
        const email = normalizeEmail(`${l.toUpperCase()}+${t}@${d}`);
        expect(email).toBe(`${l}+${t}@${d}`);
        expect(emailWithoutPlus(email as string)).toBe(`${l}@${d}`);
        expect(emailWithoutPlus(`${l}@${d}`)).toBeNull();
      }),
      RUNS,
    );
  });

  it('should store an international domain as its punycode, however it was written', () => {
    fc.assert(
      fc.property(local, idnLabel, tld, (l, idn, t) => {
        const puny = new Url(`http://${idn}.${t}`).hostname;
        expect(puny).toMatch(/^xn--/);
        const fromUnicode = normalizeEmail(`${l}@${idn.toUpperCase()}.${t}`);
        expect(fromUnicode).toBe(`${l}@${puny}`);
        expect(normalizeEmail(`${l}@${puny}`)).toBe(fromUnicode);
        expect(normalizeDomain(`https://www.${idn}.${t}/`)).toBe(puny);
        expect(fromUnicode).toMatch(/^[\x21-\x7e]+$/);
      }),
      RUNS,
    );
  });

  it('should reduce a web address to its domain, and list the domain then each parent', () => {
    const written = domain.chain((d) =>
      fc.tuple(
        fc.constant(d),
        mixedCase(d),
        fc.constantFrom('', 'http://', 'https://', 'HTTPS://www.', 'www.', '@'),
        fc.constantFrom('', '.', '/', '/about?x=1#top', ':8443/path'),
      ),
    );
    fc.assert(
      fc.property(written, ([d, cased, before, after]) => {
        expect(normalizeDomain(`${before}${cased}${after}`)).toBe(d);
        const suffixes = domainSuffixes(d);
        expect(suffixes[0]).toBe(d);
        expect(suffixes).toHaveLength(d.split('.').length - 1);
        for (const [i, s] of suffixes.entries()) {
          if (i > 0) expect(suffixes[i - 1]?.endsWith(`.${s}`)).toBe(true);
          expect(s.split('.').length).toBeGreaterThanOrEqual(2);
        }
      }),
      RUNS,
    );
  });

  it('should read a LinkedIn profile or company the same from any host, path, query and case', () => {
    const slug = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,28}[a-z0-9])$/);
    const written = fc.tuple(
      slug,
      fc.constantFrom('profile', 'company'),
      fc.constantFrom('https://', 'http://', ''),
      fc.constantFrom('www.', '', 'it.', 'de.', 'm.', 'fr.'),
      fc.constantFrom('', '/', '/details/experience/', '/about/', '/recent-activity/all/'),
      fc.constantFrom('', '?trk=public_profile&locale=it_IT', '?originalSubdomain=it', '#experience'),
      fc.boolean(),
      fc.boolean(),
    );
    fc.assert(
      fc.property(written, ([s, kind, scheme, host, rest, query, upper, mobilePath]) => {
        const section = kind === 'profile' ? 'in' : 'company';
        const hostName = upper ? `${host}LinkedIn.COM` : `${host}linkedin.com`;
        const path = `${mobilePath ? '/mwlite' : ''}/${section}/${upper ? s.toUpperCase() : s}${rest}`;
        expect(parseLinkedin(`${scheme}${hostName}${path}${query}`)).toEqual({ kind, slug: s });
        expect(parseLinkedin(`${kind === 'company' ? 'company' : 'in'}:${s}`)).toEqual({ kind, slug: s });
      }),
      RUNS,
    );
  });

  it('should decode a percent-encoded slug and refuse hosts that only look like LinkedIn', () => {
    const unicodeSlug = fc.stringMatching(/^[a-zäöüéñ]{2,8}-[a-zäöüéñ]{2,8}$/);
    fc.assert(
      fc.property(
        unicodeSlug,
        fc.constantFrom('evil.example', 'linkedin.com.evil.example', 'notlinkedin.com'),
        (s, host) => {
          expect(parseLinkedin(`https://www.linkedin.com/in/${encodeURIComponent(s)}/`)).toEqual({
            kind: 'profile',
            slug: s,
          });
          expect(parseLinkedin(`https://${host}/in/${s}/`)).toBeNull();
        },
      ),
      RUNS,
    );
  });
});
