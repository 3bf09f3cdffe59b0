import { join } from 'node:path';

import { afterEach, describe, expect, inject, it } from 'vitest';

import { issueToken } from '../../server/src/auth/tokens';
import { createDb } from '../../server/src/db/create-db';
import { MIGRATION_LOCK_CLASS } from '../../server/src/db/migrate';
import { migrations } from '../../server/src/db/migrations';
import { createUser } from '../../server/src/db/user-repository';
import { cliEnv, runCli, tempDir } from './cli-process';
import { freshSchema, type Instance, spawnInstance, waitFor } from './instance-process';

const running: Instance[] = [];
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((i) => i.stop()));
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function start(databaseUrl: string, extra: Record<string, string> = {}): Promise<Instance> {
  const instance = await spawnInstance(databaseUrl, extra);
  running.push(instance);
  return instance;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
type Json = any;

async function send(base: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Json };
}

/** Every audit entry of one record, oldest first, read through the API page by page. */
async function auditOf(base: string, token: string, entity: string, entityId: string): Promise<Json[]> {
  const entries: Json[] = [];
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams({ entity, entityId, limit: '200', ...(cursor ? { cursor } : {}) });
    const page = await send(base, token, 'GET', `/audit?${q}`);
    expect(page.status).toBe(200);
    entries.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return entries.reverse();
}

const allMigrations = Object.keys(migrations).sort();

/** The names `migrations applied` log lines of one process list (JSON lines on stderr). */
function appliedBy(instance: Instance): string[] {
  return instance
    .stderr()
    .split('\n')
    .filter((line) => line.includes('"migrations applied"'))
    .flatMap((line) => JSON.parse(line).migrations as string[]);
}

// Real server processes that load the server's TypeScript through tsx: several seconds each on a busy
// 2-core machine, so the timeouts are generous.
describe('several instances on one SQLite file', { timeout: 120_000 }, () => {
  it('should migrate once when four `rapport migrate` run at the same moment', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const dbFile = join(dir, 'rapport.db');
    const runs = await Promise.all([1, 2, 3, 4].map(() => runCli(['migrate'], cliEnv(dbFile))));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);

    const db = await createDb({ url: `file:${dbFile}` });
    try {
      const rows = await db.kysely
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute();
      expect((rows as Array<{ name: string }>).map((r) => r.name).sort()).toEqual(allMigrations);
    } finally {
      await db.close();
    }
  });
});

const postgresUrl = inject('postgresUrl');

