import { normalizeEmail } from '@rapport/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import gmailCompose from '../../../tests/fixtures/gmail/compose.html?raw';
import gmailThread from '../../../tests/fixtures/gmail/thread.html?raw';
import gmailThread2 from '../../../tests/fixtures/gmail/thread-2.html?raw';
import gmailThreadIt from '../../../tests/fixtures/gmail/thread-it.html?raw';
import linkedinCompany from '../../../tests/fixtures/linkedin/company.html?raw';
import linkedinProfile from '../../../tests/fixtures/linkedin/profile.html?raw';
import linkedinProfile2 from '../../../tests/fixtures/linkedin/profile-2.html?raw';
import linkedinProfile3 from '../../../tests/fixtures/linkedin/profile-3.html?raw';
import outlookCompose from '../../../tests/fixtures/outlook/compose.html?raw';
import outlookPane from '../../../tests/fixtures/outlook/reading-pane.html?raw';
import outlookPane2 from '../../../tests/fixtures/outlook/reading-pane-2.html?raw';
import outlookPaneIt from '../../../tests/fixtures/outlook/reading-pane-it.html?raw';
import * as gmailSelectors from '../sites/gmail';
import * as linkedinSelectors from '../sites/linkedin';
import * as outlookSelectors from '../sites/outlook';
import { parseHumanDate } from './dates';
import {
  classifyParticipants,
  composeParticipants,
  extractAccountEmail,
  extractComposeRecipients,
  extractLastMessageDate,
  extractThreadParticipants,
  extractThreadSubject,
  type Participant,
} from './gmail';
import { extractCompany, extractProfile, pageKind } from './linkedin';
import {
  conversationKey,
  extractOutlookAccount,
  extractOutlookCompose,
  extractOutlookLastMessageDate,
  extractOutlookSubject,
  extractReadingPane,
  readingPaneSignature,
} from './outlook';

/*
 * Issue 8, "bad input": malformed and half-rendered markup never throws out of a content script's readers,
 * and what they read is still well formed. The pages are random trees built from the very tags, classes,
 * attributes and roles the site adapters' selectors look for (so the readers get deep into them), with
 * hostile values: broken addresses, scripts, huge and empty texts, odd Unicode.
 */

