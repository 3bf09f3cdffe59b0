import { describe, expect, it } from 'vitest';

import {
  DEFAULT_PERSONAL_DOMAINS,
  domainInList,
  domainSuffixes,
  emailDomain,
  emailWithoutPlus,
  normalizeDomain,
  normalizeEmail,
  parseLinkedin,
} from './normalize';

describe('normalizeEmail', () => {
  it.each([
    ['JANE.DOE@ACME.COM', 'jane.doe@acme.com'],
    ['  jane@acme.com \n', 'jane@acme.com'],
    ['Jane Doe <Jane.Doe@Sub.ACME.com>', 'jane.doe@sub.acme.com'],
    ['"Doe, Jane" <jane@acme.com>', 'jane@acme.com'],
    ['mailto:jane@acme.com', 'jane@acme.com'],
    ['MAILTO:Jane@Acme.com', 'jane@acme.com'],
    ['mailto:sales@acme.com?subject=Quote%20request', 'sales@acme.com'],
    ['<mailto:jane@acme.com>', 'jane@acme.com'],
    ['jane+crm@acme.com', 'jane+crm@acme.com'],
    ['jörg@müller.de', 'jörg@xn--mller-kva.de'],
    ['JÖRG@MÜLLER.DE', 'jörg@xn--mller-kva.de'],
    ['jane@acme.com.', 'jane@acme.com'],
    ["o'brien@acme.ie", "o'brien@acme.ie"],
  ])('should normalise %j to %s', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it.each([
    ['no at sign', 'jane.acme.com'],
    ['two @ (one in the domain)', 'jane@acme@example.com'],
    ['a space in the local part', 'jane doe@acme.com'],
    ['a space in the domain', 'jane@ac me.com'],
    ['empty', ''],
    ['only spaces', '   '],
    ['nothing before @', '@acme.com'],
    ['nothing after @', 'jane@'],
    ['a single-label domain', 'a@localhost'],
    ['an IP literal', 'a@[192.168.0.1]'],
    ['a bare IP address', 'a@192.168.0.1'],
    ['a domain label starting with a hyphen', 'a@-bad.com'],
    ['an empty domain label', 'a@acme..com'],
    ['a leading dot in the local part', '.jane@acme.com'],
    ['a trailing dot in the local part', 'jane.@acme.com'],
    ['two dots in a row in the local part', 'jane..doe@acme.com'],
    ['a local part over 64 characters', `${'a'.repeat(65)}@acme.com`],
  ])('should reject %s: %j', (_why, input) => {
    expect(normalizeEmail(input)).toBeNull();
  });
});

describe('emailWithoutPlus', () => {
  it.each([
    ['jane+crm@acme.com', 'jane@acme.com'],
    ['jane+a+b@acme.com', 'jane@acme.com'],
    ['jane@acme.com', null],
    ['+tag@acme.com', null],
  ])('should turn %s into %s', (input, expected) => {
    expect(emailWithoutPlus(input)).toBe(expected);
  });
});

describe('emailDomain', () => {
  it.each([
    ['jane@acme.com', 'acme.com'],
    ['jane+x@eu.mail.acme.com', 'eu.mail.acme.com'],
  ])('should take the domain of %s', (input, expected) => {
    expect(emailDomain(input)).toBe(expected);
  });
});

describe('normalizeDomain', () => {
  it.each([
    ['https://www.Acme.COM./about', 'acme.com'],
    ['http://acme.com:8080/path/page?x=1#top', 'acme.com'],
    ['acme.com?ref=mail', 'acme.com'],
    ['acme.com:443', 'acme.com'],
    ['www.acme.com', 'acme.com'],
    ['WWW.ACME.IT', 'acme.it'],
    ['eu.acme.com', 'eu.acme.com'],
    ['www2.acme.com', 'www2.acme.com'],
    ['acme.com.', 'acme.com'],
    ['@acme.com', 'acme.com'],
    ['müller.de', 'xn--mller-kva.de'],
    ['https://www.MÜLLER.de/', 'xn--mller-kva.de'],
    ['xn--mller-kva.de', 'xn--mller-kva.de'],
    ['www.com', 'www.com'],
  ])('should normalise %j to %s', (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected);
  });

  it.each([
    ['a space', 'ac me.com'],
    ['a single label', 'localhost'],
    ['a label starting with a hyphen', '-bad.com'],
    ['a label ending with a hyphen', 'bad-.com'],
    ['an empty label', 'acme..com'],
    ['an underscore', 'my_company.com'],
    ['an IPv4 address', '192.168.0.1'],
    ['an IPv4 URL', 'http://10.0.0.1/admin'],
    ['an IPv6 address', '[::1]'],
    ['an email address', 'jane@acme.com'],
    ['empty', ''],
  ])('should reject %s: %j', (_why, input) => {
    expect(normalizeDomain(input)).toBeNull();
  });
});

