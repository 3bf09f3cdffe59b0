import { describe, expect, it } from 'vitest';

import compose from '../../../tests/fixtures/outlook/compose.html?raw';
import pane from '../../../tests/fixtures/outlook/reading-pane.html?raw';
import pane2 from '../../../tests/fixtures/outlook/reading-pane-2.html?raw';
import paneIt from '../../../tests/fixtures/outlook/reading-pane-it.html?raw';
import { parseHumanDate } from './dates';
import type { Participant } from './gmail';
import {
  conversationKey,
  extractOutlookAccount,
  extractOutlookCompose,
  extractOutlookLastMessageDate,
  extractOutlookSubject,
  extractReadingPane,
  readingPaneSignature,
} from './outlook';

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const emails = (list: readonly { email: string }[]) => list.map((p) => p.email);

const ELENA = 'elena.marchetti@castellan-foods.example';
const TOM = 'tom.whitaker@it.castellan-foods.example';
const PETE = 'pete.okafor@gmail.com';
const SARA = 'sara.lindqvist@norrland-logistics.example';
const JOHAN = 'johan.berg@norrland-logistics.example';

/** Addresses on the fixture pages that are not participants: each fixture's header says where they sit. */
const NOISE = [
  'david.kim@harbourline.example',
  'newsletter@tradefair-verona.example',
  'accounts.payable@castellan-foods.example',
  'dario.rossi@castellan-foods.example',
  'old.buyer@castellan-foods.example',
  'rosa.vidal@quayside-retail.example',
  'ops@norrland-logistics.example',
  'giulia.ferri@brightwave.example',
  'ravi.menon@harbourline.example',
  'warehouse@castellan-foods.example',
  'crm-archive@brightwave.example',
];

describe('extractReadingPane', () => {
  it('should read each address from the hook that carries it: text, title, data-*, aria-label, an open card', () => {
    expect(extractReadingPane(parse(pane)).people).toEqual<Participant[]>([
      { email: ELENA, name: 'Elena Marchetti', roles: ['from'] },
      { email: TOM, name: 'Tom Whitaker', roles: ['to'] },
      { email: PETE, name: 'Pete Okafor', roles: ['to'] },
      { email: SARA, name: 'Sara Lindqvist', roles: ['cc'] },
      { email: JOHAN, name: 'Johan Berg', roles: ['cc'] },
    ]);
  });

  it('should list name-only people without guessing an address, leaving out the user and anyone with one', () => {
    // Marco Bassi sent message 2 and is in To of message 1; Elena is name-only in message 2 but not in 1.
    expect(extractReadingPane(parse(pane)).unresolved).toEqual(['Marco Bassi', 'Anna Conti', 'Luca Romano']);
  });

  it('should never read the message list, bodies, mentions, quoted headers or a closed card', () => {
    for (const html of [pane, pane2, paneIt]) {
      const found = emails(extractReadingPane(parse(html)).people);
      for (const noise of NOISE) expect(found).not.toContain(noise);
    }
  });

  it('should read another conversation, and Italian labels ("A:", "Cc:") the same way', () => {
    expect(extractReadingPane(parse(pane2))).toEqual({
      people: [
        { email: SARA, name: 'Sara Lindqvist', roles: ['from'] },
        { email: JOHAN, name: 'Johan Berg', roles: ['cc'] },
      ],
      unresolved: ['Luca Romano'],
    });
    // The inline reply's pills are compose recipients, not people of the conversation.
    expect(extractReadingPane(parse(paneIt))).toEqual({
      people: [
        { email: ELENA, name: 'Elena Marchetti', roles: ['from'] },
        { email: TOM, name: 'Tom Whitaker', roles: ['cc'] },
      ],
      unresolved: ['Marco Bassi'],
    });
  });

  it('should read a single message without a conversation container, and nothing from a page without a pane', () => {
    const page = parse(pane2);
    const conversation = page.querySelector('[data-app-section="ConversationContainer"]');
    const message = conversation?.querySelector(':scope > div > div');
    if (!conversation || !message) throw new Error('reading-pane-2.html has no message');
    conversation.replaceWith(message);
    expect(emails(extractReadingPane(page).people)).toEqual([SARA, JOHAN]);
    expect(extractReadingPane(parse(compose))).toEqual({ people: [], unresolved: [] });
  });

  it('should never throw on broken markup', () => {
    expect(
      extractReadingPane(parse('<div id="ReadingPaneContainerId"><span data-lpc-hover-target-id>')),
    ).toEqual({
      people: [],
      unresolved: [],
    });
  });
});

describe('extractOutlookCompose', () => {
  it('should read the pills of each well, a typed address and the hidden Bcc well excluded', () => {
    const { windows, unresolved } = extractOutlookCompose(parse(compose));
    expect(windows).toEqual([
      {
        id: 'docking_InitVisiblePart_0',
        to: [
          { email: ELENA, name: 'Elena Marchetti' },
          { email: PETE, name: null },
        ],
        cc: [{ email: TOM, name: 'Tom Whitaker' }],
        bcc: [],
      },
    ]);
    expect(unresolved).toEqual(['Anna Conti']);
    const all = windows.flatMap((w) => emails([...w.to, ...w.cc, ...w.bcc]));
    for (const noise of NOISE) expect(all).not.toContain(noise);
  });

  it('should read an inline reply in Italian ("A", "Cc"), not the body mention', () => {
    expect(extractOutlookCompose(parse(paneIt))).toEqual({
      windows: [
        {
          id: 'docking_InitVisiblePart_0',
          to: [{ email: ELENA, name: 'Elena Marchetti' }],
          cc: [{ email: SARA, name: 'Sara Lindqvist' }],
          bcc: [],
        },
      ],
      unresolved: ['Anna Conti'],
    });
  });

  it('should follow pills as they are added and removed', () => {
    const page = parse(compose);
    const cc = page.querySelector('[aria-label="Cc"][contenteditable]');
    const pill = page.createElement('span');
    pill.setAttribute('draggable', 'true');
    pill.textContent = 'Sara Lindqvist <sara.lindqvist@norrland-logistics.example>';
    cc?.append(pill);
    expect(emails(extractOutlookCompose(page).windows[0]?.cc ?? [])).toEqual([TOM, SARA]);
    pill.remove();
    page.querySelector('[title="tom.whitaker@it.castellan-foods.example"]')?.remove();
    expect(extractOutlookCompose(page).windows[0]?.cc).toEqual([]);
  });

  it('should find nothing on a reading pane without a reply', () => {
    expect(extractOutlookCompose(parse(pane))).toEqual({ windows: [], unresolved: [] });
  });
});

