import {
  type Account,
  type Contact,
  type LookupAccount,
  type LookupStakeholder,
  type SearchHit,
  zAccount,
  zContact,
  zLookupAccount,
  zUser,
} from '@rapport/shared';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import { createRequestHandler } from '../api/handler';
import { ACCOUNTS, answerLookup, MARTA, ORIGIN, stubServer } from '../api/test-server';
import { listenForRequests } from '../messaging';
import { formatAmount, formatDate } from '../ui/format';
import { PopupPage } from './popup-page';

const T = '2026-01-05T09:00:00.000Z';
const LUCA = zUser.parse({
  id: 'u_luca',
  email: 'luca@ourco.example',
  name: 'Luca Bianchi',
  role: 'account_manager',
  active: true,
  createdAt: T,
  updatedAt: T,
  version: 1,
});
const ref = ({ id, name, email, role }: typeof LUCA) => ({ id, name, email, role });

function person(p: Partial<LookupStakeholder> & Pick<LookupStakeholder, 'id' | 'name'>): LookupStakeholder {
  return {
    title: null,
    emails: [],
    linkedinSlug: null,
    roles: [],
    stance: null,
    influence: null,
    reportsToId: null,
    relationshipOwner: null,
    lastContactedAt: null,
    ...p,
  };
}

const JANE = person({
  id: 'c_jane',
  name: 'Jane Doe',
  title: 'CFO',
  emails: ['jane@acme.example'],
  linkedinSlug: 'jane-doe-1a2b',
  roles: ['economic_buyer'],
  stance: 'champion',
  influence: 'high',
  relationshipOwner: ref(MARTA),
  lastContactedAt: '2026-01-02T10:00:00.000Z',
});
const TOM = person({
  id: 'c_tom',
  name: 'Tom Lee',
  title: 'CTO',
  emails: ['tom@acme.example'],
  roles: ['technical_decision_maker'],
  stance: 'skeptic',
  influence: 'medium',
  reportsToId: 'c_jane',
});

/** Someone else's key account with a deal and two stakeholders, as the lookup sums it up. */
const ACME = zLookupAccount.parse({
  id: 'a_acme',
  name: 'Acme',
  domains: ['acme.example'],
  linkedinSlug: 'acme-corp',
  status: 'customer',
  tier: 'key',
  industry: null,
  owner: ref(LUCA),
  reps: [ref(MARTA)],
  ownership: { relation: 'rep', message: 'Key account, owned by Luca Bianchi; you are an assigned rep' },
  openOpportunities: [
    {
      id: 'o_fleet',
      title: 'Fleet renewal 2027',
      type: 'renewal',
      kind: 'contract',
      termMonths: 24,
      stage: 'negotiate',
      amount: 4_800_000,
      currency: 'EUR',
      expectedCloseDate: '2027-03-31',
      owner: ref(LUCA),
    },
  ],
  stakeholders: [JANE, TOM],
  stakeholderCount: 2,
});
const GLOBEX = ACCOUNTS[1] as LookupAccount;

function recordOf(a: LookupAccount): Account {
  return zAccount.parse({
    ...a,
    linkedinAliases: [],
    ownerId: a.owner?.id ?? null,
    repIds: a.reps.map((r) => r.id),
    notes: '',
    createdAt: T,
    updatedAt: T,
    version: 1,
  });
}

function contactOf(s: LookupStakeholder, accountId: string): Contact {
  return zContact.parse({
    ...s,
    accountId,
    linkedinAliases: [],
    relationshipOwnerId: s.relationshipOwner?.id ?? null,
    notes: '',
    createdAt: T,
    updatedAt: T,
    version: 1,
  });
}

/**
 * The fake server's organisation: `summaries` are what lookups find (and whose records and contacts the
 * server holds); `unindexed` accounts have records and contacts but nothing a lookup can match.
 */
