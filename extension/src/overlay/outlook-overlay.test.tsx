// @vitest-environment-options {"url": "https://outlook.office.com/mail/inbox/id/AAQkAGFkZTc0NzQ2LWNhc3RlbGxhbi0wMDAxAAQAEJx7Q3hR2s1Nl0yT"}
import type { LookupAccount } from '@rapport/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';

import compose from '../../../tests/fixtures/outlook/compose.html?raw';
import pane from '../../../tests/fixtures/outlook/reading-pane.html?raw';
import pane2 from '../../../tests/fixtures/outlook/reading-pane-2.html?raw';
import { setLocale } from '../i18n';
import { account, fakeBackground, stakeholder } from './linkedin-test-data';
import {
  button,
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
import { startOutlookOverlay } from './outlook-overlay';

/*
 * The Outlook overlay on the saved reading pane and compose pages, with a background that answers like the
 * real one (through the real messaging module): what is looked up, what is not, navigation, compose pills.
 */

const PANE_1 = '/mail/inbox/id/AAQkAGFkZTc0NzQ2LWNhc3RlbGxhbi0wMDAxAAQAEJx7Q3hR2s1Nl0yT';
const PANE_2 = '/mail/inbox/id/AAQkAGFkZTc0NzQ2LW5vcnJsYW5kLTAwMDIABBAQc2FyYTJRbG5kcXZpc3Q';
const CONV_1 = 'AAQkAGFkZTc0NzQ2LWNhc3RlbGxhbi1jb252LTAx';

const castellan = account({
  id: 'a_castellan',
  owner: GIULIA,
  reps: [],
  ownership: { relation: 'owner', message: 'Your key account' },
  stakeholders: [stakeholder({ id: 'c_elena', name: 'Elena Marchetti', emails: [ELENA] })],
  stakeholderCount: 1,
});

const MATCHES: Matches = {
  [ELENA]: { match: 'email', contactId: 'c_elena', accountId: 'a_castellan' },
  [TOM]: { match: 'domain', contactId: null, accountId: 'a_castellan' },
};

const answer = (emails: readonly string[], accounts: LookupAccount[] = [castellan]) =>
  lookupAnswer(MATCHES, emails, accounts);

function background(answers: Parameters<typeof fakeBackground>[0] = {}) {
  return fakeBackground({
    status: () => ({ signedIn: true, serverUrl: 'http://localhost:8787', user: GIULIA, expiresAt: null }),
    settings: () => ({ companyDomains: ['brightwave.example'], personalDomains: ['gmail.com'] }),
    lookup: (r) => answer(r.emails ?? []),
    signals: (r) => ({ accountId: r.accountId, asOf: new Date().toISOString(), signals: [] }),
    ...answers,
  });
}

/** The reading pane of another fixture, as Outlook swaps it in. */
function paneOf(html: string): Element {
  const next = new DOMParser().parseFromString(html, 'text/html').getElementById('ReadingPaneContainerId');
  if (!next) throw new Error('no reading pane');
  return document.importNode(next, true);
}

const note = () => shadow()?.querySelector('.rp-site-note')?.textContent || null;
const looked = (bg: ReturnType<typeof fakeBackground>) =>
  bg.sent('lookup').map((r) => [...(r.emails ?? [])].sort());

let ctx: ContentScriptContext;
let bg: ReturnType<typeof fakeBackground> | null = null;
beforeEach(() => {
  fakeBrowser.reset();
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response('')),
  ); // the panel's stylesheet
  history.replaceState({}, '', PANE_1);
  showPage(pane);
  ctx = new ContentScriptContext('outlook', { cssInjectionMode: 'ui' });
});
afterEach(() => {
  ctx.notifyInvalidated();
  bg?.stop();
  bg = null;
  vi.unstubAllGlobals();
  setLocale('en', ['en-US']);
});

describe('startOutlookOverlay: the reading pane', () => {
  it('should look up only people with a readable address, and list the others by name', async () => {
    bg = background();
    startOutlookOverlay(ctx);
    await until(() => expect(card('Castellan Foods')?.textContent).toContain('Elena Marchetti'));
    expect(looked(bg)).toEqual([[ELENA, JOHAN, PETE, SARA, TOM].sort()]);
    // Never a name, never a guessed address: the lookup carries addresses the page showed, nothing else.
    const sent = JSON.stringify(bg.sent('lookup'));
    for (const name of ['Marco', 'Anna', 'Luca', 'marco.bassi', 'anna.conti'])
      expect(sent).not.toContain(name);
    expect(panel()).toContain('norrland-logistics.example is not an account yet');
    expect(note()).toBe(
      '3 people without a visible address: Marco Bassi, Anna Conti, Luca Romano' +
        'Outlook does not show these people’s email addresses here, so Rapport does not look them up.',
    );
    // The note is the panel body's last part, drawn with the cards, and goes when the panel folds.
    const toggle = () => shadow()?.querySelector<HTMLButtonElement>('.rp-panel-head')?.click();
    toggle();
    await until(() => expect(note()).toBeNull());
    toggle();
    await until(() => expect(note()).toContain('3 people without a visible address'));
    expect(
      shadow()?.querySelector('.rp-panel-body')?.lastElementChild?.classList.contains('rp-site-note'),
    ).toBe(true);
  });

  it('should say it in Italian when the extension is in Italian', async () => {
    setLocale('it', ['it-IT']);
    bg = background();
    startOutlookOverlay(ctx);
    await until(() =>
      expect(note()).toBe(
        '3 persone senza indirizzo visibile: Marco Bassi, Anna Conti, Luca Romano' +
          'Outlook qui non ne mostra gli indirizzi email, quindi Rapport non le cerca.',
      ),
    );
  });

  it('should log the conversation under its list id, with subject, link and latest date', async () => {
    bg = background({
      logTouch: (r) => ({
        id: 't_1',
        kind: 'email',
        subject: r.touch.subject,
        occurredAt: r.touch.occurredAt ?? '',
        link: r.touch.link ?? '',
        notes: '',
        user: GIULIA,
        contacts: [{ id: 'c_elena', name: 'Elena Marchetti' }],
        accountIds: ['a_castellan'],
        createdAt: '',
        updatedAt: '',
        version: 1,
        created: true,
        unmatchedEmails: [],
      }),
    });
    startOutlookOverlay(ctx);
    await until(() => expect(() => button('Log this email')).not.toThrow());
    button('Log this email').click();
    await until(() => expect(bg?.sent('logTouch')).toHaveLength(1));
    const [sent] = bg.sent('logTouch');
    expect(sent?.touch).toMatchObject({
      kind: 'email',
      subject: 'Cold-chain sensor pilot: Verona plant extension',
      occurredAt: new Date(2025, 2, 6, 8, 5).toISOString(),
      link: `https://outlook.office.com${PANE_1}`,
      sourceKey: `outlook:${CONV_1}`,
      accountIds: ['a_castellan'],
    });
    expect([...(sent?.touch.emails ?? [])].sort()).toEqual([ELENA, JOHAN, PETE, SARA, TOM].sort());
    await until(() => expect(panel()).toContain('Logged to Castellan Foods.'));
  });
});

