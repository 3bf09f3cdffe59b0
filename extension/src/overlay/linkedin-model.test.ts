import type { LookupResponse, SearchHit } from '@rapport/shared';
import { describe, expect, it } from 'vitest';

import { companyMatch, preselect, profileMatch, suggestAccounts } from './linkedin-model';
import { account, PAOLO } from './linkedin-test-data';

const result = (input: string, contactId: string | null, accountId: string | null) => ({
  input,
  type: 'linkedin' as const,
  normalized: input.replace(/^\w+:/, ''),
  match: accountId ? ('linkedin' as const) : ('none' as const),
  reason: accountId ? null : ('unknown' as const),
  contactId,
  accountId,
});

const hit = (id: string, name: string, type: SearchHit['type'] = 'account'): SearchHit => ({
  type,
  id,
  name,
  detail: `${name.toLowerCase().replace(/\s+/g, '-')}.example`,
  accountId: id,
  score: 1,
});

describe('profileMatch', () => {
  it('should find the stakeholder and their account for a known profile', () => {
    const lookup: LookupResponse = {
      results: [result('in:paolo-gallo-77', 'c_paolo', 'a_castellan')],
      accounts: [account()],
    };
    expect(profileMatch(lookup)).toEqual({ account: account(), stakeholder: PAOLO });
  });

  it('should say null for someone Rapport does not know', () => {
    expect(profileMatch({ results: [result('in:nobody', null, null)], accounts: [] })).toBeNull();
  });
});

describe('companyMatch', () => {
  it('should find the account linked to a company page, or null', () => {
    const known = {
      results: [result('company:castellan-foods', null, 'a_castellan')],
      accounts: [account()],
    };
    expect(companyMatch(known)?.name).toBe('Castellan Foods');
    expect(companyMatch({ results: [result('company:acme', null, null)], accounts: [] })).toBeNull();
  });
});

describe('suggestAccounts', () => {
  it('should put the company page’s account first, then an exact name, then similar names, each once', () => {
    const hits = [
      hit('a_logistics', 'Castellan Foods Logistics'),
      hit('a_person', 'Castellan Foods', 'contact'),
      hit('a_other', 'castellan foods'),
      hit('a_castellan', 'Castellan Foods'),
    ];
    const options = suggestAccounts({ id: 'a_castellan', name: 'Castellan Foods' }, hits, 'Castellan Foods');
    expect(options.map((o) => [o.id, o.match])).toEqual([
      ['a_castellan', 'linkedin'],
      ['a_other', 'exact'],
      ['a_logistics', 'similar'],
    ]);
  });

  it('should offer name matches alone when the company has no LinkedIn page in Rapport', () => {
    const options = suggestAccounts(null, [hit('a_n', 'Norrland Logistics AB')], 'Norrland Logistics');
    expect(options).toEqual([
      { id: 'a_n', name: 'Norrland Logistics AB', detail: 'norrland-logistics-ab.example', match: 'similar' },
    ]);
  });

  it('should stop at the limit', () => {
    const hits = ['a', 'b', 'c', 'd', 'e'].map((id) => hit(id, `Name ${id}`));
    expect(suggestAccounts(null, hits, 'x', 3)).toHaveLength(3);
  });
});

describe('preselect', () => {
  it.each([
    ['linkedin', true],
    ['exact', true],
    ['similar', false],
  ] as const)('should preselect a first suggestion matched by %s: %s', (match, chosen) => {
    const option = { id: 'a1', name: 'Acme', detail: '', match };
    expect(preselect([option])).toBe(chosen ? option : null);
  });

  it('should preselect nothing without suggestions', () => {
    expect(preselect([])).toBeNull();
  });
});
