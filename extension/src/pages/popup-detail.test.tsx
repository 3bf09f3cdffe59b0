import { type Account, type Contact, zAccount } from '@rapport/shared';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import { createRequestHandler } from '../api/handler';
import {
  asAdmin,
  callApi,
  ORIGIN,
  openLink,
  revokeToken,
  type SeededUser,
  seedAccount,
  seedContact,
  seedOpportunity,
  seedUser,
  uniqueTag,
  watchRequests,
} from '../api/test-rapport';
import { listenForRequests } from '../messaging';
import { session } from '../storage';
import { formatAmount, formatDate } from '../ui/format';
import { PopupPage } from './popup-page';

interface Organisation {
  /** The word in this test's account names, which searches for them. */
  tag: string;
  /** Signed in: an account manager who is a rep on Acme. */
  marta: SeededUser;
  luca: SeededUser;
  acme: Account;
  jane: Contact;
  tom: Contact;
}

/**
 * Luca's key account Acme, with Marta as its rep, a renewal and two stakeholders: Jane (CFO, Marta's
 * relationship) and Tom (CTO, reporting to Jane). `reachable: false` leaves out its domain and company page.
 */
async function organisation({ reachable = true } = {}): Promise<Organisation> {
  const tag = uniqueTag();
  const [marta, luca] = await Promise.all([
    seedUser('account_manager', 'Marta Rossi'),
    seedUser('account_manager', 'Luca Bianchi'),
  ]);
  const acme = await seedAccount({
    name: `Acme ${tag}`,
    domains: reachable ? [`acme-${tag}.example`] : [],
    linkedinSlug: reachable ? `acme-${tag}` : null,
    status: 'customer',
    tier: 'key',
    ownerId: luca.id,
    repIds: [marta.id],
  });
  await seedOpportunity({
    accountId: acme.id,
    title: 'Fleet renewal 2027',
    type: 'renewal',
    kind: 'contract',
    termMonths: 24,
    stage: 'negotiate',
    amount: 4_800_000,
    currency: 'EUR',
    expectedCloseDate: '2027-03-31',
    ownerId: luca.id,
  });
  const jane = await seedContact({
    accountId: acme.id,
    name: 'Jane Doe',
    title: 'CFO',
    emails: [`jane@acme-${tag}.example`],
    linkedinSlug: `jane-doe-${tag}`,
    roles: ['economic_buyer'],
    stance: 'champion',
    influence: 'high',
    relationshipOwnerId: marta.id,
    lastContactedAt: '2026-01-02T10:00:00.000Z',
  });
  const tom = await seedContact({
    accountId: acme.id,
    name: 'Tom Lee',
    title: 'CTO',
    emails: [`tom@acme-${tag}.example`],
    roles: ['technical_decision_maker'],
    stance: 'skeptic',
    influence: 'medium',
    reportsToId: jane.id,
  });
  return { tag, marta, luca, acme, jane, tom };
}

let root: HTMLElement;
let stop: () => void = () => {};

beforeEach(() => {
  fakeBrowser.reset();
  document.body.innerHTML = '<div id="root"></div>';
  root = document.getElementById('root') as HTMLElement;
  stop = listenForRequests(createRequestHandler({ windowMs: 5 }).handle);
});
afterEach(() => {
  render(null, root);
  stop();
  vi.unstubAllGlobals();
});

/** Waits for the real server's answers to show, outside `act`, as the popup renders them. */
async function until<T>(check: () => T): Promise<T> {
  return vi.waitFor(check, { timeout: 5000 });
}

/**
 * Signs `user` in (at the test server unless told), opens the popup and types `q` into the search; resolves
 * once the results are listed.
 */
