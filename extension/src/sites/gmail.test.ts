import { describe, expect, it } from 'vitest';

import { MatchPattern } from '#imports';

import compose from '../../../tests/fixtures/gmail/compose.html?raw';
import thread from '../../../tests/fixtures/gmail/thread.html?raw';
import thread2 from '../../../tests/fixtures/gmail/thread-2.html?raw';
import * as gmail from './gmail';

const pages = { thread, 'thread-2': thread2, compose };
const count = (html: string, selector: string) =>
  new DOMParser().parseFromString(html, 'text/html').querySelectorAll(selector).length;

/** Expected matches of each named selector on each saved page (thread, thread-2, compose). */
const EXPECTED: Record<string, [number, number, number]> = {
  THREAD_SUBJECT: [1, 1, 0],
  MESSAGE: [5, 3, 0],
  MESSAGE_DATE: [4, 1, 0],
  MESSAGE_SENDER: [5, 3, 0],
  MESSAGE_RECIPIENT_LINE: [3, 2, 0],
  MESSAGE_RECIPIENT: [8, 5, 0],
  MESSAGE_DETAILS_ROW: [13, 3, 0],
  MESSAGE_DETAILS_LABEL: [13, 3, 0],
  // Body, quoted text and signature; in compose, the quoted text of the reply.
  MESSAGE_CONTENT: [7, 6, 2],
  COMPOSE_WINDOW: [0, 0, 2],
  COMPOSE_DIALOG: [0, 0, 2],
  COMPOSE_ID: [0, 0, 1],
  COMPOSE_DRAFT_ID: [0, 0, 2],
  COMPOSE_FIELD: [0, 0, 3],
  // Four chips in fields plus one autocomplete suggestion outside any window, hence reads stay in fields.
  COMPOSE_CHIP: [0, 0, 5],
  COMPOSE_LEGACY_CHIP: [0, 0, 2],
  ACCOUNT_BUTTON: [1, 1, 1],
};

const selectors = Object.entries(gmail).flatMap(([name, value]): [string, string][] =>
  typeof value === 'string' ? [[name, value]] : [],
);

describe('gmail selectors', () => {
  it('should have an expected count for every named selector', () => {
    expect(selectors.map(([name]) => name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(selectors)('should match %s the expected number of times on each fixture', (name, selector) => {
    const counts = Object.values(pages).map((html) => count(html, selector));
    expect(counts).toEqual(EXPECTED[name]);
  });
});

describe('gmail match patterns', () => {
  it.each([
    ['https://mail.google.com/mail/u/0/#inbox', true],
    ['https://mail.google.com/mail/u/1/#inbox/FMfcgzQbfBxZKtLwRmPsDcHnVjWqTkGx', true],
    ['https://www.google.com/', false],
    ['https://mail.example.com/mail/u/0/', false],
  ])('should match %s: %s', (url, matches) => {
    expect(gmail.GMAIL_MATCHES.some((p) => new MatchPattern(p).includes(url))).toBe(matches);
  });
});
