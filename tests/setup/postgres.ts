import pg from 'pg';
import type { TestProject } from 'vitest/node';

import '../../server/src/test/provided';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Decides once per run whether the PostgreSQL suite runs: `RAPPORT_TEST_POSTGRES_URL` when set (it must be
 * reachable: a configured but dead server fails the run), else the local default when it answers. A skip
 * is announced loudly with its reason; it is never silent.
 */
export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const configured = process.env.RAPPORT_TEST_POSTGRES_URL;
  const wanted = (process.env.DIALECTS ?? 'sqlite,postgres').split(',');
  if (!wanted.includes('postgres')) {
    project.provide('postgresUrl', null);
    return banner(`DIALECTS=${process.env.DIALECTS} excludes postgres`);
  }
  const url = configured || DEFAULT_URL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    // In `public`, before any test schema could get it (dropping that schema would cascade to the others).
    await client.query('create extension if not exists pg_trgm with schema public');
    project.provide('postgresUrl', url);
    process.stdout.write(`PostgreSQL suite: running against ${new URL(url).host}${new URL(url).pathname}\n`);
  } catch (err) {
    if (configured) {
      throw new Error(`RAPPORT_TEST_POSTGRES_URL is set but PostgreSQL is not reachable: ${String(err)}`);
    }
    project.provide('postgresUrl', null);
    return banner(
      `RAPPORT_TEST_POSTGRES_URL is not set and no PostgreSQL answers at ${new URL(url).host} (${String(err)})`,
    );
  } finally {
    await client.end().catch(() => {});
  }
  return undefined;
}

/** Announces the skip now and returns a teardown that repeats it after the summary, where it is seen. */
function banner(reason: string): () => void {
  const line = '='.repeat(78);
  const text = `\n${line}\nPOSTGRESQL SUITE SKIPPED: ${reason}.\nSet RAPPORT_TEST_POSTGRES_URL=postgres://… to run it.\n${line}\n\n`;
  process.stdout.write(text);
  return () => process.stdout.write(text);
}
