import { describe, expect, it } from 'vitest';

import company from '../../../tests/fixtures/linkedin/company.html?raw';
import profile from '../../../tests/fixtures/linkedin/profile.html?raw';
import profile2 from '../../../tests/fixtures/linkedin/profile-2.html?raw';
import profile3 from '../../../tests/fixtures/linkedin/profile-3.html?raw';
import { extractCompany, extractProfile, pageKind } from './linkedin';

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const at = (href: string) => ({ href, pathname: new URL(href).pathname });

const ELENA_URL = at('https://www.linkedin.com/in/elena-marchetti-4a1b2c/');
const SARA_URL = at('https://www.linkedin.com/in/sara-lindqvist-n0rr/');
const MARCO_URL = at('https://www.linkedin.com/in/marco-bruni-7c3d9e/');
const COMPANY_URL = at('https://www.linkedin.com/company/castellan-foods/');

describe('pageKind', () => {
  it.each([
    ['https://www.linkedin.com/in/elena-marchetti-4a1b2c/', 'profile'],
    ['https://www.linkedin.com/in/Elena-Marchetti-4a1b2c/overlay/contact-info/', 'profile'],
    ['https://www.linkedin.com/in/elena-marchetti-4a1b2c/details/experience/', 'profile'],
    ['https://www.linkedin.com/company/castellan-foods/', 'company'],
    ['https://www.linkedin.com/company/castellan-foods/about/?viewAsMember=true', 'company'],
    ['https://www.linkedin.com/company/481234/', 'company'],
    ['https://www.linkedin.com/feed/', 'other'],
    ['https://www.linkedin.com/in/', 'other'],
    ['https://www.linkedin.com/school/universita-di-verona/', 'other'],
    ['https://www.example.com/in/elena/', 'other'],
  ])('should read %s as %s', (href, kind) => {
    expect(pageKind(at(href))).toBe(kind);
  });

  it('should read a missing or malformed location as other', () => {
    expect(pageKind(undefined)).toBe('other');
    expect(pageKind({ href: 'not a url', pathname: '' })).toBe('other');
  });
});

describe('extractProfile', () => {
  it('should read the classic layout: top card, headline and the linked current company', () => {
    expect(extractProfile(parse(profile), ELENA_URL)).toEqual({
      slug: 'elena-marchetti-4a1b2c',
      name: 'Elena Marchetti',
      headline: 'Head of Procurement at Castellan Foods | Cold chain and packaging sourcing',
      company: { name: 'Castellan Foods', slug: 'castellan-foods' },
    });
  });

  it('should read the 2025 layout, with a current company that has no LinkedIn page', () => {
    expect(extractProfile(parse(profile2), SARA_URL)).toEqual({
      slug: 'sara-lindqvist-n0rr',
      name: 'Sara Lindqvist',
      headline: 'Head of Procurement · Norrland Logistics | Sustainable freight',
      company: { name: 'Norrland Logistics', slug: null },
    });
  });

  it('should read the 2025 layout by its top card key alone, with a linked current company', () => {
    expect(extractProfile(parse(profile3), MARCO_URL)).toEqual({
      slug: 'marco-bruni-7c3d9e',
      name: 'Marco Bruni',
      headline: 'Warehouse Lead at Castellan Foods · Verona plant',
      company: { name: 'Castellan Foods', slug: 'castellan-foods' },
    });
  });

  it('should take the slug from the URL, normalised', () => {
    const href = 'https://it.linkedin.com/in/Elena-Marchetti-4A1B2C/?locale=it_IT';
    expect(extractProfile(parse(profile), at(href))?.slug).toBe('elena-marchetti-4a1b2c');
  });

  it('should read the company from the first Experience entry when the top card has no current company', () => {
    const doc = parse(profile);
    for (const el of doc.querySelectorAll('[aria-label^="Current company:"]')) el.remove();
    expect(extractProfile(doc, ELENA_URL)?.company).toEqual({
      name: 'Castellan Foods',
      slug: 'castellan-foods',
    });
  });

  it('should keep the current company without a slug when no Experience entry matches it', () => {
    const doc = parse(profile);
    doc.querySelector('#experience')?.closest('section')?.remove();
    expect(extractProfile(doc, ELENA_URL)?.company).toEqual({ name: 'Castellan Foods', slug: null });
  });

  it('should read a single-role entry and fall back to the logo text', () => {
    const doc = parse(`<main><h1>Ann Able</h1>
      <section><div id="experience"></div><ul>
        <li><a href="/company/12345/"><img alt="Acme Robotics logo"></a><div><span>CTO</span><span>Jan 2020 - Present</span></div></li>
      </ul></section></main>`);
    expect(extractProfile(doc, at('https://www.linkedin.com/in/ann-able/'))).toEqual({
      slug: 'ann-able',
      name: 'Ann Able',
      headline: null,
      company: { name: 'Acme Robotics', slug: '12345' },
    });
  });

  it('should not take companies from education, interests, activity or "People also viewed"', () => {
    const doc = parse(profile);
    doc.querySelector('#experience')?.closest('section')?.remove();
    for (const el of doc.querySelectorAll('[aria-label^="Current company:"]')) el.remove();
    expect(extractProfile(doc, ELENA_URL)?.company).toBeNull();
  });

  it('should wait for the name: null before the top card renders', () => {
    const doc = parse(profile);
    doc.querySelector('main h1')?.remove();
    expect(extractProfile(doc, ELENA_URL)).toBeNull();
  });

  it('should return null on pages that are not profiles', () => {
    expect(extractProfile(parse(company), COMPANY_URL)).toBeNull();
    expect(extractProfile(parse(profile), at('https://www.linkedin.com/feed/'))).toBeNull();
  });

  it.each([
    ['an empty document', ''],
    ['unclosed tags', '<main><h1>Ann <section><div id="experience"><ul><li><a href="/company/'],
    [
      'a bad company link',
      '<main><h1>Ann</h1><section><div id="experience"></div><ul><li><a href="http://[::1">x</a></li></ul></section></main>',
    ],
    [
      'an experience list without entries',
      '<main><h1>Ann</h1><section><div id="experience"></div><ul></ul></section></main>',
    ],
  ])('should not throw on %s', (_, html) => {
    expect(() => extractProfile(parse(html), ELENA_URL)).not.toThrow();
  });
});

