import {
  type AccountPlan,
  type Opportunity,
  type Page,
  type ProductLine,
  type Touch,
  zAccount,
  zContact,
  zOpportunity,
} from '@rapport/shared';
import { describe, expect, it } from 'vitest';

import {
  asAdmin,
  callApi,
  type SeededUser,
  seedAccount,
  seedOpportunity,
  seedUser,
  signInToken,
  uniqueTag,
} from '../api/test-rapport';
import { formatAmount } from '../ui/format';
import {
  type AcmeCommittee,
  button,
  cells,
  click,
  currentServerPeriod,
  field,
  navigate,
  openDashboard,
  page,
  section,
  seedAcmeCommittee,
  seedPlan,
  seedProduct,
  type,
  until,
  useDashboardTests,
} from './dashboard-test-kit';
import { todayUtc } from './periods';
import { accountHref } from './route';

useDashboardTests();

const eur = (minor: number) => formatAmount(minor, 'EUR');

interface World extends AcmeCommittee {
  tag: string;
  period: string;
  marta: SeededUser;
  bearings: ProductLine;
  drives: ProductLine;
}

/**
 * Marta's key account Acme with its buying committee (`seedAcmeCommittee`), two product lines, a won deal on
 * Bearings (30,000) and an open one on Drives (20,000 at propose: 10,000 weighted).
 * `plan: true` saves her plan for the current year: Bearings 100,000, Drives 40,000.
 */
async function world({ plan = true } = {}): Promise<World> {
  const tag = uniqueTag();
  const [marta, period, bearings, drives] = await Promise.all([
    seedUser('account_manager', 'Marta Rossi'),
    currentServerPeriod(),
    seedProduct(`Bearings ${tag}`),
    seedProduct(`Drives ${tag}`),
  ]);
  const committee = await seedAcmeCommittee(tag, marta);
  const { acme } = committee;
  await seedOpportunity({
    accountId: acme.id,
    title: 'Bearings for line 2',
    type: 'expansion',
    productLineId: bearings.id,
    amount: 3_000_000,
    currency: 'EUR',
    stage: 'won',
    closeReason: 'Best lead time',
  });
  await seedOpportunity({
    accountId: acme.id,
    title: 'Drives retrofit',
    type: 'expansion',
    productLineId: drives.id,
    amount: 2_000_000,
    currency: 'EUR',
    stage: 'propose',
    expectedCloseDate: todayUtc(),
  });
  if (plan) {
    await seedPlan(marta, acme, period, {
      lines: [
        { productLineId: bearings.id, target: 10_000_000 },
        { productLineId: drives.id, target: 4_000_000 },
      ],
      objectives: [{ text: 'Become the sole bearings supplier', status: 'open' }],
      actions: [
        {
          title: 'Plant visit with marketing',
          category: 'marketing_communication',
          ownerId: marta.id,
          dueDate: null,
          status: 'planned',
        },
      ],
    });
  }
  return { tag, period, marta, bearings, drives, ...committee };
}

/** The plan chart's table rows (body, then total), once they show `name`. */
async function planRows(name: string) {
  return until(() => {
    const table = page().querySelector('.rp-plan-table');
    const rows = [...(table?.querySelectorAll('tbody tr') ?? [])].map(cells);
    expect(rows.map((r) => r[0])).toContain(name);
    return { rows, total: cells(table?.querySelector('tfoot tr')) };
  });
}

async function planOnServer(w: World): Promise<AccountPlan> {
  const res = await callApi<AccountPlan>(
    'GET',
    `/accounts/${w.acme.id}/plans/${w.period}`,
    await signInToken(w.marta),
  );
  return res.body;
}

