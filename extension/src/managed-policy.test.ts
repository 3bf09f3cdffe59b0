import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import { NO_POLICY, parseManagedPolicy, readManagedPolicy, watchManagedPolicy } from './managed-policy';

/*
 * WXT's fakeBrowser keeps `storage.managed` in memory like the other areas, so a test provisions a policy
 * with `set`, as Chrome does from its policy files (an extension itself cannot write there in a browser).
 */

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.restoreAllMocks());

describe('readManagedPolicy', () => {
  it('should find no policy when nothing is provisioned', async () => {
    expect(await readManagedPolicy()).toEqual(NO_POLICY);
  });

  it('should find no policy where Firefox rejects because nothing is provisioned', async () => {
    // Firefox's answer without a policy (w3c/webextensions issue #497); Chrome's is {}.
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(
      new Error('Managed storage manifest not found'),
    );
    expect(await readManagedPolicy()).toEqual(NO_POLICY);
  });

  it('should lock the server the policy sets, as an origin', async () => {
    await fakeBrowser.storage.managed.set({ serverUrl: 'Rapport.Example.com/login' });
    expect(await readManagedPolicy()).toEqual({
      serverUrl: 'https://rapport.example.com',
      locked: true,
      invalid: null,
    });
  });
});

describe('parseManagedPolicy', () => {
  it.each([false, 'false', 0])('should only prefill when lockServerUrl is %j', (lockServerUrl) => {
    expect(parseManagedPolicy({ serverUrl: 'https://rapport.example.com', lockServerUrl })).toEqual({
      serverUrl: 'https://rapport.example.com',
      locked: false,
      invalid: null,
    });
  });

  it('should report a server URL that is not a web address instead of using it', () => {
    expect(parseManagedPolicy({ serverUrl: ' ftp://rapport.example.com ', lockServerUrl: true })).toEqual({
      serverUrl: null,
      locked: false,
      invalid: 'ftp://rapport.example.com',
    });
  });

  it.each([[null], [{}], [{ serverUrl: '  ' }], [{ serverUrl: 42 }], [{ lockServerUrl: true }]])(
    'should see no policy in %j',
    (raw) => {
      expect(parseManagedPolicy(raw)).toEqual(NO_POLICY);
    },
  );
});

describe('watchManagedPolicy', () => {
  it('should pass on an admin changing the policy, and stop when asked', async () => {
    const seen: (string | null)[] = [];
    const stop = watchManagedPolicy((policy) => seen.push(policy.serverUrl));
    await fakeBrowser.storage.local.set({ unrelated: 1 });
    await fakeBrowser.storage.managed.set({ serverUrl: 'https://rapport.example.com' });
    await vi.waitFor(() => expect(seen).toEqual(['https://rapport.example.com']));
    stop();
    await fakeBrowser.storage.managed.set({ serverUrl: 'https://other.example.com' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual(['https://rapport.example.com']);
  });
});
