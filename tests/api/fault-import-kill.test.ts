import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, inject, it } from 'vitest';

import { createDb, type Db } from '../../server/src/db/create-db';
import { cliEnv, runCli, spawnCli, tempDir } from './cli-process';
import {
  adminToken,
  companiesCsv,
  contactsCsv,
  count,
  noTornRecords,
  recordCounts,
  tornRecords,
} from './fault-kit';
import { freshSchema, spawnInstance } from './instance-process';

/*
 * Issue 8, "Nothing lost": `kill -9` of `rapport import` half-way through a large CSV import. Each row is
 * written in its own transaction (docs/import.md), so what the killed process leaves is whole rows only, and
 * importing the same file again writes the rest once: the ids kept from the first run (or the emails)
 * match the rows already in, so nothing is doubled. Then the same data as a JSON snapshot (one transaction),
 * killed half-way into a new server: nothing is left, and the second run loads it all.
 */

const COMPANIES = 50;
/**
 * Contacts in the file, and how many are in when the import is killed: well after the start, well before the
 * end. PostgreSQL writes a row (one transaction) several times slower than SQLite, so its file is smaller.
 */
const SIZES = { sqlite: { contacts: 3000, killAt: 300 }, postgres: { contacts: 1500, killAt: 200 } };

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Runs `rapport import file` and SIGKILLs it once `reached(stderr)` says it is far enough (polled every
 * 20 ms: a row count, a progress line); resolves to how it ended. Bounded: a hang fails the test.
 */
