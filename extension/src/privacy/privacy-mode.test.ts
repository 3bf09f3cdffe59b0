import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';

import { registrationId, SITES } from '../sites/registry';
import { guardSite, isRunning } from './content-guard';
import { planSync, type Registration, wantedRegistrations } from './registration';
import { modeOf, setSiteMode, siteModes } from './site-modes';
import { siteForUrl } from './start-here';

/*
 * WXT's fakeBrowser has no `scripting` (every call throws "not implemented"), so what to register is
 * computed by pure functions tested here, and the calls themselves run in Chromium
 * (tests/e2e/privacy-mode.test.ts). Settings and the content scripts' off switch use the fake's storage.
 */

beforeEach(() => fakeBrowser.reset());

const ids = (list: readonly Registration[]) => list.map((r) => r.id);

describe('wantedRegistrations', () => {
  it('should register every site by default, each with its matches and built script', () => {
    const wanted = wantedRegistrations({});
    expect(ids(wanted)).toEqual(['rapport-gmail', 'rapport-outlook', 'rapport-linkedin']);
    expect(wanted[0]).toEqual({
      id: 'rapport-gmail',
      matches: ['https://mail.google.com/*'],
      js: ['content-scripts/gmail.js'],
      runAt: 'document_idle',
      persistAcrossSessions: true,
    });
    expect(wanted[1]?.matches).toEqual([
      'https://outlook.office.com/*',
      'https://outlook.office365.com/*',
      'https://outlook.live.com/*',
    ]);
  });

  it('should leave out the sites set to only when I click', () => {
    expect(ids(wantedRegistrations({ linkedin: 'click', gmail: 'automatic' }))).toEqual([
      'rapport-gmail',
      'rapport-outlook',
    ]);
    expect(wantedRegistrations({ gmail: 'click', outlook: 'click', linkedin: 'click' })).toEqual([]);
  });
});

describe('planSync', () => {
  const all = wantedRegistrations({});

  it('should register everything on a fresh install', () => {
    expect(planSync(all, [])).toEqual({ unregister: [], register: all });
  });

  it('should change nothing when the browser already has them (paths with a slash, patterns in any order)', () => {
    const asChromeAnswers = all.map(
      (r): Registration => ({
        ...r,
        js: (r.js ?? []).map((path) => `/${path}`),
        matches: [...(r.matches ?? [])].reverse(),
      }),
    );
    expect(planSync(all, asChromeAnswers)).toEqual({ unregister: [], register: [] });
  });

  it('should unregister a site switched to only when I click and keep the others registered', () => {
    expect(planSync(wantedRegistrations({ linkedin: 'click' }), all)).toEqual({
      unregister: ['rapport-linkedin'],
      register: [],
    });
  });

  it('should unregister before registering again a script whose matches or file changed', () => {
    const old = all.map((r) =>
      r.id === 'rapport-gmail' ? { ...r, matches: ['https://mail.google.com/mail/*'] } : r,
    );
    const plan = planSync(all, old);
    expect(plan.unregister).toEqual(['rapport-gmail']);
    expect(ids(plan.register)).toEqual(['rapport-gmail']);
  });

  it("should leave another part's registrations alone", () => {
    const foreign: Registration = { id: 'someone-else', matches: ['https://example.com/*'], js: ['x.js'] };
    expect(planSync([], [foreign, ...all]).unregister).toEqual(ids(all));
  });
});

describe('site modes', () => {
  it('should start every site automatically and keep the other sites when one changes', async () => {
    expect(SITES.map((site) => modeOf(null, site.id))).toEqual(['automatic', 'automatic', 'automatic']);
    await setSiteMode('linkedin', 'click');
    await setSiteMode('gmail', 'click');
    await setSiteMode('gmail', 'automatic');
    expect(await siteModes.getValue()).toEqual({ linkedin: 'click', gmail: 'automatic' });
  });

  it('should read an unknown stored value as automatically', () => {
    expect(modeOf({ gmail: 'sometimes' as never }, 'gmail')).toBe('automatic');
  });
});

describe('siteForUrl', () => {
  it("should find the site of a page from the registry's patterns", () => {
    expect(siteForUrl('https://mail.google.com/mail/u/0/#inbox')?.id).toBe('gmail');
    expect(siteForUrl('https://outlook.office365.com/mail/inbox/id/AAk')?.id).toBe('outlook');
    expect(siteForUrl('https://www.linkedin.com/in/someone/')?.id).toBe('linkedin');
    expect(siteForUrl('https://example.com/')).toBeUndefined();
    expect(siteForUrl('https://linkedin.com.example.org/in/x/')).toBeUndefined();
    expect(siteForUrl(undefined)).toBeUndefined();
    expect(SITES.map(registrationId)).toEqual(['rapport-gmail', 'rapport-outlook', 'rapport-linkedin']);
  });
});

describe('guardSite (content scripts)', () => {
  let ctx: ContentScriptContext;
  afterEach(() => ctx.notifyInvalidated());

  it('should mark the page while the script runs and stop it when its site is switched to only when I click', async () => {
    ctx = new ContentScriptContext('gmail');
    guardSite(ctx, 'gmail');
    expect(isRunning('gmail')).toBe(true);

    await setSiteMode('linkedin', 'click'); // another site: keeps running
    await setSiteMode('gmail', 'automatic');
    expect(ctx.isValid).toBe(true);

    await setSiteMode('gmail', 'click');
    await expect.poll(() => ctx.isValid).toBe(false);
    expect(isRunning('gmail')).toBe(false);
  });

  it('should keep running a script started by a click while the site stays on only when I click', async () => {
    await setSiteMode('linkedin', 'click');
    ctx = new ContentScriptContext('linkedin');
    guardSite(ctx, 'linkedin');
    await setSiteMode('gmail', 'click');
    await setSiteMode('linkedin', 'click');
    expect(ctx.isValid).toBe(true);
    expect(isRunning('linkedin')).toBe(true);
  });

  it('should hand the mark to a second copy injected into the same page', () => {
    ctx = new ContentScriptContext('gmail');
    guardSite(ctx, 'gmail');
    const first = ctx;
    ctx = new ContentScriptContext('gmail'); // WXT invalidates the older copy of the same script
    guardSite(ctx, 'gmail');
    expect(first.isValid).toBe(false);
    expect(isRunning('gmail')).toBe(true);
  });
});
