import { randomBytes } from 'node:crypto';

import type { UserRole } from '@rapport/shared';
import { afterEach, inject } from 'vitest';

import { createApp } from '../app';
import { issueToken } from '../auth/tokens';
import { createDb, type Db, type Dialect } from '../db/create-db';
import { migrateToLatest } from '../db/migrate';
import { insertUser } from '../db/user-repository';
import { type Env, testEnv } from '../env';
import { createLogger, type Logger } from '../lib/log';
import { hashPassword } from '../lib/passwords';
import './provided';
import { logWriter, registerSecret, registerSecretsIn } from './secrets-in-logs';

/** In-process apps log everything into the run's logs, which are checked for secrets (secrets-in-logs.ts). */
const testLog: Logger = createLogger('debug', logWriter(`apps-${process.pid}.log`));

/**
 * The dialects this run tests: SQLite always, PostgreSQL when the global setup found one
 * (`RAPPORT_TEST_POSTGRES_URL`, see tests/setup/postgres.ts). `DIALECTS=sqlite` narrows it.
 * @example for (const dialect of DIALECTS) describe(dialect, () => { … })
 */
export const DIALECTS: Dialect[] = ['sqlite', ...(inject('postgresUrl') ? (['postgres'] as const) : [])];

const open: Db[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) {
    if (db.dialect === 'postgres') {
      const schema = db.label.split('#')[1];
      await db.kysely.schema
        .dropSchema(schema ?? 'x')
        .ifExists()
        .cascade()
        .execute()
        .catch(() => {});
    }
    await db.close();
  }
});

/** A fresh, migrated database: in-memory SQLite, or a new schema on the test PostgreSQL; dropped after the test. */
export async function freshDb(dialect: Dialect): Promise<Db> {
  const url = dialect === 'sqlite' ? ':memory:' : inject('postgresUrl');
  if (!url) throw new Error('PostgreSQL is not available in this run');
  const db = await createDb({
    url,
    poolSize: 3,
    ...(dialect === 'postgres' ? { pgSchema: `t_${randomBytes(6).toString('hex')}` } : {}),
  });
  open.push(db);
  await migrateToLatest(db);
  return db;
}

export interface TestUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  token: string;
  /** Headers for an authenticated JSON request as this user. */
  headers: Record<string, string>;
}

/** A fresh app on a fresh database, with helpers to add signed-in users and send JSON. */
export async function testApp(
  dialect: Dialect,
  env: Partial<Env> = {},
  options: { now?: () => Date; log?: Logger } = {},
) {
  const db = await freshDb(dialect);
  const e = testEnv(env);
  const app = createApp({ db, env: e, log: testLog, ...options });
  let n = 0;

  /** Adds an active user with a session token (and a password, `password-<role>`). */
  async function user(role: UserRole, name?: string): Promise<TestUser> {
    n++;
    const email = `${role.replace('_', '.')}${n}@ourco.example`;
    const row = await insertUser(db.kysely, {
      email,
      name: name ?? `${role} ${n}`,
      role,
      passwordHash: await hashPassword(`password-${role}`, e.RAPPORT_SCRYPT_LOG_N),
    });
    const { token } = await issueToken(db.kysely, row.id, { name: 'test', kind: 'session', days: 1 });
    registerSecret(token, `password-${role}`);
    return {
      id: row.id,
      email,
      name: row.name,
      role,
      token,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    };
  }

  /** Sends a request; `body` is JSON-encoded. Returns status and parsed JSON (null for an empty body). */
  async function call(method: string, path: string, as: TestUser | null, body?: unknown) {
    registerSecretsIn(body);
    const res = await app.request(path, {
      method,
      headers: as ? as.headers : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
    const json: any = text ? JSON.parse(text) : null;
    registerSecretsIn(json);
    return { status: res.status, body: json, headers: res.headers };
  }

  return { db, app, env: e, user, call };
}
