import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import { createRequestHandler } from '../api/handler';
import { CLOSED_ORIGIN, ORIGIN, seedUser, watchRequests } from '../api/test-rapport';
import { m, setLocale } from '../i18n/deploy';
import { listenForRequests } from '../messaging';
import { serverUrl } from '../storage';
import { OptionsPage } from './options-page';

/*
 * A server URL set by enterprise policy, against the real test server. fakeBrowser keeps `storage.managed`
 * in memory, so `set` provisions a policy as Chrome does from its policy files.
 */

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
  setLocale('en', ['en-US']);
});

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

async function until(check: () => void) {
  await vi.waitFor(check, { timeout: 5000 });
}

/** The hint the server URL field is described by, as a screen reader reads it with the field. */
function serverHint(label = 'Server URL'): string {
  const id = field(label).getAttribute('aria-describedby') ?? '';
  return document.getElementById(id)?.textContent ?? '';
}

describe('a server URL set by policy', () => {
  it('should show the organisation’s server, read-only, so the person only signs in', async () => {
    const marta = await seedUser('account_manager', 'Marta Rossi');
    // A server remembered from before the policy does not win over it.
    await serverUrl.setValue('https://old.example.com');
    await fakeBrowser.storage.managed.set({ serverUrl: new URL(ORIGIN).host });
    render(<OptionsPage />, root);
    await until(() => expect(field('Server URL').value).toBe(ORIGIN));
    expect(field('Server URL').readOnly).toBe(true);
    expect(serverHint()).toBe(m.deploy.setByOrganisation);

    await act(() => {
      type(field('Email'), marta.email);
      type(field('Password'), marta.password);
    });
    await act(() => button('Sign in').click());
    await until(() => expect(root.textContent).toContain('Connected'));
    expect(root.textContent).toContain(ORIGIN);
  });

  it('should only prefill the field when the policy does not lock it', async () => {
    await fakeBrowser.storage.managed.set({ serverUrl: ORIGIN, lockServerUrl: false });
    render(<OptionsPage />, root);
    await until(() => expect(field('Server URL').value).toBe(ORIGIN));
    expect(field('Server URL').readOnly).toBe(false);
    expect(serverHint()).toBe(m.deploy.suggestedByOrganisation);
  });

  it('should say in Italian that the organisation set it', async () => {
    setLocale('it', ['it-IT']);
    await fakeBrowser.storage.managed.set({ serverUrl: ORIGIN });
    render(<OptionsPage />, root);
    await until(() => expect(field('URL del server').readOnly).toBe(true));
    expect(serverHint('URL del server')).toBe(
      'Impostato dalla tua organizzazione: ti basta accedere con email e password.',
    );
  });

  it('should tell the person to ask IT about a policy address that is not one, and let them type', async () => {
    await fakeBrowser.storage.managed.set({ serverUrl: 'ftp://rapport.example.com' });
    render(<OptionsPage />, root);
    await until(() => expect(root.textContent).toContain('ftp://rapport.example.com'));
    expect(root.querySelector('.notice')?.textContent).toBe(
      m.deploy.invalidPolicy('ftp://rapport.example.com'),
    );
    expect(field('Server URL').readOnly).toBe(false);
  });

  it('should refuse in the background to sign in to another server than the locked one', async () => {
    await fakeBrowser.storage.managed.set({ serverUrl: ORIGIN });
    const watch = watchRequests();
    const res = await createRequestHandler().handle(
      { type: 'signIn', serverUrl: CLOSED_ORIGIN, email: 'marta@ourco.example', password: 'x' },
      { url: 'chrome-extension://test-extension-id/options.html' },
    );
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'validation', message: `Your organisation allows signing in to ${ORIGIN} only.` },
    });
    expect(watch.sent).toEqual([]);
  });
});
