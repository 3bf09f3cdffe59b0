import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest({ root: import.meta.dirname })],
  test: {
    name: 'extension',
    root: import.meta.dirname,
    include: ['src/**/*.test.{ts,tsx}', 'entrypoints/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    // The tests talk to one real server process; under a full `npm test` (browser tests beside them on
    // two cores) a seeding hook has taken over 30 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    environmentOptions: {
      happyDOM: {
        // The background's requests go to the real server on a loopback port (started below). In the browser
        // the extension's host permission exempts them from CORS; happy-dom's page origin would not be.
        settings: { fetch: { disableSameOriginPolicy: true } },
      },
    },
    // Drops happy-dom's console lines for the requests the tests fail on purpose.
    setupFiles: ['./vitest.setup.ts'],
    // A real `rapport serve` on a temporary SQLite file; the tests read its URL with `inject('rapportServer')`.
    globalSetup: ['../tests/setup/rapport-server.ts'],
  },
});
