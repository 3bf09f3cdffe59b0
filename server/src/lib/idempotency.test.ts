import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';

import { DIALECTS, type TestUser, testApp } from '../test/harness';

type T = Awaited<ReturnType<typeof testApp>>;

/** Sends JSON as `who` with an `Idempotency-Key`. */
async function send(t: T, method: string, path: string, who: TestUser, key: string, body?: unknown) {
  const res = await t.app.request(path, {
    method,
    headers: { ...who.headers, 'idempotency-key': key },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

const acme = { name: 'Acme', domains: ['acme.com'] };

async function accounts(t: T, who: TestUser): Promise<{ name: string; version: number }[]> {
  return (await t.call('GET', '/api/v1/accounts', who)).body.items;
}

for (const dialect of DIALECTS) {
  describe(`Idempotency-Key (${dialect})`, () => {
    it('should apply a retried POST once and give its first answer again', async () => {
      const t = await testApp(dialect);
      const am = await t.user('account_manager');
      const first = await send(t, 'POST', '/api/v1/accounts', am, 'k-1', acme);
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      for (let i = 0; i < 3; i++) {
        const again = await send(t, 'POST', '/api/v1/accounts', am, 'k-1', acme);
        expect(again.status).toBe(201);
        expect(again.headers.get('idempotent-replayed')).toBe('true');
        expect(again.headers.get('content-type')).toMatch(/application\/json/);
        expect(again.body).toEqual(first.body);
      }
      expect(await accounts(t, am)).toHaveLength(1);
      // Without the header, the same request is a new one (and here a duplicate domain).
      expect((await t.call('POST', '/api/v1/accounts', am, acme)).status).toBe(409);
    });

    it('should apply a retried PATCH once: the version moves by one', async () => {
      const t = await testApp(dialect);
      const am = await t.user('account_manager');
      const created = await t.call('POST', '/api/v1/accounts', am, acme);
      const patch = { notes: 'Met at the fair', version: created.body.version };
      const first = await send(t, 'PATCH', `/api/v1/accounts/${created.body.id}`, am, 'p-1', patch);
      const again = await send(t, 'PATCH', `/api/v1/accounts/${created.body.id}`, am, 'p-1', patch);
      expect(first.status).toBe(200);
      expect(again).toMatchObject({ status: 200, body: first.body });
      expect((await accounts(t, am))[0]?.version).toBe(created.body.version + 1);
    });

    it('should refuse a key used for another request, and keep keys apart per user', async () => {
      const t = await testApp(dialect, {}, {});
      const am = await t.user('account_manager');
      const other = await t.user('account_manager');
      expect((await send(t, 'POST', '/api/v1/accounts', am, 'same', acme)).status).toBe(201);
      const reused = await send(t, 'POST', '/api/v1/accounts', am, 'same', { name: 'Initech' });
      expect(reused.status).toBe(422);
      expect(reused.body.error).toMatchObject({ code: 'idempotency_key_reused' });
      const theirs = await send(t, 'POST', '/api/v1/accounts', other, 'same', { name: 'Initech' });
      expect(theirs.status).toBe(201);
      expect((await accounts(t, am)).map((a) => a.name).sort()).toEqual(['Acme', 'Initech']);
    });

    it('should run a retry again when the first answer could change, and keep a refusal that cannot', async () => {
      const t = await testApp(dialect);
      const am = await t.user('account_manager');
      const taken = await t.call('POST', '/api/v1/accounts', am, acme);
      // 409: the domain is taken; once it is free, the same retry succeeds.
      expect(
        (await send(t, 'POST', '/api/v1/accounts', am, 'r-1', { name: 'Acme 2', domains: ['acme.com'] }))
          .status,
      ).toBe(409);
      const freed = await t.call('PATCH', `/api/v1/accounts/${taken.body.id}`, am, {
        domains: [],
        version: taken.body.version,
      });
      expect(freed.status).toBe(200);
      const retried = await send(t, 'POST', '/api/v1/accounts', am, 'r-1', {
        name: 'Acme 2',
        domains: ['acme.com'],
      });
      expect(retried.status).toBe(201);
      expect(retried.headers.get('idempotent-replayed')).toBeNull();
      // 400: the same bad request gets the same refusal, without running again.
      const bad = await send(t, 'POST', '/api/v1/accounts', am, 'r-2', { name: '' });
      const badAgain = await send(t, 'POST', '/api/v1/accounts', am, 'r-2', { name: '' });
      expect(bad.status).toBe(400);
      expect(badAgain).toMatchObject({ status: 400, body: bad.body });
      expect(badAgain.headers.get('idempotent-replayed')).toBe('true');
    });

    it('should answer two concurrent requests with one key once', async () => {
      const t = await testApp(dialect);
      const am = await t.user('account_manager');
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => send(t, 'POST', '/api/v1/accounts', am, 'c-1', acme)),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
      for (const a of answers) {
        if (a.status === 409) {
          expect(a.headers.get('retry-after')).toBe('1');
          expect(a.body.error.message).toMatch(/still running/);
        } else expect(a.status).toBe(201);
      }
      expect(await accounts(t, am)).toHaveLength(1);
    });

    it('should keep the write and its answer together: when the answer cannot be kept, nothing is written', async () => {
      const t = await testApp(dialect);
      const am = await t.user('account_manager');
      const k = t.db.kysely;
      // A real fault where the server used to be exposed: the write has run, and keeping its answer fails
      // (as a kill -9 at that moment would leave it). Here the database refuses the answer.
      if (dialect === 'sqlite') {
        await sql`create trigger refuse_answer before update of status on idempotency_keys
          when new.status is not null begin select raise(abort, 'answer refused'); end`.execute(k);
      } else {
        await sql`create function refuse_answer() returns trigger language plpgsql as $$
          begin if new.status is not null then raise exception 'answer refused'; end if; return new; end $$`.execute(
          k,
        );
        await sql`create trigger refuse_answer before update on idempotency_keys
          for each row execute function refuse_answer()`.execute(k);
      }
      const failed = await send(t, 'POST', '/api/v1/accounts', am, 'a-1', acme);
      expect(failed.status).toBe(500);
      expect(failed.body.error.code).toBe('internal_error');
      // Nothing of the request stays: no account, no key
      expect(await accounts(t, am)).toEqual([]);
      expect(await k.selectFrom('idempotency_keys').selectAll().execute()).toEqual([]);
      await sql`drop trigger refuse_answer ${sql.raw(dialect === 'postgres' ? 'on idempotency_keys' : '')}`.execute(
        k,
      );
      // The retry runs the write whole, once
      const retried = await send(t, 'POST', '/api/v1/accounts', am, 'a-1', acme);
      expect(retried.status).toBe(201);
      expect(retried.headers.get('idempotent-replayed')).toBeNull();
      const again = await send(t, 'POST', '/api/v1/accounts', am, 'a-1', acme);
      expect(again).toMatchObject({ status: 201, body: retried.body });
      expect((await accounts(t, am)).map((a) => a.name)).toEqual(['Acme']);
    });

    it('should roll back what a request wrote when it ends in a server error', async () => {
      const t = await testApp(dialect);
      const am = await t.user('account_manager');
      const k = t.db.kysely;
      // The account is written, then its audit entry fails: the route's own transaction rolls back, and the
      // key with it, so the retry is a new request.
      if (dialect === 'sqlite') {
        await sql`create trigger refuse_audit before insert on audit_log
          begin select raise(abort, 'audit refused'); end`.execute(k);
      } else {
        await sql`create function refuse_audit() returns trigger language plpgsql as $$
          begin raise exception 'audit refused'; end $$`.execute(k);
        await sql`create trigger refuse_audit before insert on audit_log
          for each row execute function refuse_audit()`.execute(k);
      }
      expect((await send(t, 'POST', '/api/v1/accounts', am, 'e-1', acme)).status).toBe(500);
      expect(await accounts(t, am)).toEqual([]);
      expect(await k.selectFrom('idempotency_keys').selectAll().execute()).toEqual([]);
      await sql`drop trigger refuse_audit ${sql.raw(dialect === 'postgres' ? 'on audit_log' : '')}`.execute(
        k,
      );
      expect((await send(t, 'POST', '/api/v1/accounts', am, 'e-1', acme)).status).toBe(201);
      expect(await accounts(t, am)).toHaveLength(1);
    });

    it('should honour a key for a day, then take it as new', async () => {
      let now = new Date('2026-12-07T10:00:00Z');
      const t = await testApp(dialect, {}, { now: () => now });
      const am = await t.user('account_manager');
      const body = { name: 'Acme' };
      expect((await send(t, 'POST', '/api/v1/accounts', am, 'd-1', body)).status).toBe(201);
      now = new Date('2026-12-08T09:59:00Z');
      expect(
        (await send(t, 'POST', '/api/v1/accounts', am, 'd-1', body)).headers.get('idempotent-replayed'),
      ).toBe('true');
      expect(await accounts(t, am)).toHaveLength(1);
      now = new Date('2026-12-08T10:01:00Z');
      const later = await send(t, 'POST', '/api/v1/accounts', am, 'd-1', body);
      expect(later.status).toBe(201);
      expect(later.headers.get('idempotent-replayed')).toBeNull();
      expect(await accounts(t, am)).toHaveLength(2);
    });

    it('should refuse a malformed key with 400', async () => {
      const t = await testApp(dialect);
      const am = await t.user('account_manager');
      for (const key of ['', 'x'.repeat(201), 'with space']) {
        const res = await send(t, 'POST', '/api/v1/accounts', am, key, acme);
        expect(res.status, JSON.stringify(key)).toBe(400);
        expect(res.body.error.details).toEqual({ header: 'Idempotency-Key' });
      }
      expect(await accounts(t, am)).toHaveLength(0);
    });
  });
}