describe('startOutlookOverlay: navigation', () => {
  it('should wait for the pane after the URL changes, never looking up the previous message under the new one', async () => {
    bg = background();
    startOutlookOverlay(ctx);
    await until(() => expect(card('Castellan Foods')).not.toBeNull());
    expect(bg.sent('lookup')).toHaveLength(1);

    // Outlook: the row is selected and the URL changes first; the pane re-renders 300 ms later.
    const list = document.querySelector('[role="listbox"]');
    history.pushState({}, '', PANE_2);
    list?.setAttribute('aria-activedescendant', 'AQAAAE0y');
    for (const row of document.querySelectorAll('[role="option"]'))
      row.setAttribute('aria-selected', String(row.id === 'AQAAAE0y'));
    await new Promise((ok) => setTimeout(ok, 300));
    expect(bg.sent('lookup')).toHaveLength(1); // the old header under the new address: not read
    document.getElementById('ReadingPaneContainerId')?.replaceWith(paneOf(pane2));

    await until(() => expect(card('Castellan Foods')).toBeNull());
    await until(() => expect(panel()).toContain('norrland-logistics.example is not an account yet'));
    expect(looked(bg)).toEqual([[ELENA, JOHAN, PETE, SARA, TOM].sort(), [JOHAN, SARA]]);
    expect(note()).toContain('1 person without a visible address: Luca Romano');
    expect(document.querySelectorAll('rapport-overlay')).toHaveLength(1);
  });

  it('should read the pane after a while if it never changes (the same conversation under another URL)', async () => {
    bg = background();
    startOutlookOverlay(ctx);
    await until(() => expect(card('Castellan Foods')).not.toBeNull());
    history.pushState({}, '', `${PANE_1}x`);
    document.body.append(document.createElement('div')); // unrelated churn: a read that must wait
    await until(() => expect(card('Castellan Foods')).not.toBeNull());
    await new Promise((ok) => setTimeout(ok, 2300));
    expect(card('Castellan Foods')).not.toBeNull();
    expect(bg.sent('lookup').length).toBeGreaterThanOrEqual(1);
  });

  it('should remove the panel when the pane goes away', async () => {
    bg = background();
    startOutlookOverlay(ctx);
    await until(() => expect(card('Castellan Foods')).not.toBeNull());
    history.pushState({}, '', '/mail/inbox/');
    document.getElementById('ReadingPaneContainerId')?.remove();
    await until(() => expect(document.querySelector('rapport-overlay')).toBeNull());
  });
});

describe('startOutlookOverlay: compose', () => {
  it('should follow the pills, offer no log, and list a name-only pill without looking it up', async () => {
    history.replaceState({}, '', '/mail/deeplink/compose');
    showPage(compose);
    bg = background();
    startOutlookOverlay(ctx);
    await until(() => expect(card('Castellan Foods')).not.toBeNull());
    expect(looked(bg)).toEqual([[ELENA, PETE, TOM].sort()]);
    expect(note()).toContain('1 person without a visible address: Anna Conti');
    expect(() => button('Log this email')).toThrow();

    const pill = document.createElement('span');
    pill.setAttribute('draggable', 'true');
    pill.textContent = 'Sara Lindqvist <sara.lindqvist@norrland-logistics.example>';
    document.querySelector('[aria-label="Cc"][contenteditable]')?.append(pill);
    await until(() => expect(panel()).toContain('norrland-logistics.example is not an account yet'));
    pill.remove();
    await until(() => expect(panel()).not.toContain('norrland-logistics.example'));
    expect(card('Castellan Foods')).not.toBeNull();

    // Outlook resolves Anna Conti's pill: her address arrives as a title, and she is looked up at once.
    const anna = [...document.querySelectorAll('[draggable="true"]')].find((p) =>
      p.textContent?.includes('Anna'),
    );
    anna?.setAttribute('title', 'anna.conti@quayside-retail.example');
    await until(() => expect(panel()).toContain('quayside-retail.example is not an account yet'));
    expect(note()).toBeNull();
  });
});
