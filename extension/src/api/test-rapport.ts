/*
 * Tests only: the real Rapport server that `tests/setup/rapport-server.ts` starts for the extension's unit
 * tests, and what the tests need around it. Data is seeded through the server's API as an admin. Every file
 * shares the one server, so what a test seeds carries a tag of its own (`uniqueTag()`) in its names, domains
 * and slugs, and assertions look for that test's records only.
 */
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, connect, createServer as createTcpServer, type Socket } from 'node:net';

import {
  type Account,
  type Contact,
  type CreateOpportunityRequest,
  type Opportunity,
  type UserRef,
  type UserRole,
  zAccount,
  zContact,
  zLoginResponse,
  zOpportunity,
  zUser,
} from '@rapport/shared';
import { afterEach, inject, vi } from 'vitest';

import '../../../tests/setup/rapport-provided';
import type { NewAccount, NewContact } from '../messaging';

const server = inject('rapportServer');
/** The global `fetch` as the environment set it up, before any `watchRequests`. */
const networkFetch = globalThis.fetch;

/** The server's origin, e.g. `http://127.0.0.1:41234`. */
export const ORIGIN = server.url;
/** The seeding admin's token, for requests made beside the extension (e.g. the lookup batcher's own). */
export const ADMIN_TOKEN = server.adminToken;
/**
 * An origin nothing listens on (the discard port, a privileged one no service here opens): a connection is
 * refused at once, as by a server that is down.
 */
export const CLOSED_ORIGIN = 'http://127.0.0.1:9';
/** The password of every user `seedUser` adds. */
export const PASSWORD = 'correct horse';

/** Closes the links and other servers a test opened. */
const toClose: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of toClose.splice(0)) await close();
});

let tags = 0;
/**
 * A word no other test uses, for names, domains and slugs: lower-case letters and digits, ending in a digit
 * (search never takes a word with digits for a misspelling of another test's).
 * @example const tag = uniqueTag(); await seedAccount({ name: `Acme ${tag}`, domains: [`acme-${tag}.example`] });
 */
