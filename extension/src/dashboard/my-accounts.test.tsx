import { type Account, zOpportunity } from '@rapport/shared';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import { asAdmin, revokeToken, seedAccount, seedUser, uniqueTag } from '../api/test-rapport';
import { session } from '../storage';
import { formatAmount } from '../ui/format';
import {
  accessibleName,
  button,
  cells,
  click,
  currentServerPeriod,
  field,
  openDashboard,
  page,
  seedPlan,
  seedProduct,
  signInExtension,
  type,
  until,
  useDashboardTests,
} from './dashboard-test-kit';
import { accountHref } from './route';

useDashboardTests();

const eur = (minor: number) => formatAmount(minor, 'EUR');

/** A won deal of `amount` on `account`, closed today. */
function won(account: Account, productLineId: string, amount: number) {
  return asAdmin('POST', '/opportunities', zOpportunity, {
    accountId: account.id,
    title: 'Won deal',
    type: 'expansion',
    productLineId,
    amount,
    currency: 'EUR',
    stage: 'won',
    closeReason: 'Signed',
  });
}

/**
 * Marta's portfolio: Zeta (her key account, 50% of a 100,000 target), Mid (her key account, 90% of 10,000)
 * and Alpha (Sam's standard account, where she is a rep; no plan).
 */
async function portfolio() {
  const tag = uniqueTag();
  const [marta, sam, product, period] = await Promise.all([
    seedUser('account_manager', 'Marta Rossi'),
    seedUser('sales_rep', 'Sam Carter'),
    seedProduct(`Bearings ${tag}`),
    currentServerPeriod(),
  ]);
  const zeta = await seedAccount({ name: `Zeta ${tag}`, tier: 'key', status: 'customer', ownerId: marta.id });
  const mid = await seedAccount({ name: `Mid ${tag}`, tier: 'key', status: 'customer', ownerId: marta.id });
  const alpha = await seedAccount({
    name: `Alpha ${tag}`,
    tier: 'standard',
    status: 'prospect',
    ownerId: sam.id,
    repIds: [marta.id],
  });
  await seedPlan(marta, zeta, period, { lines: [{ productLineId: product.id, target: 10_000_000 }] });
  await seedPlan(marta, mid, period, { lines: [{ productLineId: product.id, target: 1_000_000 }] });
  await won(zeta, product.id, 5_000_000);
  await won(mid, product.id, 900_000);
  return { tag, marta, sam, zeta, mid, alpha, period };
}

function rows(): string[][] {
  return [...page().querySelectorAll('.rp-portfolio-table tbody tr')].map(cells);
}
const names = () => rows().map((r) => r[0]);
const sortedColumn = () =>
  [...page().querySelectorAll('th[aria-sort]')].map((th) => [
    accessibleName(th),
    th.getAttribute('aria-sort'),
  ]);

describe('MyAccounts', () => {
  it('should list my accounts with their plan figures, sort by any column and link to each account', async () => {
    const p = await portfolio();
    await openDashboard(p.marta, '#/');
    await until(() => expect(rows()).toHaveLength(3));
    await until(() => expect(document.title).toBe('My accounts: Rapport'));
    expect(names()).toEqual([p.alpha.name, p.mid.name, p.zeta.name]);
    expect(sortedColumn()).toEqual([['Account', 'ascending']]);
    const [alpha, mid, zeta] = rows();
    expect(zeta).toEqual([
      p.zeta.name,
      'Key account',
      'Customer',
      'You',
      eur(10_000_000),
      eur(5_000_000),
      eur(0),
      '50%',
      expect.stringContaining('1 high'),
    ]);
    expect(mid?.slice(4, 8)).toEqual([eur(1_000_000), eur(900_000), eur(0), '90%']);
    expect(alpha?.slice(1, 8)).toEqual([
      'Standard',
      'Prospect',
      'Sam CarterYou are a rep',
      'No target',
      eur(0),
      eur(0),
      'No target',
    ]);
    // The top signal's title is in the row: nobody at Zeta is an economic buyer.
    expect(zeta?.[8]).toContain('economic buyer');

    // Every header is a button: the first click on a figure sorts biggest first, the next reverses it.
    await click(button('Attainment'));
    expect(names()).toEqual([p.mid.name, p.zeta.name, p.alpha.name]);
    expect(sortedColumn()).toEqual([['Attainment', 'descending']]);
    expect(page().querySelector('[role="status"]')?.textContent).toBe('Sorted by Attainment, highest first.');
    await click(button('Attainment'));
    // Without a target there is no attainment: such rows stay last either way.
    expect(names()).toEqual([p.zeta.name, p.mid.name, p.alpha.name]);
    expect(sortedColumn()).toEqual([['Attainment', 'ascending']]);
    await click(button('Target'));
    expect(names()).toEqual([p.zeta.name, p.mid.name, p.alpha.name]);
    await click(button('Account'));
    expect(names()).toEqual([p.alpha.name, p.mid.name, p.zeta.name]);
    await click(button('Account'));
    expect(names()).toEqual([p.zeta.name, p.mid.name, p.alpha.name]);
    expect(sortedColumn()).toEqual([['Account', 'descending']]);
    for (const th of page().querySelectorAll('thead th')) expect(th.querySelector('button')).toBeTruthy();

    const links = [...page().querySelectorAll('tbody th a')].map((a) => [
      a.textContent,
      a.getAttribute('href'),
    ]);
    expect(links).toEqual([
      [p.zeta.name, accountHref(p.zeta.id)],
      [p.mid.name, accountHref(p.mid.id)],
      [p.alpha.name, accountHref(p.alpha.id)],
    ]);
  });

  it('should show another fiscal year and carry it to the account page', async () => {
    const p = await portfolio();
    await openDashboard(p.marta, '#/');
    await until(() => expect(rows()).toHaveLength(3));
    const last = String(Number(p.period) - 1);
    const select = field<HTMLSelectElement>('Fiscal year');
    expect(select.value).toBe(p.period);
    expect([...select.options].map((o) => o.textContent)).toContain(`Fiscal year ${p.period} (current)`);
    await type(select, last);
    // Last year had no plan and no won deal.
    await until(() =>
      expect(
        rows()
          .find((r) => r[0] === p.zeta.name)
          ?.slice(4, 8),
      ).toEqual(['No target', eur(0), eur(0), 'No target']),
    );
    expect(location.hash).toBe(`#/?period=${last}`);
    const zeta = [...page().querySelectorAll('tbody th a')].find((a) => a.textContent === p.zeta.name);
    expect(zeta?.getAttribute('href')).toBe(accountHref(p.zeta.id, last));
  });

  it('should say where accounts come from when there are none yet', async () => {
    const daniel = await seedUser('account_manager', 'Daniel Okafor');
    await openDashboard(daniel, '#/');
    await until(() =>
      expect(page().textContent).toContain(
        'No accounts yet: accounts you own or are assigned to appear here',
      ),
    );
    expect(page().querySelector('table')).toBeNull();
  });

  it('should offer to sign in again when the server ended the session', async () => {
    const marta = await seedUser('account_manager', 'Marta Rossi');
    await signInExtension(marta);
    const current = await session.getValue();
    if (!current) throw new Error('not signed in');
    await revokeToken(current.token); // signed out elsewhere
    const options = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue();
    await openDashboard(null, '#/');
    const again = await until(() => button('Sign in again'));
    expect(page().textContent).toContain('has ended');
    await click(again);
    await until(() => expect(options).toHaveBeenCalledOnce());
  });
});
