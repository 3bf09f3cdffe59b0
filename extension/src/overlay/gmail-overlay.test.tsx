// @vitest-environment-options {"url": "https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfBxZKtLwRmPsDcHnVjWqTkGx"}
import type { CreateTouchResponse, LookupAccount, LookupOpportunity, Signal, UserRef } from '@rapport/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';

import compose from '../../../tests/fixtures/gmail/compose.html?raw';
import thread from '../../../tests/fixtures/gmail/thread.html?raw';
import thread2 from '../../../tests/fixtures/gmail/thread-2.html?raw';
import { languagePreference, setLocale } from '../i18n';
import { formatDate } from '../ui/format';
import { startGmailOverlay } from './gmail-overlay';
import { type Answers, account, fakeBackground, stakeholder } from './linkedin-test-data';
import {
  button,
  buttonIn,
  card,
  ELENA,
  GIULIA_USER as GIULIA,
  JOHAN,
  lookupAnswer,
  type Matches,
  PETE,
  panel,
  SARA,
  shadow,
  showPage,
  TOM,
  until,
} from './mail-test-world';

/*
 * The Gmail overlay on the saved conversation pages, with a background that answers like the real one
 * (through the real messaging module): "Log this email", signals, flagged new business, the account page.
 */

const THREAD_1 = 'FMfcgzQbfBxZKtLwRmPsDcHnVjWqTkGx';
const THREAD_2 = 'FMfcgzQbfCzRtNpLkMvSwXhDqJbGcTyF';
const SUBJECT_1 = 'Cold-chain sensor pilot: Verona plant extension';

const LUCA: UserRef = {
  id: 'u_luca',
  name: 'Luca Romano',
  email: 'luca.romano@brightwave.example',
  role: 'sales_rep',
};

const NEW_BUSINESS: LookupOpportunity = {
  id: 'o_sensors',
  title: 'Sensor pilot',
  flagged: true,
  type: 'new_business',
  kind: 'order',
  termMonths: null,
  stage: 'qualify',
  amount: 40_000_00,
  currency: 'EUR',
  expectedCloseDate: null,
  owner: LUCA,
};

/** Castellan (Giulia's key account, Elena a stakeholder) and Norrland (someone else's, Sara a stakeholder). */
function castellan(lastContactedAt: string | null = null, opportunities: LookupOpportunity[] = []) {
  return account({
    id: 'a_castellan',
    owner: GIULIA,
    reps: [],
    ownership: { relation: 'owner', message: 'Your key account' },
    openOpportunities: opportunities,
    stakeholders: [
      stakeholder({
        id: 'c_elena',
        name: 'Elena Marchetti',
        emails: [ELENA],
        influence: 'high',
        lastContactedAt,
      }),
    ],
    stakeholderCount: 1,
  });
}
function norrland(opportunities: LookupOpportunity[] = []): LookupAccount {
  return account({
    id: 'a_norrland',
    name: 'Norrland Logistics',
    domains: ['norrland-logistics.example'],
    linkedinSlug: null,
    tier: 'standard',
    owner: LUCA,
    reps: [],
    ownership: { relation: 'other', message: 'Owned by Luca Romano' },
    openOpportunities: opportunities,
    stakeholders: [stakeholder({ id: 'c_sara', name: 'Sara Lindqvist', emails: [SARA], stance: 'skeptic' })],
    stakeholderCount: 1,
  });
}

/** How the server matches each address of the fixtures. */
const MATCHES: Matches = {
  [ELENA]: { match: 'email', contactId: 'c_elena', accountId: 'a_castellan' },
  [TOM]: { match: 'domain', contactId: null, accountId: 'a_castellan' },
  [SARA]: { match: 'email', contactId: 'c_sara', accountId: 'a_norrland' },
  [JOHAN]: { match: 'domain', contactId: null, accountId: 'a_norrland' },
};

const signal = (
  title: string,
  severity: Signal['severity'],
  why = 'Because.',
  next = 'Do this.',
): Signal => ({
  code: 'no_economic_buyer',
  severity,
  title,
  why,
  next,
  contactIds: [],
  opportunityIds: [],
});