describe('extractOutlookSubject, conversationKey, extractOutlookAccount', () => {
  it('should read the subject of the conversation in the pane, whatever the language', () => {
    expect(extractOutlookSubject(parse(pane))).toBe('Cold-chain sensor pilot: Verona plant extension');
    expect(extractOutlookSubject(parse(pane2))).toBe('Q3 volumes for the Gothenburg hub');
    expect(extractOutlookSubject(parse(paneIt))).toBe(
      'R: Pilota sensori: ampliamento dello stabilimento di Verona',
    );
    expect(extractOutlookSubject(parse(compose))).toBeNull();
  });

  it('should key a conversation by the selected row, else by its subject and domains', () => {
    expect(conversationKey(parse(pane))).toBe('AAQkAGFkZTc0NzQ2LWNhc3RlbGxhbi1jb252LTAx');
    expect(conversationKey(parse(pane2))).toBe('AAQkAGFkZTc0NzQ2LW5vcnJsYW5kLWNvbnYtMDI');
    expect(conversationKey(parse(compose))).toBeNull();
    // Opened on its own (no list): the same key for "Re:" and the original, another for another subject.
    const alone = (html: string, subject?: string) => {
      const page = parse(html);
      page.querySelector('[data-app-section="MessageList"]')?.remove();
      const heading = page.querySelector('[id$="_SUBJECT"]');
      if (heading && subject) heading.textContent = subject;
      return conversationKey(page);
    };
    expect(alone(pane)).toMatch(/^h[0-9a-z]+$/);
    expect(alone(pane, 'RE: Cold-chain sensor pilot: Verona plant extension')).toBe(alone(pane));
    expect(alone(pane, 'Another subject')).not.toBe(alone(pane));
  });

  it('should read the signed-in account when the account manager is in the page', () => {
    expect(extractOutlookAccount(parse(pane))).toEqual({
      email: 'giulia.ferri@brightwave.example',
      name: 'Giulia Ferri',
    });
    expect(extractOutlookAccount(parse(compose))).toEqual({ email: null, name: null });
  });
});

describe('extractOutlookLastMessageDate', () => {
  const now = new Date(2025, 5, 1);

  it('should take the latest message date with a month name, and none from all-digit dates', () => {
    expect(extractOutlookLastMessageDate(parse(pane), now)).toBe(new Date(2025, 2, 6, 8, 5).toISOString());
    expect(extractOutlookLastMessageDate(parse(pane2), now)).toBe(
      new Date(2025, 2, 11, 14, 20).toISOString(),
    );
    expect(extractOutlookLastMessageDate(parse(paneIt), now)).toBeNull();
    expect(extractOutlookLastMessageDate(parse(pane), new Date(2025, 0, 1))).toBeNull(); // in the future: a misread
  });

  it('should read the date formats Outlook shows in English and Italian, and refuse ambiguous ones', () => {
    const at = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m, d, h, min).getTime();
    expect(parseHumanDate('Thursday, March 6, 2025 8:05 PM', 'en')).toBe(at(2025, 2, 6, 20, 5));
    expect(parseHumanDate('Thu 6 Mar 2025 08:05', 'en')).toBe(at(2025, 2, 6, 8, 5));
    expect(parseHumanDate('giovedì 6 marzo 2025 08:05', 'it')).toBe(at(2025, 2, 6, 8, 5));
    expect(parseHumanDate('mar 4 mar 2025, 11:02', 'it')).toBe(at(2025, 2, 4, 11, 2));
    expect(parseHumanDate('lun 12 mag 2025 12:30', 'it')).toBe(at(2025, 4, 12, 12, 30));
    expect(parseHumanDate('Mon 12 May 2025 12:30 AM', 'en')).toBe(at(2025, 4, 12, 0, 30));
    expect(parseHumanDate('gio 06/03/2025 08:05', 'it')).toBeNull();
    expect(parseHumanDate('Thu 3/6/2025 8:05 AM', 'en')).toBeNull();
    expect(parseHumanDate('Yesterday 17:40', 'en')).toBeNull();
    expect(parseHumanDate('31 Feb 2025', 'en')).toBeNull();
  });
});

describe('readingPaneSignature', () => {
  it('should change with the conversation shown, and be null without a pane', () => {
    expect(readingPaneSignature(parse(pane))).toContain('Cold-chain sensor pilot');
    expect(readingPaneSignature(parse(pane))).not.toBe(readingPaneSignature(parse(pane2)));
    expect(readingPaneSignature(parse(compose))).toBeNull();
    // A reply being written in the pane does not change it (its pills are not the conversation).
    const page = parse(paneIt);
    const before = readingPaneSignature(page);
    page.querySelector('[aria-label="Cc"][contenteditable] span')?.remove();
    expect(readingPaneSignature(page)).toBe(before);
  });
});
