/*
 * Tests only: a stand-in for the Rapport server at the `fetch` boundary. Bodies are built through the shared
 * zod schemas, so they keep the real contract's shape; the real server is exercised by the e2e tests.
 */
import {
  emailDomain,
  type LookupAccount,
  type LookupResult,
  type LookupStakeholder,
  normalizeEmail,
  parseLinkedin,
  zLoginResponse,
  zLookupRequest,
  zLookupResponse,
  zUser,
} from '@rapport/shared';
import { vi } from 'vitest';

export const ORIGIN = 'http://localhost:8787';
const T = '2026-01-05T09:00:00.000Z';
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

export const MARTA = zUser.parse({
  id: 'u_marta',
  email: 'marta@ourco.example',
  name: 'Marta Rossi',
  role: 'account_manager',
  active: true,
  createdAt: T,
  updatedAt: T,
  version: 1,
});
const MARTA_REF = { id: MARTA.id, name: MARTA.name, email: MARTA.email, role: MARTA.role };

function account(id: string, name: string, domain: string, tier: 'key' | 'standard'): LookupAccount {
  return {
    id,
    name,
    domains: [domain],
    linkedinSlug: name.toLowerCase(),
    status: 'customer',
    tier,
    industry: null,
    owner: MARTA_REF,
    reps: [],
    ownership: { relation: 'owner', message: `${tier === 'key' ? 'Key account' : 'Account'}, owned by you` },
    openOpportunities: [],
    stakeholders: [],
    stakeholderCount: 0,
  };
}

/** The organisation the fake server knows: two accounts, matched by domain or company slug. */
export const ACCOUNTS = [
  account('a_acme', 'Acme', 'acme.example', 'key'),
  account('a_globex', 'Globex', 'globex.example', 'standard'),
];

/**
 * Answers a lookup the way the server does for a stakeholder's exact address or profile, then a company slug
 * or a domain, over `accounts` (the organisation above unless given).
 */
export function answerLookup(body: unknown, accounts: readonly LookupAccount[] = ACCOUNTS) {
  const req = zLookupRequest.parse(body);
  const person = (has: (s: LookupStakeholder) => boolean) => {
    for (const a of accounts) {
      const s = a.stakeholders.find(has);
      if (s) return { contactId: s.id, accountId: a.id };
    }
    return null;
  };
  const matchEmail = (input: string): LookupResult => {
    const email = normalizeEmail(input);
    const base = { input, type: 'email' as const, normalized: email };
    const known = email ? person((s) => s.emails.includes(email)) : null;
    if (known) return { ...base, match: 'email', reason: null, ...known };
    const hit = email ? accounts.find((a) => a.domains.includes(emailDomain(email))) : undefined;
    const internal = email?.endsWith('@ourco.example') ?? false;
    return {
      ...base,
      match: hit ? 'domain' : internal ? 'internal' : 'none',
      reason: hit || internal ? null : email ? 'unknown' : 'invalid',
      contactId: null,
      accountId: hit?.id ?? null,
    };
  };
  const matchLinkedin = (input: string): LookupResult => {
    const ref = parseLinkedin(input);
    const base = { input, type: 'linkedin' as const, normalized: ref?.slug ?? null };
    const known = ref && ref.kind !== 'company' ? person((s) => s.linkedinSlug === ref.slug) : null;
    if (known) return { ...base, match: 'linkedin', reason: null, ...known };
    const hit = ref ? accounts.find((a) => a.linkedinSlug === ref.slug) : undefined;
    return hit
      ? { ...base, match: 'linkedin', reason: null, contactId: null, accountId: hit.id }
      : { ...base, match: 'none', reason: ref ? 'unknown' : 'invalid', contactId: null, accountId: null };
  };
  const results = [...req.emails.map(matchEmail), ...req.linkedin.map(matchLinkedin)];
  const ids = new Set(results.map((r) => r.accountId));
  return zLookupResponse.parse({ results, accounts: accounts.filter((a) => ids.has(a.id)) });
}

export interface Call {
  method: string;
  path: string;
  url: URL;
  body: unknown;
  authorization: string | null;
}
type Reply = { status: number; body?: unknown; text?: string } | 'network-error';
type Route = (call: Call) => Reply | Promise<Reply>;

/** The default routes: a healthy server with one user whose password is `correct horse`. */
const DEFAULT_ROUTES: Record<string, Route> = {
  'GET /healthz': () => ({ status: 200, body: { ok: true, database: 'sqlite' } }),
  'POST /api/v1/auth/login': ({ body }) =>
    (body as { password?: string }).password === 'correct horse'
      ? {
          status: 200,
          body: zLoginResponse.parse({ token: 'tok_1', expiresAt: inDays(30), user: MARTA }),
        }
      : { status: 401, body: { error: { code: 'unauthorized', message: 'Wrong email or password' } } },
  'POST /api/v1/auth/logout': () => ({ status: 204 }),
  'GET /api/v1/me': () => ({ status: 200, body: MARTA }),
  'POST /api/v1/lookup': ({ body }) => ({ status: 200, body: answerLookup(body) }),
};

/**
 * Replaces `fetch` with the fake server; `routes` override or add `METHOD /path` handlers. Every call is
 * recorded in `calls`; an unknown route answers the server's 404 body.
 * @example const server = stubServer({ 'GET /healthz': () => ({ status: 200, text: '<html>' }) });
 */
export function stubServer(routes: Record<string, Route> = {}) {
  const calls: Call[] = [];
  const all = { ...DEFAULT_ROUTES, ...routes };
  const fetch = vi.fn(async (input: URL | string, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const method = init.method ?? 'GET';
    const headers = new Headers(init.headers);
    const call: Call = {
      method,
      path: url.pathname,
      url,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      authorization: headers.get('authorization'),
    };
    calls.push(call);
    const route = all[`${method} ${url.pathname}`];
    const reply: Reply = route
      ? await route(call)
      : {
          status: 404,
          body: { error: { code: 'not_found', message: `No route for ${method} ${url.pathname}` } },
        };
    if (reply === 'network-error') throw new TypeError('Failed to fetch');
    const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    return new Response(reply.status === 204 ? null : text, { status: reply.status });
  });
  vi.stubGlobal('fetch', fetch);
  return { calls, fetch, lookups: () => calls.filter((c) => c.path === '/api/v1/lookup') };
}