async function importKilledMidway(
  file: string,
  env: NodeJS.ProcessEnv,
  reached: (stderr: string) => Promise<boolean>,
): Promise<{ signal: NodeJS.Signals | null; code: number | null; stderr: string }> {
  const child = spawnCli(['import', file, '--json'], env);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const ended = new Promise<{ signal: NodeJS.Signals | null; code: number | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let exited = false;
  void ended.then(() => {
    exited = true;
  });
  // The whole import takes well under this on a busy machine.
  const deadline = Date.now() + 120_000;
  while (!exited) {
    if (await reached(stderr)) {
      child.kill('SIGKILL');
      break;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the import did not get far enough in 120 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { ...(await ended), stderr };
}

async function scenario(
  { contacts: total, killAt }: { contacts: number; killAt: number },
  dir: string,
  env: NodeJS.ProcessEnv,
  open: () => Promise<Db>,
  integrity: (db: Db) => Promise<void>,
) {
  const companies = join(dir, 'companies.csv');
  const contacts = join(dir, 'contacts.csv');
  writeFileSync(companies, companiesCsv(COMPANIES));
  writeFileSync(contacts, contactsCsv(total, COMPANIES));
  const first = await runCli(['import', companies], env);
  expect(first.code, first.stderr).toBe(0);

  const db = await open();
  cleanups.push(() => db.close());
  const contactsIn = () => count(db, 'select count(*) as n from contacts');

  const killed = await importKilledMidway(contacts, env, async () => (await contactsIn()) >= killAt);
  // Killed by the signal, not finished on its own before it.
  expect(killed.signal, killed.stderr).toBe('SIGKILL');
  const after = await recordCounts(db);
  expect(after.contacts).toBeGreaterThanOrEqual(killAt);
  expect(after.contacts).toBeLessThan(total);
  await integrity(db);
  // Whole rows only: each contact with its email, search row, audit entry and source id, and nothing else.
  expect(await tornRecords(db)).toEqual(noTornRecords());
  expect(after).toMatchObject({
    accounts: COMPANIES,
    contactEmails: after.contacts,
    contactSearch: after.contacts,
    contactAudit: after.contacts,
    contactLinks: after.contacts,
  });

  // The same command again finishes the job: the rows already in are unchanged, the rest created, once.
  const again = await runCli(['import', contacts, '--json'], env);
  expect(again.code, again.stderr).toBe(0);
  const report = JSON.parse(again.stdout);
  expect(report).toMatchObject({
    applied: true,
    created: { contacts: total - after.contacts },
    unchanged: { contacts: after.contacts },
    rejected: [],
  });
  expect(await recordCounts(db)).toEqual({
    accounts: COMPANIES,
    contacts: total,
    contactEmails: total,
    distinctEmails: total,
    contactSearch: total,
    contactAudit: total,
    contactLinks: total,
  });
  await integrity(db);
  expect(await tornRecords(db)).toEqual(noTornRecords());
}

/**
 * The same with the server itself killed: the CSV goes to `POST /api/v1/import/csv` of a running `rapport
 * serve`, which is SIGKILLed once `killAt` contacts are in; a new server on the same database takes the same
 * upload again and completes it, each contact once.
 */
async function serverKilledMidway(
  { contacts: total, killAt }: { contacts: number; killAt: number },
  databaseUrl: string,
  env: NodeJS.ProcessEnv,
  open: () => Promise<Db>,
  integrity: (db: Db) => Promise<void>,
) {
  const token = await adminToken(env);
  const upload = (url: string, csv: string) =>
    fetch(`${url}/api/v1/import/csv?dryRun=false`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: csv,
    });
  const first = await spawnInstance(databaseUrl);
  cleanups.push(() => first.stop());
  await first.ready();
  expect((await upload(first.url, companiesCsv(COMPANIES))).status).toBe(200);

  const db = await open();
  cleanups.push(() => db.close());
  const csv = contactsCsv(total, COMPANIES);
  // The answer never comes: the connection dies with the server.
  const answered = upload(first.url, csv).then(
    (res) => res.status,
    () => 'no answer' as const,
  );
  const deadline = Date.now() + 120_000;
  while ((await count(db, 'select count(*) as n from contacts')) < killAt) {
    if (Date.now() > deadline)
      throw new Error(`the import did not get far enough in 120 s:\n${first.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  process.kill(first.pid, 'SIGKILL');
  expect(await answered).toBe('no answer');
  const after = await recordCounts(db);
  expect(after.contacts).toBeGreaterThanOrEqual(killAt);
  expect(after.contacts).toBeLessThan(total);
  await integrity(db);
  expect(await tornRecords(db)).toEqual(noTornRecords());

  const second = await spawnInstance(databaseUrl);
  cleanups.push(() => second.stop());
  await second.ready();
  const again = await upload(second.url, csv);
  expect(again.status).toBe(200);
  expect(await again.json()).toMatchObject({
    applied: true,
    created: { contacts: total - after.contacts },
    unchanged: { contacts: after.contacts },
    rejected: [],
  });
  expect(await recordCounts(db)).toMatchObject({
    contacts: total,
    distinctEmails: total,
    contactSearch: total,
  });
  await integrity(db);
  expect(await tornRecords(db)).toEqual(noTornRecords());
}

/**
 * The JSON snapshot import is one transaction: killed once it has read 500 records (its first progress
 * line), it leaves the new server empty, and the same command again loads the whole snapshot.
 */
async function snapshotKilledMidway(options: {
  dir: string;
  sourceEnv: NodeJS.ProcessEnv;
  openSource: () => Promise<Db>;
  targetEnv: NodeJS.ProcessEnv;
  openTarget: () => Promise<Db>;
  integrity: () => Promise<void>;
}) {
  const exported = await runCli(
    ['export', join(options.dir, 'export'), '--format', 'json'],
    options.sourceEnv,
  );
  expect(exported.code, exported.stderr).toBe(0);
  const file = /^\S+\.json$/m.exec(exported.stdout)?.[0] ?? 'no snapshot file';
  const killed = await importKilledMidway(file, options.targetEnv, async (stderr) =>
    /Importing: [\d,]+ rows/.test(stderr),
  );
  expect(killed.signal, killed.stderr).toBe('SIGKILL');

  const source = await options.openSource();
  cleanups.push(() => source.close());
  const target = await options.openTarget();
  cleanups.push(() => target.close());
  const empty = await recordCounts(target);
  expect(empty).toEqual({
    accounts: 0,
    contacts: 0,
    contactEmails: 0,
    distinctEmails: 0,
    contactSearch: 0,
    contactAudit: 0,
    contactLinks: 0,
  });
  expect(await count(target, 'select count(*) as n from search_documents')).toBe(0);
  await options.integrity();

  const again = await runCli(['import', file, '--json'], options.targetEnv);
  expect(again.code, again.stderr).toBe(0);
  expect(JSON.parse(again.stdout)).toMatchObject({ applied: true, rejected: [] });
  expect(await recordCounts(target)).toEqual(await recordCounts(source));
  expect(await tornRecords(target)).toEqual(noTornRecords());
  await options.integrity();
}

/** `PRAGMA integrity_check` and `foreign_key_check` of a SQLite file, each on a fresh connection. */
function sqliteIntegrity(file: string) {
  return async () => {
    // On a connection of its own, as an admin would run it. The test's long-lived connection is not used:
    // SQLite 3.51's FTS5 check there reads the index structure it cached before the other process wrote,
    // and reports "fts5: corruption found" for an index that a fresh connection (and every search) finds
    // whole.
    const fresh = await createDb({ url: `file:${file}` });
    try {
      expect(fresh.sqlite?.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(fresh.sqlite?.pragma('foreign_key_check')).toEqual([]);
    } finally {
      await fresh.close();
    }
  };
}

// Real processes through tsx, thousands of rows: tens of seconds on a busy machine.
describe('kill -9 during rapport import', { timeout: 400_000 }, () => {
  it('should leave SQLite intact with whole rows only (CSV) or nothing (snapshot), and a second run completes it without duplicates', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const file = join(dir, 'rapport.db');
    const env = cliEnv(file);
    expect((await runCli(['migrate'], env)).code).toBe(0);
    await scenario(SIZES.sqlite, dir, env, () => createDb({ url: `file:${file}` }), sqliteIntegrity(file));
    const target = join(dir, 'from-snapshot.db');
    await snapshotKilledMidway({
      dir,
      sourceEnv: env,
      openSource: () => createDb({ url: `file:${file}` }),
      targetEnv: cliEnv(target),
      openTarget: () => createDb({ url: `file:${target}` }),
      integrity: sqliteIntegrity(target),
    });
  });

  it('should leave SQLite with whole rows only when the server is killed during an upload, and the same upload completes it', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const file = join(dir, 'rapport.db');
    const env = cliEnv(file);
    expect((await runCli(['migrate'], env)).code).toBe(0);
    await serverKilledMidway(
      SIZES.sqlite,
      `file:${file}`,
      env,
      () => createDb({ url: `file:${file}` }),
      sqliteIntegrity(file),
    );
  });

  const postgresUrl = inject('postgresUrl');
  // Runs where the PostgreSQL suite runs (tests/setup/postgres.ts announces loudly when it does not).
  for (const baseUrl of postgresUrl ? [postgresUrl] : []) {
    it('should leave PostgreSQL with whole rows only (CSV) or nothing (snapshot), and a second run completes it without duplicates', async () => {
      const { dir, cleanup } = tempDir();
      cleanups.push(cleanup);
      const schema = await freshSchema(baseUrl);
      cleanups.push(schema.drop);
      const env = cliEnv(join(dir, 'unused.db'), { RAPPORT_DATABASE_URL: schema.url });
      await scenario(
        SIZES.postgres,
        dir,
        env,
        () => createDb({ url: schema.url }),
        // PostgreSQL checks its constraints on every commit: the torn-record queries are the check.
        async () => {},
      );
      const target = await freshSchema(baseUrl);
      cleanups.push(target.drop);
      await snapshotKilledMidway({
        dir,
        sourceEnv: env,
        openSource: () => createDb({ url: schema.url }),
        targetEnv: cliEnv(join(dir, 'unused.db'), { RAPPORT_DATABASE_URL: target.url }),
        openTarget: () => createDb({ url: target.url }),
        integrity: async () => {},
      });
    });

    it('should leave PostgreSQL with whole rows only when the server is killed during an upload, and the same upload completes it', async () => {
      const { dir, cleanup } = tempDir();
      cleanups.push(cleanup);
      const schema = await freshSchema(baseUrl);
      cleanups.push(schema.drop);
      const env = cliEnv(join(dir, 'unused.db'), { RAPPORT_DATABASE_URL: schema.url });
      expect((await runCli(['migrate'], env)).code).toBe(0);
      await serverKilledMidway(
        SIZES.postgres,
        schema.url,
        env,
        () => createDb({ url: schema.url }),
        async () => {},
      );
    });
  }
});