/** Every selector string the adapters export. */
const SELECTORS = [gmailSelectors, outlookSelectors, linkedinSelectors].flatMap((module) =>
  Object.values(module).filter((v): v is string => typeof v === 'string'),
);
const unique = (list: string[]) => [...new Set(list)].filter(Boolean);
const TAGS = unique([
  'div',
  'span',
  'section',
  'ul',
  'li',
  'a',
  'td',
  'table',
  'tr',
  ...SELECTORS.flatMap((s) => s.match(/(?:^|[\s,>+~(])([a-z][a-z0-9]*)(?=[.[#:\s,>]|$)/g) ?? []).map((m) =>
    m.replace(/^[\s,>+~(]/, ''),
  ),
]).filter((tag) => /^[a-z][a-z0-9]*$/.test(tag) && !['script', 'style', 'template', 'iframe'].includes(tag));
const CLASSES = unique(SELECTORS.flatMap((s) => s.match(/\.[A-Za-z_][\w-]*/g) ?? []).map((c) => c.slice(1)));
const ATTRIBUTES = unique([
  'email',
  'name',
  'title',
  'aria-label',
  'href',
  'role',
  'data-hovercard-id',
  'data-convid',
  'alt',
  'id',
  ...SELECTORS.flatMap((s) => s.match(/\[([\w-]+)/g) ?? []).map((a) => a.slice(1)),
]).filter((a) => a !== 'class' && a !== 'style' && !a.startsWith('on'));
const QUOTED = unique(SELECTORS.flatMap((s) => s.match(/="([^"]*)"/g) ?? []).map((v) => v.slice(2, -1)));

const value = fc.oneof(
  fc.constantFrom(...QUOTED, 'jane@acme.com', 'Jane Doe <jane@acme.com>', 'mailto:jane@acme.com?subject=x'),
  fc.constantFrom('https://www.linkedin.com/company/acme/', 'https://www.linkedin.com/in/jane-doe/', '#', ''),
  fc.constantFrom(
    '@',
    '@@',
    'a@',
    '@b',
    'jane@',
    'x'.repeat(5000),
    '<script>alert(1)</script>',
    '\u202e\u0000',
  ),
  fc.constantFrom(
    '6 Mar 2025, 09:05',
    'Thu, Mar 6, 2025, 9:05 AM',
    '31/02/2025',
    'ieri',
    'yesterday',
    '99:99',
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 15 }),
);

interface Node {
  tag: string;
  classes: string[];
  attributes: [string, string][];
  children: (Node | string)[];
}

const { tree } = fc.letrec<{ tree: Node; child: Node | string }>((self) => ({
  tree: fc.record({
    tag: fc.constantFrom(...TAGS),
    classes: fc.subarray(CLASSES, { maxLength: 3 }),
    attributes: fc.array(fc.tuple(fc.constantFrom(...ATTRIBUTES), value), { maxLength: 4 }),
    children: fc.array(self('child'), { maxLength: 4 }),
  }),
  child: fc.oneof({ depthSize: 'small', withCrossShrink: true }, value, self('tree')),
}));

function render(node: Node | string, parent: Element): void {
  if (typeof node === 'string') {
    parent.append(document.createTextNode(node));
    return;
  }
  const el = document.createElement(node.tag);
  for (const c of node.classes) el.classList.add(c);
  for (const [name, v] of node.attributes) el.setAttribute(name, v);
  for (const child of node.children) render(child, el);
  parent.append(el);
}

/** One change to a page: what broken, half-rendered or hostile markup looks like. */
const mutation = fc.record({
  op: fc.constantFrom('remove', 'attribute', 'dropAttribute', 'text', 'clone', 'wrap', 'insert', 'class'),
  at: fc.nat(),
  to: fc.nat(),
  attribute: fc.constantFrom(...ATTRIBUTES),
  value,
  tree,
});

function mutate(doc: Document, m: typeof mutation extends fc.Arbitrary<infer T> ? T : never): void {
  const all = [...doc.body.querySelectorAll('*')];
  const el = all[m.at % Math.max(1, all.length)];
  if (!el) return;
  const other = all[m.to % all.length] as Element;
  switch (m.op) {
    case 'remove':
      el.remove();
      return;
    case 'attribute':
      el.setAttribute(m.attribute, m.value);
      return;
    case 'dropAttribute':
      el.removeAttribute(el.getAttributeNames()[m.to % Math.max(1, el.attributes.length)] ?? m.attribute);
      return;
    case 'text':
      el.textContent = m.value;
      return;
    case 'clone':
      if (!el.contains(other)) other.append(el.cloneNode(true));
      return;
    case 'wrap': {
      const wrapper = doc.createElement(m.tree.tag);
      el.replaceWith(wrapper);
      wrapper.append(el);
      return;
    }
    case 'insert':
      render(m.tree, el);
      return;
    case 'class':
      el.className = m.value;
      return;
  }
}

/** A site's own fixture pages, each broken by up to 12 random changes; or a page of random trees. */
function pages(fixtures: string[]): fc.Arbitrary<ParentNode> {
  const broken = fc
    .tuple(fc.constantFrom(...fixtures), fc.array(mutation, { maxLength: 12 }))
    .map(([html, changes]) => {
      // Without the fixtures' navigation scripts, which the test's DOM would try to load
      const doc = new DOMParser().parseFromString(
        html.replace(/<script[\s\S]*?<\/script>/gi, ''),
        'text/html',
      );
      for (const change of changes) mutate(doc, change);
      return doc as ParentNode;
    });
  const random = fc.array(tree, { minLength: 1, maxLength: 5 }).map((trees) => {
    const root = document.createElement('div');
    for (const t of trees) render(t, root);
    return root as ParentNode;
  });
  return fc.oneof({ weight: 4, arbitrary: broken }, random);
}

/** Pages per site: parsing a fixture page costs about 40 ms in the test's DOM. */
const RUNS = 120;

const isAddress = (email: string) => normalizeEmail(email) === email;
const isDate = (iso: string | null) => iso === null || !Number.isNaN(Date.parse(iso));
const wellFormed = (people: readonly Participant[]) =>
  people.every(
    (p) => isAddress(p.email) && p.roles.length > 0 && (p.name === null || typeof p.name === 'string'),
  );

describe('content script readers on random markup', () => {
  // Pages where a reader found someone: the random markup reaches past the selectors, not only around them.
  let gmailRead = 0;
  let outlookRead = 0;
  let linkedinRead = 0;
  it('should find the adapters’ selectors to build pages from', () => {
    expect(TAGS.length).toBeGreaterThan(8);
    expect(CLASSES.length).toBeGreaterThan(10);
    expect(ATTRIBUTES).toEqual(expect.arrayContaining(['email', 'data-hovercard-id', 'data-convid']));
  });

  it('should never throw on Gmail, and read only well-formed addresses', () => {
    fc.assert(
      fc.property(pages([gmailThread, gmailThread2, gmailThreadIt, gmailCompose]), (root) => {
        const people = extractThreadParticipants(root);
        expect(wellFormed(people)).toBe(true);
        if (people.length > 0) gmailRead++;
        const windows = extractComposeRecipients(root);
        for (const w of windows) {
          for (const r of [...w.to, ...w.cc, ...w.bcc]) expect(isAddress(r.email)).toBe(true);
        }
        const all = [...people, ...composeParticipants(windows)];
        const classified = classifyParticipants(all, {
          userEmail: extractAccountEmail(root),
          companyDomains: ['ourco.com'],
          personalDomains: ['gmail.com'],
        });
        expect(
          classified.companies.flatMap((c) => c.people).length + classified.personal.length,
        ).toBeLessThanOrEqual(all.length);
        const subject = extractThreadSubject(root);
        expect(subject === null || typeof subject === 'string').toBe(true);
        expect(isDate(extractLastMessageDate(root))).toBe(true);
      }),
      { numRuns: RUNS },
    );
    expect(gmailRead).toBeGreaterThan(0);
  });

  it('should never throw on Outlook, and read only well-formed addresses', () => {
    fc.assert(
      fc.property(pages([outlookPane, outlookPane2, outlookPaneIt, outlookCompose]), (root) => {
        const pane = extractReadingPane(root);
        expect(wellFormed(pane.people)).toBe(true);
        expect(pane.unresolved.every((n) => typeof n === 'string' && n.length > 0)).toBe(true);
        const compose = extractOutlookCompose(root);
        for (const w of compose.windows) {
          for (const r of [...w.to, ...w.cc, ...w.bcc]) expect(isAddress(r.email)).toBe(true);
        }
        extractOutlookSubject(root);
        expect(isDate(extractOutlookLastMessageDate(root))).toBe(true);
        extractOutlookAccount(root);
        readingPaneSignature(root);
        conversationKey(root);
        if (pane.people.length > 0) outlookRead++;
      }),
      { numRuns: RUNS },
    );
    expect(outlookRead).toBeGreaterThan(0);
  });

  it('should never throw on LinkedIn, whatever the page and address', () => {
    const where = fc.constantFrom(
      'https://www.linkedin.com/in/jane-doe/',
      'https://www.linkedin.com/company/acme/about/',
      'https://it.linkedin.com/in/%E0%A4%A/',
      'https://www.linkedin.com/feed/',
    );
    fc.assert(
      fc.property(
        pages([linkedinProfile, linkedinProfile2, linkedinProfile3, linkedinCompany]),
        where,
        (root, href) => {
          const location = { href, pathname: new URL(href).pathname };
          pageKind(location);
          const profile = extractProfile(root, location);
          if (profile) {
            expect(profile.name.length).toBeGreaterThan(0);
            linkedinRead++;
          }
          const company = extractCompany(root, location);
          if (company?.websiteDomain) expect(company.websiteDomain).not.toMatch(/[\s/]/);
        },
      ),
      { numRuns: RUNS },
    );
    expect(linkedinRead).toBeGreaterThan(0);
  });

  it('should read any text as a date or nothing', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(null, 'en', 'it', 'de-DE', 'xx', ''), (text, lang) => {
        const at = parseHumanDate(text, lang);
        expect(at === null || Number.isFinite(at)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
