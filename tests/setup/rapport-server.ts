import { join } from 'node:path';

import type { TestProject } from 'vitest/node';

import { issueToken } from '../../server/src/auth/tokens';
import { createDb } from '../../server/src/db/create-db';
import { migrateToLatest } from '../../server/src/db/migrate';
import { createUser } from '../../server/src/db/user-repository';
import { registerSecret } from '../../server/src/test/secrets-in-logs';
import { type ServerProcess, startServe, tempDir } from '../api/cli-process';
import './rapport-provided';

/**
 * Global setup of the `extension` project: a real `rapport serve` on a fresh SQLite file in a temporary folder
 * and a free loopback port, with one admin whose token the tests use to seed accounts, stakeholders, deals
 * and colleagues through the API (`extension/src/api/test-rapport.ts`). The files share it, so they name what
 * they create uniquely. The folder is removed at teardown.
 *
 * On a watch-mode rerun the server is started again on the same database: its login rate limits are per
 * process and would otherwise refuse sign-ins after a few reruns.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { dir, cleanup } = tempDir();
  const dbFile = join(dir, 'rapport.db');
  const running: { server?: ServerProcess } = {};
  try {
    const adminToken = await seedAdmin(dbFile);
    const start = async () => {
      // Every extension test file signs in from 127.0.0.1: more than a real office would in 15 minutes.
      const server = await startServe(dbFile, { RAPPORT_LOGIN_LIMIT_PER_ADDRESS: '100000' });
      running.server = server;
      project.provide('rapportServer', { url: server.url, adminToken });
    };
    await start();
    project.onTestsRerun(async () => {
      await running.server?.stop();
      await start();
    });
  } catch (err) {
    await running.server?.stop();
    cleanup();
    throw err;
  }
  return async () => {
    await running.server?.stop();
    cleanup();
  };
}

/** Migrates the new database and adds the admin, through the server's own code; returns a token of theirs. */
async function seedAdmin(dbFile: string): Promise<string> {
  const db = await createDb({ url: `file:${dbFile}` });
  try {
    await migrateToLatest(db);
    const admin = await createUser(
      db.kysely,
      { email: 'admin@ourco.example', name: 'Test Admin', role: 'admin', passwordHash: null },
      null,
    );
    const { token } = await issueToken(db.kysely, admin.id, {
      name: 'extension unit tests',
      kind: 'personal',
      days: 1,
    });
    registerSecret(token); // looked for in the run's logs (tests/setup/logs.ts)
    return token;
  } finally {
    await db.close();
  }
}
