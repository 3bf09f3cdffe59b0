// @vitest-environment-options {"url": "https://www.linkedin.com/in/elena-marchetti-4a1b2c/"}
import type { LookupResponse } from '@rapport/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';

import company from '../../../tests/fixtures/linkedin/company.html?raw';
import profile from '../../../tests/fixtures/linkedin/profile.html?raw';
import profile2 from '../../../tests/fixtures/linkedin/profile-2.html?raw';
import { startLinkedinOverlay } from './linkedin-overlay';
import { account, fakeBackground, MARTA, storedAccount } from './linkedin-test-data';

/** The fixture's page as LinkedIn renders it (its navigation script is not run). */
function showPage(html: string) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const s of doc.querySelectorAll('script')) s.remove();
  const next = doc.querySelector('.application-outlet');
  const current = document.querySelector('.application-outlet');
  if (!next) throw new Error('fixture without .application-outlet');
  if (current) current.replaceWith(next);
  else document.body.prepend(next);
}

function go(path: string) {
  history.pushState({}, '', path);
  document.body.append(document.createElement('div')); // LinkedIn mutates the page as it navigates
}

const shadow = () => document.querySelector('rapport-overlay')?.shadowRoot ?? null;
const panel = () => shadow()?.textContent ?? null;
function shadowButton(name: string): HTMLButtonElement {
  const found = [...(shadow()?.querySelectorAll('button') ?? [])].find((b) => b.textContent === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
}
const until = (check: () => void) => vi.waitFor(check, { timeout: 3000 });

const answer = (input: string, accountId: string | null): LookupResponse => ({
  results: [
    {
      input,
      type: 'linkedin',
      normalized: input.replace(/^\w+:/, ''),
      match: accountId ? 'linkedin' : 'none',
      reason: accountId ? null : 'unknown',
      contactId: null,
      accountId,
    },
  ],
  accounts: accountId ? [account()] : [],
});

let ctx: ContentScriptContext;
beforeEach(() => {
  fakeBrowser.reset();
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response('')),
  ); // the panel's stylesheet
  history.replaceState({}, '', '/in/elena-marchetti-4a1b2c/');
  document.body.innerHTML = '';
  showPage(profile);
  ctx = new ContentScriptContext('linkedin', { cssInjectionMode: 'ui' });
});
afterEach(() => {
  ctx.notifyInvalidated();
  vi.unstubAllGlobals();
});

describe('startLinkedinOverlay', () => {
  it('should follow pushState navigation, never show the last page’s person, and leave other pages', async () => {
    let releaseElena: () => void = () => {};
    let elenaLookups = 0;
    const bg = fakeBackground({
      status: () => ({ signedIn: true, serverUrl: 'http://localhost:8787', user: MARTA, expiresAt: null }),
      lookup: async (r) => {
        const input = r.linkedin?.[0] ?? '';
        // Elena's answer arrives late, after the page has moved on: it must be dropped.
        if (input === 'in:elena-marchetti-4a1b2c' && elenaLookups++ === 0)
          await new Promise<void>((ok) => (releaseElena = ok));
        return answer(input, input === 'company:castellan-foods' ? 'a_castellan' : null);
      },
    });
    startLinkedinOverlay(ctx);
    await until(() => expect(bg.sent('lookup')).toHaveLength(1));

    // Another profile under the new URL, while the old person is still on screen.
    go('/in/sara-lindqvist-n0rr/');
    await until(() => expect(panel()).toContain('This person is not a stakeholder yet.'));
    releaseElena();
    showPage(profile2);
    await until(() => expect(panel()).toContain('Sara Lindqvist is not a stakeholder yet.'));
    expect(panel()).toContain('Works at Norrland Logistics');
    expect(panel()).not.toContain('Elena');
    expect(bg.sent('lookup').map((r) => r.linkedin)).toEqual([
      ['in:elena-marchetti-4a1b2c'],
      ['in:sara-lindqvist-n0rr'],
    ]);

    go('/company/castellan-foods/');
    showPage(company);
    await until(() => expect(panel()).toContain('Buying committee'));
    expect(panel()).toContain('Uncovered:');
    expect(document.querySelectorAll('rapport-overlay')).toHaveLength(1);

    go('/feed/');
    await until(() => expect(document.querySelector('rapport-overlay')).toBeNull());
  });

  it('should show the account card as soon as a company page is linked to an existing account', async () => {
    let linked = false;
    const bg = fakeBackground({
      status: () => ({ signedIn: true, serverUrl: 'http://localhost:8787', user: MARTA, expiresAt: null }),
      lookup: (r) => answer(r.linkedin?.[0] ?? '', linked ? 'a_castellan' : null),
      search: () => ({
        items: [
          {
            type: 'account',
            id: 'a_castellan',
            name: 'Castellan Foods',
            detail: '',
            accountId: 'a_castellan',
            score: 1,
          },
        ],
      }),
      getAccount: () => storedAccount(),
      updateAccount: (r) => {
        linked = true;
        return storedAccount({ linkedinSlug: r.changes.linkedinSlug ?? null, version: 8 });
      },
    });
    history.replaceState({}, '', '/company/castellan-foods/');
    showPage(company);
    startLinkedinOverlay(ctx);
    await until(() => expect(panel()).toContain('Castellan Foods is not an account yet.'));
    shadowButton('Link to an existing account').click();
    await until(() =>
      expect(shadow()?.querySelector<HTMLInputElement>('input[type=radio]')?.checked).toBe(true),
    );
    await until(() => expect(bg.sent('getAccount')).toHaveLength(1));
    shadowButton('Link account').click();
    await until(() => expect(panel()).toContain('Buying committee'));
    expect(bg.sent('updateAccount')).toEqual([
      { type: 'updateAccount', id: 'a_castellan', changes: { version: 7, linkedinSlug: 'castellan-foods' } },
    ]);
    expect(bg.sent('lookup').map((r) => r.linkedin)).toEqual([
      ['company:castellan-foods'],
      ['company:castellan-foods'],
    ]);
    expect(shadow()?.querySelector('form')).toBeNull();
  });

  it('should say "Sign in" and send nothing else when signed out', async () => {
    const bg = fakeBackground({ status: () => ({ signedIn: false, serverUrl: null, ended: null }) });
    startLinkedinOverlay(ctx);
    await until(() => expect(panel()).toContain('Rapport is not connected to your server.'));
    expect(bg.sent('lookup')).toEqual([]);
  });
});
