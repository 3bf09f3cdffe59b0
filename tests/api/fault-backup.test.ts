import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterEach, describe, expect, inject, it } from 'vitest';

import { createDb, type Db } from '../../server/src/db/create-db';
import { cliEnv, runCli, tempDir } from './cli-process';
import { adminToken, apiClient, noTornRecords, rows, sqliteServerWithAdmin, tornRecords } from './fault-kit';
import { type Instance, spawnInstance, waitFor } from './instance-process';
import { PG_BIN, privateCluster } from './private-postgres';

/*
 * Issue 8, "Nothing lost": a backup taken while writes go on (SQLite: `rapport backup`; PostgreSQL: the
 * `pg_dump` that `rapport backup` prints there, and `pg_restore`, as docs/self-hosting.md says) restores to a
 * database that is whole, holds every write acknowledged before the backup started (at least at the version
 * acknowledged), holds no write acknowledged after it ended, has no half-written record, and that a server
 * runs on.
 */

const run = promisify(execFile);
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A write the server acknowledged, and when the answer came. */
interface Acked {
  entity: 'accounts' | 'contacts';
  id: string;
  version: number;
  email?: string;
  answered: number;
}

/**
 * Four clients writing until stopped: each creates an account with a domain, a contact in it with an email,
 * and renames the account (a PATCH), over and over. Every 2xx is recorded with its time; anything else fails.
 */
function startWriters(api: ReturnType<typeof apiClient>) {
  const acked: Acked[] = [];
  const refused: string[] = [];
  let going = true;
  const writer = async (n: number) => {
    for (let i = 0; going; i++) {
      const account = await api('POST', '/accounts', { name: `W${n}.${i}`, domains: [`w${n}-${i}.example`] });
      if (account.status !== 201) {
        refused.push(`create account ${account.status} ${JSON.stringify(account.body)}`);
        continue;
      }
      acked.push({ entity: 'accounts', id: account.body.id, version: 1, answered: account.answered });
      const email = `p@w${n}-${i}.example`;
      const contact = await api('POST', '/contacts', {
        accountId: account.body.id,
        name: `P${n}.${i}`,
        emails: [email],
      });
      if (contact.status !== 201)
        refused.push(`create contact ${contact.status} ${JSON.stringify(contact.body)}`);
      else
        acked.push({
          entity: 'contacts',
          id: contact.body.id,
          version: 1,
          email,
          answered: contact.answered,
        });
      const renamed = await api('PATCH', `/accounts/${account.body.id}`, {
        version: 1,
        name: `W${n}.${i} renamed`,
      });
      if (renamed.status !== 200)
        refused.push(`patch account ${renamed.status} ${JSON.stringify(renamed.body)}`);
      else acked.push({ entity: 'accounts', id: account.body.id, version: 2, answered: renamed.answered });
    }
  };
  const all = Promise.all([0, 1, 2, 3].map(writer));
  return {
    acked,
    refused,
    async stop() {
      going = false;
      await all;
    },
  };
}

/** Stored versions by id, of the accounts and contacts of a database. */
async function versions(db: Db): Promise<Map<string, number>> {
  const stored = [
    ...(await rows<{ id: string; version: number }>(db, 'select id, version from accounts')),
    ...(await rows<{ id: string; version: number }>(db, 'select id, version from contacts')),
  ];
  return new Map(stored.map((r) => [r.id, Number(r.version)]));
}

/**
 * The whole scenario on one database: writes go on, `backup()` runs, writes go on after it; then the copy
 * (opened by `openCopy`) is checked and a server started on it (`serveCopy`) answers.
 */
