import { describe, expect, it } from 'vitest';

import { MatchPattern } from '#imports';

import compose from '../../../tests/fixtures/outlook/compose.html?raw';
import pane from '../../../tests/fixtures/outlook/reading-pane.html?raw';
import pane2 from '../../../tests/fixtures/outlook/reading-pane-2.html?raw';
import paneIt from '../../../tests/fixtures/outlook/reading-pane-it.html?raw';
import * as outlook from './outlook';

const pages = { 'reading-pane': pane, 'reading-pane-2': pane2, 'reading-pane-it': paneIt, compose };
const count = (html: string, selector: string) =>
  new DOMParser().parseFromString(html, 'text/html').querySelectorAll(selector).length;

/** Expected matches of each named selector on each saved page (reading-pane, -2, -it, compose). */
const EXPECTED: Record<string, [number, number, number, number]> = {
  READING_PANE: [1, 1, 1, 0],
  CONVERSATION: [1, 1, 1, 0],
  // Header people, and mentions in bodies (never read) and suggestions in compose; pills in the Italian reply.
  PERSONA: [13, 4, 8, 6],
  RECIPIENT_WELL: [2, 1, 1, 0],
  MESSAGE_CONTENT: [3, 1, 2, 0],
  MESSAGE_DATE: [2, 1, 1, 0],
  // The subject span inside the pane's level-2 heading: both match, the span is read first.
  SUBJECT: [2, 2, 2, 0],
  MESSAGE_LIST: [1, 1, 1, 0],
  SELECTED_ROW: [1, 1, 1, 0],
  PERSONA_CARD: [2, 0, 0, 0],
  // The compose page's docking wrapper holds its ComposeForm: read as one form.
  COMPOSE_FORM: [0, 0, 1, 2],
  COMPOSE_EDITABLE: [0, 0, 3, 4],
  COMPOSE_BODY: [0, 0, 1, 1],
  COMPOSE_PILL: [13, 4, 8, 7],
  ACCOUNT_NAME: [1, 1, 1, 0],
  ACCOUNT_EMAIL: [1, 1, 1, 0],
};

const selectors = Object.entries(outlook).flatMap(([name, value]): [string, string][] =>
  typeof value === 'string' ? [[name, value]] : [],
);

describe('outlook selectors', () => {
  it('should have an expected count for every named selector', () => {
    expect(selectors.map(([name]) => name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(selectors)('should match %s the expected number of times on each fixture', (name, selector) => {
    const counts = Object.values(pages).map((html) => count(html, selector));
    expect(counts).toEqual(EXPECTED[name]);
  });
});

describe('outlook match patterns', () => {
  it.each([
    ['https://outlook.office.com/mail/inbox/id/AAQkAGFk', true],
    ['https://outlook.office365.com/mail/', true],
    ['https://outlook.live.com/mail/0/inbox', true],
    ['https://outlook.office.com/calendar/view/week', true],
    ['https://www.office.com/', false],
    ['https://outlook.example.com/mail/', false],
    ['http://outlook.office.com/mail/', false],
  ])('should match %s: %s', (url, matches) => {
    expect(outlook.OUTLOOK_MATCHES.some((p) => new MatchPattern(p).includes(url))).toBe(matches);
  });
});
