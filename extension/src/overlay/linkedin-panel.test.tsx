import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import type { LinkedinCompany, LinkedinProfile } from '../extract/linkedin';
import { LinkedinPanel, type LinkedinPanelProps, type LinkedinState } from './linkedin-panel';
import {
  type Answers,
  account,
  contact,
  fakeBackground,
  GIULIA,
  LUCA,
  MARTA,
  PAOLO,
  stakeholder,
  storedAccount,
} from './linkedin-test-data';

const ELENA: LinkedinProfile = {
  slug: 'elena-marchetti-4a1b2c',
  name: 'Elena Marchetti',
  headline: 'Head of Procurement at Castellan Foods | Cold chain and packaging sourcing',
  company: { name: 'Castellan Foods', slug: 'castellan-foods' },
};
const CASTELLAN: LinkedinCompany = {
  slug: 'castellan-foods',
  name: 'Castellan Foods',
  websiteDomain: 'castellan-foods.example',
  industry: 'Food and Beverage Manufacturing',
};
const hit = (id: string, name: string) => ({
  type: 'account' as const,
  id,
  name,
  detail: '',
  accountId: id,
  score: 1,
});

/** The background of a signed-in Marta: colleagues, Castellan's stakeholders, and a search over accounts. */
const ORG: Answers = {
  listUsers: () => [MARTA, LUCA],
  listContacts: () => [contact(GIULIA), contact(PAOLO)],
  lookup: (r) =>
    r.linkedin?.[0] === 'company:castellan-foods'
      ? {
          results: [
            {
              input: 'company:castellan-foods',
              type: 'linkedin',
              normalized: 'castellan-foods',
              match: 'linkedin',
              reason: null,
              contactId: null,
              accountId: 'a_castellan',
            },
          ],
          accounts: [account()],
        }
      : { results: [], accounts: [] },
  search: (r) => ({
    items: [hit('a_logistics', 'Castellan Foods Logistics'), hit('a_globex', 'Globex')].filter((h) =>
      h.name.toLowerCase().includes(r.q.toLowerCase().slice(0, 3)),
    ),
  }),
};

let root: HTMLElement;
let bg: ReturnType<typeof fakeBackground> | null = null;

beforeEach(() => {
  fakeBrowser.reset();
  document.body.innerHTML = '<div id="root"></div>';
  root = document.getElementById('root') as HTMLElement;
});
afterEach(() => {
  render(null, root);
  bg?.stop();
});

function show(state: LinkedinState, props: Partial<LinkedinPanelProps> = {}) {
  const all: LinkedinPanelProps = {
    state,
    profile: state.kind === 'profile' ? ELENA : null,
    company: state.kind === 'company' ? CASTELLAN : null,
    me: MARTA,
    collapsed: false,
    onToggle: () => {},
    onRetry: () => {},
    onOpenOptions: () => {},
    onChanged: async () => {},
    ...props,
  };
  render(<LinkedinPanel {...all} />, root);
  return all;
}

const text = () => root.textContent ?? '';
// The real server answers; on a loaded machine that takes longer than vi.waitFor's default second.
const until = (check: () => void) => vi.waitFor(check, { timeout: 8000 });

function button(name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
}