// Runs where the PostgreSQL suite runs (tests/setup/postgres.ts announces loudly when it does not).
for (const baseUrl of postgresUrl ? [postgresUrl] : []) {
  describe('several instances on one PostgreSQL schema', { timeout: 180_000 }, () => {
    it('should come up healthy with every migration applied once when four start at the same moment', async () => {
      const pg = await freshSchema(baseUrl);
      cleanups.push(pg.drop);
      // Hold this schema's migration lock so that all four reach it before any migrates, then let go:
      // they start together for certain, not only when the machine happens to schedule them so.
      await pg.client.query('select pg_advisory_lock($1, hashtext($2))', [MIGRATION_LOCK_CLASS, pg.schema]);
      const instances = await Promise.all(
        [1, 2, 3, 4].map(() => start(pg.url, { RAPPORT_LOG_LEVEL: 'info' })),
      );
      const waiting = async () =>
        Number(
          (
            await pg.client.query(
              `select count(*) as n from pg_locks w
               join pg_locks mine on mine.pid = pg_backend_pid() and mine.locktype = 'advisory'
                 and mine.classid = w.classid and mine.objid = w.objid and mine.objsubid = w.objsubid
               where w.locktype = 'advisory' and not w.granted`,
            )
          ).rows[0].n,
        );
      await waitFor(
        'four instances waiting for the migration lock',
        async () => (await waiting()) === 4,
        90_000,
      );
      for (const instance of instances) expect(instance.stdout()).not.toContain('listening on');
      await pg.client.query('select pg_advisory_unlock($1, hashtext($2))', [MIGRATION_LOCK_CLASS, pg.schema]);

      await Promise.all(instances.map((i) => i.ready(90_000)));
      for (const instance of instances) {
        const health = await fetch(`${instance.url}/healthz`);
        expect(await health.json()).toEqual({ ok: true, database: 'postgres' });
      }
      const { rows } = await pg.client.query(`select name from ${pg.schema}.kysely_migration order by name`);
      expect(rows.map((r) => r.name)).toEqual(allMigrations);
      // One instance applied them all; the others waited and found nothing to do.
      const applied = instances.map(appliedBy);
      expect(applied.filter((names) => names.length > 0)).toEqual([allMigrations]);
      for (const instance of instances) {
        expect(instance.stderr()).not.toMatch(/"level":"error"/);
        expect(await instance.stop()).toBe(0);
      }
    });

    it('should land or refuse with 409 every concurrent write from two instances, audit each and lose none', async () => {
      const { a, b, token } = await twoInstances(baseUrl);

      const account = await send(a.url, token, 'POST', '/accounts', {
        name: 'Globex',
        domains: ['globex.example'],
      });
      expect(account.status).toBe(201);
      const contact = await send(b.url, token, 'POST', '/contacts', {
        accountId: account.body.id,
        name: 'Hanna Schulz',
        emails: ['hanna@globex.example'],
      });
      expect(contact.status).toBe(201);

      const statuses: Array<{ what: string; status: number; body: Json }> = [];
      /** Reads the record, then patches it with the version it read: a client of a form. */
      const editor = (path: string, client: number) => async () => {
        const base = client % 2 === 0 ? a.url : b.url;
        for (let round = 0; round < 4; round++) {
          const read = await send(base, token, 'GET', path);
          expect(read.status).toBe(200);
          const notes = `client ${client} round ${round}`;
          const res = await send(base, token, 'PATCH', path, { version: read.body.version, notes });
          statuses.push({ what: path, status: res.status, body: res.body });
        }
      };
      /** A create that collides with the other clients' on a unique value. */
      const creator = (path: string, client: number, body: object) => async () => {
        const base = client % 2 === 0 ? a.url : b.url;
        const res = await send(base, token, 'POST', path, body);
        statuses.push({ what: `POST ${path}`, status: res.status, body: res.body });
      };
      const accountPath = `/accounts/${account.body.id}`;
      const contactPath = `/contacts/${contact.body.id}`;
      const clients = [
        ...range(10).map((i) => editor(accountPath, i)),
        ...range(10).map((i) => editor(contactPath, i)),
        ...range(8).map((i) =>
          creator('/accounts', i, { name: `Initech ${i}`, domains: ['initech.example'] }),
        ),
        ...range(8).map((i) =>
          creator('/contacts', i, {
            accountId: account.body.id,
            name: `Peter Gibbons ${i}`,
            emails: ['peter@initech.example'],
          }),
        ),
      ];
      await Promise.all(clients.map((run) => run()));

      const unexpected = statuses.filter((s) => ![200, 201, 409].includes(s.status));
      expect(unexpected).toEqual([]);
      for (const s of statuses.filter((x) => x.status === 409)) {
        expect(['version_conflict', 'conflict']).toContain(s.body.error.code);
      }

      for (const path of [accountPath, contactPath]) {
        const landed = statuses.filter((s) => s.what === path && s.status === 200).map((s) => s.body);
        const refused = statuses.filter((s) => s.what === path && s.status === 409);
        expect(landed.length).toBeGreaterThan(0);
        expect(refused.length).toBeGreaterThan(0); // the clients did overlap
        expect(landed.length + refused.length).toBe(40);

        const final = await send(b.url, token, 'GET', path);
        expect(final.body.version).toBe(1 + landed.length);

        const entity = path.startsWith('/accounts') ? 'account' : 'contact';
        const updates = (await auditOf(a.url, token, entity, final.body.id)).filter(
          (e) => e.action === 'update',
        );
        expect(updates).toHaveLength(landed.length);
        updates.sort((x, y) => x.after.version - y.after.version);
        // A chain: each update starts from the one before it, so none overwrote another unseen.
        updates.forEach((entry, i) => {
          expect(entry.after.version).toBe(2 + i);
          expect(entry.before.version).toBe(1 + i);
          if (i > 0) expect(entry.before.notes).toBe(updates[i - 1].after.notes);
        });
        expect(updates.map((e) => e.after.notes).sort()).toEqual(landed.map((l) => l.notes).sort());
        expect(final.body.notes).toBe(updates.at(-1)?.after.notes);
      }

      for (const path of ['/accounts', '/contacts']) {
        const made = statuses.filter((s) => s.what === `POST ${path}`);
        expect(made.filter((s) => s.status === 201)).toHaveLength(1);
        for (const s of made.filter((x) => x.status !== 201)) expect(s.body.error.code).toBe('conflict');
      }
      const initech = await send(a.url, token, 'GET', '/accounts?domain=initech.example');
      expect(initech.body.items).toHaveLength(1);
      const peter = await send(b.url, token, 'GET', '/contacts?email=peter@initech.example');
      expect(peter.body.items).toHaveLength(1);
      // One create entry per record that exists: Globex and the one Initech; Hanna and the one Peter.
      for (const [entity, path] of [
        ['account', '/accounts'],
        ['contact', '/contacts'],
      ] as const) {
        const created = await send(a.url, token, 'GET', `/audit?entity=${entity}&limit=200`);
        const ids = created.body.items
          .filter((e: Json) => e.action === 'create')
          .map((e: Json) => e.entityId);
        const list = await send(b.url, token, 'GET', `${path}?limit=200`);
        expect(ids.sort()).toEqual(list.body.items.map((r: Json) => r.id).sort());
        expect(ids).toHaveLength(2);
      }

      for (const instance of [a, b]) expect(instance.stderr()).not.toMatch(/"level":"error"/);
    });

    it("should show a change made through one instance in the other's very next lookup", async () => {
      const { a, b, token } = await twoInstances(baseUrl);
      const account = await send(a.url, token, 'POST', '/accounts', {
        name: 'Initech',
        domains: ['initech.example'],
      });
      const contact = await send(a.url, token, 'POST', '/contacts', {
        accountId: account.body.id,
        name: 'Peter Gibbons',
        title: 'Engineer',
        emails: ['peter@initech.example'],
      });
      expect(contact.status).toBe(201);
      const seenByB = async () =>
        (await send(b.url, token, 'POST', '/lookup', { emails: ['peter@initech.example'] })).body.accounts[0];

      // B answers twice, so its summary of Initech is cached before A changes it.
      expect((await seenByB()).name).toBe('Initech');
      expect((await seenByB()).stakeholders[0].title).toBe('Engineer');
      const renamed = await send(a.url, token, 'PATCH', `/accounts/${account.body.id}`, {
        version: account.body.version,
        name: 'Initech Holdings',
      });
      expect(renamed.status).toBe(200);
      expect((await seenByB()).name).toBe('Initech Holdings');
      const retitled = await send(a.url, token, 'PATCH', `/contacts/${contact.body.id}`, {
        version: contact.body.version,
        title: 'Team Lead',
      });
      expect(retitled.status).toBe(200);
      expect((await seenByB()).stakeholders[0].title).toBe('Team Lead');
      const opportunity = await send(a.url, token, 'POST', '/opportunities', {
        accountId: account.body.id,
        title: 'TPS reports',
        amount: 1_200_000,
        currency: 'EUR',
      });
      expect(opportunity.status).toBe(201);
      expect((await seenByB()).openOpportunities.map((o: Json) => o.title)).toEqual(['TPS reports']);
      // A new address of a known person: B has it cached as the account's domain (twice, so its keys are
      // cached too) until A adds it to the contact.
      const matchOnB = async () =>
        (await send(b.url, token, 'POST', '/lookup', { emails: ['pg@initech.example'] })).body.results[0];
      expect((await matchOnB()).match).toBe('domain');
      expect((await matchOnB()).match).toBe('domain');
      const current = await send(a.url, token, 'GET', `/contacts/${contact.body.id}`);
      const added = await send(a.url, token, 'PATCH', `/contacts/${contact.body.id}`, {
        version: current.body.version,
        emails: ['peter@initech.example', 'pg@initech.example'],
      });
      expect(added.status).toBe(200);
      expect(await matchOnB()).toMatchObject({ match: 'email', contactId: contact.body.id });
    });

    it('should make a settings change on one instance reach the other within seconds', async () => {
      const { a, b, token } = await twoInstances(baseUrl);
      const lookup = async () =>
        (await send(b.url, token, 'POST', '/lookup', { emails: ['sam@newco.example'] })).body.results[0]
          .match;

      // B has read (and cached) the settings before the change.
      expect(await lookup()).toBe('none');
      const current = await send(a.url, token, 'GET', '/settings');
      const changed = await send(a.url, token, 'PATCH', '/settings', {
        version: current.body.version,
        companyDomains: ['newco.example'],
      });
      expect(changed.status).toBe(200);
      expect(
        (await send(a.url, token, 'POST', '/lookup', { emails: ['sam@newco.example'] })).body.results[0]
          .match,
      ).toBe('internal');
      await waitFor(
        'the other instance to see the new company domain',
        async () => (await lookup()) === 'internal',
        20_000,
      );
    });
  });
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Two instances on a fresh schema, both answering, and an admin's token for them. */
async function twoInstances(baseUrl: string) {
  const pg = await freshSchema(baseUrl);
  cleanups.push(pg.drop);
  const [a, b] = await Promise.all([start(pg.url), start(pg.url)]);
  await Promise.all([a.ready(90_000), b.ready(90_000)]);
  return { a, b, token: await seedAdmin(baseUrl, pg.schema) };
}

/** Adds an admin to the schema the instances serve, through the server's own code; returns their token. */
async function seedAdmin(baseUrl: string, schema: string): Promise<string> {
  const db = await createDb({ url: baseUrl, pgSchema: schema, poolSize: 1 });
  try {
    const admin = await createUser(
      db.kysely,
      { email: 'admin@ourco.example', name: 'Test Admin', role: 'admin', passwordHash: null },
      null,
    );
    return (await issueToken(db.kysely, admin.id, { name: 'several instances', kind: 'personal', days: 1 }))
      .token;
  } finally {
    await db.close();
  }
}
