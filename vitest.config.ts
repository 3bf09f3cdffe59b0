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
          globalSetup: ['./tests/setup/postgres.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
          // SQLite is in memory per test and PostgreSQL gets a schema per test, so files run in parallel safely.
          pool: 'forks',
        },
      },
      // The extension's unit tests run with WXT's plugin (fakeBrowser, auto-imports) and a DOM.
      './extension/vitest.config.ts',
    ],
  },
});