async function backupUnderWrites(options: {
  api: ReturnType<typeof apiClient>;
  token: string;
  backup: () => Promise<void>;
  openCopy: () => Promise<Db>;
  checkWhole: (copy: Db) => Promise<void>;
  serveCopy: () => Promise<Instance>;
}) {
  const writers = startWriters(options.api);
  let started = 0;
  let ended = 0;
  try {
    await waitFor('writes before the backup', async () => writers.acked.length >= 30, 60_000);
    started = Date.now();
    await options.backup();
    ended = Date.now();
    const count = writers.acked.length;
    await waitFor('writes after the backup', async () => writers.acked.length >= count + 15, 60_000);
  } finally {
    await writers.stop();
  }
  expect(writers.refused).toEqual([]);
  const before = writers.acked.filter((a) => a.answered < started);
  const after = writers.acked.filter((a) => a.answered > ended && a.version === 1);
  expect(before.length).toBeGreaterThanOrEqual(30);
  expect(after.length).toBeGreaterThan(0);

  const copy = await options.openCopy();
  try {
    await options.checkWhole(copy);
    // No half-written record: each contact with its email, search row and audit entry, and no stray part.
    expect(await tornRecords(copy)).toEqual(noTornRecords());
    const stored = await versions(copy);
    // Every write acknowledged before the backup started is in it, at least at the version acknowledged.
    const lost = before.filter((a) => (stored.get(a.id) ?? 0) < a.version);
    expect(lost.map((a) => `${a.entity}/${a.id} v${a.version}`)).toEqual([]);
    // Nothing created after it ended: the copy is one moment, not a smear.
    expect(after.filter((a) => stored.has(a.id)).map((a) => `${a.entity}/${a.id}`)).toEqual([]);
  } finally {
    await copy.close();
  }

  // A server runs on the restored copy: it reads what was backed up, finds a contact by email, and writes.
  const server = await options.serveCopy();
  await server.ready();
  const api = apiClient(server.url, options.token);
  const account = before.find((a) => a.entity === 'accounts');
  const contact = before.find((a) => a.entity === 'contacts');
  expect((await api('GET', `/accounts/${account?.id}`)).status).toBe(200);
  const lookup = await api('POST', '/lookup', { emails: [contact?.email] });
  expect(lookup.status).toBe(200);
  expect(JSON.stringify(lookup.body)).toContain(contact?.id ?? 'no contact');
  expect((await api('POST', '/accounts', { name: 'After restore' })).status).toBe(201);
  expect(server.stderr()).not.toMatch(/unhandled error/);
}

// Real processes (servers, the CLI, pg_dump) and a private PostgreSQL cluster: a minute or two when busy.
describe('backup while writes go on', { timeout: 240_000 }, () => {
  it('should restore a whole SQLite copy with every write acknowledged before rapport backup started', async () => {
    const { dir, file, server, token } = await sqliteServerWithAdmin(cleanups);
    const backupFile = join(dir, 'backups', 'rapport.db');
    const restoredFile = join(dir, 'restored', 'rapport.db');
    await backupUnderWrites({
      api: apiClient(server.url, token),
      token,
      backup: async () => {
        const backup = await runCli(['backup', backupFile], cliEnv(file));
        expect(backup.code, backup.stderr).toBe(0);
      },
      openCopy: () => createDb({ url: `file:${backupFile}` }),
      // A fresh connection (createDb above), as an admin would check the file.
      checkWhole: async (copy) => {
        expect(copy.sqlite?.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        expect(copy.sqlite?.pragma('foreign_key_check')).toEqual([]);
      },
      // Restored as docs/self-hosting.md says: the copy put in place of a database (here a new folder).
      serveCopy: async () => {
        mkdirSync(join(dir, 'restored'));
        copyFileSync(backupFile, restoredFile);
        const restored = await spawnInstance(`file:${restoredFile}`);
        cleanups.push(() => restored.stop());
        return restored;
      },
    });
  });

  // On a private cluster, in the PostgreSQL suite (see fault-postgres-outage.test.ts).
  if (inject('postgresUrl')) {
    it('should restore a whole PostgreSQL copy (pg_dump while writing, pg_restore into a new database)', async () => {
      const cluster = await privateCluster();
      cleanups.push(() => cluster.destroy());
      const { dir, cleanup } = tempDir();
      cleanups.push(cleanup);
      const env = cliEnv(join(dir, 'unused.db'), { RAPPORT_DATABASE_URL: cluster.url });
      const token = await adminToken(env);
      // What `rapport backup` tells a PostgreSQL admin to run.
      const advice = await runCli(['backup', join(dir, 'rapport.dump')], env);
      expect(advice.stderr).toContain('pg_dump --format=custom');
      const server = await spawnInstance(cluster.url);
      cleanups.push(() => server.stop());
      await server.ready();
      const dump = join(dir, 'rapport.dump');
      const restoredUrl = cluster.url.replace(/\/postgres$/, '/restored');
      await backupUnderWrites({
        api: apiClient(server.url, token),
        token,
        backup: async () => {
          await run(join(PG_BIN, 'pg_dump'), ['--format=custom', `--file=${dump}`, cluster.url], {
            timeout: 60_000,
          });
          await run(
            join(PG_BIN, 'createdb'),
            ['-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'postgres', 'restored'],
            {
              timeout: 30_000,
            },
          );
          await run(join(PG_BIN, 'pg_restore'), ['--no-owner', `--dbname=${restoredUrl}`, dump], {
            timeout: 60_000,
          });
        },
        openCopy: () => createDb({ url: restoredUrl }),
        // PostgreSQL checks its constraints on restore (pg_restore fails on a violation): the queries are the check.
        checkWhole: async () => {},
        serveCopy: async () => {
          const restored = await spawnInstance(restoredUrl);
          cleanups.push(() => restored.stop());
          return restored;
        },
      });
    });
  }
});