/** The control a visible label names (labels wrap their control and name it in a span). */
function field<T extends HTMLElement = HTMLInputElement>(label: string): T {
  const el = [...root.querySelectorAll('label')].find((l) => l.querySelector('span')?.textContent === label);
  const control = el?.querySelector('input, select, textarea');
  if (!control) throw new Error(`no field labelled ${label}`);
  return control as T;
}

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function choose(select: HTMLSelectElement, value: string) {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

function check(label: string) {
  const box = [...root.querySelectorAll('label')]
    .find((l) => l.textContent?.trim() === label)
    ?.querySelector('input');
  box?.click();
}

const radios = () =>
  [...root.querySelectorAll<HTMLInputElement>('input[type=radio]')].map((r) => ({
    name: r.closest('label')?.querySelector('.rp-strong')?.textContent,
    checked: r.checked,
  }));

async function submit() {
  await act(async () => {
    root.querySelector('form')?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
}

describe('LinkedinPanel on a known stakeholder’s profile', () => {
  const known: LinkedinState = {
    kind: 'profile',
    slug: 'paolo-gallo-77',
    match: { account: account(), stakeholder: PAOLO },
  };

  it('should show the card: account, badges, reports-to, relationship owner and last contact', async () => {
    bg = fakeBackground(ORG);
    show(known);
    expect(root.querySelector('.rp-panel-summary')?.textContent).toBe('Stakeholder at Castellan Foods');
    const card = root.querySelector('article[aria-label="Paolo Gallo"]');
    expect(card?.textContent).toContain('Stakeholder at Castellan Foods');
    expect([...root.querySelectorAll('.rp-badge')].map((b) => b.textContent)).toEqual([
      'Purchasing',
      'Skeptic',
      'Medium influence',
    ]);
    const facts = [...root.querySelectorAll('.rp-facts dt')].map((dt) => [
      dt.textContent,
      dt.nextElementSibling?.textContent,
    ]);
    expect(facts.slice(0, 2)).toEqual([
      ['Reports to', 'Giulia Neri'],
      ['Relationship owner', 'Luca Verdi'],
    ]);
    expect(facts[2]?.[1]).not.toBe('Never');
    await until(() => expect(button('Edit')).toBeTruthy());
    expect(bg.sent('listContacts')).toEqual([{ type: 'listContacts', accountId: 'a_castellan' }]);
  });

  it('should save only the changes with the version read, then look the page up again', async () => {
    bg = fakeBackground({
      ...ORG,
      updateContact: (r) => contact(PAOLO, { stance: r.changes.stance ?? null, version: 4 }),
    });
    const onChanged = vi.fn(async () => {});
    show(known, { onChanged });
    await until(() => expect(button('Edit')).toBeTruthy());
    await act(() => button('Edit').click());
    expect(field('Name').value).toBe('Paolo Gallo');
    await until(() => expect(field<HTMLSelectElement>('Relationship owner').options).toHaveLength(3));
    await until(() => expect(field<HTMLSelectElement>('Reports to').options).toHaveLength(2));
    expect(field<HTMLSelectElement>('Relationship owner').value).toBe('u_luca');
    expect(field<HTMLSelectElement>('Reports to').value).toBe('c_giulia');
    await act(() => choose(field<HTMLSelectElement>('Stance'), 'champion'));
    await submit();
    await until(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(bg.sent('updateContact')).toEqual([
      {
        type: 'updateContact',
        id: 'c_paolo',
        changes: { version: 3, stance: 'champion' },
        subject: 'Paolo Gallo',
      },
    ]);
    expect(onChanged).toHaveBeenCalledOnce();
    expect(root.querySelector('form')).toBeNull();
  });

  it('should say someone else changed the stakeholder and keep what was typed', async () => {
    bg = fakeBackground({
      ...ORG,
      updateContact: () => ({ error: { code: 'conflict', message: 'Contact was changed by someone else' } }),
    });
    const onChanged = vi.fn(async () => {});
    show(known, { onChanged });
    await until(() => expect(button('Edit')).toBeTruthy());
    await act(() => button('Edit').click());
    await act(() => type(field('Title'), 'Senior Buyer'));
    await submit();
    await until(() =>
      expect(root.querySelector('[role=alert]')?.textContent).toContain(
        'Someone changed this stakeholder; reload',
      ),
    );
    expect(field('Title').value).toBe('Senior Buyer');
    expect(onChanged).not.toHaveBeenCalled();
    await act(() => button('Reload').click());
    expect(onChanged).toHaveBeenCalledOnce();
    expect(root.querySelector('form')).toBeNull();
  });
});

describe('LinkedinPanel: a conflict field by field (issue 8)', () => {
  const known: LinkedinState = {
    kind: 'profile',
    slug: PAOLO.linkedinSlug ?? '',
    match: { account: account(), stakeholder: PAOLO },
  };
  const byLabel = (name: string) => {
    const found = root.querySelector<HTMLButtonElement>(`button[aria-label="${name}"]`);
    if (!found) throw new Error(`no button labelled ${name}`);
    return found;
  };
  const row = (name: string) =>
    [...(root.querySelector(`.rp-merge tr[data-field="${name}"]`)?.querySelectorAll('th, td') ?? [])]
      .slice(0, 3)
      .map((c) => c.textContent);

  it('should show the saved value beside the user’s and let them put back their own per field', async () => {
    let calls = 0;
    const theirs = contact(PAOLO, { title: 'Head Buyer', influence: 'high', version: 4 });
    bg = fakeBackground({
      ...ORG,
      updateContact: (r) => {
        calls++;
        if (calls === 1) {
          return {
            error: {
              code: 'conflict',
              message: 'Contact was changed by someone else',
              details: { current: theirs },
            },
          };
        }
        return { ...theirs, stance: r.changes.stance ?? theirs.stance, version: 5 };
      },
    });
    const onChanged = vi.fn(async () => {});
    show(known, { onChanged });
    await until(() => expect(button('Edit')).toBeTruthy());
    await act(() => button('Edit').click());
    await act(() => type(field('Title'), 'Senior Buyer'));
    await act(() => choose(field<HTMLSelectElement>('Stance'), 'champion'));
    await submit();
    await until(() => expect(root.querySelector('.rp-merge')).not.toBeNull());
    expect(root.querySelector('[role=alert]')?.textContent).toContain('Someone else saved this stakeholder');
    // Each field the user changed, the value saved meanwhile first; the form holds the saved values.
    expect(row('title')).toEqual(['Title', 'Head Buyer', 'Senior Buyer']);
    expect(row('stance')).toEqual(['Stance', 'Skeptic', 'Champion']);
    expect(root.querySelector('.rp-merge tr[data-field="influence"]')).toBeNull();
    expect(field('Title').value).toBe('Head Buyer');
    expect(field<HTMLSelectElement>('Stance').value).toBe('skeptic');

    await act(() => byLabel('Use your stance').click());
    expect(field<HTMLSelectElement>('Stance').value).toBe('champion');
    expect(field('Title').value).toBe('Head Buyer');
    await act(() => byLabel('Use your title').click());
    await act(() => byLabel('Use the title saved meanwhile').click());
    expect(field('Title').value).toBe('Head Buyer');

    await submit();
    await until(() => expect(onChanged).toHaveBeenCalledOnce());
    // Only the stance goes, with the version saved meanwhile.
    expect(bg.sent('updateContact')[1]).toEqual({
      type: 'updateContact',
      id: 'c_paolo',
      changes: { version: 4, stance: 'champion' },
      subject: 'Paolo Gallo',
    });
    expect(root.querySelector('form')).toBeNull();
  });
});

describe('LinkedinPanel: signals and the account page', () => {
  const signals = (accountId: string) => ({
    accountId,
    asOf: new Date().toISOString(),
    signals: [
      {
        code: 'single_threaded' as const,
        severity: 'medium' as const,
        title: 'Only two stakeholders',
        why: 'Castellan Foods has two contacts.',
        next: 'Meet the technical team.',
        contactIds: [],
        opportunityIds: [],
      },
      {
        code: 'blocker_in_thread' as const,
        severity: 'high' as const,
        title: 'Paolo Gallo is a skeptic',
        why: 'Paolo Gallo leans against us.',
        next: 'Ask Luca Verdi to talk to him.',
        contactIds: ['c_paolo'],
        opportunityIds: [],
      },
    ],
  });
  const summaries = () => [...root.querySelectorAll('.rp-signal summary')].map((s) => s.textContent);

  it('should show a known stakeholder’s account signals with them in view, and open the account page', async () => {
    bg = fakeBackground({ ...ORG, signals: (r) => signals(r.accountId), openAccountPage: () => null });
    show({ kind: 'profile', slug: 'paolo-gallo-77', match: { account: account(), stakeholder: PAOLO } });
    await until(() =>
      expect(summaries()).toEqual([
        'High priority: Paolo Gallo is a skeptic',
        'Medium priority: Only two stakeholders',
      ]),
    );
    expect(bg.sent('signals')).toEqual([
      { type: 'signals', accountId: 'a_castellan', contactIds: ['c_paolo'] },
    ]);
    const card = root.querySelector('article[aria-label="Paolo Gallo"]');
    expect(card?.querySelector('section[aria-label="Signals"] h4')?.textContent).toBe('Signals');
    expect(card?.querySelector('details dl')?.textContent).toBe(
      'WhyPaolo Gallo leans against us.NextAsk Luca Verdi to talk to him.',
    );
    await act(() => button('Open account page').click());
    await until(() =>
      expect(bg?.sent('openAccountPage')).toEqual([{ type: 'openAccountPage', accountId: 'a_castellan' }]),
    );
  });

  it('should show a company page’s account signals without naming anyone, and open the account page', async () => {
    bg = fakeBackground({ ...ORG, signals: (r) => signals(r.accountId), openAccountPage: () => null });
    show({ kind: 'company', slug: 'castellan-foods', account: account() });
    await until(() => expect(summaries()).toHaveLength(2));
    expect(bg.sent('signals')).toEqual([{ type: 'signals', accountId: 'a_castellan' }]);
    await act(() => button('Open account page').click());
    await until(() =>
      expect(bg?.sent('openAccountPage')).toEqual([{ type: 'openAccountPage', accountId: 'a_castellan' }]),
    );
  });

  it('should keep the card when the signals fail', async () => {
    bg = fakeBackground({
      ...ORG,
      signals: () => ({ error: { code: 'server', message: 'The database is not answering.' } }),
    });
    show({ kind: 'company', slug: 'castellan-foods', account: account() });
    await until(() => expect(text()).toContain('Signals unavailable: The database is not answering.'));
    expect(text()).toContain('Buying committee');
    expect(button('Retry')).toBeTruthy();
  });

  it('should let the owner acknowledge a colleague’s new business on the company page', async () => {
    const [deal] = account().openOpportunities;
    if (!deal) throw new Error('fixture without a deal');
    const flagged = account({
      openOpportunities: [{ ...deal, id: 'o_new', type: 'new_business', flagged: true, owner: LUCA }],
    });
    bg = fakeBackground({ ...ORG, acknowledgeOpportunity: () => ({}) as never });
    const onChanged = vi.fn(async () => {});
    show({ kind: 'company', slug: 'castellan-foods', account: flagged }, { onChanged });
    expect(root.querySelector('.rp-flag')?.textContent).toBe('New business by a colleague');
    await act(() => button('Acknowledge').click());
    await until(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(bg.sent('acknowledgeOpportunity')).toEqual([{ type: 'acknowledgeOpportunity', id: 'o_new' }]);

    // Someone else's account (and not an admin): the badge, no button.
    render(null, root);
    show(
      {
        kind: 'company',
        slug: 'castellan-foods',
        account: { ...flagged, ownership: { relation: 'rep', message: 'Key account, owned by Marta Rossi' } },
      },
      { me: LUCA },
    );
    expect(root.querySelector('.rp-flag')?.textContent).toBe('New business by a colleague');
    expect([...root.querySelectorAll('button')].some((b) => b.textContent === 'Acknowledge')).toBe(false);
  });
});

describe('LinkedinPanel on an unknown person’s profile', () => {
  const unknown: LinkedinState = { kind: 'profile', slug: ELENA.slug, match: null };

  async function openTagForm() {
    show(unknown, { onChanged: vi.fn(async () => {}) });
    expect(text()).toContain('Elena Marchetti is not a stakeholder yet.');
    await act(() => button('Tag as stakeholder').click());
    await until(() => expect(radios().length).toBeGreaterThan(0));
  }

  it('should suggest the company page’s account, default the owner to me, and create the linked contact', async () => {
    bg = fakeBackground({
      ...ORG,
      createContact: () => contact(PAOLO, { id: 'c_elena', name: 'Elena Marchetti' }),
    });
    const onChanged = vi.fn(async () => {});
    show(unknown, { onChanged });
    await act(() => button('Tag as stakeholder').click());
    await until(() =>
      expect(radios()).toEqual([
        { name: 'Castellan Foods', checked: true },
        { name: 'Castellan Foods Logistics', checked: false },
      ]),
    );
    expect(bg.sent('lookup')).toEqual([{ type: 'lookup', linkedin: ['company:castellan-foods'] }]);
    expect(bg.sent('search')[0]).toMatchObject({ q: 'Castellan Foods', kind: 'account' });
    expect(field('Name').value).toBe('Elena Marchetti');
    expect(field('Title').value).toBe('Head of Procurement');
    await until(() => expect(field<HTMLSelectElement>('Reports to').options).toHaveLength(3));
    expect(field<HTMLSelectElement>('Relationship owner').value).toBe('u_marta');

    await act(() => {
      check('Purchasing');
      check('Influencer');
      choose(field<HTMLSelectElement>('Stance'), 'supporter');
      choose(field<HTMLSelectElement>('Influence'), 'high');
      choose(field<HTMLSelectElement>('Reports to'), 'c_giulia');
      type(field<HTMLTextAreaElement>('Notes'), 'Met at Cibus 2026');
    });
    await submit();
    await until(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(bg.sent('createContact')).toEqual([
      {
        type: 'createContact',
        contact: {
          accountId: 'a_castellan',
          name: 'Elena Marchetti',
          title: 'Head of Procurement',
          linkedinSlug: 'elena-marchetti-4a1b2c',
          roles: ['purchasing', 'influencer'],
          stance: 'supporter',
          influence: 'high',
          reportsToId: 'c_giulia',
          relationshipOwnerId: 'u_marta',
          notes: 'Met at Cibus 2026',
        },
      },
    ]);
    expect(onChanged).toHaveBeenCalledOnce();
  });

  it('should pick another account from the search box with the keyboard, without submitting', async () => {
    bg = fakeBackground({
      ...ORG,
      createContact: () => contact(PAOLO, { id: 'c_elena', name: 'Elena Marchetti' }),
    });
    await openTagForm();
    const box = field('Find another account');
    await act(() => type(box, 'glo'));
    await until(() => expect(root.querySelectorAll('[role=option]')).toHaveLength(1));
    const key = (k: string) => {
      box.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    };
    await act(() => key('ArrowDown'));
    expect(box.getAttribute('aria-activedescendant')).toMatch(/-0$/);
    await act(() => key('Enter'));
    expect(radios()).toContainEqual({ name: 'Globex', checked: true });
    expect(box.value).toBe('');
    expect(bg.sent('createContact')).toEqual([]);
    await until(() =>
      expect(bg?.sent('listContacts').at(-1)).toEqual({ type: 'listContacts', accountId: 'a_globex' }),
    );
  });

  it('should not guess an account from a merely similar name, and ask for one before saving', async () => {
    bg = fakeBackground({ ...ORG, lookup: () => ({ results: [], accounts: [] }) });
    await openTagForm();
    expect(radios()).toEqual([{ name: 'Castellan Foods Logistics', checked: false }]);
    await submit();
    expect(root.querySelector('[role=alert]')?.textContent).toBe('Choose the account this person works for.');
    expect(bg.sent('createContact')).toEqual([]);
  });

  it('should link the profile to a same-named stakeholder added from email instead of duplicating them', async () => {
    const emailOnly = contact(
      stakeholder({ id: 'c_elena', name: 'Elena Marchetti', emails: ['elena@castellan-foods.example'] }),
    );
    bg = fakeBackground({
      ...ORG,
      listContacts: () => [contact(GIULIA), emailOnly],
      updateContact: (r) => ({ ...emailOnly, linkedinSlug: r.changes.linkedinSlug ?? null, version: 4 }),
    });
    const onChanged = vi.fn(async () => {});
    show(unknown, { onChanged });
    await act(() => button('Tag as stakeholder').click());
    await until(() =>
      expect(root.querySelector('[role=note]')?.textContent).toContain(
        'Elena Marchetti is already a stakeholder of Castellan Foods.',
      ),
    );
    await act(() => button('Link this profile to Elena Marchetti').click());
    await until(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(bg.sent('updateContact')).toEqual([
      {
        type: 'updateContact',
        id: 'c_elena',
        changes: { version: 3, linkedinSlug: 'elena-marchetti-4a1b2c' },
      },
    ]);
    expect(bg.sent('createContact')).toEqual([]);
  });

  it('should show the server’s reason and keep the form when saving fails', async () => {
    bg = fakeBackground({
      ...ORG,
      createContact: () => ({
        error: {
          code: 'conflict',
          message: 'Another contact has the LinkedIn profile elena-marchetti-4a1b2c',
        },
      }),
    });
    await openTagForm();
    await act(() => type(field<HTMLTextAreaElement>('Notes'), 'keep me'));
    await submit();
    await until(() =>
      expect(root.querySelector('[role=alert]')?.textContent).toBe(
        'Another contact has the LinkedIn profile elena-marchetti-4a1b2c',
      ),
    );
    expect(field<HTMLTextAreaElement>('Notes').value).toBe('keep me');
  });
});

describe('LinkedinPanel on a company page', () => {
  it('should show the account with its buying committee, uncovered roles and open opportunities', () => {
    bg = fakeBackground(ORG);
    show({ kind: 'company', slug: 'castellan-foods', account: account() });
    expect(root.querySelector('.rp-panel-summary')?.textContent).toBe('Key account');
    expect(root.querySelector('.rp-card-title')?.textContent).toBe('Castellan Foods');
    expect(text()).toContain('Cold chain packaging 2027');
    const roles = [...root.querySelectorAll('.rp-committee-role')].map((li) => li.textContent);
    expect(roles).toEqual([
      'Economic buyerGiulia Neri · CFOSupporterHigh influence',
      'Purchasing · no contact in 90 daysPaolo Gallo · BuyerSkepticMedium influence',
      'Executive sponsorGiulia Neri · CFOSupporterHigh influence',
    ]);
    expect(root.querySelector('.rp-uncovered')?.textContent).toBe(
      'Uncovered: Technical decision-maker, Influencer, End user, Gatekeeper, Legal',
    );
    expect(text()).not.toContain('In this conversation');
  });

  it('should offer "Create account" prefilled with name, website domain and LinkedIn slug', async () => {
    bg = fakeBackground({
      createAccount: (r) => ({
        id: 'a_new',
        name: r.account.name,
        domains: r.account.domains ?? [],
        linkedinSlug: r.account.linkedinSlug ?? null,
        linkedinAliases: [],
        status: 'prospect',
        tier: 'standard',
        ownerId: null,
        repIds: [],
        industry: null,
        notes: '',
        createdAt: '2026-01-05T09:00:00.000Z',
        updatedAt: '2026-01-05T09:00:00.000Z',
        version: 1,
      }),
    });
    const onChanged = vi.fn(async () => {});
    show({ kind: 'company', slug: 'castellan-foods', account: null }, { onChanged });
    expect(text()).toContain('Castellan Foods is not an account yet.');
    await act(() => button('Create account').click());
    expect(field('Company name').value).toBe('Castellan Foods');
    expect(field('Website domain').value).toBe('castellan-foods.example');
    expect(field('LinkedIn company page').value).toBe('castellan-foods');
    await submit();
    await until(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(bg.sent('createAccount')).toEqual([
      {
        type: 'createAccount',
        account: {
          name: 'Castellan Foods',
          domains: ['castellan-foods.example'],
          linkedinSlug: 'castellan-foods',
        },
      },
    ]);
    expect(onChanged).toHaveBeenCalledOnce();
  });
});

describe('LinkedinPanel linking a company page to an existing account', () => {
  const unlinked: LinkedinState = { kind: 'company', slug: 'castellan-foods', account: null };
  const LINKABLE: Answers = {
    search: () => ({
      items: [hit('a_logistics', 'Castellan Foods Logistics'), hit('a_castellan', 'Castellan Foods')],
    }),
    getAccount: () => storedAccount(),
  };
  /** Plays the overlay after a save: it looks the page up again, and now the page has its account. */
  const onChanged = vi.fn(async () => void show({ ...unlinked, account: account() }, { onChanged }));
  beforeEach(() => onChanged.mockClear());

  async function openLinkForm() {
    show(unlinked, { onChanged });
    expect(text()).toContain('Castellan Foods is not an account yet.');
    await act(() => button('Link to an existing account').click());
    // The form takes the keyboard focus from the button it replaced.
    await until(() => expect(document.activeElement?.textContent).toBe('Link to an existing account'));
    await until(() => expect(radios().length).toBeGreaterThan(0));
  }

  it('should suggest the account of the same name first, link it with the version read, and show its card', async () => {
    bg = fakeBackground({
      ...LINKABLE,
      updateAccount: (r) => storedAccount({ linkedinSlug: r.changes.linkedinSlug ?? null, version: 8 }),
    });
    show(unlinked, { onChanged });
    await act(() => button('Link to an existing account').click());
    await until(() => expect(document.activeElement?.textContent).toBe('Link to an existing account'));
    expect(document.activeElement?.tagName).toBe('H4');
    await until(() =>
      expect(radios()).toEqual([
        { name: 'Castellan Foods', checked: true },
        { name: 'Castellan Foods Logistics', checked: false },
      ]),
    );
    expect(bg.sent('search')).toEqual([{ type: 'search', q: 'Castellan Foods', kind: 'account', limit: 5 }]);
    expect(bg.sent('lookup')).toEqual([]); // the page's own slug is known to have no account
    await until(() => expect(bg?.sent('getAccount')).toEqual([{ type: 'getAccount', id: 'a_castellan' }]));
    expect(root.querySelector('[role=note]')).toBeNull();

    await submit();
    await until(() => expect(root.querySelector('.rp-card-title')?.textContent).toBe('Castellan Foods'));
    expect(bg.sent('updateAccount')).toEqual([
      {
        type: 'updateAccount',
        id: 'a_castellan',
        changes: { version: 7, linkedinSlug: 'castellan-foods' },
      },
    ]);
    expect(onChanged).toHaveBeenCalledOnce();
    expect(text()).toContain('Cold chain packaging 2027');
    expect(root.querySelector('form')).toBeNull();
  });

  it('should show the server’s message after a version conflict, read the account again and save on retry', async () => {
    const versions = [storedAccount(), storedAccount({ version: 9, linkedinSlug: 'castellan-group' })];
    const answers = [
      {
        error: {
          code: 'conflict' as const,
          message:
            'Account was changed by someone else; review the current version and apply your changes again',
        },
      },
      storedAccount({ linkedinSlug: 'castellan-foods', version: 10 }),
    ];
    bg = fakeBackground({
      ...LINKABLE,
      getAccount: () => versions.shift() ?? storedAccount({ version: 9 }),
      updateAccount: () => answers.shift() ?? { error: { code: 'server', message: 'unexpected' } },
    });
    await openLinkForm();
    await until(() => expect(bg?.sent('getAccount')).toHaveLength(1));
    await submit();
    await until(() =>
      expect(root.querySelector('[role=alert]')?.textContent).toBe(
        'Account was changed by someone else; review the current version and apply your changes again',
      ),
    );
    // Read again: the note shows what changed, and the retry names the current version.
    await until(() =>
      expect(root.querySelector('[role=note]')?.textContent).toBe(
        'Castellan Foods is linked to the LinkedIn page castellan-group; linking moves it to this page.',
      ),
    );
    expect(onChanged).not.toHaveBeenCalled();
    expect(button('Link account').disabled).toBe(false);

    await submit();
    await until(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(bg.sent('updateAccount').map((r) => r.changes)).toEqual([
      { version: 7, linkedinSlug: 'castellan-foods' },
      { version: 9, linkedinSlug: 'castellan-foods' },
    ]);
    await until(() => expect(root.querySelector('.rp-card-title')?.textContent).toBe('Castellan Foods'));
  });

  it.each([
    ['conflict', 'Another account has the LinkedIn page castellan-foods'],
    ['forbidden', 'Only the owner, assigned reps and admins edit this account'],
  ] as const)('should show the server’s reason (%s) and keep the form', async (code, message) => {
    bg = fakeBackground({ ...LINKABLE, updateAccount: () => ({ error: { code, message } }) });
    await openLinkForm();
    await submit();
    await until(() => expect(root.querySelector('[role=alert]')?.textContent).toBe(message));
    expect(radios()).toContainEqual({ name: 'Castellan Foods', checked: true });
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('should ask for an account when no sure one was suggested', async () => {
    bg = fakeBackground({
      ...LINKABLE,
      search: () => ({ items: [hit('a_logistics', 'Castellan Foods Logistics')] }),
    });
    await openLinkForm();
    expect(radios()).toEqual([{ name: 'Castellan Foods Logistics', checked: false }]);
    await submit();
    expect(root.querySelector('[role=alert]')?.textContent).toBe('Choose the account to link this page to.');
    expect(bg.sent('updateAccount')).toEqual([]);
  });

  it('should go back to the two choices on Cancel, with the focus on the button that opened the form', async () => {
    bg = fakeBackground(LINKABLE);
    await openLinkForm();
    await act(() => button('Cancel').click());
    expect(root.querySelector('form')).toBeNull();
    expect(text()).toContain('Castellan Foods is not an account yet.');
    expect(button('Create account')).toBeTruthy();
    await until(() => expect(document.activeElement).toBe(button('Link to an existing account')));
    expect(bg.sent('updateAccount')).toEqual([]);
  });
});

describe('LinkedinPanel notices', () => {
  it.each([
    ['signed_out', 'Sign in'],
    ['expired', 'Sign in again'],
  ] as const)('should offer the options page when %s', async (code, label) => {
    const onOpenOptions = vi.fn();
    show({ kind: 'error', error: { code, message: 'Sign in to Rapport' } }, { onOpenOptions });
    await act(() => button(label).click());
    expect(onOpenOptions).toHaveBeenCalledOnce();
  });

  it('should show other problems with "Try again"', async () => {
    const onRetry = vi.fn();
    show(
      { kind: 'error', error: { code: 'unreachable', message: 'The server is not answering.' } },
      { onRetry },
    );
    expect(root.querySelector('[role=alert]')?.textContent).toContain('The server is not answering.');
    await act(() => button('Try again').click());
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('should collapse to its header', () => {
    show({ kind: 'loading' }, { collapsed: true });
    expect(root.querySelector('.rp-panel-summary')?.textContent).toBe('Looking up…');
    expect(root.querySelector('#rp-panel-body')).toBeNull();
  });
});
