import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import { createRequestHandler } from '../api/handler';
import {
  ADMIN_TOKEN,
  callApi,
  ORIGIN,
  openLink,
  seedAccount,
  seedContact,
  seedUser,
  startOtherServer,
  uniqueTag,
  watchRequests,
} from '../api/test-rapport';
import { languagePreference, setLocale, watchLocale } from '../i18n';
import { listenForRequests, sendToBackground } from '../messaging';
import { OptionsPage } from './options-page';
import { PopupPage } from './popup-page';

let root: HTMLElement;
let stop: () => void = () => {};

beforeEach(() => {
  fakeBrowser.reset();
  document.body.innerHTML = '<div id="root"></div>';
  root = document.getElementById('root') as HTMLElement;
  stop = listenForRequests(createRequestHandler({ windowMs: 5 }).handle);
});
afterEach(() => {
  render(null, root);
  stop();
  vi.unstubAllGlobals();
  setLocale('en', ['en-US']);
});

/** The input a visible label names, as a person (or screen reader) finds it. */
function field(label: string): HTMLInputElement {
  const el = [...root.querySelectorAll('label')].find((l) => l.textContent === label);
  const input = el && document.getElementById(el.htmlFor);
  if (!(input instanceof HTMLInputElement)) throw new Error(`no field labelled ${label}`);
  return input;
}

function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function button(name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
}

/** Waits outside `act`, so Preact renders as the page would while the background answers. */
async function until(check: () => void) {
  await vi.waitFor(check, { timeout: 5000 });
}

/** Fills the form and clicks "Sign in"; the server URL is typed as a person would, without a scheme. */
async function signInThroughForm(email: string, password: string, serverUrl = new URL(ORIGIN).host) {
  await until(() => field('Server URL'));
  await act(() => {
    type(field('Server URL'), serverUrl);
    type(field('Email'), email);
    type(field('Password'), password);
  });
  await act(() => button('Sign in').click());
}

describe('OptionsPage', () => {
  it('should sign in, show who is connected to which server, and sign out again', async () => {
    const marta = await seedUser('account_manager', 'Marta Rossi');
    render(<OptionsPage />, root);
    await signInThroughForm(marta.email, marta.password);
    await until(() => expect(root.textContent).toContain('Connected'));
    expect(root.textContent).toContain('Marta Rossi');
    expect(root.textContent).toContain(ORIGIN);
    expect(root.textContent).toContain('Account manager');

    await act(() => button('Sign out').click());
    await until(() => expect(field('Server URL').value).toBe(ORIGIN));
    expect(field('Password').value).toBe('');
  });

  it('should ask before signing out while changes wait, and drop them only when told (issue 8)', async () => {
    const marta = await seedUser('account_manager', 'Marta Rossi');
    const tag = uniqueTag();
    const account = await seedAccount({ name: `Acme ${tag}`, domains: [`acme-${tag}.example`] });
    const link = await openLink();
    render(<OptionsPage />, root);
    await signInThroughForm(marta.email, marta.password, link.origin);
    await until(() => expect(root.textContent).toContain('Connected'));
    await link.cut(); // the server went away
    const res = await sendToBackground({
      type: 'createContact',
      contact: { accountId: account.id, name: `Jane ${tag}` },
    });
    expect(res.ok ? null : res.error.code).toBe('pending');

    const asked = () => root.querySelector('[data-testid="rapport-unsent"]')?.textContent ?? '';
    await act(() => button('Sign out').click());
    await until(() => expect(asked()).toContain('1 change not sent yet.'));
    expect(root.textContent).toContain('Marta Rossi'); // still signed in
    // "Send first" while the server is still away: nothing sent, still asked.
    await act(() => button('Send first').click());
    await until(() => expect(button('Send first').getAttribute('aria-busy')).not.toBe('true'));
    expect(asked()).toContain('1 change not sent yet.');
    expect(root.textContent).toContain('Connected');
    await act(() => button('Discard and sign out').click());
    await until(() => expect(field('Password').value).toBe(''));
    await link.restore();
    const stored = await callApi<{ items: unknown[] }>(
      'GET',
      `/contacts?accountId=${account.id}`,
      ADMIN_TOKEN,
    );
    expect(stored.body.items).toEqual([]);
  });

  it('should announce wrong credentials and put focus on the password', async () => {
    const marta = await seedUser('account_manager', 'Marta Rossi');
    render(<OptionsPage />, root);
    await signInThroughForm(marta.email, 'not her password');
    await until(() =>
      expect(root.querySelector('[role="alert"]')?.textContent).toBe('Wrong email or password.'),
    );
    expect(document.activeElement).toBe(field('Password'));
    expect(field('Password').getAttribute('aria-invalid')).toBe('true');
  });

  it('should tell a server that is not Rapport, with focus on the server URL', async () => {
    const marta = await seedUser('account_manager', 'Marta Rossi');
    const other = await startOtherServer({ status: 200, type: 'text/html', body: '<html>It works!</html>' });
    render(<OptionsPage />, root);
    await signInThroughForm(marta.email, marta.password, other);
    await until(() =>
      expect(root.querySelector('[role="alert"]')?.textContent).toContain('not a Rapport server'),
    );
    expect(document.activeElement).toBe(field('Server URL'));
  });

  it('should refuse a malformed URL before anything is sent', async () => {
    const watch = watchRequests();
    render(<OptionsPage />, root);
    await signInThroughForm('marta@ourco.example', 'correct horse', 'ftp://rapport.example.com');
    await until(() => expect(root.querySelector('[role="alert"]')?.textContent).toContain('https://'));
    expect(watch.sent).toEqual([]);
  });
});

