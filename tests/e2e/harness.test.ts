import { describe, expect, it } from 'vitest';

import { assertExtensionBuilt, checkChromium, chromiumArgs } from './harness';

describe('e2e harness', () => {
  it('should fail with the exact install command where Chromium is missing', () => {
    expect(() => checkChromium('/nonexistent/chromium')).toThrow('apt-get install -y chromium');
  });

  it('should say how to build when the extension is not built', () => {
    expect(() => assertExtensionBuilt('/nonexistent/chrome-mv3')).toThrow(
      'pnpm --filter @rapport/extension build',
    );
  });

  it('should allow only our extension and load it', () => {
    expect(chromiumArgs('/x/chrome-mv3')).toEqual(
      expect.arrayContaining(['--disable-extensions-except=/x/chrome-mv3', '--load-extension=/x/chrome-mv3']),
    );
  });
});
