import { DEFAULT_PERSONAL_DOMAINS } from '@rapport/shared';
import { describe, expect, it } from 'vitest';

import compose from '../../../tests/fixtures/gmail/compose.html?raw';
import thread from '../../../tests/fixtures/gmail/thread.html?raw';
import thread2 from '../../../tests/fixtures/gmail/thread-2.html?raw';
import threadIt from '../../../tests/fixtures/gmail/thread-it.html?raw';
import {
  classifyParticipants,
  composeParticipants,
  extractAccountEmail,
  extractComposeRecipients,
  extractLastMessageDate,
  extractThreadParticipants,
  extractThreadSubject,
  type Participant,
  threadIdFromLocation,
  threadLink,
} from './gmail';

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const emails = (list: readonly { email: string }[]) => list.map((p) => p.email);

const ELENA = 'elena.marchetti@castellan-foods.example';
const GIULIA = 'giulia.ferri@brightwave.example';
const MARCO = 'marco.bassi@brightwave.example';
const TOM = 'tom.whitaker@it.castellan-foods.example';
const PETE = 'pete.okafor@gmail.com';
const SARA = 'sara.lindqvist@norrland-logistics.example';

/** Addresses on the fixture pages that are not participants: each fixture's header lists where they sit. */
const THREAD_NOISE = [
  'david.kim@harbourline.example',
  'newsletter@tradefair-verona.example',
  'accounts.payable@castellan-foods.example',
  'procurement@castellan-foods.example',
  'old.buyer@castellan-foods.example',
  's.lindqvist.mobile@norrland-logistics.example',
  'ines.duarte@quayside-retail.example',
  'ravi.menon@harbourline.example',
];

describe('extractThreadParticipants', () => {
  it('should read senders and recipients of every message, collapsed and folded ones included', () => {
    expect(extractThreadParticipants(parse(thread))).toEqual<Participant[]>([
      { email: ELENA, name: 'Elena Marchetti', roles: ['from', 'to', 'cc'] },
      { email: GIULIA, name: 'Giulia Ferri', roles: ['from', 'to'] },
      { email: MARCO, name: 'Marco Bassi', roles: ['from', 'cc'] },
      { email: TOM, name: 'Tom Whitaker', roles: ['from'] },
      { email: PETE, name: 'Pete Okafor', roles: ['to', 'cc'] },
      { email: SARA, name: 'Sara Lindqvist', roles: ['from', 'to'] },
      { email: 'crm-archive@brightwave.example', name: null, roles: ['bcc'] },
    ]);
  });

  it('should read the same people from the page Gmail renders in Italian ("a me", "da:", "ccn:")', () => {
    expect(extractThreadParticipants(parse(threadIt))).toEqual(extractThreadParticipants(parse(thread)));
    const found = emails(extractThreadParticipants(parse(threadIt)));
    for (const noise of THREAD_NOISE) expect(found).not.toContain(noise);
  });

  it('should never read bodies, quoted text, signatures, the hidden inbox list or side panels', () => {
    const found = emails(extractThreadParticipants(parse(thread)));
    for (const noise of THREAD_NOISE) expect(found).not.toContain(noise);
  });

  it('should not read a conversation view that the page keeps but does not display', () => {
    // Thread 2 open and displayed; thread 1's view kept in the page with `display: none`.
    const page = parse(thread2);
    const stale = parse(thread).querySelector('.nH.if');
    if (!stale) throw new Error('thread.html has no conversation view');
    stale.setAttribute('style', 'display: none');
    page.querySelector('[role="main"]')?.prepend(page.importNode(stale, true));
    const found = emails(extractThreadParticipants(page));
    expect(found).toContain(SARA);
    expect(found).not.toContain(ELENA);
    expect(found).not.toContain(TOM);
  });

  it('should take cc from the "cc:" label of the header line when there is no details menu', () => {
    expect(extractThreadParticipants(parse(thread2))).toEqual<Participant[]>([
      { email: SARA, name: 'Sara Lindqvist', roles: ['from', 'to', 'cc'] },
      { email: GIULIA, name: 'Giulia Ferri', roles: ['to', 'cc'] },
      { email: 'johan.berg@norrland-logistics.example', name: 'Johan Berg', roles: ['from', 'cc'] },
      { email: 'luca.romano@brightwave.example', name: 'Luca Romano', roles: ['from', 'to'] },
    ]);
    expect(emails(extractThreadParticipants(parse(thread2)))).not.toContain(
      'logistics-desk@norrland-logistics.example',
    );
  });

  it('should read one message when given the message element itself', () => {
    const message = parse(thread).querySelector('div.adn[data-message-id="#msg-f:1801990000000000102"]');
    expect(message && extractThreadParticipants(message)).toEqual([
      { email: TOM, name: 'Tom Whitaker', roles: ['from'] },
    ]);
  });

  it('should use the text when the name attribute is missing, but not "me" or an address', () => {
    const doc = parse(`<div class="adn">
      <h3 class="iw"><span email="a@acme.com">Ann Able</span></h3>
      <span class="hb">to <span email="b@acme.com">me</span>, <span email="c@acme.com">c@acme.com</span></span>
    </div>`);
    expect(extractThreadParticipants(doc)).toEqual([
      { email: 'a@acme.com', name: 'Ann Able', roles: ['from'] },
      { email: 'b@acme.com', name: null, roles: ['to'] },
      { email: 'c@acme.com', name: null, roles: ['to'] },
    ]);
  });

  it('should read nothing from a page with no open conversation', () => {
    expect(extractThreadParticipants(parse(compose))).toEqual([]);
  });

  it.each([
    ['an empty document', ''],
    ['unclosed tags', '<div class="adn"><h3 class="iw"><span email="x@acme.com"'],
    ['invalid addresses', '<div class="adn"><h3 class="iw"><span email="not an address">X</span></h3></div>'],
    [
      'a details row without label',
      '<div class="adn"><table class="ajC"><tr><td><span email="@@"></span></td></tr></table></div>',
    ],
    ['a bare header line', '<span class="hb">cc: <span data-hovercard-id="chat">Chat</span></span>'],
    [
      'random markup',
      '<table><tr><div class="adn"><td><p>text</td></div></tr><svg><span email="q@x.com"/></svg>',
    ],
  ])('should not throw on %s', (_, html) => {
    expect(() => extractThreadParticipants(parse(html))).not.toThrow();
    expect(extractThreadParticipants(parse(html)).every((p) => p.email.includes('@'))).toBe(true);
  });

  it('should read an empty fragment as nobody', () => {
    expect(extractThreadParticipants(document.createDocumentFragment())).toEqual([]);
  });
});