describe('extractCompany', () => {
  it('should read name, website domain and industry', () => {
    expect(extractCompany(parse(company), COMPANY_URL)).toEqual({
      slug: 'castellan-foods',
      name: 'Castellan Foods',
      websiteDomain: 'castellan-foods.example',
      industry: 'Food and Beverage Manufacturing',
    });
  });

  it('should read the same data on the About tab', () => {
    const about = at('https://www.linkedin.com/company/castellan-foods/about/');
    expect(extractCompany(parse(company), about)).toEqual(extractCompany(parse(company), COMPANY_URL));
  });

  it('should unwrap the redirect of "Visit website" when there are no details', () => {
    const doc = parse(company);
    doc.querySelector('main dl')?.remove();
    expect(extractCompany(doc, COMPANY_URL)).toMatchObject({
      websiteDomain: 'castellan-foods.example',
      industry: 'Food and Beverage Manufacturing',
    });
  });

  it('should not take websites from posts or the side column', () => {
    const doc = parse(company);
    doc.querySelector('main dl')?.remove();
    doc.querySelector('.org-top-card-primary-actions__action')?.remove();
    expect(extractCompany(doc, COMPANY_URL)?.websiteDomain).toBeNull();
  });

  it('should read a website given as text, and a localised label', () => {
    const doc = parse(`<main><section><h1>Acme</h1></section>
      <dl><dt>Sito web</dt><dd>www.acme-robotics.example</dd><dt>Settore</dt><dd>Automazione</dd></dl></main>`);
    expect(extractCompany(doc, at('https://www.linkedin.com/company/acme-robotics/'))).toEqual({
      slug: 'acme-robotics',
      name: 'Acme',
      websiteDomain: 'acme-robotics.example',
      industry: 'Automazione',
    });
  });

  it('should return null on pages that are not companies, or before the name renders', () => {
    expect(extractCompany(parse(profile), ELENA_URL)).toBeNull();
    const doc = parse(company);
    doc.querySelector('main h1')?.remove();
    expect(extractCompany(doc, COMPANY_URL)).toBeNull();
  });

  it.each([
    ['an empty document', ''],
    ['a details list without values', '<main><h1>Acme</h1><dl><dt>Website</dt><dt>Industry</dt></dl></main>'],
    [
      'a javascript link',
      '<main><section><h1>Acme</h1><a target="_blank" href="javascript:alert(1)">x</a></section></main>',
    ],
  ])('should not throw on %s', (_, html) => {
    expect(() => extractCompany(parse(html), COMPANY_URL)).not.toThrow();
    expect(extractCompany(parse(html), COMPANY_URL)?.websiteDomain ?? null).toBeNull();
  });
});
