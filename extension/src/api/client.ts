import { browser } from '#imports';
import { intlLocale, m } from '../i18n';
import type { Session } from '../storage';
import { fail, fromHttp, RapportFailure } from './errors';
import { isPreGranted, originPattern } from './server-url';
import { expireSession } from './session-store';

/** The part of a zod schema the client uses, so this file needs no zod import of its own. */
export interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

export interface SendOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  token?: string;
  timeoutMs?: number;
  /** Sent as `Idempotency-Key` (issue 8): made once per user action, so a retry is applied once. */
  idempotencyKey?: string;
}

/** What came back: the status and the parsed JSON body (undefined when the body was not JSON). */
export interface Answer {
  status: number;
  body: unknown;
  /** The `Retry-After` header, when the server asked to be asked again later. */
  retryAfter?: string;
}

const TIMEOUT_MS = 10_000;

/**
 * One HTTP exchange with a server; throws 'unreachable' when nothing answers, never on an HTTP status.
 * @example const { status, body } = await send('http://localhost:8787', '/healthz')
 */
export async function send(origin: string, path: string, options: SendOptions = {}): Promise<Answer> {
  const url = new URL(path, origin);
  for (const [k, v] of Object.entries(options.query ?? {}))
    if (v !== undefined) url.searchParams.set(k, String(v));
  // The server answers in the person's language (its error messages and signals are meant for people).
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': intlLocale() };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  let res: Response;
  try {
    res = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(timeoutMs),
      credentials: 'omit',
    });
  } catch (err) {
    return fail('unreachable', await unreachableMessage(origin, err, timeoutMs));
  }
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const retryAfter = res.headers.get('retry-after');
  return retryAfter === null ? { status: res.status, body } : { status: res.status, body, retryAfter };
}

/** Why a fetch threw: a timeout, a missing host permission, or no server at that address. */
async function unreachableMessage(origin: string, err: unknown, timeoutMs: number): Promise<string> {
  if ((err as { name?: string } | null)?.name === 'TimeoutError') {
    return m.common.errors.timeout(origin, timeoutMs / 1000);
  }
  if (!isPreGranted(origin)) {
    const allowed = await browser.permissions
      .contains({ origins: [originPattern(origin)] })
      .catch(() => true);
    if (!allowed) return m.common.errors.notAllowed(origin);
  }
  return m.common.errors.unreachable(origin);
}

/**
 * A JSON request to any origin: parses a 2xx body with `schema`, maps every other answer to a typed error.
 * @example const user = await request(origin, '/api/v1/me', zUser, { token })
 */
export async function request<T>(
  origin: string,
  path: string,
  schema: Schema<T> | null,
  options: SendOptions = {},
) {
  const { status, body } = await send(origin, path, options);
  if (status < 200 || status > 299) throw new RapportFailure(fromHttp(status, body, origin));
  if (status === 204 || schema === null) return undefined as T;
  if (body === undefined) return fail('not_rapport', m.common.errors.notRapport(origin));
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    return fail('server', m.common.errors.unknownShape(origin));
  }
  return parsed.data;
}

/**
 * A request with the session's token to its own server. A 401 ends the session (the overlay then offers
 * "Sign in again") before the 'expired' error is rethrown.
 * @example const hits = await api(session, '/search', zSearchResponse, { query: { q: 'acme' } })
 */
export async function api<T>(
  session: Session,
  path: string,
  schema: Schema<T> | null,
  options: SendOptions = {},
) {
  try {
    return await request(session.serverUrl, `/api/v1${path}`, schema, { ...options, token: session.token });
  } catch (err) {
    if (err instanceof RapportFailure && err.error.code === 'expired') await expireSession(session);
    throw err;
  }
}
