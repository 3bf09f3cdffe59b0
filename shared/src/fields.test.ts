import { describe, expect, it } from 'vitest';

import { uniqueList, zCompanySlugInput, zDomainInput, zEmailInput, zProfileSlugInput } from './fields';

describe('zEmailInput', () => {
  it('should give the normalised address', () => {
    expect(zEmailInput.parse('Jane <Jane@ACME.com>')).toBe('jane@acme.com');
  });

  it('should reject a non-address quoting what was typed', () => {
    const res = zEmailInput.safeParse('jane at acme');
    expect(res.success).toBe(false);
    expect(res.error?.issues[0]?.message).toBe('"jane at acme" is not a valid email address');
  });
});

describe('zDomainInput', () => {
  it('should give the normalised domain of a pasted URL', () => {
    expect(zDomainInput.parse('https://www.Acme.com/contact')).toBe('acme.com');
  });

  it('should reject a single label quoting what was typed', () => {
    expect(zDomainInput.safeParse('intranet').error?.issues[0]?.message).toBe(
      '"intranet" is not a valid domain',
    );
  });
});

describe('zProfileSlugInput', () => {
  it.each([
    ['https://www.linkedin.com/in/Jane-Doe/', 'jane-doe'],
    ['in:jane-doe', 'jane-doe'],
    ['jane-doe', 'jane-doe'],
  ])('should accept %j as %s', (input, slug) => {
    expect(zProfileSlugInput.parse(input)).toBe(slug);
  });

  it.each(['https://www.linkedin.com/company/acme/', 'company:acme', 'https://example.com/in/jane'])(
    'should reject %j',
    (input) => {
      const res = zProfileSlugInput.safeParse(input);
      expect(res.error?.issues[0]?.message).toMatch(/is not a LinkedIn profile URL or slug/);
    },
  );
});

describe('zCompanySlugInput', () => {
  it.each([
    ['https://www.linkedin.com/company/Acme-SpA/about/', 'acme-spa'],
    ['company:acme', 'acme'],
    ['acme', 'acme'],
  ])('should accept %j as %s', (input, slug) => {
    expect(zCompanySlugInput.parse(input)).toBe(slug);
  });

  it('should reject a profile URL', () => {
    const res = zCompanySlugInput.safeParse('https://www.linkedin.com/in/jane-doe');
    expect(res.error?.issues[0]?.message).toMatch(/is not a LinkedIn company page URL or slug/);
  });
});

describe('uniqueList', () => {
  it('should drop entries that are duplicates once normalised, keeping the first order', () => {
    const list = uniqueList(zDomainInput, 10);
    expect(list.parse(['https://www.acme.com/', 'acme.it', 'ACME.com', 'acme.it.'])).toEqual([
      'acme.com',
      'acme.it',
    ]);
  });

  it('should reject a list longer than its limit and name the bad entry by index', () => {
    const list = uniqueList(zDomainInput, 2);
    expect(list.safeParse(['a.com', 'b.com', 'c.com']).success).toBe(false);
    expect(list.safeParse(['a.com', 'bad domain']).error?.issues[0]?.path).toEqual([1]);
  });
});