describe('AccountPage', () => {
  it('should show the account, its plan figures from the saved plan and the won deal, and its title', async () => {
    const w = await world();
    await openDashboard(w.marta, accountHref(w.acme.id));
    const { rows, total } = await planRows(w.bearings.name);
    await until(() => expect(page().querySelector('h1')?.textContent).toBe(w.acme.name));
    expect(rows).toEqual([
      [w.bearings.name, eur(10_000_000), eur(3_000_000), eur(0), '30% of target'],
      [w.drives.name, eur(4_000_000), eur(0), eur(1_000_000), '0% of target'],
    ]);
    expect(total).toEqual(['Total', eur(14_000_000), eur(3_000_000), eur(1_000_000), '21% of target']);
    expect(page().querySelector('h1')?.textContent).toBe(w.acme.name);
    await until(() => expect(document.title).toBe(`${w.acme.name}: Rapport`));
    const text = page().textContent ?? '';
    expect(text).toContain('Your key account');
    expect(text).toContain(`acme-${w.tag}.example`);
    expect(text).toContain('Become the sole bearings supplier');
    expect(text).toContain('Plant visit with marketing');
    expect(text).toContain('Drives retrofit');
    // Signals load beside the rest; Ana (purchasing) was never contacted, so the role is not covered.
    await until(() => expect(section('Signals').textContent).not.toContain('Loading'));
    await until(() => expect(section('Buying committee').querySelector('table')).toBeTruthy());
    const purchasing = section('Buying committee').querySelector('tr[data-role="purchasing"]');
    expect(cells(purchasing)).toEqual(['Purchasing', 'Not contacted lately', 'Ana Ruiz', 'Never']);
    // Empty seats are the roles nobody holds: Ana's purchasing seat is taken, if not covered.
    const seats = [...page().querySelectorAll('li.rp-org-seat')].map((li) => li.getAttribute('data-role'));
    expect(seats).toEqual([
      'technical_decision_maker',
      'executive_sponsor',
      'influencer',
      'end_user',
      'gatekeeper',
      'legal',
    ]);
    expect(button('Edit plan')).toBeTruthy();
  });

  it('should save a plan with new targets, an objective and an action', async () => {
    const w = await world({ plan: false });
    await openDashboard(w.marta, accountHref(w.acme.id));
    await click(await until(() => button('Create plan')));
    await until(() => field(`${w.drives.name} target (EUR)`));
    await type(field(`${w.bearings.name} target (EUR)`), '120,000');
    await type(field(`${w.drives.name} target (EUR)`), '55000.50');
    await click(button('Add objective'));
    expect(document.activeElement).toBe(field('Objective 1'));
    await type(field('Objective 1', page()), 'Win the Verona plant');
    await click(button('Add action'));
    const action = page().querySelector('.rp-action-row') as HTMLElement;
    await type(field('Title', action), 'Customisation proposal for the new line');
    await type(field<HTMLSelectElement>('Category', action), 'product_customisation');
    await until(() => expect(field<HTMLSelectElement>('Owner', action).textContent).toContain('Marta Rossi'));
    await type(field<HTMLSelectElement>('Owner', action), w.marta.id);
    await type(field('Due date', action), '2027-01-15');
    await click(button('Save plan'));

    await until(() => expect(section('Account plan').textContent).toContain(`Plan ${w.period} saved.`));
    const { rows } = await planRows(w.drives.name);
    expect(rows[0]).toEqual([w.bearings.name, eur(12_000_000), eur(3_000_000), eur(0), '25% of target']);
    expect(rows[1]?.[1]).toBe(eur(5_500_050));
    // The focus moves in an effect after the render that shows the saved plan.
    await until(() => expect(document.activeElement?.textContent).toBe('Edit plan'));

    const saved = await planOnServer(w);
    expect(saved.version).toBe(1);
    expect(saved.lines.map((l) => [l.productLineId, l.target])).toEqual([
      [w.bearings.id, 12_000_000],
      [w.drives.id, 5_500_050],
    ]);
    expect(saved.objectives).toMatchObject([{ text: 'Win the Verona plant', status: 'open' }]);
    expect(saved.actions).toMatchObject([
      {
        title: 'Customisation proposal for the new line',
        category: 'product_customisation',
        ownerId: w.marta.id,
        dueDate: '2027-01-15',
        status: 'planned',
      },
    ]);
  });

  it('should point at the fields to fix before anything is sent', async () => {
    const w = await world();
    await openDashboard(w.marta, accountHref(w.acme.id));
    await click(await until(() => button('Edit plan')));
    await until(() => field(`${w.drives.name} target (EUR)`));
    await type(field(`${w.drives.name} target (EUR)`), '40.000,5');
    await click(button('Add objective'));
    await click(button('Save plan'));
    const target = field(`${w.drives.name} target (EUR)`);
    await until(() => expect(target.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(target.getAttribute('aria-describedby') ?? '')?.textContent).toContain(
      'Type an amount in EUR',
    );
    expect(field('Objective 2').getAttribute('aria-invalid')).toBe('true');
    expect(page().querySelector('[role="alert"]')?.textContent).toContain('2 fields need fixing');
    expect(document.activeElement).toBe(target);
    expect((await planOnServer(w)).version).toBe(1);
  });

  it('should keep what was typed when someone else saved the plan first, and offer their version', async () => {
    const w = await world();
    await openDashboard(w.marta, accountHref(w.acme.id));
    await click(await until(() => button('Edit plan')));
    await until(() => field(`${w.drives.name} target (EUR)`));
    await type(field(`${w.drives.name} target (EUR)`), '77000');
    await type(field('Objective 1'), 'Become the sole supplier of bearings and drives');

    // Someone (Marta on her laptop) saves version 2 meanwhile.
    await seedPlan(w.marta, w.acme, w.period, {
      version: 1,
      lines: [
        { productLineId: w.bearings.id, target: 10_000_000 },
        { productLineId: w.drives.id, target: 6_000_000 },
      ],
    });
    await click(button('Save plan'));
    await until(() =>
      expect(page().querySelector('[role="alert"]')?.textContent).toContain(
        'Someone else saved this plan while you were editing',
      ),
    );
    expect(field(`${w.drives.name} target (EUR)`).value).toBe('77000');
    expect(field<HTMLTextAreaElement>('Objective 1').value).toBe(
      'Become the sole supplier of bearings and drives',
    );

    await click(button('Load their version'));
    await until(() => expect(field(`${w.drives.name} target (EUR)`).value).toBe('60000'));
    const mine = page().querySelector('.rp-mine')?.textContent ?? '';
    expect(mine).toContain(`${w.drives.name}: 77000 EUR`);
    expect(mine).toContain('Become the sole supplier of bearings and drives');
    // The chart follows their version.
    const { rows } = await planRows(w.drives.name);
    expect(rows[1]?.[1]).toBe(eur(6_000_000));

    await click(button('Put back what I typed'));
    expect(field(`${w.drives.name} target (EUR)`).value).toBe('77000');
    await click(button('Save plan'));
    await until(() => expect(section('Account plan').textContent).toContain(`Plan ${w.period} saved.`));
    const saved = await planOnServer(w);
    expect(saved.version).toBe(3);
    expect(saved.lines.find((l) => l.productLineId === w.drives.id)?.target).toBe(7_700_000);
  });

  it('should let only the owner or an admin edit the plan; others read it', async () => {
    const w = await world();
    const sam = await seedUser('sales_rep', 'Sam Carter');
    await openDashboard(sam, accountHref(w.acme.id));
    await planRows(w.bearings.name);
    await until(() =>
      expect(section('Account plan').textContent).toContain(
        'Only Marta Rossi, who owns this account, or an admin can change this plan.',
      ),
    );
    expect(() => button('Edit plan')).toThrow();
  });

  it('should save a reports-to change made in the org chart', async () => {
    const w = await world();
    await openDashboard(w.marta, accountHref(w.acme.id));
    await click(await until(() => button('Change whom Ana Ruiz reports to')));
    const node = page().querySelector(`[data-contact-id="${w.ana.id}"]`) as HTMLElement;
    await type(field<HTMLSelectElement>('Reports to', node), w.jane.id);
    await click(button('Save', node));
    await until(() =>
      expect(section('Buying committee').textContent).toContain('Saved: Ana Ruiz reports to Jane Doe.'),
    );
    const ana = await asAdmin('GET', `/contacts/${w.ana.id}`, zContact);
    expect(ana.reportsToId).toBe(w.jane.id);
    expect(ana.version).toBe(w.ana.version + 1);
    // The chart is drawn from the server's answer: a line from Jane to Ana.
    await until(() =>
      expect(
        page().querySelector(`path[data-manager="${w.jane.id}"][data-report="${w.ana.id}"]`),
      ).toBeTruthy(),
    );
  });

  it('should not overwrite a reports-to change someone else made meanwhile', async () => {
    const w = await world();
    await openDashboard(w.marta, accountHref(w.acme.id));
    await click(await until(() => button('Change whom Ana Ruiz reports to')));
    // A colleague puts Ana under Tom while the chart is on screen.
    await asAdmin('PATCH', `/contacts/${w.ana.id}`, zContact, {
      reportsToId: w.tom.id,
      version: w.ana.version,
    });
    const node = page().querySelector(`[data-contact-id="${w.ana.id}"]`) as HTMLElement;
    await type(field<HTMLSelectElement>('Reports to', node), w.jane.id);
    await click(button('Save', node));
    await until(() =>
      expect(section('Buying committee').textContent).toContain(
        'someone else changed whom Ana Ruiz reports to in the meantime',
      ),
    );
    expect((await asAdmin('GET', `/contacts/${w.ana.id}`, zContact)).reportsToId).toBe(w.tom.id);
    await until(() =>
      expect(
        page().querySelector(`path[data-manager="${w.tom.id}"][data-report="${w.ana.id}"]`),
      ).toBeTruthy(),
    );
  });

  it('should log a call that then shows on the timeline, and delete it with time to undo', async () => {
    const w = await world();
    await openDashboard(w.marta, accountHref(w.acme.id), 300);
    const timeline = await until(() => {
      const s = section('Timeline');
      expect(s.textContent).toContain('Bearings for line 2');
      return s;
    });
    await until(() => field('Ana Ruiz · Buyer', timeline));
    await type(field('Subject', timeline), 'Quarterly review');
    await type(field<HTMLTextAreaElement>('Notes', timeline), 'Volumes up 10% next year.');
    await click(field('Ana Ruiz · Buyer', timeline));
    await click(button('Log call', timeline));
    await until(() =>
      expect(timeline.querySelector('.rp-entry-call')?.textContent).toContain('Quarterly review'),
    );
    const entry = timeline.querySelector('.rp-entry-call') as HTMLElement;
    expect(entry.textContent).toContain('with Ana Ruiz');
    expect(entry.textContent).toContain('logged by Marta Rossi');
    expect(entry.textContent).toContain('Volumes up 10% next year.');
    expect(timeline.textContent).toContain('Logged: Call: Quarterly review.');
    expect(field('Subject', timeline).value).toBe('');

    const touches = await callApi<Page<Touch>>(
      'GET',
      `/touches?accountId=${w.acme.id}`,
      await signInToken(w.marta),
    );
    expect(touches.body.items).toMatchObject([
      { kind: 'call', subject: 'Quarterly review', contacts: [{ id: w.ana.id, name: 'Ana Ruiz' }] },
    ]);
    // Ana now counts as contacted: purchasing is covered.
    await until(() =>
      expect(cells(section('Buying committee').querySelector('tr[data-role="purchasing"]'))[1]).toBe(
        'Covered',
      ),
    );

    // Delete, then take it back: nothing is deleted.
    await click(button('Delete Call: Quarterly review', timeline));
    expect(timeline.querySelector('.rp-entry-call')).toBeNull();
    expect(document.activeElement?.textContent).toBe('Undo');
    await click(button('Undo', timeline));
    expect(timeline.querySelector('.rp-entry-call')).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const kept = await callApi<Page<Touch>>(
      'GET',
      `/touches?accountId=${w.acme.id}`,
      await signInToken(w.marta),
    );
    expect(kept.body.items).toHaveLength(1);

    // Delete and let the time pass: it is deleted on the server.
    await click(button('Delete Call: Quarterly review', timeline));
    await until(async () => {
      const left = await callApi<Page<Touch>>(
        'GET',
        `/touches?accountId=${w.acme.id}`,
        await signInToken(w.marta),
      );
      expect(left.body.items).toEqual([]);
    });
    expect(timeline.querySelector('.rp-entry-call')).toBeNull();
  });

  it('should let the owner acknowledge new business a rep opened on her key account', async () => {
    const w = await world();
    const sam = await seedUser('sales_rep', 'Sam Carter');
    const opened = await callApi<Opportunity>('POST', '/opportunities', await signInToken(sam), {
      accountId: w.acme.id,
      title: 'Spare parts framework',
      type: 'new_business',
      amount: 900_000,
      currency: 'EUR',
    });
    expect(opened.body.flag?.acknowledgedAt).toBeNull();
    await openDashboard(w.marta, accountHref(w.acme.id));
    const ack = await until(() => button('Acknowledge “Spare parts framework”'));
    expect(section('Open opportunities').textContent).toContain('Flagged for the owner');
    await click(ack);
    await until(() =>
      expect(section('Signals').textContent).toContain('Acknowledged “Spare parts framework”'),
    );
    await until(() => expect(() => button('Acknowledge “Spare parts framework”')).toThrow());
    expect(document.activeElement?.textContent).toBe('Signals');
    const after = await asAdmin('GET', `/opportunities/${opened.body.id}`, zOpportunity);
    expect(after.flag?.acknowledgedBy).toBe(w.marta.id);
    expect(section('Open opportunities').textContent).not.toContain('Flagged for the owner');
  });

  it('should follow the hash to another account and link a merged one to where it went', async () => {
    const w = await world({ plan: false });
    const old = await seedAccount({ name: `Acme ${w.tag} old`, status: 'customer' });
    const other = await seedAccount({ name: `Initech ${w.tag}`, status: 'prospect' });
    await openDashboard(w.marta, accountHref(w.acme.id));
    await until(() => expect(page().querySelector('h1')?.textContent).toBe(w.acme.name));

    await navigate(accountHref(other.id));
    await until(() => expect(page().querySelector('h1')?.textContent).toBe(other.name));
    await until(() => expect(document.title).toBe(`${other.name}: Rapport`));
    expect(document.activeElement).toBe(page().querySelector('h1'));

    const acme = await asAdmin('GET', `/accounts/${w.acme.id}`, zAccount);
    await asAdmin('POST', `/accounts/${w.acme.id}/merge`, zAccount, {
      sourceId: old.id,
      version: acme.version,
    });
    await navigate(accountHref(old.id));
    await until(() => expect(page().querySelector('h1')?.textContent).toBe('This account was merged'));
    await until(() => expect(document.title).toBe('This account was merged: Rapport'));
    const link = [...page().querySelectorAll('a')].find(
      (a) => a.textContent === 'Open the account it was merged into',
    );
    expect(link?.getAttribute('href')).toBe(accountHref(w.acme.id));

    await navigate(accountHref('nobody-has-this-id'));
    await until(() => expect(page().querySelector('h1')?.textContent).toBe('Account not found'));
    await until(() => expect(document.title).toBe('Account not found: Rapport'));
    expect(document.activeElement).toBe(page().querySelector('h1'));
  });
});
