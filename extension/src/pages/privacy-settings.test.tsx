import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import { createRequestHandler } from '../api/handler';
import { ORIGIN, seedUser } from '../api/test-rapport';
import { setLocale } from '../i18n';
import { listenForRequests, sendToBackground } from '../messaging';
import { siteModes } from '../privacy/site-modes';
import { PrivacySettings } from './privacy-settings';

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

const until = (check: () => void) => vi.waitFor(check, { timeout: 5000 });

/** The group of radio buttons of one site, found by its legend as a screen reader announces it. */
function group(site: string): HTMLFieldSetElement {
  const legend = [...root.querySelectorAll('legend')].find(
    (l) => l.textContent === `When Rapport runs on ${site}`,
  );
  if (!(legend?.parentElement instanceof HTMLFieldSetElement)) throw new Error(`no group for ${site}`);
  return legend.parentElement;
}

function radio(site: string, label: string): HTMLInputElement {
  const found = [...group(site).querySelectorAll('label')].find((l) => l.textContent === label);
  const input = found && document.getElementById(found.htmlFor);
  if (!(input instanceof HTMLInputElement)) throw new Error(`no ${label} for ${site}`);
  return input;
}

describe('PrivacySettings', () => {
  it('should offer both modes per site, save a choice at once and confirm it', async () => {
    render(<PrivacySettings />, root);
    await until(() => group('LinkedIn'));
    expect(['Gmail', 'Outlook', 'LinkedIn'].map((site) => radio(site, 'Automatically').checked)).toEqual([
      true,
      true,
      true,
    ]);
    // Signed out: nothing is sent, and no server to name yet.
    expect(root.textContent).toContain('Only to your own Rapport server, once you sign in.');
    expect(root.textContent).toContain('Never the text of your messages.');

    await act(() => radio('LinkedIn', 'Only when I click').click());
    await until(() =>
      expect(root.textContent).toContain(
        'Saved: Rapport no longer runs on LinkedIn until you click its toolbar button on a page.',
      ),
    );
    expect(await siteModes.getValue()).toEqual({ linkedin: 'click' });
    expect(radio('LinkedIn', 'Only when I click').checked).toBe(true);
    expect(radio('Gmail', 'Automatically').checked).toBe(true);
    const status = group('LinkedIn').parentElement?.querySelector('[role="status"]');
    expect(status?.textContent).toContain('Saved');
  });

  it('should name the signed-in server and follow a choice made in another window', async () => {
    const marta = await seedUser('account_manager', 'Marta Rossi');
    const res = await sendToBackground({
      type: 'signIn',
      serverUrl: ORIGIN,
      email: marta.email,
      password: marta.password,
    });
    expect(res.ok).toBe(true);
    render(<PrivacySettings />, root);
    await until(() => expect(root.textContent).toContain(`Only to your own Rapport server, ${ORIGIN}.`));

    await siteModes.setValue({ gmail: 'click' });
    await until(() => expect(radio('Gmail', 'Only when I click').checked).toBe(true));
  });

  it('should speak Italian when the person chose it', async () => {
    setLocale('it', ['it-IT']);
    render(<PrivacySettings />, root);
    await until(() => expect(root.textContent).toContain('Quando Rapport si attiva su Gmail'));
    expect(root.textContent).toContain('Solo quando faccio clic');
    expect(root.textContent).toContain('Automaticamente');
    expect(root.textContent).not.toContain('Only when I click');
  });
});