describe('extractLastMessageDate', () => {
  const now = new Date('2026-11-29T12:00:00Z');

  it("should read the latest message's date from the headers, collapsed messages included", () => {
    // thread.html's last message is dated "Thu, 6 Mar 2025, 08:05" (local time, as Gmail shows it).
    expect(extractLastMessageDate(parse(thread), now)).toBe(new Date(2025, 2, 6, 8, 5).toISOString());
  });

  it("should read Italian Gmail's dates in the page's language", () => {
    // thread-it.html's last message is dated "gio 12 giu 2025, 08:05"; Date.parse cannot read "giu".
    expect(extractLastMessageDate(parse(threadIt), now)).toBe(new Date(2025, 5, 12, 8, 5).toISOString());
    const page = (title: string) =>
      parse(
        `<html lang="it"><body><div class="adn"><table><tr><td class="gH"><span class="g3" title="${title}">x</span></td></tr></table></div></body></html>`,
      );
    expect(extractLastMessageDate(page('mar 4 mar 2025, 11:02'), now)).toBe(
      new Date(2025, 2, 4, 11, 2).toISOString(),
    );
    expect(extractLastMessageDate(page('04/03/2025, 11:02'), now)).toBeNull();
  });

  it('should trust only dates with a month name, never a date in the future, and answer null without one', () => {
    const page = (title: string) =>
      parse(
        `<div class="adn"><table><tr><td class="gH"><span class="g3" title="${title}">x</span></td></tr></table></div>`,
      );
    expect(extractLastMessageDate(page('Tue, Mar 4, 2025, 11:02 AM'), now)).toBe(
      new Date(2025, 2, 4, 11, 2).toISOString(),
    );
    expect(extractLastMessageDate(page('Mon, 04/03/2025, 11:02'), now)).toBeNull();
    expect(extractLastMessageDate(page('Sat, 5 Dec 2026, 10:00'), now)).toBeNull();
    expect(extractLastMessageDate(page('yesterday'), now)).toBeNull();
    expect(extractLastMessageDate(parse('<main></main>'), now)).toBeNull();
  });

  it('should not read dates in a message body', () => {
    const page = parse(
      '<div class="adn"><div class="a3s"><span class="g3" title="Fri, 7 Mar 2025, 10:00">quoted</span></div></div>',
    );
    expect(extractLastMessageDate(page, now)).toBeNull();
  });
});

