import { type Contact, zContact, zPage } from '@rapport/shared';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';

import {
  asAdmin,
  revokeToken,
  type SeededUser,
  seedUser,
  uniqueTag,
  watchRequests,
} from '../api/test-rapport';
import { pendingWrites, session } from '../storage';
import {
  type AcmeCommittee,
  button,
  cells,
  click,
  currentServerPeriod,
  field,
  leaveDialog,
  myAccountsLink,
  openDashboard,
  page,
  section,
  seedAcmeCommittee,
  type,
  until,
  useDashboardTests,
} from './dashboard-test-kit';
import { unsavedChanges } from './plan-section';
import { accountHref } from './route';

useDashboardTests();

interface World extends AcmeCommittee {
  marta: SeededUser;
}

/** Marta's key account Acme and its buying committee (`seedAcmeCommittee`): the legal seat is empty. */
async function world(): Promise<World> {
  const marta = await seedUser('account_manager', 'Marta Rossi');
  return { marta, ...(await seedAcmeCommittee(uniqueTag(), marta)) };
}

/** The form a heading names (its accessible name), or null. */
function form(name: string): HTMLFormElement | null {
  return (
    [...page().querySelectorAll('form')].find(
      (f) => document.getElementById(f.getAttribute('aria-labelledby') ?? '')?.textContent === name,
    ) ?? null
  );
}

/** A stakeholder select of `ui/stakeholder-fields.tsx` (Stance, Influence): a label with a span and a select. */
function select(label: string, scope: ParentNode): HTMLSelectElement {
  const found = [...scope.querySelectorAll('label')].find(
    (l) => l.querySelector('span')?.textContent === label,
  );
  const control = found?.querySelector('select');
  if (!control) throw new Error(`no select labelled “${label}”`);
  return control;
}

/** A row of the field-by-field conflict table: the field, the value saved meanwhile, the user's. */
function mergeRow(scope: ParentNode, fieldName: string): string[] {
  const row = scope.querySelector(`.rp-merge tr[data-field="${fieldName}"]`);
  return [...(row?.querySelectorAll('th, td') ?? [])].slice(0, 3).map((c) => c.textContent ?? '');
}

function node(contactId: string): HTMLElement {
  const found = page().querySelector<HTMLElement>(`li.rp-org-node[data-contact-id="${contactId}"]`);
  if (!found) throw new Error(`no node for ${contactId}`);
  return found;
}

function status(): string {
  return section('Buying committee').querySelector('.rp-dash-status')?.textContent ?? '';
}

async function openEditor(w: World, name: string): Promise<HTMLFormElement> {
  await openDashboard(w.marta, accountHref(w.acme.id));
  await click(await until(() => button(`Edit ${name}`)));
  return loadedForm(name);
}

async function press(target: Element, key: string): Promise<void> {
  await act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
}

async function contactsOnServer(w: World): Promise<Contact[]> {
  return (await asAdmin('GET', `/contacts?accountId=${w.acme.id}`, zPage(zContact))).items;
}

/** The leave dialog once it is open, and what it asks (its accessible name). */
async function asked(): Promise<{ dialog: HTMLDialogElement; question: string }> {
  return until(() => {
    const dialog = leaveDialog();
    expect(dialog?.open).toBe(true);
    const found = dialog as HTMLDialogElement;
    const question = document.getElementById(found.getAttribute('aria-labelledby') ?? '')?.textContent;
    return { dialog: found, question: question ?? '' };
  });
}

/** The edit form for `name` once it has loaded them. */
function loadedForm(name: string): Promise<HTMLFormElement> {
  return until(() => {
    const found = form(`Edit ${name}`);
    expect(field('Name', found ?? page()).value).toBe(name);
    return found as HTMLFormElement;
  });
}

