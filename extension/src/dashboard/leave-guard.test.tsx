import type { Account, AccountPlan, ProductLine } from '@rapport/shared';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';

import { callApi, type SeededUser, seedUser, signInToken, uniqueTag } from '../api/test-rapport';
import {
  button,
  click,
  currentServerPeriod,
  field,
  leaveDialog,
  myAccountsLink,
  openDashboard,
  page,
  section,
  seedAcme,
  seedPlan,
  seedProduct,
  type,
  until,
  useDashboardTests,
} from './dashboard-test-kit';
import { accountHref } from './route';

useDashboardTests();

interface World {
  period: string;
  marta: SeededUser;
  acme: Account;
  bearings: ProductLine;
}

/** Marta's key account Acme with her plan for the current year: Bearings 100,000 EUR. */
async function world(): Promise<World> {
  const tag = uniqueTag();
  const [marta, period, bearings] = await Promise.all([
    seedUser('account_manager', 'Marta Rossi'),
    currentServerPeriod(),
    seedProduct(`Bearings ${tag}`),
  ]);
  const acme = await seedAcme(tag, marta);
  await seedPlan(marta, acme, period, { lines: [{ productLineId: bearings.id, target: 10_000_000 }] });
  return { period, marta, acme, bearings };
}

/** Opens the plan editor on Acme's page and returns the Bearings target field. */
async function editPlan(w: World): Promise<HTMLInputElement> {
  await click(await until(() => button('Edit plan')));
  return until(() => field(`${w.bearings.name} target (EUR)`));
}

/** Acme's row link in "My accounts". */
function accountLink(w: World): HTMLAnchorElement {
  const link = [...page().querySelectorAll('a')].find((a) => a.textContent === w.acme.name);
  if (!link) throw new Error(`no link to ${w.acme.name}`);
  return link;
}

function heading(): string | null | undefined {
  return page().querySelector('h1')?.textContent;
}

async function targetOnServer(w: World): Promise<number | null | undefined> {
  const res = await callApi<AccountPlan>(
    'GET',
    `/accounts/${w.acme.id}/plans/${w.period}`,
    await signInToken(w.marta),
  );
  return res.body.lines.find((line) => line.productLineId === w.bearings.id)?.target;
}

/** Lets the page see a history traversal: happy-dom fires `hashchange` on a timer, as browsers queue it. */
async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
}

