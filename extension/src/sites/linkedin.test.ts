import { describe, expect, it } from 'vitest';

import { MatchPattern } from '#imports';

import company from '../../../tests/fixtures/linkedin/company.html?raw';
import profile from '../../../tests/fixtures/linkedin/profile.html?raw';
import profile2 from '../../../tests/fixtures/linkedin/profile-2.html?raw';
import profile3 from '../../../tests/fixtures/linkedin/profile-3.html?raw';
import * as linkedin from './linkedin';

const pages = { profile, 'profile-2': profile2, 'profile-3': profile3, company };
const count = (html: string, selector: string) =>
  new DOMParser().parseFromString(html, 'text/html').querySelectorAll(selector).length;

/** Expected matches of each named selector on each saved page (profile, profile-2, profile-3, company). */
const EXPECTED: Record<string, [number, number, number, number]> = {
  // The messaging overlay's h1 sits outside `main`; the 2025 layout has no h1 at all.
  PROFILE_NAME: [1, 0, 0, 1],
  PROFILE_TOP_CARD: [0, 1, 1, 0],
  PROFILE_TOP_CARD_NAME: [0, 1, 1, 0],
  // Company pages reuse the class on their details; it is only read on profiles, inside the top card.
  PROFILE_HEADLINE: [1, 0, 0, 4],
  PROFILE_CURRENT_COMPANY: [1, 0, 0, 0],
  EXPERIENCE_ANCHOR: [1, 0, 0, 0],
  EXPERIENCE_SECTION: [0, 1, 1, 0],
  // Most company links are noise (education, interests, activity, asides, tabs), hence reads stay in Experience.
  COMPANY_LINK: [7, 2, 2, 7],
  SCREEN_READER_TEXT: [10, 0, 0, 0],
  COMPANY_NAME: [1, 0, 0, 1],
  COMPANY_DETAIL_TERM: [0, 0, 0, 4],
  COMPANY_INFO_ITEM: [0, 0, 0, 5],
  EXTERNAL_LINK: [0, 0, 0, 2],
};

const selectors = Object.entries(linkedin).flatMap(([name, value]): [string, string][] =>
  typeof value === 'string' ? [[name, value]] : [],
);

describe('linkedin selectors', () => {
  it('should have an expected count for every named selector', () => {
    expect(selectors.map(([name]) => name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(selectors)('should match %s the expected number of times on each fixture', (name, selector) => {
    const counts = Object.values(pages).map((html) => count(html, selector));
    expect(counts).toEqual(EXPECTED[name]);
  });
});

describe('linkedin match patterns', () => {
  it.each([
    ['https://www.linkedin.com/in/elena-marchetti-4a1b2c/', true],
    ['https://www.linkedin.com/company/castellan-foods/about/', true],
    ['https://linkedin.com/in/elena-marchetti-4a1b2c/', false],
    ['https://www.example.com/in/elena/', false],
  ])('should match %s: %s', (url, matches) => {
    expect(linkedin.LINKEDIN_MATCHES.some((p) => new MatchPattern(p).includes(url))).toBe(matches);
  });
});
