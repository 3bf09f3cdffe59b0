import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * The Rapport server the extension's unit tests talk to (`tests/setup/rapport-server.ts`): its origin and a
     * token of an admin who seeds what each test needs through the API.
     */
    rapportServer: { url: string; adminToken: string };
  }
}
