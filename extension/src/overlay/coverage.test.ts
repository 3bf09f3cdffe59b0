import { describe, expect, it } from 'vitest';

import { committeeCoverage } from './coverage';
import { daysAgo, GIULIA, PAOLO, stakeholder } from './linkedin-test-data';

describe('committeeCoverage', () => {
  it('should list who holds each role in the vocabulary’s order and the roles nobody holds', () => {
    const marco = stakeholder({
      id: 'c_marco',
      name: 'Marco',
      roles: ['economic_buyer'],
      lastContactedAt: null,
    });
    const { covered, uncovered } = committeeCoverage([GIULIA, PAOLO, marco]);
    expect(covered.map((c) => [c.role, c.holders.map((h) => h.name)])).toEqual([
      ['economic_buyer', ['Giulia Neri', 'Marco']],
      ['purchasing', ['Paolo Gallo']],
      ['executive_sponsor', ['Giulia Neri']],
    ]);
    expect(uncovered).toEqual(['technical_decision_maker', 'influencer', 'end_user', 'gatekeeper', 'legal']);
  });

  it('should mark a role whose holders nobody contacted in 90 days', () => {
    const { covered } = committeeCoverage([GIULIA, PAOLO]);
    expect(Object.fromEntries(covered.map((c) => [c.role, c.recent]))).toEqual({
      economic_buyer: true,
      purchasing: false,
      executive_sponsor: true,
    });
    const justInside = stakeholder({ id: 'c1', name: 'A', roles: ['legal'], lastContactedAt: daysAgo(89) });
    expect(committeeCoverage([justInside]).covered[0]?.recent).toBe(true);
  });

  it('should leave every role uncovered without stakeholders', () => {
    expect(committeeCoverage([])).toEqual({
      covered: [],
      uncovered: [
        'economic_buyer',
        'technical_decision_maker',
        'purchasing',
        'executive_sponsor',
        'influencer',
        'end_user',
        'gatekeeper',
        'legal',
      ],
    });
  });
});