export function uniqueTag(): string {
  tags++;
  return `t${Math.random().toString(36).slice(2, 8)}${tags}`;
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/**
 * One JSON request to the server's `/api/v1…`, past any `watchRequests`; `token` null sends none.
 * @example const me = await callApi('GET', '/me', token);
 */
export async function callApi<T = unknown>(
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<ApiAnswer<T>> {
  const res = await networkFetch(new URL(`/api/v1${path}`, ORIGIN), {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** A request as the admin; throws with the server's answer unless it succeeded. */
export async function asAdmin<T>(
  method: string,
  path: string,
  schema: { parse(value: unknown): T },
  body?: unknown,
): Promise<T> {
  const res = await callApi(method, path, ADMIN_TOKEN, body);
  if (res.status < 200 || res.status > 299) {
    throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return schema.parse(res.body);
}

/** A colleague as the extension stores them, plus the password they sign in with. */
export interface SeededUser extends UserRef {
  password: string;
}

/**
 * Adds an active user with this role and name, and the password `PASSWORD` unless `password: false`.
 * @example const marta = await seedUser('account_manager', 'Marta Rossi');
 */
export async function seedUser(
  role: UserRole,
  name: string,
  { password = true }: { password?: boolean } = {},
): Promise<SeededUser> {
  const local = name.toLowerCase().replace(/[^a-z0-9]+/g, '.');
  const user = await asAdmin('POST', '/users', zUser, {
    email: `${local}.${uniqueTag()}@ourco.example`,
    name,
    role,
    ...(password ? { password: PASSWORD } : {}),
  });
  return { id: user.id, name: user.name, email: user.email, role: user.role, password: PASSWORD };
}

/** Adds an account (as the admin). */
export function seedAccount(account: NewAccount): Promise<Account> {
  return asAdmin('POST', '/accounts', zAccount, account);
}

/** Adds a stakeholder (as the admin). */
export function seedContact(contact: NewContact): Promise<Contact> {
  return asAdmin('POST', '/contacts', zContact, contact);
}

/** Adds an opportunity (as the admin). */
export function seedOpportunity(
  opportunity: Pick<CreateOpportunityRequest, 'accountId' | 'title'> & Partial<CreateOpportunityRequest>,
): Promise<Opportunity> {
  return asAdmin('POST', '/opportunities', zOpportunity, opportunity);
}

/** Signs in through the API, beside the extension; answers the session token. */
export async function signInToken(user: SeededUser): Promise<string> {
  const res = await callApi('POST', '/auth/login', null, { email: user.email, password: user.password });
  return zLoginResponse.parse(res.body).token;
}

/** Revokes a session token on the server, as signing out elsewhere or an admin would. */
export async function revokeToken(token: string): Promise<void> {
  const res = await callApi('POST', '/auth/logout', token);
  if (res.status !== 204) throw new Error(`logout answered ${res.status}`);
}

/** One request the code under test sent. */
export interface SentRequest {
  method: string;
  url: URL;
  path: string;
  /** The JSON body, parsed. */
  body: unknown;
  authorization: string | null;
  /** The `Idempotency-Key` header, when sent. */
  idempotencyKey: string | null;
}

/**
 * Records every request sent through the global `fetch` and passes it on unchanged to the network, so
 * tests can count what reached the server. `hold` may keep a request back for a while, as a slow network
 * would. Undone by `vi.unstubAllGlobals()`.
 * @example const watch = watchRequests(); …; expect(watch.lookups()).toHaveLength(1);
 */
export function watchRequests(options: { hold?: (request: SentRequest) => Promise<void> | undefined } = {}) {
  const sent: SentRequest[] = [];
  const watched = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const request: SentRequest = {
      method: init.method ?? 'GET',
      url,
      path: url.pathname,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      authorization: new Headers(init.headers).get('authorization'),
      idempotencyKey: new Headers(init.headers).get('idempotency-key'),
    };
    sent.push(request);
    await options.hold?.(request);
    return networkFetch(input, init);
  };
  vi.stubGlobal('fetch', watched);
  return {
    sent,
    /** The `POST /lookup` requests so far. */
    lookups: () => sent.filter((r) => r.path === '/api/v1/lookup'),
  };
}

/**
 * A loopback TCP path to the server that a test can cut, as when the server or the network goes away, and
 * restore on the same port. It forwards bytes both ways and knows nothing of HTTP.
 * @example const link = await openLink(); …sign in at link.origin…; await link.cut();
 */
export async function openLink(target = ORIGIN) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const relay = createTcpServer((client) => {
    const upstream = connect(Number(port), hostname);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      from.on('close', () => sockets.delete(from));
      from.on('error', () => to.destroy());
      from.pipe(to);
    }
  });
  const listen = (at: number) =>
    new Promise<number>((resolve, reject) => {
      relay.once('error', reject);
      relay.listen(at, '127.0.0.1', () => {
        relay.off('error', reject);
        resolve((relay.address() as AddressInfo).port);
      });
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      if (!relay.listening) return resolve();
      relay.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  const at = await listen(0);
  toClose.push(cut);
  return {
    origin: `http://127.0.0.1:${at}`,
    cut,
    restore: async () => {
      await listen(at);
    },
  };
}

/**
 * Starts a local HTTP server that is explicitly NOT Rapport and answers every request with `reply`: the
 * "wrong server URL" cases (a web server's welcome page, some other JSON API) need a server that is
 * something else. Answers its origin; closed after the test.
 * @example const origin = await startOtherServer({ status: 200, type: 'text/html', body: '<html>' });
 */
export async function startOtherServer(reply: {
  status: number;
  type: string;
  body: string;
}): Promise<string> {
  const other = createHttpServer((_req, res) => {
    res.writeHead(reply.status, { 'content-type': reply.type });
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  toClose.push(
    () =>
      new Promise<void>((resolve) => {
        other.close(() => resolve());
        other.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
}