describe('domainSuffixes', () => {
  it.each([
    ['eu.mail.acme.com', ['eu.mail.acme.com', 'mail.acme.com', 'acme.com']],
    ['acme.co.uk', ['acme.co.uk', 'co.uk']],
    ['acme.com', ['acme.com']],
    ['localhost', []],
  ])('should list %s and its parents, most specific first', (domain, expected) => {
    expect(domainSuffixes(domain)).toEqual(expected);
  });
});

describe('domainInList', () => {
  it.each([
    ['acme.com', ['acme.com'], true],
    ['eu.acme.com', ['acme.com'], true],
    ['mail.eu.acme.com', ['other.com', 'acme.com'], true],
    ['acme.com', ['eu.acme.com'], false],
    ['notacme.com', ['acme.com'], false],
    ['acme.com.evil.io', ['acme.com'], false],
    ['acme.com', [], false],
  ])('should say %s in %j is %s', (domain, list, expected) => {
    expect(domainInList(domain, list)).toBe(expected);
  });

  it('should treat the default webmail domains as personal', () => {
    expect(domainInList('gmail.com', DEFAULT_PERSONAL_DOMAINS)).toBe(true);
    expect(domainInList('acme.com', DEFAULT_PERSONAL_DOMAINS)).toBe(false);
  });
});

describe('parseLinkedin', () => {
  it.each([
    ['https://www.linkedin.com/in/jane-doe/', { kind: 'profile', slug: 'jane-doe' }],
    ['https://www.linkedin.com/company/acme-spa/', { kind: 'company', slug: 'acme-spa' }],
    ['https://it.linkedin.com/in/Jane-Doe-1a2b/?locale=it_IT', { kind: 'profile', slug: 'jane-doe-1a2b' }],
    ['https://m.linkedin.com/in/jane-doe', { kind: 'profile', slug: 'jane-doe' }],
    ['https://www.linkedin.com/mwlite/in/jane-doe', { kind: 'profile', slug: 'jane-doe' }],
    ['https://www.linkedin.com/in/jane-doe?trk=public_profile', { kind: 'profile', slug: 'jane-doe' }],
    ['https://www.linkedin.com/in/jane-doe/details/experience/', { kind: 'profile', slug: 'jane-doe' }],
    ['https://www.linkedin.com/company/acme-spa/people/', { kind: 'company', slug: 'acme-spa' }],
    ['https://www.linkedin.com/in/j%C3%B6rg-m%C3%BCller/', { kind: 'profile', slug: 'jörg-müller' }],
    ['https://www.linkedin.com/pub/jane-doe/1/2/3', { kind: 'profile', slug: 'jane-doe' }],
    ['linkedin.com/in/jane-doe', { kind: 'profile', slug: 'jane-doe' }],
    ['company:acme', { kind: 'company', slug: 'acme' }],
    ['COMPANY:Acme', { kind: 'company', slug: 'acme' }],
    ['in:Jane-Doe', { kind: 'profile', slug: 'jane-doe' }],
    ['Jane-Doe', { kind: 'any', slug: 'jane-doe' }],
  ])('should parse %j', (input, expected) => {
    expect(parseLinkedin(input)).toEqual(expected);
  });

  it.each([
    ['a URL of another site', 'https://example.com/in/jane-doe'],
    ['a look-alike host', 'https://linkedin.com.evil.io/in/jane-doe'],
    ['a host that only ends in linkedin', 'https://notlinkedin.com/in/jane-doe'],
    ['the feed', 'https://www.linkedin.com/feed/'],
    ['a profile URL without a slug', 'https://www.linkedin.com/in/'],
    ['a school page', 'https://www.linkedin.com/school/polimi/'],
    ['broken percent-encoding', 'https://www.linkedin.com/in/jane%E0%A4%A'],
    ['a slug with a space', 'jane doe'],
    ['a one-character slug', 'j'],
    ['a path without a host', 'in/jane-doe'],
    ['empty', ''],
  ])('should reject %s: %j', (_why, input) => {
    expect(parseLinkedin(input)).toBeNull();
  });
});
