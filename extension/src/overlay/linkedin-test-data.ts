/*
 * Tests only: a small organisation as the LinkedIn overlay sees it, and a fake background that answers the
 * protocol through the real messaging module (fakeBrowser carries the messages).
 */
import type { Account, Contact, LookupAccount, LookupStakeholder, UserRef } from '@rapport/shared';

import {
  listenForRequests,
  type RapportError,
  type Request,
  type RequestOf,
  type RequestType,
  type ResponseOf,
} from '../messaging';

export const MARTA: UserRef = {
  id: 'u_marta',
  name: 'Marta Rossi',
  email: 'marta@ourco.example',
  role: 'account_manager',
};
export const LUCA: UserRef = {
  id: 'u_luca',
  name: 'Luca Verdi',
  email: 'luca@ourco.example',
  role: 'sales_rep',
};

const DAY = 86_400_000;
const T = '2026-01-05T09:00:00.000Z';
export const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

export function stakeholder(
  overrides: Partial<LookupStakeholder> & Pick<LookupStakeholder, 'id' | 'name'>,
): LookupStakeholder {
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
    ...overrides,
  };
}

export const GIULIA = stakeholder({
  id: 'c_giulia',
  name: 'Giulia Neri',
  title: 'CFO',
  roles: ['economic_buyer', 'executive_sponsor'],
  stance: 'supporter',
  influence: 'high',
  relationshipOwner: MARTA,
  lastContactedAt: daysAgo(10),
});

export const PAOLO = stakeholder({
  id: 'c_paolo',
  name: 'Paolo Gallo',
  title: 'Buyer',
  linkedinSlug: 'paolo-gallo-77',
  roles: ['purchasing'],
  stance: 'skeptic',
  influence: 'medium',
  reportsToId: 'c_giulia',
  relationshipOwner: LUCA,
  lastContactedAt: daysAgo(200),
});

export function account(overrides: Partial<LookupAccount> = {}): LookupAccount {
  return {
    id: 'a_castellan',
    name: 'Castellan Foods',
    domains: ['castellan-foods.example'],
    linkedinSlug: 'castellan-foods',
    status: 'customer',
    tier: 'key',
    industry: null,
    owner: MARTA,
    reps: [LUCA],
    ownership: { relation: 'owner', message: 'Your key account' },
    openOpportunities: [
      {
        id: 'o1',
        title: 'Cold chain packaging 2027',
        flagged: false,
        type: 'renewal',
        kind: 'contract',
        termMonths: 24,
        stage: 'propose',
        amount: 480_000_00,
        currency: 'EUR',
        expectedCloseDate: '2027-02-28',
        owner: MARTA,
      },
    ],
    stakeholders: [GIULIA, PAOLO],
    stakeholderCount: 2,
    ...overrides,
  };
}

/** The full contact behind a lookup stakeholder, as `listContacts` returns it. */
export function contact(s: LookupStakeholder, overrides: Partial<Contact> = {}): Contact {
  return {
    id: s.id,
    accountId: 'a_castellan',
    name: s.name,
    title: s.title,
    emails: s.emails,
    linkedinSlug: s.linkedinSlug,
    linkedinAliases: [],
    roles: s.roles,
    stance: s.stance,
    influence: s.influence,
    reportsToId: s.reportsToId,
    relationshipOwnerId: s.relationshipOwner?.id ?? null,
    lastContactedAt: s.lastContactedAt,
    notes: '',
    createdAt: T,
    updatedAt: T,
    version: 3,
    ...overrides,
  };
}

/**
 * The full account behind `account()`, as `getAccount` returns it; made from Gmail by default, so without a
 * LinkedIn company page.
 */
export function storedAccount(overrides: Partial<Account> = {}): Account {
  return {
    id: 'a_castellan',
    name: 'Castellan Foods',
    domains: ['castellan-foods.example'],
    linkedinSlug: null,
    linkedinAliases: [],
    status: 'customer',
    tier: 'key',
    ownerId: MARTA.id,
    repIds: [LUCA.id],
    industry: null,
    notes: '',
    createdAt: T,
    updatedAt: T,
    version: 7,
    ...overrides,
  };
}

type Reply<K extends RequestType> = ResponseOf<K> | { error: RapportError };
type Answer<K extends RequestType> = (request: RequestOf<K>) => Reply<K> | Promise<Reply<K>>;
export type Answers = { [K in RequestType]?: Answer<K> };

/**
 * Answers protocol requests like the background would, from `answers` (which may take their time); an
 * unanswered type fails as 'server'.
 * @example const bg = fakeBackground({ listUsers: () => [MARTA] }); …; bg.sent('createContact')
 */
export function fakeBackground(answers: Answers) {
  const requests: Request[] = [];
  const stop = listenForRequests(async (request) => {
    requests.push(request);
    const answer = answers[request.type] as ((r: Request) => unknown) | undefined;
    if (!answer) return { ok: false, error: { code: 'server', message: `No answer for ${request.type}` } };
    const data = await answer(request);
    const error = (data as { error?: RapportError } | null)?.error;
    return error ? { ok: false, error } : { ok: true, data };
  });
  return {
    stop,
    /** The requests of one type sent so far, oldest first. */
    sent: <K extends RequestType>(type: K) => requests.filter((r) => r.type === type) as RequestOf<K>[],
  };
}