async function searchFor(user: SeededUser, q: string, results: number, serverUrl = ORIGIN) {
  const signedIn = await createRequestHandler().handle(
    { type: 'signIn', serverUrl, email: user.email, password: user.password },
    {},
  );
  expect(signedIn.ok).toBe(true);
  render(<PopupPage />, root);
  const box = await until(() => {
    const el = root.querySelector<HTMLInputElement>('#quick-search');
    if (!el) throw new Error('no search box yet');
    return el;
  });
  await act(() => {
    box.value = q;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await until(() => expect(root.querySelectorAll('[role="option"]')).toHaveLength(results));
  return box;
}

/** The token of the session the popup's background holds. */
async function sessionToken(): Promise<string> {
  const current = await session.getValue();
  if (!current) throw new Error('not signed in');
  return current.token;
}

/** The listed results' text, in order. */
function results(): string[] {
  return [...root.querySelectorAll('[role="option"]')].map((o) => o.textContent ?? '');
}

/** A key pressed where the focus is, as a person would. */
async function press(key: string) {
  await act(() => {
    (document.activeElement ?? document.body).dispatchEvent(
      new KeyboardEvent('keydown', { key, bubbles: true }),
    );
  });
}

/** The detail on screen (others opened before it stay mounted, hidden). */
function detail(): HTMLElement {
  const shown = [...root.querySelectorAll<HTMLElement>('section.detail')].filter((s) => !s.hidden);
  if (shown.length !== 1) throw new Error(`${shown.length} details on screen`);
  return shown[0] as HTMLElement;
}

function heading(): HTMLElement {
  const h = detail().querySelector('h2');
  if (!h) throw new Error('no heading');
  return h;
}

function control(name: string): HTMLElement {
  const found = [...detail().querySelectorAll<HTMLElement>('button, a')].find(
    (el) => el.textContent === name || el.firstChild?.textContent === name,
  );
  if (!found) throw new Error(`no button or link ${name}`);
  return found;
}

function link(name: string): HTMLAnchorElement {
  const el = control(name);
  if (!(el instanceof HTMLAnchorElement)) throw new Error(`${name} is not a link`);
  return el;
}

describe('popup detail', () => {
  it('should open an account chosen with the keyboard, then go back with Escape to the same results', async () => {
    const { tag, marta, acme } = await organisation();
    const watch = watchRequests();
    const box = await searchFor(marta, tag, 3);
    // The account's name holds the word, so it comes first; the stakeholders match through their account's.
    expect(results()[0]).toContain(acme.name);
    await press('ArrowDown');
    await press('ArrowDown');
    await press('ArrowUp');
    await press('ArrowUp');
    await press('Enter');

    expect(heading().textContent).toBe(acme.name);
    expect(document.activeElement).toBe(heading());
    await until(() => expect(detail().textContent).toContain('Fleet renewal 2027'));
    const text = detail().textContent;
    expect(text).toContain('Key account');
    expect(text).toContain('Customer');
    expect(text).toContain('Key account, owned by Luca Bianchi; you are an assigned rep');
    expect(text).toContain('Assigned reps: Marta Rossi');
    expect(text).toContain(
      `Renewal · Negotiate · ${formatAmount(4_800_000, 'EUR')} · closes ${formatDate('2027-03-31')}`,
    );
    const jane = [...detail().querySelectorAll('.rp-stakeholder')].find((li) =>
      li.textContent?.startsWith('Jane Doe'),
    );
    expect([...(jane?.querySelectorAll('.rp-badge') ?? [])].map((b) => b.textContent)).toEqual([
      'Economic buyer',
      'Champion',
      'High influence',
    ]);
    expect(text).toContain('Uncovered: Purchasing');

    const site = link(`acme-${tag}.example`);
    expect(site.href).toBe(`https://acme-${tag}.example/`);
    expect(site.target).toBe('_blank');
    expect(site.rel).toBe('noopener noreferrer');
    expect(link('LinkedIn company page').href).toBe(`https://www.linkedin.com/company/acme-${tag}/`);

    await press('Escape');
    expect(root.querySelector('section.detail')).toBeNull();
    expect(root.querySelector<HTMLElement>('.search')?.hidden).toBe(false);
    expect(box.value).toBe(tag);
    expect(box.getAttribute('aria-activedescendant')).toBe('hit-0');
    expect(root.querySelector('#hit-0')?.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(box);
    expect(watch.sent.filter((c) => c.path === '/api/v1/search')).toHaveLength(1);
    // The card is the account's summary, read by id: no lookup by domain or address.
    expect(watch.sent.filter((c) => c.path === `/api/v1/accounts/${acme.id}/summary`)).toHaveLength(1);
    expect(watch.lookups()).toEqual([]);
  });

  it('should open a stakeholder, follow its account and a colleague, and come back one step at a time', async () => {
    const { tag, marta, acme } = await organisation();
    const box = await searchFor(marta, tag, 3);
    const at = results().findIndex((r) => r.startsWith('Jane Doe'));
    expect(at).toBeGreaterThan(0); // below the account
    for (let i = 0; i < at; i++) await press('ArrowDown');
    await press('Enter');
    expect(document.activeElement).toBe(heading());
    expect(heading().textContent).toBe('Jane Doe');
    await until(() => expect(detail().textContent).toContain('Economic buyer'));
    const text = detail().textContent;
    expect(text).toContain('CFO');
    expect(text).toContain('Champion');
    expect(text).toContain('High influence');
    expect(text).toContain(`Relationship owner${'Marta Rossi'}`);
    expect(text).toContain(`Last contacted${formatDate('2026-01-02T10:00:00.000Z')}`);
    expect(text).toContain('Reports toNot set');
    const mail = link(`jane@acme-${tag}.example`);
    expect(mail.href).toBe(`mailto:jane@acme-${tag}.example`);
    expect(link('LinkedIn profile').href).toBe(`https://www.linkedin.com/in/jane-doe-${tag}/`);
    expect(link('LinkedIn profile').rel).toBe('noopener noreferrer');

    const account = control(acme.name);
    account.focus();
    await act(() => account.click());
    expect(heading().textContent).toBe(acme.name);
    expect(document.activeElement).toBe(heading());
    expect(control('Back to Jane Doe')).toBeTruthy();
    await until(() => expect(detail().textContent).toContain('Fleet renewal 2027'));

    const tom = control('Tom Lee');
    tom.focus();
    await act(() => tom.click());
    await until(() => expect(detail().textContent).toContain('Reports toJane Doe'));
    expect(detail().textContent).toContain('Relationship ownerNobody yet');
    expect(detail().textContent).toContain('Last contactedNever');

    await press('Escape');
    expect(heading().textContent).toBe(acme.name);
    expect(document.activeElement).toBe(control('Tom Lee'));
    await press('Escape');
    expect(heading().textContent).toBe('Jane Doe');
    expect(document.activeElement).toBe(control(acme.name));
    await act(() => control('Back to results').click());
    expect(root.querySelector('section.detail')).toBeNull();
    expect(box.value).toBe(tag);
    expect(box.getAttribute('aria-activedescendant')).toBe(`hit-${at}`); // Jane, where the person left off
    expect(document.activeElement).toBe(box);
  });

  it('should say so when an account has no deals and no stakeholders yet', async () => {
    const marta = await seedUser('account_manager', 'Marta Rossi');
    const tag = uniqueTag();
    await seedAccount({
      name: `Globex ${tag}`,
      domains: [`globex-${tag}.example`],
      status: 'customer',
      ownerId: marta.id,
    });
    await searchFor(marta, tag, 1);
    await press('Enter');
    await until(() => expect(detail().textContent).toContain('No open opportunities.'));
    expect(detail().textContent).toContain('Your customer');
    expect(detail().textContent).toContain('No stakeholders yet.');
    expect(detail().textContent).toContain('No stakeholder holds a buying role yet.');
  });

  it('should show all of an account without domain or company page, deals included', async () => {
    const { tag, marta, acme } = await organisation({ reachable: false });
    // Someone with neither an address nor a profile.
    await seedContact({ accountId: acme.id, name: 'Bob Stone', title: 'Buyer', roles: ['purchasing'] });
    const watch = watchRequests();
    await searchFor(marta, tag, 4);
    await act(() => (root.querySelector('#hit-0') as HTMLElement).click());
    await until(() => expect(detail().textContent).toContain('Fleet renewal 2027'));
    const text = detail().textContent;
    expect(text).toContain('No website or LinkedIn page on record.');
    expect(text).toContain('Key account, owned by Luca Bianchi; you are an assigned rep');
    expect(text).toContain('Assigned reps: Marta Rossi');
    expect(text).toContain('Bob Stone · BuyerPurchasing');
    expect(/Uncovered: (.*)$/.exec(text)?.[1]).not.toContain('Purchasing');
    expect(watch.lookups()).toEqual([]);
  });

  it('should offer to sign in again when the session has ended', async () => {
    const { tag, marta } = await organisation();
    await searchFor(marta, tag, 3);
    await revokeToken(await sessionToken()); // signed out elsewhere, after the search
    await act(() => (root.querySelector('#hit-0') as HTMLElement).click());
    await until(() =>
      expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toContain('Sign in again'),
    );
  });

  it('should let a person try again after a failure', async () => {
    const { tag, marta } = await organisation();
    const link = await openLink();
    await searchFor(marta, tag, 3, link.origin);
    await link.cut(); // the server went away after the search
    await act(() => (root.querySelector('#hit-0') as HTMLElement).click());
    await until(() =>
      expect(detail().querySelector('[role="alert"]')?.textContent).toContain('Could not reach'),
    );
    await link.restore();
    await act(() => control('Try again').click());
    expect(document.activeElement).toBe(heading());
    await until(() => expect(detail().textContent).toContain('Fleet renewal 2027'));
  });

  it('should open the account a merged one lives on', async () => {
    const { tag, marta, acme } = await organisation();
    const old = await seedAccount({ name: `Acme ${tag} (old)`, status: 'customer' });
    await searchFor(marta, `old ${tag}`, 1);
    // Merged by someone else while the result is on screen.
    await asAdmin('POST', `/accounts/${acme.id}/merge`, zAccount, {
      sourceId: old.id,
      version: acme.version,
    });
    await press('Enter');
    await until(() =>
      expect(detail().textContent).toContain('This account was merged into another account.'),
    );
    await act(() => control('Open the merged account').click());
    await until(() => expect(detail().textContent).toContain('Fleet renewal 2027'));
    expect(heading().textContent).toBe(acme.name);
  });

  it('should say so when the account was deleted, without offering to try again', async () => {
    const marta = await seedUser('account_manager', 'Marta Rossi');
    const tag = uniqueTag();
    const initech = await seedAccount({ name: `Initech ${tag}`, ownerId: marta.id });
    await searchFor(marta, tag, 1);
    // Its owner deletes it (from another device) while the result is on screen.
    const deleted = await callApi('DELETE', `/accounts/${initech.id}`, await sessionToken());
    expect(deleted.status).toBe(204);
    await press('Enter');
    await until(() =>
      expect(detail().querySelector('[role="alert"]')?.textContent).toContain(
        'This account no longer exists in Rapport. Search again.',
      ),
    );
    expect(detail().textContent).not.toContain('Try again');
  });
});
