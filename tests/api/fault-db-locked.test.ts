import { join } from 'node:path';

import { afterEach, describe, expect, inject, it } from 'vitest';

import { createDb } from '../../server/src/db/create-db';
import { MIGRATION_LOCK_CLASS } from '../../server/src/db/migrate';
import { cliEnv, tempDir } from './cli-process';
import { adminToken, apiClient, sqliteServerWithAdmin } from './fault-kit';
import { freshSchema, spawnInstance, waitFor } from './instance-process';

/*
 * Issue 8, "Nothing lost": a database that is there but will not let a request through (another process
 * holds the lock) is answered 503 `unavailable` with Retry-After within a bounded time, never a 500 or a
 * request held open; once the lock goes, the same request succeeds.
 */

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a database locked by another process', { timeout: 120_000 }, () => {
  it('should answer a write 503 with Retry-After while another SQLite writer holds the file (busy), then succeed', async () => {
    const { file, server, token } = await sqliteServerWithAdmin(cleanups);
    const api = apiClient(server.url, token);
    expect((await api('POST', '/accounts', { name: 'Before' })).status).toBe(201);

    // Another process's write transaction (here the test's own connection) holds the write lock.
    const other = await createDb({ url: `file:${file}` });
    cleanups.push(() => other.close());
    other.sqlite?.exec('BEGIN IMMEDIATE');
    let locked = true;
    cleanups.push(() => {
      if (locked) other.sqlite?.exec('ROLLBACK');
    });
    // Waits busy_timeout (5 s) for the lock, then gives up: within the client's limit, not a hang.
    const refused = await api('POST', '/accounts', { name: 'During' }, { 'accept-language': 'it' });
    expect(refused.status, JSON.stringify(refused)).toBe(503);
    expect(refused.body.error.code).toBe('unavailable');
    expect(refused.body.error.message).toBe('Il database non è disponibile; riprova tra poco');
    expect(refused.retryAfter).toMatch(/^[1-9]\d*$/);
    // Readers are not held up by a writer (WAL).
    expect((await api('GET', '/accounts?limit=5')).status).toBe(200);

    other.sqlite?.exec('ROLLBACK');
    locked = false;
    const after = await api('POST', '/accounts', { name: 'During' });
    expect(after.status).toBe(201);
    // The refused write left nothing behind: one "During", the one written after.
    const list = await api('GET', '/accounts?limit=50');
    expect(list.body.items.map((a: { name: string }) => a.name).sort()).toEqual(['Before', 'During']);
  });

  const postgresUrl = inject('postgresUrl');
  for (const baseUrl of postgresUrl ? [postgresUrl] : []) {
    it('should answer 503 with Retry-After once a statement waits past RAPPORT_DB_STATEMENT_TIMEOUT_MS on PostgreSQL, then succeed', async () => {
      const pg = await freshSchema(baseUrl);
      cleanups.push(pg.drop);
      const { dir, cleanup } = tempDir();
      cleanups.push(cleanup);
      const token = await adminToken(cliEnv(join(dir, 'unused.db'), { RAPPORT_DATABASE_URL: pg.url }));
      // Migrations are not held to the statement limit: a server that waits longer than it for another
      // instance's migration lock still starts once the lock is free.
      await pg.client.query('select pg_advisory_lock($1, hashtext($2))', [MIGRATION_LOCK_CLASS, pg.schema]);
      const server = await spawnInstance(pg.url, { RAPPORT_DB_STATEMENT_TIMEOUT_MS: '1000' });
      cleanups.push(() => server.stop());
      await waitFor('the server to wait on the migration lock past its statement limit', async () => {
        // This schema's migration lock (class, hashtext(schema) as an unsigned oid), not another test's.
        const { rows } = await pg.client.query(
          `select count(*)::int as n from pg_locks
           where locktype = 'advisory' and not granted and classid = $1::int::oid
             and objid::bigint = (hashtext($2)::bigint + 4294967296) % 4294967296
             and now() - waitstart > interval '1500 milliseconds'`,
          [MIGRATION_LOCK_CLASS, pg.schema],
        );
        return rows[0].n > 0;
      });
      await pg.client.query('select pg_advisory_unlock($1, hashtext($2))', [MIGRATION_LOCK_CLASS, pg.schema]);
      await server.ready();
      const api = apiClient(server.url, token);
      const account = await api('POST', '/accounts', { name: 'Kestrel', domains: ['kestrel.example'] });
      expect(account.status).toBe(201);

      // Someone (a migration, an admin's maintenance) holds the accounts table.
      await pg.client.query('begin');
      await pg.client.query(`lock table ${pg.schema}.accounts in access exclusive mode`);
      let locked = true;
      cleanups.push(async () => {
        if (locked) await pg.client.query('rollback');
      });
      for (const [method, path, body] of [
        ['GET', `/accounts/${account.body.id}`, undefined],
        ['PATCH', `/accounts/${account.body.id}`, { version: account.body.version, name: 'Kestrel Aero' }],
        ['POST', '/lookup', { emails: ['someone@kestrel.example'] }],
      ] as const) {
        const refused = await api(method, path, body);
        expect(refused.status, `${method} ${path}: ${JSON.stringify(refused)}`).toBe(503);
        expect(refused.body.error.code).toBe('unavailable');
        expect(refused.retryAfter).toMatch(/^[1-9]\d*$/);
      }
      await pg.client.query('rollback');
      locked = false;
      expect((await api('GET', `/accounts/${account.body.id}`)).body.name).toBe('Kestrel');
      const renamed = await api('PATCH', `/accounts/${account.body.id}`, {
        version: account.body.version,
        name: 'Kestrel Aero',
      });
      expect(renamed.status).toBe(200);
      expect((await api('POST', '/lookup', { emails: ['someone@kestrel.example'] })).status).toBe(200);
    });
  }
});
