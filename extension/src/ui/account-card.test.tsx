import type { LookupAccount } from '@rapport/shared';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { AccountCard, mayAcknowledge } from './account-card';

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
    expect(people).toEqual(['Giulia Neri · CFOEconomic buyerSupporterHigh influenceNot contacted yet']);
  });

  it('should say when each stakeholder in the thread was last contacted', () => {
    const [giulia, paolo] = account().stakeholders;
    if (!giulia || !paolo) throw new Error('fixture without stakeholders');
    const stakeholders = [{ ...giulia, lastContactedAt: '2026-03-02T10:00:00.000Z' }, paolo];
    render(
      <AccountCard account={account({ stakeholders })} presentContactIds={['c1', 'c2']} locale="en-US" />,
      root,
    );
    expect([...root.querySelectorAll('.rp-contacted')].map((e) => e.textContent)).toEqual([
      'Last contacted Mar 2, 2026',
      'Not contacted yet',
    ]);
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

  describe('with new business a colleague opened', () => {
    const [deal] = account().openOpportunities;
    if (!deal) throw new Error('fixture without a deal');
    const luca = { id: 'u2', name: 'Luca Verdi', email: 'luca@ourco.example', role: 'sales_rep' as const };
    const flagged = (relation: 'owner' | 'other') =>
      account({
        ownership: { relation, message: relation === 'owner' ? 'Your key account' : 'Key account' },
        openOpportunities: [
          { ...deal, id: 'o9', title: 'Sensors pilot', type: 'new_business', flagged: true, owner: luca },
        ],
      });
    const button = (name: string) =>
      [...root.querySelectorAll('button')].find((b) => b.textContent === name) ?? null;

    it('should badge it for everyone and say who opened it', () => {
      render(<AccountCard account={flagged('other')} />, root);
      expect(root.querySelector('.rp-flag')?.textContent).toBe('New business by a colleague');
      expect(root.querySelector('.rp-opportunity')?.textContent).toContain('opened by Luca Verdi');
      expect(button('Acknowledge')).toBeNull();
    });

    it('should offer "Acknowledge" to the owner, then say so and move the focus there', async () => {
      let release: (problem: string | null) => void = () => {};
      const onAcknowledge = vi.fn(() => new Promise<string | null>((ok) => (release = ok)));
      render(<AccountCard account={flagged('owner')} onAcknowledge={onAcknowledge} />, root);
      const ack = button('Acknowledge');
      expect(ack?.getAttribute('aria-describedby')).toBe('rp-opportunity-o9');
      await act(() => ack?.click());
      expect(onAcknowledge).toHaveBeenCalledWith('o9');
      expect(button('Acknowledging…')?.getAttribute('aria-disabled')).toBe('true');
      button('Acknowledging…')?.click(); // a second press while saving sends nothing more
      expect(onAcknowledge).toHaveBeenCalledTimes(1);
      await act(async () => release(null));
      expect(button('Acknowledge')).toBeNull();
      expect(root.querySelector('.rp-flag')).toBeNull();
      const done = root.querySelector('[role="status"]');
      expect(done?.textContent).toBe('Acknowledged');
      expect(document.activeElement).toBe(done);
    });

    it("should show the server's message when acknowledging fails, and keep the button", async () => {
      render(
        <AccountCard account={flagged('owner')} onAcknowledge={async () => 'Only the owner can do that'} />,
        root,
      );
      await act(() => button('Acknowledge')?.click());
      await vi.waitFor(() =>
        expect(root.querySelector('[role="alert"]')?.textContent).toBe('Only the owner can do that'),
      );
      expect(button('Acknowledge')).not.toBeNull();
    });

    it.each([
      ['the owner', 'owner', 'account_manager', true],
      ['an admin', 'other', 'admin', true],
      ['another account manager', 'other', 'account_manager', false],
      ['a rep', 'rep', 'sales_rep', false],
    ] as const)('should let %s acknowledge: %s', (_, relation, role, may) => {
      const a = account({ ownership: { relation, message: '' } });
      expect(mayAcknowledge(a, { ...luca, role })).toBe(may);
    });
  });

  it('should put the given actions at the foot of the card', () => {
    render(
      <AccountCard account={account()} actions={<button type="button">Open account page</button>} />,
      root,
    );
    expect(root.querySelector('article > .rp-card-actions')?.textContent).toBe('Open account page');
  });
});
