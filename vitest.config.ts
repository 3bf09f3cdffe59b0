import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        test: {
          name: 'node',
          include: ['{server,shared}/src/**/*.test.ts', 'tests/api/**/*.test.ts'],
          globalSetup: ['./tests/setup/logs.ts', './tests/setup/postgres.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
          // SQLite is in memory per test and PostgreSQL gets a schema per test, so files run in parallel safely.
          pool: 'forks',
        },
      },
      // The extension's unit tests run with WXT's plugin (fakeBrowser, auto-imports) and a DOM.
      './extension/vitest.config.ts',
      {
        test: {
          // The built extension in real Chromium against a real server process (tests/e2e/harness.ts).
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          // Builds the extension once and fails (never skips) where Chromium is missing.
          globalSetup: ['./tests/setup/logs.ts', './tests/e2e/global-setup.ts'],
          // One file at a time: each launches Chromium and a server, which is heavy on a small CI machine.
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
