import { join } from 'node:path';
import { expect } from 'vitest';

import type { Db } from '../../server/src/db/create-db';
import { cliEnv, runCli, tempDir } from './cli-process';
import { spawnInstance } from './instance-process';

/*
 * Shared by the fault tests (issue 8, "Nothing lost"): generated import files and the checks that a
 * database holds only complete records after a process died or a database went away mid-write.
 */

/** A HubSpot companies export of `n` accounts: Record ID 1..n, one domain each. */
export function companiesCsv(n: number): string {
  const lines = ['Record ID,Company name,Company Domain Name,Industry'];
  for (let i = 1; i <= n; i++) lines.push(`${i},Fault Co ${i},fault-co-${i}.example,Testing`);
  return `${lines.join('\n')}\n`;
}

/** A HubSpot contacts export of `n` contacts spread over `companies` accounts, one email each. */
export function contactsCsv(n: number, companies: number): string {
  const lines = ['Record ID,First Name,Last Name,Email,Job Title,Associated Company IDs'];
  for (let i = 1; i <= n; i++) {
    const company = (i % companies) + 1;
    lines.push(
      `${100000 + i},Person,Number ${i},person.${i}@fault-co-${company}.example,Buyer ${i % 7},${company}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The number the query `select count(…) as n …` answers, on either database (raw: the tests package has no Kysely). */
export async function count(db: Db, query: string): Promise<number> {
  if (db.sqlite) return Number((db.sqlite.prepare(query).get() as { n: number }).n);
  if (!db.pool) throw new Error('no database handle');
  return Number((await db.pool.query(query)).rows[0]?.n ?? 0);
}

/** Row counts of the tables one imported contact or account writes. */
export async function recordCounts(db: Db) {
  return {
    accounts: await count(db, `select count(*) as n from accounts`),
    contacts: await count(db, `select count(*) as n from contacts`),
    contactEmails: await count(db, `select count(*) as n from contact_emails`),
    distinctEmails: await count(db, `select count(distinct email) as n from contact_emails`),
    contactSearch: await count(db, `select count(*) as n from search_documents where entity = 'contact'`),
    contactAudit: await count(
      db,
      `select count(*) as n from audit_log where entity = 'contact' and action = 'create'`,
    ),
    contactLinks: await count(db, `select count(*) as n from external_ids where entity = 'contact'`),
  };
}

/**
 * What is half-written: each query counts records missing a part their write makes in the same transaction
 * (an email, a search row, an audit entry, the source's id) or parts whose record is missing. All zero
 * when every write was all or nothing.
 */
export async function tornRecords(db: Db): Promise<Record<string, number>> {
  return {
    contactsWithoutEmail: await count(
      db,
      `select count(*) as n from contacts c where not exists (select 1 from contact_emails e where e.contact_id = c.id)`,
    ),
    emailsWithoutContact: await count(
      db,
      `select count(*) as n from contact_emails e where not exists (select 1 from contacts c where c.id = e.contact_id)`,
    ),
    contactsWithoutSearch: await count(
      db,
      `select count(*) as n from contacts c where not exists (select 1 from search_documents s where s.entity = 'contact' and s.entity_id = c.id)`,
    ),
    searchWithoutRecord: await count(
      db,
      `select count(*) as n from search_documents s where not exists (select 1 from contacts c where c.id = s.entity_id) and not exists (select 1 from accounts a where a.id = s.entity_id)`,
    ),
    contactsWithoutAudit: await count(
      db,
      `select count(*) as n from contacts c where not exists (select 1 from audit_log l where l.entity = 'contact' and l.entity_id = c.id)`,
    ),
    auditWithoutRecord: await count(
      db,
      `select count(*) as n from audit_log l where l.action = 'create' and ((l.entity = 'contact' and not exists (select 1 from contacts c where c.id = l.entity_id)) or (l.entity = 'account' and not exists (select 1 from accounts a where a.id = l.entity_id)))`,
    ),
    contactsOfMissingAccount: await count(
      db,
      `select count(*) as n from contacts c where not exists (select 1 from accounts a where a.id = c.account_id)`,
    ),
    accountsWithoutSearch: await count(
      db,
      `select count(*) as n from accounts a where not exists (select 1 from search_documents s where s.entity = 'account' and s.entity_id = a.id)`,
    ),
  };
}

/** The same keys as `tornRecords`, all zero: what `toEqual` compares with, naming any count that is not. */
export function noTornRecords(): Record<string, number> {
  return {
    contactsWithoutEmail: 0,
    emailsWithoutContact: 0,
    contactsWithoutSearch: 0,
    searchWithoutRecord: 0,
    contactsWithoutAudit: 0,
    auditWithoutRecord: 0,
    contactsOfMissingAccount: 0,
    accountsWithoutSearch: 0,
  };
}

/** One answer as the fault tests record it; `status` 0 when no answer came in time (or the connection failed). */
export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  body: any;
  retryAfter: string | null;
  /** `Idempotent-Replayed: true`: the answer of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
  /** When the request was sent and answered (ms since the epoch). */
  sent: number;
  answered: number;
  failure?: string;
}

/** Longest wait for any answer: a request still open after this fails the test ("no hang"). */
export const ANSWER_WITHIN_MS = 20_000;

/**
 * A client of one server with one token: every request gives up after ANSWER_WITHIN_MS and records that as
 * status 0 with the reason, so a test can fail on it rather than wait for ever.
 */
export function apiClient(base: string, token: string) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> => {
    const sent = Date.now();
    try {
      const res = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = { notJson: text.slice(0, 200) };
      }
      return {
        status: res.status,
        body: json,
        retryAfter: res.headers.get('retry-after'),
        replayed: res.headers.get('idempotent-replayed') === 'true',
        sent,
        answered: Date.now(),
      };
    } catch (err) {
      return {
        status: 0,
        body: null,
        retryAfter: null,
        replayed: false,
        sent,
        answered: Date.now(),
        failure: String(err),
      };
    }
  };
}

/** Every row the query answers, on either database (raw, like `count`). */
export async function rows<T>(db: Db, query: string): Promise<T[]> {
  if (db.sqlite) return db.sqlite.prepare(query).all() as T[];
  if (!db.pool) throw new Error('no database handle');
  return (await db.pool.query(query)).rows as T[];
}

/** An admin made with the CLI on the database `env` names, and a personal token of theirs (`rapport token create`). */
export async function adminToken(env: NodeJS.ProcessEnv): Promise<string> {
  const created = await runCli(
    ['user', 'create', '--email', 'ada@ourco.example', '--name', 'Ada', '--role', 'admin'],
    env,
  );
  expect(created.code, created.stderr).toBe(0);
  const minted = await runCli(['token', 'create', '--email', 'ada@ourco.example', '--name', 'ops'], env);
  expect(minted.code, minted.stderr).toBe(0);
  return minted.stdout.trim();
}

/**
 * A `rapport serve` process on a SQLite file in a new folder, with an admin's token, ready for requests; what
 * it made goes on `cleanups` (the server stopped, the folder removed), last made first.
 * @example const { file, server, token } = await sqliteServerWithAdmin(cleanups);
 */
export async function sqliteServerWithAdmin(cleanups: (() => unknown)[]) {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const file = join(dir, 'rapport.db');
  const token = await adminToken(cliEnv(file));
  const server = await spawnInstance(`file:${file}`);
  cleanups.push(() => server.stop());
  await server.ready();
  return { dir, file, server, token };
}