/** A background of a signed-in Giulia; `answers` replace or add to it. */
function background(answers: Answers = {}) {
  return fakeBackground({
    status: () => ({ signedIn: true, serverUrl: 'http://localhost:8787', user: GIULIA, expiresAt: null }),
    settings: () => ({ companyDomains: ['brightwave.example'], personalDomains: ['gmail.com'] }),
    lookup: (r) => lookupAnswer(MATCHES, r.emails ?? [], [castellan(), norrland()]),
    signals: () => ({ accountId: 'a', asOf: new Date().toISOString(), signals: [] }),
    ...answers,
  });
}

function touch(overrides: Partial<CreateTouchResponse> = {}): CreateTouchResponse {
  const now = new Date().toISOString();
  return {
    id: 't_1',
    kind: 'email',
    subject: SUBJECT_1,
    occurredAt: now,
    link: location.href,
    notes: '',
    user: GIULIA,
    contacts: [
      { id: 'c_elena', name: 'Elena Marchetti' },
      { id: 'c_sara', name: 'Sara Lindqvist' },
    ],
    accountIds: ['a_castellan', 'a_norrland'],
    createdAt: now,
    updatedAt: now,
    version: 1,
    created: true,
    unmatchedEmails: [TOM, PETE],
    ...overrides,
  };
}

/** Opens another conversation as Gmail does: a new hash, and the thread view swapped in place. */
function openThread(html: string, id: string) {
  history.pushState({}, '', `/mail/u/0/#inbox/${id}`);
  const next = new DOMParser().parseFromString(html, 'text/html').querySelector('.nH.if');
  const current = document.querySelector('.nH.if');
  if (!next || !current) throw new Error('no conversation view');
  current.replaceWith(document.importNode(next, true));
}

const hasButton = (name: string) =>
  [...(shadow()?.querySelectorAll('button') ?? [])].some((b) => b.textContent === name);

/** A promise and its resolver, to hold an answer back. */
function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((ok) => (resolve = ok));
  return { promise, resolve };
}

let ctx: ContentScriptContext;
let bg: ReturnType<typeof fakeBackground> | null = null;
beforeEach(() => {
  fakeBrowser.reset();
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response('')),
  ); // the panel's stylesheet
  history.replaceState({}, '', `/mail/u/0/#inbox/${THREAD_1}`);
  showPage(thread);
  ctx = new ContentScriptContext('gmail', { cssInjectionMode: 'ui' });
});
afterEach(() => {
  ctx.notifyInvalidated();
  bg?.stop();
  bg = null;
  vi.unstubAllGlobals();
  setLocale('en', ['en-US']);
});

describe('startGmailOverlay: language', () => {
  it('should repaint in the language chosen on the options page, without a reload', async () => {
    bg = background({
      lookup: (r) => lookupAnswer(MATCHES, r.emails ?? [], [castellan(null, [NEW_BUSINESS]), norrland()]),
    });
    startGmailOverlay(ctx);
    await until(() => expect(hasButton('Log this email')).toBe(true));
    expect(card('Castellan Foods')?.textContent).toContain('€40,000');

    await languagePreference.setValue('it');
    await until(() => expect(hasButton('Registra questa email')).toBe(true));
    const castellanCard = card('Castellan Foods')?.textContent ?? '';
    expect(castellanCard).toContain('Account chiave');
    expect(castellanCard).toContain('Nuova opportunità di un collega');
    expect(castellanCard).toMatch(/40\.000\s€/);
    expect(castellanCard).toContain('Influenza alta');
    expect(castellanCard).toContain('Ancora nessun contatto');
    expect(panel()).toContain('2 account');
    expect(panel()).not.toContain('Log this email');

    await languagePreference.setValue('en');
    await until(() => expect(hasButton('Log this email')).toBe(true));
  });
});

