import type { LookupAccount } from '@rapport/shared';
import { render } from 'preact';
import { beforeEach, describe, expect, it } from 'vitest';

import { AccountCard } from './account-card';

const marta = {
  id: 'u1',
  name: 'Marta Rossi',
  email: 'marta@ourco.example',
  role: 'account_manager' as const,
};

function account(overrides: Partial<LookupAccount> = {}): LookupAccount {
  return {
    id: 'a1',
    name: 'Acme Industries',
    domains: ['acme.example'],
    linkedinSlug: null,
    status: 'customer',
    tier: 'key',
    industry: null,
    owner: marta,
    reps: [{ id: 'u2', name: 'Luca Verdi', email: 'luca@ourco.example', role: 'sales_rep' }],
    ownership: { relation: 'other', message: 'Key account, owned by Marta Rossi' },
    openOpportunities: [
      {
        id: 'o1',
        title: 'Resin supply 2027',
        flagged: false,
        type: 'renewal',
        kind: 'contract',
        termMonths: 36,
        stage: 'negotiate',
        amount: 1_250_000_00,
        currency: 'EUR',
        expectedCloseDate: '2027-03-31',
        owner: marta,
      },
    ],
    stakeholders: [
      {
        id: 'c1',
        name: 'Giulia Neri',
        title: 'CFO',
        emails: ['giulia@acme.example'],
        linkedinSlug: null,
        roles: ['economic_buyer'],
        stance: 'supporter',
        influence: 'high',
        reportsToId: null,
        relationshipOwner: marta,
        lastContactedAt: null,
      },
      {
        id: 'c2',
        name: 'Paolo Gallo',
        title: null,
        emails: [],
        linkedinSlug: null,
        roles: ['purchasing'],
        stance: 'blocker',
        influence: null,
        reportsToId: 'c1',
        relationshipOwner: null,
        lastContactedAt: null,
      },
    ],
    stakeholderCount: 2,
    ...overrides,
  };
}

describe('AccountCard', () => {
  let root: HTMLElement;
  beforeEach(() => {
    document.body.innerHTML = '<div id="root"></div>';
    root = document.getElementById('root') as HTMLElement;
  });

  it("should show someone else's key account prominently, with reps, open deals and who is in the thread", () => {
    render(<AccountCard account={account()} presentContactIds={['c1']} locale="en-US" />, root);
    const note = root.querySelector('.rp-ownership');
    expect(note?.textContent).toBe('Key account, owned by Marta Rossi');
    expect(note?.classList.contains('rp-ownership-warn')).toBe(true);
    expect(root.textContent).toContain('Assigned reps: Luca Verdi');
    const deal = root.querySelector('.rp-opportunity')?.textContent ?? '';
    expect(deal).toContain('Resin supply 2027');
    expect(deal).toContain('Renewal · Negotiate · €1,250,000');
    expect(deal).toContain('closes Mar 31, 2027');
    const people = [...root.querySelectorAll('.rp-stakeholder')].map((li) => li.textContent);
    expect(people).toEqual(['Giulia Neri · CFOEconomic buyerSupporterHigh influence']);
  });

  it('should say calmly when there is nothing to show, and not warn on your own account', () => {
    render(
      <AccountCard
        account={account({
          openOpportunities: [],
          ownership: { relation: 'owner', message: 'Your key account' },
        })}
        presentContactIds={[]}
      />,
      root,
    );
    expect(root.querySelector('.rp-ownership-warn')).toBeNull();
    expect(root.textContent).toContain('No open opportunities.');
    expect(root.textContent).toContain('No known stakeholders here yet.');
  });

  it('should render names with HTML as text, never as markup', () => {
    render(
      <AccountCard account={account({ name: '<img src=x onerror=alert(1)>' })} presentContactIds={[]} />,
      root,
    );
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('.rp-card-title')?.textContent).toBe('<img src=x onerror=alert(1)>');
  });
});
