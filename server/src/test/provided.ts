import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server the suite runs against, or null when the PostgreSQL suite is skipped. */
    postgresUrl: string | null;
  }
}