describe('startGmailOverlay: Log this email', () => {
  it('should log the subject, link, thread key, participants and accounts, never a body, then show the new last contact', async () => {
    let logged: string | null = null;
    bg = background({
      lookup: (r) => lookupAnswer(MATCHES, r.emails ?? [], [castellan(logged), norrland()]),
      logTouch: (r) => {
        logged = r.touch.occurredAt ?? null;
        return touch({ occurredAt: logged ?? '' });
      },
    });
    startGmailOverlay(ctx);
    await until(() => expect(card('Castellan Foods')?.textContent).toContain('Not contacted yet'));
    expect(card('Norrland Logistics')).not.toBeNull();
    button('Log this email').click();
    await until(() => expect(bg?.sent('logTouch')).toHaveLength(1));
    const [sent] = bg.sent('logTouch');
    expect(sent?.touch).toEqual({
      kind: 'email',
      subject: SUBJECT_1,
      occurredAt: expect.any(String),
      link: `https://mail.google.com/mail/u/0/#inbox/${THREAD_1}`,
      sourceKey: `gmail:${THREAD_1}`,
      notes: '',
      contactIds: [],
      emails: expect.any(Array),
      accountIds: ['a_castellan', 'a_norrland'],
    });
    // The external people as looked up: not the user, not the colleague, not the bcc archive address.
    expect([...(sent?.touch.emails ?? [])].sort()).toEqual([ELENA, PETE, SARA, TOM].sort());
    // Dated by the conversation's latest message ("Thu, 6 Mar 2025, 08:05" on the fixture), not by the click.
    expect(sent?.touch.occurredAt).toBe(new Date(2025, 2, 6, 8, 5).toISOString());
    // Nothing of any message: body, quoted text and signature stay on the page.
    const payload = JSON.stringify(sent);
    for (const text of ['Norrland will carry', 'accounts.payable', 'old.buyer', 's.lindqvist.mobile'])
      expect(payload).not.toContain(text);

    const status = () => shadow()?.querySelector('.rp-log-status');
    await until(() =>
      expect(status()?.textContent).toContain('Logged to Castellan Foods and Norrland Logistics.'),
    );
    expect(status()?.getAttribute('role')).toBe('status');
    expect(status()?.textContent).toContain(`Not stakeholders yet, so not tracked: ${TOM}, ${PETE}`);
    expect(shadow()?.activeElement).toBe(status());
    expect(hasButton('Undo')).toBe(true);
    // The background dropped its cache on the write: the panel looks again and the card follows.
    await until(() => expect(bg?.sent('lookup')).toHaveLength(2));
    await until(() =>
      expect(card('Castellan Foods')?.textContent).toContain(`Last contacted ${formatDate(logged ?? '')}`),
    );
    expect(status()?.textContent).toContain('Logged to'); // the status outlives the refresh
  });

  it('should say "Logging…" while saving, and undo with the touch’s id and version', async () => {
    const saving = deferred<CreateTouchResponse>();
    bg = background({ logTouch: () => saving.promise, deleteTouch: () => null });
    startGmailOverlay(ctx);
    await until(() => expect(hasButton('Log this email')).toBe(true));
    button('Log this email').click();
    await until(() => expect(button('Logging…').getAttribute('aria-disabled')).toBe('true'));
    button('Logging…').click(); // pressed again while saving: still one request
    saving.resolve(touch({ id: 't_9', version: 3 }));
    await until(() => expect(hasButton('Undo')).toBe(true));
    expect(bg.sent('logTouch')).toHaveLength(1);

    button('Undo').click();
    await until(() => expect(panel()).toContain('Removed from the log.'));
    expect(bg.sent('deleteTouch')).toEqual([{ type: 'deleteTouch', id: 't_9', version: 3 }]);
    expect(shadow()?.activeElement).toBe(button('Log this email'));
  });

  it('should say so when the thread was logged already, and offer no undo of the earlier touch', async () => {
    bg = background({ logTouch: () => touch({ created: false, unmatchedEmails: [] }) });
    startGmailOverlay(ctx);
    await until(() => expect(hasButton('Log this email')).toBe(true));
    button('Log this email').click();
    await until(() =>
      expect(panel()).toContain(
        'Already logged to Castellan Foods and Norrland Logistics; added anyone new.',
      ),
    );
    expect(hasButton('Undo')).toBe(false);
    expect(hasButton('Open Castellan Foods')).toBe(true);
  });

  it("should show the server's message and log on retry; an ended session offers to sign in again", async () => {
    let attempts = 0;
    bg = background({
      logTouch: () => {
        attempts++;
        if (attempts === 1)
          return { error: { code: 'server', message: 'Rapport is busy; try again shortly.' } };
        if (attempts === 2) return { error: { code: 'expired', message: 'Your session ended.' } };
        return touch({ accountIds: ['a_castellan'] });
      },
      openOptions: () => null,
    });
    startGmailOverlay(ctx);
    await until(() => expect(hasButton('Log this email')).toBe(true));
    button('Log this email').click();
    await until(() =>
      expect(shadow()?.querySelector('[role="alert"]')?.textContent).toContain('Rapport is busy'),
    );
    expect(shadow()?.activeElement).toBe(button('Try again'));

    button('Try again').click();
    await until(() => expect(hasButton('Sign in again')).toBe(true));
    button('Sign in again').click();
    await until(() => expect(bg?.sent('openOptions')).toHaveLength(1));

    button('Try again').click();
    await until(() => expect(panel()).toContain('Logged to Castellan Foods.'));
    button('Open account page').click();
    await until(() =>
      expect(bg?.sent('openAccountPage')).toEqual([{ type: 'openAccountPage', accountId: 'a_castellan' }]),
    );
  });

  it('should not offer to log a compose window', async () => {
    history.replaceState({}, '', '/mail/u/0/#inbox?compose=new');
    showPage(compose);
    bg = background();
    startGmailOverlay(ctx);
    await until(() => expect(card('Castellan Foods')).not.toBeNull());
    expect(hasButton('Log this email')).toBe(false);
  });

  it('should not offer to log a thread where nobody matched an account or a stakeholder', async () => {
    bg = background({
      lookup: (r) =>
        lookupAnswer(
          MATCHES,
          (r.emails ?? []).map((e) => `unknown.${e}`),
          [],
        ),
    });
    startGmailOverlay(ctx);
    await until(() => expect(panel()).toContain('is not an account yet'));
    expect(hasButton('Log this email')).toBe(false);
  });
});

