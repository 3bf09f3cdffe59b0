import type { LookupResponse } from '@rapport/shared';
import { describe, expect, it } from 'vitest';

import type { ClassifiedParticipants } from '../extract/gmail';
import { account } from './linkedin-test-data';
import { threadLog, touchFromThread } from './thread-model';

const people: ClassifiedParticipants = {
  companies: [
    {
      domain: 'castellan-foods.example',
      people: [{ email: 'elena@castellan-foods.example', name: 'Elena', roles: ['from'] }],
    },
    { domain: 'unknown.example', people: [{ email: 'x@unknown.example', name: null, roles: ['to'] }] },
  ],
  personal: [{ email: 'pete@gmail.com', name: 'Pete', roles: ['cc'] }],
  internal: [{ email: 'me@ourco.example', name: 'Me', roles: ['to'] }],
};

const answer = (accountId: string | null): LookupResponse => ({
  results: [
    {
      input: 'elena@castellan-foods.example',
      type: 'email',
      normalized: 'elena@castellan-foods.example',
      match: accountId ? 'email' : 'none',
      reason: accountId ? null : 'unknown',
      contactId: accountId ? 'c_elena' : null,
      accountId,
    },
  ],
  accounts: accountId ? [account()] : [],
});

const thread = {
  id: 'FMfcgzQbfBxZKtLwRmPsDcHnVjWqTkGx',
  subject: 'Pilot',
  link: 'https://mail.google.com/x',
};

describe('threadLog', () => {
  it('should name every looked-up participant and the matched accounts', () => {
    expect(threadLog(thread, people, answer('a_castellan'))).toEqual({
      ...thread,
      emails: ['elena@castellan-foods.example', 'x@unknown.example', 'pete@gmail.com'],
      accounts: [{ id: 'a_castellan', name: 'Castellan Foods' }],
    });
  });

  it('should offer nothing to log when nobody matched an account or a stakeholder', () => {
    expect(threadLog(thread, people, answer(null))).toBeNull();
  });
});

describe('touchFromThread', () => {
  it('should log an email with the thread’s source key and no notes', () => {
    const log = threadLog(thread, people, answer('a_castellan'));
    if (!log) throw new Error('no log');
    expect(touchFromThread(log, new Date('2027-01-02T03:04:05.000Z'))).toEqual({
      kind: 'email',
      subject: 'Pilot',
      occurredAt: '2027-01-02T03:04:05.000Z',
      link: 'https://mail.google.com/x',
      sourceKey: 'gmail:FMfcgzQbfBxZKtLwRmPsDcHnVjWqTkGx',
      notes: '',
      contactIds: [],
      emails: ['elena@castellan-foods.example', 'x@unknown.example', 'pete@gmail.com'],
      accountIds: ['a_castellan'],
    });
  });

  it('should keep within the server’s limits', () => {
    const many = Array.from({ length: 130 }, (_, i) => `p${i}@acme.example`);
    const accounts = Array.from({ length: 25 }, (_, i) => ({ id: `a${i}`, name: `A${i}` }));
    const touch = touchFromThread({ ...thread, subject: 's'.repeat(600), emails: many, accounts });
    expect(touch.subject).toHaveLength(500);
    expect(touch.emails).toHaveLength(100);
    expect(touch.accountIds).toHaveLength(20);
  });
});
