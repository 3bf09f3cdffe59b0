import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{server,shared,extension}/src/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['./tests/setup/postgres.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // SQLite is in memory per test and PostgreSQL gets a schema per test, so files run in parallel safely.
    pool: 'forks',
  },
});