describe('leaving the plan editor with unsaved changes', () => {
  it('should ask before "My accounts" drops an edited target: Stay keeps it and the address, Leave goes', async () => {
    const w = await world();
    await openDashboard(w.marta, accountHref(w.acme.id));
    const target = await editPlan(w);
    await type(target, '150,000');
    const address = location.hash;
    const entries = history.length;

    // As from the keyboard: the link has the focus when it is followed.
    myAccountsLink().focus();
    await click(myAccountsLink());
    const dialog = await until(() => {
      const found = leaveDialog();
      expect(found?.open).toBe(true);
      return found as HTMLDialogElement;
    });
    expect(dialog.getAttribute('role')).toBe('alertdialog');
    const name = document.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent;
    expect(name).toBe(`You have unsaved changes to the ${w.period} plan. Leave without saving?`);
    expect(document.activeElement).toBe(button('Stay', dialog));

    await click(button('Stay', dialog));
    expect(leaveDialog()).toBeNull();
    expect(field(`${w.bearings.name} target (EUR)`).value).toBe('150,000');
    expect(location.hash).toBe(address);
    expect(history.length).toBe(entries);
    expect(heading()).toBe(w.acme.name);
    // Focus goes back to the link that asked.
    expect(document.activeElement).toBe(myAccountsLink());

    // Escape stays too (the browser cancels the dialog).
    await click(myAccountsLink());
    await act(() => {
      leaveDialog()?.dispatchEvent(new Event('cancel', { cancelable: true }));
    });
    expect(leaveDialog()).toBeNull();
    expect(field(`${w.bearings.name} target (EUR)`).value).toBe('150,000');
    expect(location.hash).toBe(address);

    await click(myAccountsLink());
    await click(button('Leave without saving', await until(() => leaveDialog() as HTMLDialogElement)));
    await until(() => expect(heading()).toBe('My accounts'));
    expect(location.hash).toBe('#/');
    expect(leaveDialog()).toBeNull();
    expect(history.length).toBe(entries + 1);
    expect(await targetOnServer(w)).toBe(10_000_000);
  });

  it('should not ask while the editor holds nothing new, nor after the plan was saved', async () => {
    const w = await world();
    await openDashboard(w.marta, accountHref(w.acme.id));
    const target = await editPlan(w);
    // Typed, then put back as it was loaded: nothing to lose.
    const loaded = target.value;
    await type(target, '999');
    await type(target, loaded);
    await click(myAccountsLink());
    await until(() => expect(heading()).toBe('My accounts'));
    expect(leaveDialog()).toBeNull();

    await click(await until(() => accountLink(w)));
    await type(await editPlan(w), '120,000');
    await click(button('Save plan'));
    await until(() => expect(section('Account plan').textContent).toContain(`Plan ${w.period} saved.`));
    await click(myAccountsLink());
    await until(() => expect(heading()).toBe('My accounts'));
    expect(leaveDialog()).toBeNull();
    expect(await targetOnServer(w)).toBe(12_000_000);
  });

  it('should ask when browser Back would drop the draft, without adding history entries', async () => {
    const w = await world();
    await openDashboard(w.marta, '#/');
    await click(await until(() => accountLink(w)));
    await until(() => expect(heading()).toBe(w.acme.name));
    const address = location.hash;
    const entries = history.length;
    await type(await editPlan(w), '150,000');

    history.back();
    await settle();
    const dialog = await until(() => leaveDialog() as HTMLDialogElement);
    expect(dialog.textContent).toContain(`You have unsaved changes to the ${w.period} plan.`);
    await until(() => expect(location.hash).toBe(address));
    await click(button('Stay', dialog));
    await settle();
    expect(leaveDialog()).toBeNull();
    expect(field(`${w.bearings.name} target (EUR)`).value).toBe('150,000');
    expect(location.hash).toBe(address);
    expect(heading()).toBe(w.acme.name);
    expect(history.length).toBe(entries);

    history.back();
    await settle();
    await click(button('Leave without saving', await until(() => leaveDialog() as HTMLDialogElement)));
    await until(() => expect(heading()).toBe('My accounts'));
    expect(location.hash).toBe('#/');
    expect(history.length).toBe(entries);

    // Forward returns to the account (its entry is still there), with nothing left to ask about.
    history.forward();
    await until(() => expect(heading()).toBe(w.acme.name));
    expect(location.hash).toBe(address);
    await settle();
    expect(leaveDialog()).toBeNull();
    expect(button('Edit plan')).toBeTruthy();
  });

  it('should ask when browser Forward would drop the draft, and go forward on leaving', async () => {
    const w = await world();
    await openDashboard(w.marta, accountHref(w.acme.id));
    const address = location.hash;
    await click(await until(() => myAccountsLink()));
    await until(() => expect(heading()).toBe('My accounts'));
    history.back();
    await until(() => expect(heading()).toBe(w.acme.name));
    const entries = history.length;
    await type(await editPlan(w), '150,000');

    history.forward();
    await settle();
    await click(button('Stay', await until(() => leaveDialog() as HTMLDialogElement)));
    await settle();
    expect(location.hash).toBe(address);
    expect(field(`${w.bearings.name} target (EUR)`).value).toBe('150,000');

    // "My accounts" is still the entry ahead.
    history.forward();
    await settle();
    await click(button('Leave without saving', await until(() => leaveDialog() as HTMLDialogElement)));
    await until(() => expect(heading()).toBe('My accounts'));
    expect(location.hash).toBe('#/');
    expect(history.length).toBe(entries);
  });

  it('should ask before another fiscal year drops the draft', async () => {
    const w = await world();
    await openDashboard(w.marta, accountHref(w.acme.id));
    const target = await editPlan(w);
    await type(target, '150,000');
    const year = field<HTMLSelectElement>('Fiscal year');
    const next = String(Number(w.period) + 1);

    year.focus();
    await type(year, next);
    const dialog = await until(() => leaveDialog() as HTMLDialogElement);
    expect(dialog.textContent).toContain(`You have unsaved changes to the ${w.period} plan.`);
    await click(button('Stay', dialog));
    expect(year.value).toBe(w.period);
    expect(field(`${w.bearings.name} target (EUR)`).value).toBe('150,000');
    expect(document.activeElement).toBe(year);

    await type(year, next);
    await click(button('Leave without saving', await until(() => leaveDialog() as HTMLDialogElement)));
    await until(() =>
      expect(section('Account plan').textContent).toContain('no plan saved for this year yet'),
    );
    expect(field<HTMLSelectElement>('Fiscal year').value).toBe(next);
    expect(location.hash).toBe(accountHref(w.acme.id, next));
    expect(button('Create plan')).toBeTruthy();
    expect(await targetOnServer(w)).toBe(10_000_000);
  });
});
