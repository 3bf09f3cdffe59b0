import { describe, expect, it } from 'vitest';

import { externalPageUrl, linkedinCompanyUrl, linkedinProfileUrl, mailtoUrl, websiteUrl } from './links';

describe('websiteUrl', () => {
  it.each([
    ['acme.example', 'https://acme.example/'],
    ['eu.acme.example', 'https://eu.acme.example/'],
    ['xn--bcher-kva.example', 'https://xn--bcher-kva.example/'],
    ['javascript:alert(1)', null],
    ['acme.example/"><img src=x>', null],
    ['evil.example@acme.example', null],
    ['http://acme.example', null],
    ['localhost', null],
    ['', null],
  ])('should turn %j into %j', (domain, url) => {
    expect(websiteUrl(domain)).toBe(url);
  });
});

describe('linkedinCompanyUrl and linkedinProfileUrl', () => {
  it.each([
    ['acme-corp', 'https://www.linkedin.com/company/acme-corp/'],
    ['société-générale', 'https://www.linkedin.com/company/soci%C3%A9t%C3%A9-g%C3%A9n%C3%A9rale/'],
    ['../../evil', null],
    ['acme?x=1', null],
    ['ACME', null],
  ])('should link the company slug %j as %j', (slug, url) => {
    expect(linkedinCompanyUrl(slug)).toBe(url);
  });

  it.each([
    ['jane-doe-1a2b', 'https://www.linkedin.com/in/jane-doe-1a2b/'],
    ['jane/../../company/x', null],
    ['javascript:alert(1)', null],
  ])('should link the profile slug %j as %j', (slug, url) => {
    expect(linkedinProfileUrl(slug)).toBe(url);
  });
});

describe('mailtoUrl', () => {
  it.each([
    ['jane@acme.example', 'mailto:jane@acme.example'],
    ['jane+crm@acme.example', 'mailto:jane+crm@acme.example'],
    ['a?cc=boss&x#y@acme.example', 'mailto:a%3Fcc%3Dboss%26x%23y@acme.example'],
    ['Jane@Acme.example', null],
    ['jane@acme.example?subject=hi', null],
    ['not an address', null],
  ])('should link %j as %j', (email, url) => {
    expect(mailtoUrl(email)).toBe(url);
  });
});

describe('externalPageUrl', () => {
  it('should keep an http(s) page a person saved', () => {
    expect(externalPageUrl('https://mail.google.com/mail/u/0/#inbox/FMfcg')).toBe(
      'https://mail.google.com/mail/u/0/#inbox/FMfcg',
    );
    expect(externalPageUrl('http://intranet.ourco.example/deal?id=7')).toBe(
      'http://intranet.ourco.example/deal?id=7',
    );
  });

  it('should give no link for script, data or other schemes, however they are spelled', () => {
    for (const value of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\tscript:alert(1)',
      '\u0000javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '//evil.example/x',
      '/relative/path',
      'not a url',
      '',
    ]) {
      expect(externalPageUrl(value), value).toBeNull();
    }
  });
});