describe('extractComposeRecipients', () => {
  it('should read the confirmed chips of each open window, in both layouts', () => {
    expect(extractComposeRecipients(parse(compose))).toEqual([
      {
        id: '4',
        to: [
          { email: ELENA, name: 'Elena Marchetti' },
          { email: TOM, name: 'Tom Whitaker' },
        ],
        cc: [{ email: MARCO, name: 'Marco Bassi' }],
        bcc: [{ email: PETE, name: 'Pete Okafor' }],
      },
      {
        id: null,
        to: [
          { email: SARA, name: 'Sara Lindqvist' },
          { email: 'ops@norrland-logistics.example', name: null },
        ],
        cc: [],
        bcc: [],
      },
    ]);
  });

  it('should ignore half-typed addresses, From rows, bodies, the inbox list and suggestions', () => {
    const found = emails(composeParticipants(extractComposeRecipients(parse(compose))));
    for (const noise of [
      'dario.rossi@castellan-foods.example',
      GIULIA,
      'warehouse@castellan-foods.example',
      'johan.berg@norrland-logistics.example',
      'david.kim@harbourline.example',
      'rosa.vidal@quayside-retail.example',
    ]) {
      expect(found).not.toContain(noise);
    }
  });

  it('should use the draft id when there is no compose id', () => {
    const doc = parse(`<div class="M9"><input type="hidden" name="draft" value="#msg-a:r123">
      <div class="anm" name="to"><div role="option" data-hovercard-id="a@acme.com" data-name="Ann"></div></div></div>`);
    expect(extractComposeRecipients(doc)).toEqual([
      { id: '#msg-a:r123', to: [{ email: 'a@acme.com', name: 'Ann' }], cc: [], bcc: [] },
    ]);
  });

  it('should fall back to dialogs holding recipient fields when `.M9` is gone', () => {
    const doc =
      parse(`<div role="dialog" aria-label="Keyboard shortcuts"><span email="x@acme.com"></span></div>
      <div role="dialog"><div class="anm" name="cc"><div role="option" data-hovercard-id="B@Acme.com">Bea</div></div></div>`);
    expect(extractComposeRecipients(doc)).toEqual([
      { id: null, to: [], cc: [{ email: 'b@acme.com', name: 'Bea' }], bcc: [] },
    ]);
  });

  it('should read no windows on a thread page', () => {
    expect(extractComposeRecipients(parse(thread))).toEqual([]);
  });

  it.each([
    ['an empty document', ''],
    ['a window without fields', '<div class="M9"><input name="draft"></div>'],
    [
      'an unknown field name',
      '<div class="M9"><div class="anm" name="from"><div role="option" data-hovercard-id="a@b.co"></div></div></div>',
    ],
    [
      'broken chips',
      '<div class="M9"><div class="vR"><input type="hidden" name="to" value="<<>>"></div><div class="anm" name="to"><div role="option" data-hovercard-id=""></div>',
    ],
  ])('should not throw on %s', (_, html) => {
    expect(() => extractComposeRecipients(parse(html))).not.toThrow();
    for (const w of extractComposeRecipients(parse(html))) expect([...w.to, ...w.cc, ...w.bcc]).toEqual([]);
  });
});

describe('composeParticipants', () => {
  it('should merge windows into participants with their roles', () => {
    const merged = composeParticipants([
      {
        id: '1',
        to: [{ email: 'a@acme.com', name: null }],
        cc: [],
        bcc: [{ email: 'b@acme.com', name: 'Bo' }],
      },
      { id: '2', to: [], cc: [{ email: 'a@acme.com', name: 'Ann' }], bcc: [] },
    ]);
    expect(merged).toEqual([
      { email: 'a@acme.com', name: 'Ann', roles: ['to', 'cc'] },
      { email: 'b@acme.com', name: 'Bo', roles: ['bcc'] },
    ]);
  });
});

