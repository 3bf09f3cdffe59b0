import { type Contact, type Page, zContact } from '@rapport/shared';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import { createRequestHandler } from '../api/handler';
import {
  ADMIN_TOKEN,
  asAdmin,
  callApi,
  openLink,
  seedAccount,
  seedUser,
  uniqueTag,
} from '../api/test-rapport';
import { listenForRequests, sendToBackground } from '../messaging';
import { PendingWrites } from './pending-writes';

let root: HTMLElement;
let stop: () => void = () => {};

beforeEach(() => {
  fakeBrowser.reset();
  document.body.innerHTML = '<div id="root"></div>';
  root = document.getElementById('root') as HTMLElement;
  // No in-worker timer: the test presses "Retry now" itself.
  stop = listenForRequests(createRequestHandler({ windowMs: 5 }, { setTimer: () => () => undefined }).handle);
});
afterEach(() => {
  render(null, root);
  stop();
  vi.unstubAllGlobals();
});

const text = () => root.textContent ?? '';
const until = (check: () => void) => vi.waitFor(check, { timeout: 5000 });

function button(name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
}

/** Marta signed in through a link to the server that the test then cuts, and an account of this test. */
async function offline() {
  const tag = uniqueTag();
  const account = await seedAccount({ name: `Acme ${tag}`, domains: [`acme-${tag}.example`] });
  const marta = await seedUser('account_manager', 'Marta Rossi');
  const link = await openLink();
  const res = await sendToBackground({
    type: 'signIn',
    serverUrl: link.origin,
    email: marta.email,
    password: marta.password,
  });
  expect(res.ok).toBe(true);
  await link.cut();
  return { tag, account, link };
}

async function names(accountId: string): Promise<string[]> {
  const res = await callApi<Page<Contact>>('GET', `/contacts?accountId=${accountId}`, ADMIN_TOKEN);
  return res.body.items.map((c) => c.name).sort();
}

/**
 * Jane, added by an admin; Marta changes her while the server is away; `meanwhile` is a colleague's doing
 * before the server answers again; then "Retry now" until the change is refused.
 */
async function refusedChange(
  changes: Record<string, string>,
  meanwhile: (jane: Contact) => Promise<unknown>,
) {
  const { tag, account, link } = await offline();
  const jane = await asAdmin('POST', '/contacts', zContact, { accountId: account.id, name: `Jane ${tag}` });
  await sendToBackground({
    type: 'updateContact',
    id: jane.id,
    changes: { version: jane.version, ...changes },
    subject: jane.name,
  });
  await meanwhile(jane);
  await link.restore();
  render(<PendingWrites />, root);
  await until(() => expect(text()).toContain('1 change waiting to be sent'));
  await act(() => button('Retry now').click());
  await until(() => expect(text()).toContain(`Not sent: Change stakeholder Jane ${tag}.`));
  expect(text()).not.toContain('waiting to be sent');
  return { jane, alert: root.querySelector('[role="alert"]') };
}

describe('PendingWrites', () => {
  it('should count the waiting changes, list them, discard one with undo, and send them on Retry now', async () => {
    const { tag, account, link } = await offline();
    render(<PendingWrites />, root);
    expect(text()).toBe('');
    for (const name of [`Jane ${tag}`, `Ann ${tag}`]) {
      const res = await sendToBackground({ type: 'createContact', contact: { accountId: account.id, name } });
      expect(res.ok ? null : res.error.code).toBe('pending');
    }
    await until(() => expect(text()).toContain('2 changes waiting to be sent'));

    await act(() => button('Show').click());
    const items = () => [...root.querySelectorAll('.rp-pending-list li span')].map((s) => s.textContent);
    expect(items()).toEqual([`Add stakeholder Jane ${tag}`, `Add stakeholder Ann ${tag}`]);
    await act(() => root.querySelector<HTMLButtonElement>('.rp-pending-list li button')?.click());
    await until(() => expect(text()).toContain(`Discarded: Add stakeholder Jane ${tag}.`));
    await until(() => expect(text()).toContain('1 change waiting to be sent'));
    await act(() => button('Undo').click());
    await until(() => expect(items()).toEqual([`Add stakeholder Jane ${tag}`, `Add stakeholder Ann ${tag}`]));

    // Still away: "Retry now" says what still waits.
    await act(() => button('Retry now').click());
    await until(() => expect(text()).toContain('2 changes are still waiting.'));
    await link.restore();
    await act(() => button('Retry now').click());
    await until(() => expect(text()).toBe(''));
    expect(await names(account.id)).toEqual([`Ann ${tag}`, `Jane ${tag}`]);
  });

  it('should show a change refused for a save made meanwhile field by field, and apply the choices', async () => {
    // A colleague changes Jane first: another title, and the same notes.
    const { jane, alert } = await refusedChange(
      { title: 'Chief Financial Officer', stance: 'champion', notes: 'Met' },
      (jane) =>
        asAdmin('PATCH', `/contacts/${jane.id}`, zContact, {
          version: jane.version,
          title: 'CEO',
          notes: 'Met',
        }),
    );
    expect(alert?.textContent).toContain('changed by someone else');
    // Each field Marta changed that now differs: saved meanwhile, hers, and which one is kept
    const rows = () =>
      [...root.querySelectorAll('[data-testid="rapport-rejected-merge"] tbody tr')].map((tr) => [
        ...[...tr.querySelectorAll('th, td')].slice(0, 3).map((c) => c.textContent),
        tr.getAttribute('data-keeps'),
      ]);
    await until(() =>
      expect(rows()).toEqual([
        ['Title', 'CEO', 'Chief Financial Officer', 'mine'],
        ['Stance', 'Not known', 'Champion', 'mine'],
      ]),
    );
    await act(() =>
      root.querySelector<HTMLButtonElement>('[aria-label="Use the title saved meanwhile"]')?.click(),
    );
    expect(rows()[0]?.[3]).toBe('theirs');
    await act(() => button('Apply my choices').click());
    await until(() => expect(text()).toBe(''));
    const saved = await asAdmin('GET', `/contacts/${jane.id}`, zContact);
    expect({ title: saved.title, stance: saved.stance, notes: saved.notes }).toEqual({
      title: 'CEO',
      stance: 'champion',
      notes: 'Met',
    });
  });

  it('should show a refused change that cannot be merged with its reason and what was typed, until dismissed', async () => {
    // A colleague removes Jane meanwhile: nothing to merge with.
    const { alert } = await refusedChange({ title: 'Chief Financial Officer', stance: 'champion' }, (jane) =>
      callApi('DELETE', `/contacts/${jane.id}?version=${jane.version}`, ADMIN_TOKEN),
    );
    expect(root.querySelector('[data-testid="rapport-rejected-merge"]')).toBeNull();
    expect([...(alert?.querySelectorAll('li') ?? [])].map((li) => li.textContent)).toEqual([
      'Chief Financial Officer',
      'Champion',
    ]);
    await act(() => button('Dismiss').click());
    await until(() => expect(text()).toBe(''));
  });
});
