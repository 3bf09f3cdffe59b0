import { join } from 'node:path';

import { afterEach, describe, expect, inject, it } from 'vitest';

import { issueToken } from '../../server/src/auth/tokens';
import { createDb } from '../../server/src/db/create-db';
import { createUser } from '../../server/src/db/user-repository';
import { hashPassword } from '../../server/src/lib/passwords';
import { registerSecret, registerSecretsIn } from '../../server/src/test/secrets-in-logs';
import { tempDir } from './cli-process';
import { freshSchema, type Instance, spawnInstance } from './instance-process';

const running: Instance[] = [];
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((i) => i.stop()));
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
type Json = any;

async function api(base: string, token: string | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const json = (text ? JSON.parse(text) : null) as Json;
  registerSecretsIn(json);
  return { status: res.status, body: json };
}

/** Signs in to an instance's admin console through its form; returns the session cookie (`name=value`). */
async function consoleSignIn(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/admin/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: new URLSearchParams({ email, password, next: '/admin/tokens' }).toString(),
  });
  expect(res.status).toBe(303);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('rapport_console='));
  expect(cookie).toBeDefined();
  const pair = (cookie ?? '').split(';')[0] ?? '';
  registerSecret(pair.slice(pair.indexOf('=') + 1));
  return pair;
}

/** The console's token page with a session cookie: 200 when signed in, a 303 to sign-in when not. */
async function consolePage(base: string, cookie: string) {
  const res = await fetch(`${base}/admin/tokens`, { redirect: 'manual', headers: { cookie } });
  await res.text();
  return { status: res.status, location: res.headers.get('location') };
}

const lookup = (base: string, token: string) =>
  api(base, token, 'POST', '/lookup', { emails: ['someone@customer.example'] });

/** Users with passwords and tokens, added through the server's own code to the database the instances serve. */
async function seed(url: string, pgSchema?: string) {
  const db = await createDb({ url, poolSize: 1, ...(pgSchema ? { pgSchema } : {}) });
  try {
    const mk = async (email: string, role: 'admin' | 'sales_rep' | 'viewer') => {
      const passwordHash = await hashPassword(`password-${role}`, 10);
      const user = await createUser(
        db.kysely,
        { email, name: email.split('@')[0] ?? email, role, passwordHash },
        null,
      );
      const session = await issueToken(db.kysely, user.id, { name: 'session', kind: 'session', days: 1 });
      const personal = await issueToken(db.kysely, user.id, { name: 'script', kind: 'personal', days: null });
      registerSecret(session.token, personal.token, `password-${role}`);
      return { user, email, session, personal, password: `password-${role}` };
    };
    return {
      admin: await mk('admin@ourco.example', 'admin'),
      rep: await mk('rep@ourco.example', 'sales_rep'),
      viewer: await mk('viewer@ourco.example', 'viewer'),
    };
  } finally {
    await db.close();
  }
}

type Target = { url: string; pgSchema?: string };

async function targets(): Promise<Array<[string, () => Promise<Target>]>> {
  const list: Array<[string, () => Promise<Target>]> = [
    [
      'sqlite',
      async () => {
        const { dir, cleanup } = tempDir();
        cleanups.push(cleanup);
        return { url: `file:${join(dir, 'rapport.db')}` };
      },
    ],
  ];
  const postgresUrl = inject('postgresUrl');
  if (postgresUrl) {
    list.push([
      'postgres',
      async () => {
        const pg = await freshSchema(postgresUrl);
        cleanups.push(pg.drop);
        return { url: pg.url, pgSchema: pg.schema };
      },
    ]);
  }
  return list;
}

// Real server processes (tsx): several seconds each on a busy machine, so the timeouts are generous.
for (const [dialect, target] of await targets()) {
  describe(`revocation across two instances on one database (${dialect})`, { timeout: 180_000 }, () => {
    it('should refuse a revoked token, a deactivated user and a reset password on the next request to the other instance', async () => {
      const where = await target();
      const [a, b] = [await spawnInstance(where.url), await spawnInstance(where.url)];
      running.push(a, b);
      await a.ready(90_000);
      await b.ready(90_000);
      const baseUrl = where.pgSchema ? (inject('postgresUrl') ?? '') : where.url;
      const { admin, rep, viewer } = await seed(baseUrl, where.pgSchema);

      // B has read each token once (its token cache and the lookup's fast path keep them) and its console session.
      const repConsole = await consoleSignIn(b.url, rep.email, rep.password);
      const viewerConsole = await consoleSignIn(b.url, viewer.email, viewer.password);
      for (const t of [rep.session.token, rep.personal.token, viewer.session.token]) {
        expect((await api(b.url, t, 'GET', '/me')).status).toBe(200);
        expect((await lookup(b.url, t)).status).toBe(200);
      }
      expect((await consolePage(b.url, repConsole)).status).toBe(200);

      // 1. A token revoked on A (its owner signs out there) is refused by B at once, the lookup included.
      expect((await api(a.url, rep.session.token, 'POST', '/auth/logout')).status).toBe(204);
      expect((await api(b.url, rep.session.token, 'GET', '/me')).status).toBe(401);
      const refused = await lookup(b.url, rep.session.token);
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('unauthorized');
      expect((await api(b.url, rep.personal.token, 'GET', '/me')).status).toBe(200);

      // 2. A user deactivated on A: every token and the console session refused by B.
      const me = await api(a.url, admin.personal.token, 'GET', `/users/${rep.user.id}`);
      const off = await api(a.url, admin.personal.token, 'PATCH', `/users/${rep.user.id}`, {
        version: me.body.version,
        active: false,
      });
      expect(off.status).toBe(200);
      expect((await api(b.url, rep.personal.token, 'GET', '/me')).status).toBe(401);
      expect((await lookup(b.url, rep.personal.token)).status).toBe(401);
      const page = await consolePage(b.url, repConsole);
      expect(page.status).toBe(303);
      expect(page.location).toMatch(/^\/admin\/sign-in/);

      // 3. A password reset completed on A ends the user's other sessions and tokens on B; the new one works.
      expect((await consolePage(b.url, viewerConsole)).status).toBe(200);
      const link = await api(a.url, admin.personal.token, 'POST', `/users/${viewer.user.id}/password-reset`);
      expect(link.status).toBe(201);
      const done = await api(a.url, null, 'POST', '/password-reset', {
        token: link.body.token,
        password: 'a new long password',
      });
      expect(done.status).toBe(200);
      expect((await api(b.url, viewer.session.token, 'GET', '/me')).status).toBe(401);
      expect((await lookup(b.url, viewer.personal.token)).status).toBe(401);
      expect((await consolePage(b.url, viewerConsole)).status).toBe(303);
      expect((await api(b.url, done.body.token, 'GET', '/me')).status).toBe(200);
      // The old password no longer signs in anywhere.
      const old = await api(b.url, null, 'POST', '/auth/login', {
        email: viewer.email,
        password: viewer.password,
      });
      expect(old.status).toBe(401);
    });
  });
}
