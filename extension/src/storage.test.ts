import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import { serverUrl } from './storage';

describe('storage', () => {
  beforeEach(() => fakeBrowser.reset());

  it('should start signed out and remember the server once set', async () => {
    expect(await serverUrl.getValue()).toBeNull();
    await serverUrl.setValue('https://rapport.example.com');
    expect(await serverUrl.getValue()).toBe('https://rapport.example.com');
  });
});