function organisation(
  summaries: LookupAccount[],
  { unindexed = [] as LookupAccount[], routes = {} as Parameters<typeof stubServer>[0] } = {},
) {
  const all = [...summaries, ...unindexed];
  const contacts = all.flatMap((a) => a.stakeholders.map((s) => contactOf(s, a.id)));
  const hits: SearchHit[] = [
    ...all.flatMap((a) =>
      a.stakeholders.map((s) => ({
        type: 'contact' as const,
        id: s.id,
        name: s.name,
        detail: `${s.title} · ${a.name}`,
        accountId: a.id,
        score: 2,
      })),
    ),
    ...all.map((a) => ({
      type: 'account' as const,
      id: a.id,
      name: a.name,
      detail: a.domains.join(', '),
      accountId: a.id,
      score: 1,
    })),
  ];
  return stubServer({
    'GET /api/v1/search': ({ url }) => {
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      const items = hits.filter((h) => `${h.name} ${h.detail}`.toLowerCase().includes(q));
      return { status: 200, body: { items } };
    },
    ...Object.fromEntries(
      all.map((a) => [`GET /api/v1/accounts/${a.id}`, () => ({ status: 200, body: recordOf(a) })]),
    ),
    'POST /api/v1/lookup': ({ body }) => ({ status: 200, body: answerLookup(body, summaries) }),
    'GET /api/v1/contacts': ({ url }) => {
      const accountId = url.searchParams.get('accountId');
      return {
        status: 200,
        body: { items: contacts.filter((c) => c.accountId === accountId), nextCursor: null },
      };
    },
    'GET /api/v1/users': () => ({ status: 200, body: { items: [MARTA, LUCA], nextCursor: null } }),
    ...routes,
  });
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

async function until<T>(check: () => T): Promise<T> {
  return vi.waitFor(check);
}

/** Signs in, opens the popup and types `q` into the search; resolves once the results are listed. */
async function searchFor(q: string, results: number) {
  const signedIn = await createRequestHandler().handle(
    { type: 'signIn', serverUrl: ORIGIN, email: MARTA.email, password: 'correct horse' },
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
    const server = organisation([ACME]);
    const box = await searchFor('acme', 3); // Jane Doe, Tom Lee, then the account
    await press('ArrowDown');
    await press('ArrowDown');
    await press('Enter');

    expect(heading().textContent).toBe('Acme');
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

    const site = link('acme.example');
    expect(site.href).toBe('https://acme.example/');
    expect(site.target).toBe('_blank');
    expect(site.rel).toBe('noopener noreferrer');
    expect(link('LinkedIn company page').href).toBe('https://www.linkedin.com/company/acme-corp/');

    await press('Escape');
    expect(root.querySelector('section.detail')).toBeNull();
    expect(root.querySelector<HTMLElement>('.search')?.hidden).toBe(false);
    expect(box.value).toBe('acme');
    expect(box.getAttribute('aria-activedescendant')).toBe('hit-2');
    expect(root.querySelector('#hit-2')?.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(box);
    expect(server.calls.filter((c) => c.path === '/api/v1/search')).toHaveLength(1);
  });

  it('should open a stakeholder, follow its account and a colleague, and come back one step at a time', async () => {
    organisation([ACME]);
    const box = await searchFor('jane', 1);
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
    const mail = link('jane@acme.example');
    expect(mail.href).toBe('mailto:jane@acme.example');
    expect(link('LinkedIn profile').href).toBe('https://www.linkedin.com/in/jane-doe-1a2b/');
    expect(link('LinkedIn profile').rel).toBe('noopener noreferrer');

    const account = control('Acme');
    account.focus();
    await act(() => account.click());
    expect(heading().textContent).toBe('Acme');
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
    expect(heading().textContent).toBe('Acme');
    expect(document.activeElement).toBe(control('Tom Lee'));
    await press('Escape');
    expect(heading().textContent).toBe('Jane Doe');
    expect(document.activeElement).toBe(control('Acme'));
    await act(() => control('Back to results').click());
    expect(root.querySelector('section.detail')).toBeNull();
    expect(box.value).toBe('jane');
    expect(document.activeElement).toBe(box);
  });

  it('should say so when an account has no deals and no stakeholders yet', async () => {
    organisation([GLOBEX]);
    await searchFor('globex', 1);
    await press('Enter');
    await until(() => expect(detail().textContent).toContain('No open opportunities.'));
    expect(detail().textContent).toContain('No stakeholders yet.');
    expect(detail().textContent).toContain('No stakeholder holds a buying role yet.');
  });

  it('should find an account without domain or company page through one of its stakeholders', async () => {
    const northwind = { ...ACME, id: 'a_north', name: 'Northwind', domains: [], linkedinSlug: null };
    const server = organisation([northwind]);
    await searchFor('northwind', 3);
    await press('ArrowDown');
    await press('ArrowDown');
    await press('Enter');
    await until(() => expect(detail().textContent).toContain('Fleet renewal 2027'));
    expect(detail().textContent).toContain('No website or LinkedIn page on record.');
    expect(server.lookups().map((c) => c.body)).toEqual([{ emails: ['jane@acme.example'], linkedin: [] }]);
  });

  it('should show the record of an account that nothing can look up, and say why its deals are missing', async () => {
    const bob = person({ id: 'c_bob', name: 'Bob Stone', title: 'Buyer', roles: ['purchasing'] });
    const initech = { ...GLOBEX, id: 'a_initech', name: 'Initech', domains: [], linkedinSlug: null };
    const server = organisation([], {
      unindexed: [{ ...initech, owner: ref(LUCA), reps: [ref(MARTA)], stakeholders: [bob] }],
    });
    await searchFor('initech', 2);
    await press('ArrowDown');
    await press('Enter');
    await until(() => expect(detail().textContent).toContain('Owned by Luca Bianchi'));
    const text = detail().textContent;
    expect(text).toContain('Assigned reps: Marta Rossi');
    expect(text).toContain('add one to this account to see them here');
    expect(text).toContain('Bob Stone · BuyerPurchasing');
    expect(server.lookups()).toHaveLength(0);
  });

  it('should offer to sign in again when the session has ended', async () => {
    organisation([ACME], {
      routes: {
        'GET /api/v1/accounts/a_acme': () => ({
          status: 401,
          body: { error: { code: 'unauthorized', message: 'Session expired' } },
        }),
      },
    });
    await searchFor('acme', 3);
    await act(() => (root.querySelector('#hit-2') as HTMLElement).click());
    await until(() =>
      expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toContain('Sign in again'),
    );
  });

  it('should let a person try again after a failure', async () => {
    let calls = 0;
    organisation([ACME], {
      routes: {
        'GET /api/v1/accounts/a_acme': () =>
          ++calls === 1 ? 'network-error' : { status: 200, body: recordOf(ACME) },
      },
    });
    await searchFor('acme', 3);
    await act(() => (root.querySelector('#hit-2') as HTMLElement).click());
    await until(() =>
      expect(detail().querySelector('[role="alert"]')?.textContent).toContain('Could not reach'),
    );
    await act(() => control('Try again').click());
    expect(document.activeElement).toBe(heading());
    await until(() => expect(detail().textContent).toContain('Fleet renewal 2027'));
  });

  it('should open the account a merged one lives on', async () => {
    const old = { ...GLOBEX, id: 'a_old', name: 'Acme (old)', domains: [], linkedinSlug: null };
    organisation([ACME], {
      unindexed: [old],
      routes: {
        'GET /api/v1/accounts/a_old': () => ({
          status: 404,
          body: {
            error: {
              code: 'not_found',
              message: 'Account a_old was merged into a_acme',
              details: { id: 'a_old', mergedInto: 'a_acme' },
            },
          },
        }),
      },
    });
    await searchFor('old', 1);
    await press('Enter');
    await until(() =>
      expect(detail().textContent).toContain('This account was merged into another account.'),
    );
    await act(() => control('Open the merged account').click());
    await until(() => expect(detail().textContent).toContain('Fleet renewal 2027'));
    expect(heading().textContent).toBe('Acme');
  });
});