describe('CommitteeSection', () => {
  it('should save a new stance and buying roles, sending only what changed, and show them in the chart and the coverage', async () => {
    const w = await world();
    const watch = watchRequests();
    const f = await openEditor(w, 'Jane Doe');
    await until(() => expect(document.activeElement).toBe(field('Name', f)));
    expect(field('Title', f).value).toBe('CFO');
    expect(field('Economic buyer', f).checked).toBe(true);
    expect(select('Stance', f).value).toBe('champion');
    expect(select('Influence', f).value).toBe('high');
    // Tom reports to Jane: choosing him as her manager would make a loop, so he is not offered.
    const managers = [...field<HTMLSelectElement>('Reports to', f).options].map((o) => o.textContent);
    expect(managers).toEqual(['Nobody (top of the chart)', 'Ana Ruiz (Buyer)']);

    await type(select('Stance', f), 'supporter');
    await click(field('Legal', f));
    await click(button('Save changes', f));

    await until(() => expect(status()).toBe('Saved: Jane Doe’s buying roles and stance.'));
    expect(form('Edit Jane Doe')).toBeNull();
    await until(() => expect(document.activeElement).toBe(button('Edit Jane Doe')));
    const jane = node(w.jane.id);
    expect(jane.querySelector('.rp-org-stance')?.textContent).toBe('Supporter');
    expect(jane.querySelector('.rp-org-roles')?.textContent).toBe('Economic buyer · Legal');
    // Jane was contacted today, so the legal role is covered now and its empty seat is gone.
    const legal = section('Buying committee').querySelector('tr[data-role="legal"]');
    expect(cells(legal).slice(0, 3)).toEqual(['Legal', 'Covered', 'Jane Doe (Supporter)']);
    expect(page().querySelector('li.rp-org-seat[data-role="legal"]')).toBeNull();

    const saved = await asAdmin('GET', `/contacts/${w.jane.id}`, zContact);
    expect(saved).toMatchObject({
      stance: 'supporter',
      roles: ['economic_buyer', 'legal'],
      title: 'CFO',
      influence: 'high',
      version: w.jane.version + 1,
    });
    const patches = watch.sent.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => [r.path, r.body])).toEqual([
      [
        `/api/v1/contacts/${w.jane.id}`,
        { version: w.jane.version, roles: ['economic_buyer', 'legal'], stance: 'supporter' },
      ],
    ]);
  });

  it('should keep what was typed when someone changed the person meanwhile, and offer the current values', async () => {
    const w = await world();
    const f = await openEditor(w, 'Jane Doe');
    await type(select('Stance', f), 'blocker');
    // A colleague gives Jane a new title while the form is open.
    await asAdmin('PATCH', `/contacts/${w.jane.id}`, zContact, {
      title: 'Group CFO',
      version: w.jane.version,
    });
    await click(button('Save changes', f));

    const alert = await until(() => {
      const found = f.querySelector('[role="alert"]');
      expect(found?.textContent).toContain(
        'Not saved: Contact was changed by someone else; review the current version and apply your changes again.',
      );
      return found as HTMLElement;
    });
    expect(alert.textContent).toContain('What you typed is still below.');
    expect(select('Stance', f).value).toBe('blocker');
    expect(field('Title', f).value).toBe('CFO');
    await until(() => expect(document.activeElement).toBe(button('Load the current values', f)));
    expect((await asAdmin('GET', `/contacts/${w.jane.id}`, zContact)).stance).toBe('champion');

    await click(button('Load the current values', f));
    await until(() => expect(field('Title', f).value).toBe('Group CFO'));
    expect(select('Stance', f).value).toBe('champion');
    expect(mergeRow(f, 'stance')).toEqual(['Stance', 'Champion', 'Blocker']);
    // The chart follows the current values too.
    await until(() => expect(node(w.jane.id).querySelector('.rp-org-title')?.textContent).toBe('Group CFO'));

    await click(button('Put back my changes', f));
    expect(select('Stance', f).value).toBe('blocker');
    expect(field('Title', f).value).toBe('Group CFO');
    await click(button('Save changes', f));
    await until(() => expect(status()).toBe('Saved: Jane Doe’s stance.'));
    const saved = await asAdmin('GET', `/contacts/${w.jane.id}`, zContact);
    expect(saved).toMatchObject({ stance: 'blocker', title: 'Group CFO', version: w.jane.version + 2 });
  });

  it('should let the user re-apply their own value field by field after a conflict (issue 8)', async () => {
    const w = await world();
    const f = await openEditor(w, 'Jane Doe');
    await type(select('Stance', f), 'blocker');
    await type(field('Title', f), 'Finance director');
    // A colleague changes the title and the influence while the form is open.
    await asAdmin('PATCH', `/contacts/${w.jane.id}`, zContact, {
      title: 'Group CFO',
      influence: 'low',
      version: w.jane.version,
    });
    await click(button('Save changes', f));
    await click(await until(() => button('Load the current values', f)));
    await until(() => expect(field('Title', f).value).toBe('Group CFO'));
    // Each of the user's fields, with the value saved meanwhile beside it.
    expect(mergeRow(f, 'title')).toEqual(['Title', 'Group CFO', 'Finance director']);
    expect(mergeRow(f, 'stance')).toEqual(['Stance', 'Champion', 'Blocker']);
    expect(select('Stance', f).value).toBe('champion');

    // The user takes their stance back, keeps the colleague's title.
    await click(button('Use your stance', f));
    expect(select('Stance', f).value).toBe('blocker');
    expect(field('Title', f).value).toBe('Group CFO');
    // … and can change their mind on a field.
    await click(button('Use your title', f));
    expect(field('Title', f).value).toBe('Finance director');
    await click(button('Use the title saved meanwhile', f));
    expect(field('Title', f).value).toBe('Group CFO');

    await click(button('Save changes', f));
    await until(() => expect(status()).toBe('Saved: Jane Doe’s stance.'));
    const saved = await asAdmin('GET', `/contacts/${w.jane.id}`, zContact);
    expect(saved).toMatchObject({
      stance: 'blocker',
      title: 'Group CFO',
      influence: 'low',
      version: w.jane.version + 2,
    });
  });

  it('should add a stakeholder from an empty seat with its role ticked, and the seat then goes', async () => {
    const w = await world();
    await openDashboard(w.marta, accountHref(w.acme.id));
    await click(await until(() => button('Add a stakeholder as legal')));
    const f = await until(() => form('Add a stakeholder') as HTMLFormElement);
    await until(() => expect(document.activeElement).toBe(field('Name', f)));
    expect(field('Legal', f).checked).toBe(true);
    expect(
      [...f.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].filter((c) => c.checked),
    ).toHaveLength(1);
    await type(field('Name', f), 'Lea Novak');
    await type(field('Title', f), 'General counsel');
    await type(select('Influence', f), 'medium');
    await type(field<HTMLSelectElement>('Reports to', f), w.jane.id);
    await click(button('Save stakeholder', f));

    await until(() => expect(status()).toBe('Saved: Lea Novak is now on the buying committee.'));
    expect(form('Add a stakeholder')).toBeNull();
    const lea = (await contactsOnServer(w)).find((c) => c.name === 'Lea Novak');
    expect(lea).toMatchObject({
      title: 'General counsel',
      roles: ['legal'],
      influence: 'medium',
      stance: null,
      reportsToId: w.jane.id,
    });
    // The new person is in the chart, under Jane, with the keyboard on her; the legal seat is taken.
    const id = lea?.id ?? '';
    await until(() => expect(node(id).querySelector('.rp-org-roles')?.textContent).toBe('Legal'));
    expect(page().querySelector(`path[data-manager="${w.jane.id}"][data-report="${id}"]`)).toBeTruthy();
    expect(page().querySelector('li.rp-org-seat[data-role="legal"]')).toBeNull();
    expect(cells(section('Buying committee').querySelector('tr[data-role="legal"]'))[2]).toBe('Lea Novak');
    await until(() => expect(document.activeElement).toBe(button('Edit Lea Novak')));
  });

  it('should close on Escape or Cancel without saving and give the keyboard back', async () => {
    const w = await world();
    await openDashboard(w.marta, accountHref(w.acme.id));

    // "Add stakeholder", then Escape: nothing is created, the keyboard is back on the button.
    await click(await until(() => button('Add stakeholder')));
    const added = await until(() => form('Add a stakeholder') as HTMLFormElement);
    await type(field('Name', added), 'Not Saved');
    await press(field('Name', added), 'Escape');
    expect(form('Add a stakeholder')).toBeNull();
    await until(() => expect(document.activeElement).toBe(button('Add stakeholder')));

    // Enter on a focused node opens its form; Escape goes back to the node.
    const card = node(w.ana.id).querySelector('.rp-org-card') as HTMLElement;
    card.focus();
    await press(card, 'Enter');
    const f = await loadedForm('Ana Ruiz');
    await type(select('Stance', f), 'blocker');
    await press(select('Stance', f), 'Escape');
    expect(form('Edit Ana Ruiz')).toBeNull();
    await until(() => expect(document.activeElement).toBe(card));

    // Cancel from the Edit button's form goes back to the Edit button.
    await click(button('Edit Tom Lee'));
    const tom = await loadedForm('Tom Lee');
    await type(field('Title', tom), 'Chief Technology Officer');
    await click(button('Cancel', tom));
    expect(form('Edit Tom Lee')).toBeNull();
    await until(() => expect(document.activeElement).toBe(button('Edit Tom Lee')));

    expect(status()).toBe('');
    const stored = await contactsOnServer(w);
    expect(stored.map((c) => c.name).sort()).toEqual(['Ana Ruiz', 'Jane Doe', 'Tom Lee']);
    expect(stored.find((c) => c.id === w.ana.id)).toMatchObject({ stance: null, version: w.ana.version });
    expect(stored.find((c) => c.id === w.tom.id)).toMatchObject({ title: 'CTO', version: w.tom.version });
  });

  it('should point at the name before sending, and put the server’s reports-to refusal on its field', async () => {
    const w = await world();
    const watch = watchRequests();
    const f = await openEditor(w, 'Ana Ruiz');
    await type(field('Name', f), '   ');
    await click(button('Save changes', f));
    const name = field('Name', f);
    await until(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(name.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Enter the person’s name.',
    );
    await until(() => expect(document.activeElement).toBe(name));
    expect(watch.sent.filter((r) => r.method === 'PATCH')).toEqual([]);

    // Ana under Tom, while a colleague puts Jane (Tom's manager) under Ana: that would be a loop.
    await type(name, 'Ana Ruiz');
    await type(field<HTMLSelectElement>('Reports to', f), w.tom.id);
    await asAdmin('PATCH', `/contacts/${w.jane.id}`, zContact, {
      reportsToId: w.ana.id,
      version: w.jane.version,
    });
    await click(button('Save changes', f));
    const managers = field<HTMLSelectElement>('Reports to', f);
    await until(() => expect(managers.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(managers.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'This would make a reporting loop',
    );
    expect(managers.value).toBe(w.tom.id);
    expect((await asAdmin('GET', `/contacts/${w.ana.id}`, zContact)).reportsToId).toBeNull();
    // The chart is redrawn from the server: Tom stays visible as the choice, but can no longer be chosen.
    await until(() => {
      const tom = [...managers.options].find((o) => o.value === w.tom.id);
      expect(tom?.textContent).toBe('Tom Lee (CTO): would make a loop');
      expect(tom?.disabled).toBe(true);
    });
  });

  it('should say so when the person was removed meanwhile, and redraw the chart without them', async () => {
    const w = await world();
    const f = await openEditor(w, 'Ana Ruiz');
    await type(select('Stance', f), 'supporter');
    await asAdmin('DELETE', `/contacts/${w.ana.id}?version=${w.ana.version}`, { parse: () => null });
    await click(button('Save changes', f));
    await until(() =>
      expect(f.querySelector('[role="alert"]')?.textContent).toContain(
        'Ana Ruiz is no longer a stakeholder of this account',
      ),
    );
    await until(() =>
      expect(page().querySelector(`li.rp-org-node[data-contact-id="${w.ana.id}"]`)).toBeNull(),
    );
    await click(button('Close', f));
    expect(form('Edit Ana Ruiz')).toBeNull();
    // Her node is gone: the keyboard lands on "Add stakeholder".
    await until(() => expect(document.activeElement).toBe(button('Add stakeholder')));
  });

  it('should keep a change made after the session ended and say it is sent after signing in again (issue 8)', async () => {
    const w = await world();
    const f = await openEditor(w, 'Tom Lee');
    await type(select('Influence', f), 'high');
    const current = await session.getValue();
    if (!current) throw new Error('not signed in');
    await revokeToken(current.token); // signed out elsewhere
    await click(button('Save changes', f));
    // The page asks to sign in again (the session ended); the change waits, as typed, to be sent then.
    await until(() => expect(button('Sign in again')).toBeTruthy());
    const [kept] = await pendingWrites.getValue();
    expect(kept).toMatchObject({ type: 'updateContact', body: { influence: 'high' } });
    expect((await asAdmin('GET', `/contacts/${w.tom.id}`, zContact)).influence).toBeNull();
  });

  it('should ask before another form replaces unsaved changes: Stay keeps them, Discard opens the other', async () => {
    const w = await world();
    const f = await openEditor(w, 'Jane Doe');
    await type(select('Stance', f), 'blocker');
    await type(field('Title', f), 'Group CFO');

    // "Edit" on another person.
    const edit = button('Edit Tom Lee');
    edit.focus();
    await click(edit);
    const first = await asked();
    expect(first.dialog.getAttribute('role')).toBe('alertdialog');
    expect(first.question).toBe('Discard your changes to Jane Doe?');
    expect(document.activeElement).toBe(button('Stay', first.dialog));
    expect(button('Discard', first.dialog)).toBeTruthy();
    await click(button('Stay', first.dialog));
    expect(leaveDialog()).toBeNull();
    expect(form('Edit Tom Lee')).toBeNull();
    expect(form('Edit Jane Doe')).toBe(f);
    expect(select('Stance', f).value).toBe('blocker');
    expect(field('Title', f).value).toBe('Group CFO');
    // The keyboard is back on the button that asked.
    expect(document.activeElement).toBe(edit);

    // "Add stakeholder": Escape stays too (the browser cancels the dialog).
    await click(button('Add stakeholder'));
    expect((await asked()).question).toBe('Discard your changes to Jane Doe?');
    await act(() => {
      leaveDialog()?.dispatchEvent(new Event('cancel', { cancelable: true }));
    });
    expect(leaveDialog()).toBeNull();
    expect(form('Add a stakeholder')).toBeNull();
    expect(select('Stance', f).value).toBe('blocker');

    // A seat's "Add": Discard drops Jane's changes and opens the new form with the seat's role.
    await click(button('Add a stakeholder as legal'));
    await click(button('Discard', (await asked()).dialog));
    expect(leaveDialog()).toBeNull();
    const added = await until(() => form('Add a stakeholder') as HTMLFormElement);
    expect(form('Edit Jane Doe')).toBeNull();
    expect(field('Legal', added).checked).toBe(true);
    await until(() => expect(document.activeElement).toBe(field('Name', added)));

    // A new stakeholder being typed is asked about in its own words.
    await type(field('Name', added), 'Marco Bruni');
    await click(button('Edit Ana Ruiz'));
    const second = await asked();
    expect(second.question).toBe('Discard the new stakeholder you started?');
    await click(button('Stay', second.dialog));
    expect(field('Name', added).value).toBe('Marco Bruni');
    await click(button('Edit Ana Ruiz'));
    await click(button('Discard', (await asked()).dialog));
    await loadedForm('Ana Ruiz');
    expect(form('Add a stakeholder')).toBeNull();

    expect(status()).toBe('');
    const stored = await contactsOnServer(w);
    expect(stored.map((c) => c.name).sort()).toEqual(['Ana Ruiz', 'Jane Doe', 'Tom Lee']);
    expect(stored.find((c) => c.id === w.jane.id)).toMatchObject({
      stance: 'champion',
      title: 'CFO',
      version: w.jane.version,
    });
  });

  it('should not ask when the form holds nothing to save', async () => {
    const w = await world();
    const f = await openEditor(w, 'Jane Doe');
    // Changed and put back; a space after the title is not saved either.
    await type(select('Stance', f), 'blocker');
    await type(select('Stance', f), 'champion');
    await type(field('Title', f), 'CFO ');
    await click(button('Edit Tom Lee'));
    expect(leaveDialog()).toBeNull();
    await loadedForm('Tom Lee');
    expect(form('Edit Jane Doe')).toBeNull();

    // From an untouched form to a new one, and from that (a role ticked and unticked) to a seat's.
    await click(button('Add stakeholder'));
    const added = await until(() => form('Add a stakeholder') as HTMLFormElement);
    await click(field('Legal', added));
    await click(field('Legal', added));
    await click(button('Add a stakeholder as legal'));
    expect(leaveDialog()).toBeNull();
    await until(() => expect(field('Legal', form('Add a stakeholder') ?? page()).checked).toBe(true));

    // Leaving the page does not ask either.
    await click(myAccountsLink());
    await until(() => expect(page().querySelector('h1')?.textContent).toBe('My accounts'));
    expect(leaveDialog()).toBeNull();
  });

  it('should ask before leaving the page drops unsaved stakeholder changes, naming the plan too', async () => {
    const w = await world();
    const period = await currentServerPeriod();
    const f = await openEditor(w, 'Jane Doe');
    await type(select('Stance', f), 'blocker');

    await click(myAccountsLink());
    const first = await asked();
    expect(first.question).toBe('You have unsaved changes to Jane Doe. Leave without saving?');
    await click(button('Stay', first.dialog));
    expect(page().querySelector('h1')?.textContent).toBe(w.acme.name);
    expect(location.hash).toBe(accountHref(w.acme.id));
    expect(select('Stance', f).value).toBe('blocker');

    // With an objective typed into the plan as well, the question names both.
    await click(button('Create plan'));
    await click(await until(() => button('Add objective')));
    await type(field<HTMLTextAreaElement>('Objective 1'), 'Meet the new CFO');
    await click(myAccountsLink());
    const both = await asked();
    expect(both.question).toBe(
      `You have unsaved changes to Jane Doe. ${unsavedChanges(period)} Leave without saving?`,
    );
    await click(button('Leave without saving', both.dialog));
    await until(() => expect(page().querySelector('h1')?.textContent).toBe('My accounts'));
    expect((await asAdmin('GET', `/contacts/${w.jane.id}`, zContact)).stance).toBe('champion');
  });

  it('should offer a viewer no way to add or edit stakeholders', async () => {
    const w = await world();
    const vera = await seedUser('viewer', 'Vera Viewer');
    await openDashboard(vera, accountHref(w.acme.id));
    await until(() => expect(node(w.jane.id).textContent).toContain('Jane Doe'));
    await until(() => expect(page().querySelector('li.rp-org-seat[data-role="legal"]')).toBeTruthy());
    const committee = section('Buying committee');
    expect(committee.querySelectorAll('button')).toHaveLength(0);
    expect(committee.textContent).not.toContain('Add stakeholder');
    // Enter on a node opens nothing either.
    const card = node(w.jane.id).querySelector('.rp-org-card') as HTMLElement;
    card.focus();
    await press(card, 'Enter');
    expect(committee.querySelector('form')).toBeNull();
  });
});