describe('OptionsPage: language', () => {
  /** The select a visible label names. */
  const select = (label: string) => {
    const el = [...root.querySelectorAll('label')].find((l) => l.textContent === label);
    const found = el && document.getElementById(el.htmlFor);
    if (!(found instanceof HTMLSelectElement)) throw new Error(`no select labelled ${label}`);
    return found;
  };

  it('should store the chosen language and show the page in it, extension messages included', async () => {
    // What the options entrypoint does: another choice shows the page again in that language.
    const unwatch = watchLocale(() => render(<OptionsPage />, root));
    try {
      render(<OptionsPage />, root);
      await until(() => expect(select('Language').disabled).toBe(false));
      const choice = select('Language');
      expect([...choice.options].map((o) => o.textContent)).toEqual([
        'Browser default (English)',
        'English',
        'Italiano',
      ]);
      expect(choice.value).toBe('auto');

      await act(() => {
        choice.value = 'it';
        choice.dispatchEvent(new Event('change', { bubbles: true }));
      });
      expect(await languagePreference.getValue()).toBe('it');
      await until(() => expect(field('URL del server')).toBeTruthy());
      expect(select('Lingua').value).toBe('it');
      expect(button('Accedi')).toBeTruthy();

      // A message the extension composes itself, in Italian too.
      await act(() => {
        type(field('URL del server'), 'ftp://rapport.example.com');
        type(field('Email'), 'marta@ourco.example');
        type(field('Password'), 'correct horse');
      });
      await act(() => button('Accedi').click());
      await until(() =>
        expect(root.querySelector('[role="alert"]')?.textContent).toBe(
          'L’URL del server deve iniziare con https:// (o http:// per un server locale).',
        ),
      );
    } finally {
      unwatch();
    }
  });
});

describe('PopupPage', () => {
  it('should offer the options page when signed out', async () => {
    render(<PopupPage />, root);
    await until(() => expect(button('Open options to sign in')).toBeTruthy());
  });

  it('should search, move with the arrow keys and show the chosen result on Enter', async () => {
    const marta = await seedUser('account_manager', 'Marta Rossi');
    const tag = uniqueTag();
    const acme = await seedAccount({ name: `Acme ${tag}`, domains: [`acme-${tag}.example`] });
    await seedContact({ accountId: acme.id, name: 'Jane Doe', title: 'CFO' });
    await createRequestHandler().handle(
      { type: 'signIn', serverUrl: ORIGIN, email: marta.email, password: marta.password },
      {},
    );
    const watch = watchRequests();
    render(<PopupPage />, root);
    await until(() => field('Search accounts and stakeholders'));
    const box = field('Search accounts and stakeholders');
    await act(() => type(box, tag));
    await until(() => expect(root.querySelectorAll('[role="option"]')).toHaveLength(2));
    expect(watch.sent.filter((c) => c.path === '/api/v1/search')).toHaveLength(1);
    // The account's name matches the words; Jane Doe only through her account's, so she comes second.
    expect([...root.querySelectorAll('[role="option"]')].map((o) => o.textContent)).toEqual([
      expect.stringContaining(acme.name),
      expect.stringContaining('Jane Doe'),
    ]);
    expect(box.getAttribute('aria-activedescendant')).toBe('hit-0');

    const key = (k: string) => {
      box.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
    };
    await act(() => key('ArrowDown'));
    expect(box.getAttribute('aria-activedescendant')).toBe('hit-1');
    expect(root.querySelector('#hit-1')?.getAttribute('aria-selected')).toBe('true');
    await act(() => key('Enter'));
    // Enter opens the active result's detail, heading first (popup-detail.test.tsx covers the rest).
    expect(document.activeElement?.tagName).toBe('H2');
    expect(document.activeElement?.textContent).toBe('Jane Doe');
    await until(() => expect(root.textContent).toContain(`Stakeholder at ${acme.name}`));
  });
});