describe('startGmailOverlay: signals', () => {
  it('should show the cards first, then each account’s signals, high first, why and next behind a disclosure', async () => {
    const held = new Map<string, ReturnType<typeof deferred<Signal[]>>>();
    bg = background({
      signals: async (r) => {
        const d = deferred<Signal[]>();
        held.set(r.accountId, d);
        return { accountId: r.accountId, asOf: new Date().toISOString(), signals: await d.promise };
      },
    });
    startGmailOverlay(ctx);
    // Both asked at once, with this thread's stakeholders of each account, while the cards already show.
    await until(() => expect(held.size).toBe(2));
    expect(bg.sent('signals')).toEqual([
      { type: 'signals', accountId: 'a_castellan', contactIds: ['c_elena'] },
      { type: 'signals', accountId: 'a_norrland', contactIds: ['c_sara'] },
    ]);
    expect(card('Castellan Foods')?.textContent).toContain('Elena Marchetti');
    expect(card('Castellan Foods')?.textContent).toContain('Checking signals…');

    held
      .get('a_norrland')
      ?.resolve([
        signal('Only one contact', 'medium'),
        signal('A skeptic is in this thread', 'high', 'Sara Lindqvist is a skeptic.', 'Talk to her first.'),
      ]);
    const titles = (name: string) =>
      [...(card(name)?.querySelectorAll('.rp-signal summary') ?? [])].map((s) => s.textContent);
    await until(() =>
      expect(titles('Norrland Logistics')).toEqual([
        'High priority: A skeptic is in this thread',
        'Medium priority: Only one contact',
      ]),
    );
    const first = card('Norrland Logistics')?.querySelector('.rp-signal details');
    expect(first?.hasAttribute('open')).toBe(false);
    expect(first?.querySelector('dl')?.textContent).toBe(
      'WhySara Lindqvist is a skeptic.NextTalk to her first.',
    );
    expect(card('Castellan Foods')?.textContent).toContain('Checking signals…');

    held.get('a_castellan')?.resolve([]);
    await until(() => expect(card('Castellan Foods')?.textContent).toContain('Nothing needs attention.'));
  });

  it('should never show the signals of a conversation already left', async () => {
    const held: { accountId: string; d: ReturnType<typeof deferred<Signal[]>> }[] = [];
    bg = background({
      signals: async (r) => {
        const d = deferred<Signal[]>();
        held.push({ accountId: r.accountId, d });
        return { accountId: r.accountId, asOf: new Date().toISOString(), signals: await d.promise };
      },
    });
    startGmailOverlay(ctx);
    await until(() => expect(held).toHaveLength(2));

    openThread(thread2, THREAD_2);
    await until(() => expect(bg?.sent('lookup')).toHaveLength(2));
    await until(() => expect(card('Castellan Foods')).toBeNull());
    await until(() => expect(held).toHaveLength(3));
    // The first conversation's answer for Norrland arrives late: the card of the second one ignores it.
    for (const { d } of held.slice(0, 2)) d.resolve([signal('Old thread signal', 'high')]);
    await new Promise((ok) => setTimeout(ok, 50));
    expect(panel()).not.toContain('Old thread signal');
    expect(card('Norrland Logistics')?.textContent).toContain('Checking signals…');

    held[2]?.d.resolve([signal('New thread signal', 'medium')]);
    await until(() => expect(panel()).toContain('New thread signal'));
    expect(panel()).not.toContain('Old thread signal');
  });

  it('should keep the card when the signals fail, and try again on request', async () => {
    let calls = 0;
    bg = background({
      signals: (r) =>
        ++calls <= 2
          ? { error: { code: 'unreachable', message: 'The Rapport server did not answer.' } }
          : {
              accountId: r.accountId,
              asOf: new Date().toISOString(),
              signals: [signal('No economic buyer', 'high')],
            },
    });
    startGmailOverlay(ctx);
    await until(() =>
      expect(card('Castellan Foods')?.textContent).toContain(
        'Signals unavailable: The Rapport server did not answer.',
      ),
    );
    expect(card('Castellan Foods')?.textContent).toContain('Elena Marchetti');
    buttonIn(card('Castellan Foods'), 'Retry').click();
    await until(() => expect(card('Castellan Foods')?.textContent).toContain('No economic buyer'));
    expect(card('Norrland Logistics')?.textContent).toContain('Signals unavailable');
  });
});