describe('classifyParticipants', () => {
  const options = {
    userEmail: GIULIA,
    companyDomains: ['brightwave.example'],
    personalDomains: DEFAULT_PERSONAL_DOMAINS,
  };

  it('should group external people by company, keep webmail people apart and drop colleagues', () => {
    const result = classifyParticipants(extractThreadParticipants(parse(thread)), options);
    expect(result.companies.map((c) => [c.domain, emails(c.people)])).toEqual([
      ['castellan-foods.example', [ELENA, TOM]],
      ['norrland-logistics.example', [SARA]],
    ]);
    expect(emails(result.personal)).toEqual([PETE]);
    expect(emails(result.internal)).toEqual([GIULIA, MARCO, 'crm-archive@brightwave.example']);
  });

  it.each([
    ['the user with a +tag', 'giulia.ferri+crm@brightwave.example', 'internal'],
    ['a colleague at a subdomain', 'ops@eu.brightwave.example', 'internal'],
    ['a webmail subdomain', 'x@mail.yahoo.com', 'personal'],
    ['a company subdomain without its parent', 'x@it.castellan-foods.example', 'companies'],
  ] as const)('should classify %s', (_, email, bucket) => {
    const result = classifyParticipants([{ email, name: null, roles: ['to'] }], options);
    const found = bucket === 'companies' ? result.companies.flatMap((c) => c.people) : result[bucket];
    expect(emails(found)).toEqual([email]);
  });

  it('should keep a subdomain as its own company when its parent is absent', () => {
    const result = classifyParticipants([{ email: TOM, name: null, roles: ['to'] }], options);
    expect(result.companies.map((c) => c.domain)).toEqual(['it.castellan-foods.example']);
  });

  it('should treat a gmail user as themself, never as a webmail person', () => {
    const result = classifyParticipants([{ email: PETE, name: null, roles: ['from'] }], {
      ...options,
      userEmail: 'Pete.Okafor@gmail.com',
    });
    expect(emails(result.internal)).toEqual([PETE]);
  });
});

describe('extractAccountEmail', () => {
  it('should read the signed-in account from the top bar', () => {
    expect(extractAccountEmail(parse(thread))).toBe(GIULIA);
  });

  it('should return null without an account button', () => {
    expect(
      extractAccountEmail(parse('<header role="banner"><a aria-label="Gmail">Gmail</a></header>')),
    ).toBeNull();
  });
});

describe('threadIdFromLocation', () => {
  const at = (href: string) => ({ href, pathname: '/mail/u/0/' });

  it.each([
    [
      'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfBxZKtLwRmPsDcHnVjWqTkGx',
      'FMfcgzQbfBxZKtLwRmPsDcHnVjWqTkGx',
    ],
    [
      'https://mail.google.com/mail/u/1/#label/Key+accounts/FMfcgzQbfCzRtNpLkMvSwXhDqJbGcTyF',
      'FMfcgzQbfCzRtNpLkMvSwXhDqJbGcTyF',
    ],
    [
      'https://mail.google.com/mail/u/0/#search/castellan/FMfcgzQbfBxZKtLwRmPsDcHnVjWqTkGx?compose=new',
      'FMfcgzQbfBxZKtLwRmPsDcHnVjWqTkGx',
    ],
    ['https://mail.google.com/mail/u/0/#inbox', null],
    ['https://mail.google.com/mail/u/0/#inbox?compose=new', null],
    ['https://mail.google.com/mail/u/0/', null],
  ])('should read %s as %s', (href, id) => {
    expect(threadIdFromLocation(at(href))).toBe(id);
  });
});

describe('extractThreadSubject', () => {
  it('should read the open conversation’s subject heading', () => {
    expect(extractThreadSubject(parse(thread))).toBe('Cold-chain sensor pilot: Verona plant extension');
    expect(extractThreadSubject(parse(thread2))).toBe('Renewal: 2026 packaging supply contract');
  });

  it('should skip a conversation view that the page keeps but does not display', () => {
    const page = parse(thread2);
    const stale = parse(thread).querySelector('.nH.if');
    if (!stale) throw new Error('thread.html has no conversation view');
    stale.setAttribute('style', 'display: none');
    page.querySelector('[role="main"]')?.prepend(page.importNode(stale, true));
    expect(extractThreadSubject(page)).toBe('Renewal: 2026 packaging supply contract');
  });

  it('should answer null without an open conversation', () => {
    expect(extractThreadSubject(parse(compose))).toBeNull();
  });
});

describe('threadLink', () => {
  it.each([
    [
      'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfBxZKtLwRmPsDcHnVjWqTkGx',
      'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfBxZKtLwRmPsDcHnVjWqTkGx',
    ],
    [
      'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfBxZKtLwRmPsDcHnVjWqTkGx?compose=new',
      'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfBxZKtLwRmPsDcHnVjWqTkGx',
    ],
    ['https://mail.google.com/mail/u/1/', 'https://mail.google.com/mail/u/1/'],
  ])('should link %s as %s', (href, link) => {
    expect(threadLink({ href })).toBe(link);
  });
});