describe('startGmailOverlay: new business and the account page', () => {
  it('should flag a colleague’s new business, and let the owner acknowledge it', async () => {
    let acknowledged = false;
    bg = background({
      lookup: (r) =>
        lookupAnswer(MATCHES, r.emails ?? [], [
          castellan(null, [{ ...NEW_BUSINESS, flagged: !acknowledged }]),
          norrland([{ ...NEW_BUSINESS, id: 'o_other', title: 'Cold store', owner: GIULIA }]),
        ]),
      acknowledgeOpportunity: () => {
        acknowledged = true;
        return {} as never; // the overlay only looks at whether it worked
      },
    });
    startGmailOverlay(ctx);
    await until(() =>
      expect(card('Castellan Foods')?.querySelector('.rp-flag')?.textContent).toBe(
        'New business by a colleague',
      ),
    );
    // Norrland is Luca's: Giulia sees the flag there but may not acknowledge it.
    expect(card('Norrland Logistics')?.querySelector('.rp-flag')?.textContent).toBe(
      'New business by a colleague',
    );
    expect(() => buttonIn(card('Norrland Logistics'), 'Acknowledge')).toThrow();

    buttonIn(card('Castellan Foods'), 'Acknowledge').click();
    await until(() => expect(card('Castellan Foods')?.querySelector('.rp-flag')).toBeNull());
    expect(bg.sent('acknowledgeOpportunity')).toEqual([{ type: 'acknowledgeOpportunity', id: 'o_sensors' }]);
    expect(bg.sent('lookup')).toHaveLength(2);
    expect(card('Castellan Foods')?.textContent).toContain('Sensor pilot');
    expect(card('Castellan Foods')?.querySelector('[role="status"]')?.textContent).toBe('Acknowledged');
    expect(() => buttonIn(card('Castellan Foods'), 'Acknowledge')).toThrow();
  });

  it('should let an admin acknowledge on any account', async () => {
    bg = background({
      status: () => ({
        signedIn: true,
        serverUrl: 'http://localhost:8787',
        user: { ...GIULIA, role: 'admin' },
        expiresAt: null,
      }),
      lookup: (r) => lookupAnswer(MATCHES, r.emails ?? [], [castellan(), norrland([NEW_BUSINESS])]),
    });
    startGmailOverlay(ctx);
    await until(() => expect(() => buttonIn(card('Norrland Logistics'), 'Acknowledge')).not.toThrow());
  });

  it('should open each card’s account page by its id', async () => {
    bg = background({ openAccountPage: () => null });
    startGmailOverlay(ctx);
    await until(() => expect(card('Norrland Logistics')).not.toBeNull());
    buttonIn(card('Norrland Logistics'), 'Open account page').click();
    await until(() =>
      expect(bg?.sent('openAccountPage')).toEqual([{ type: 'openAccountPage', accountId: 'a_norrland' }]),
    );
  });
});
