import type { IncomingMessage, ServerResponse } from 'node:http';

import { zLookupRequest } from '@rapport/shared';

import { signIn } from './auth/middleware';
import type { Deps } from './deps';
import { headerLanguage, type Language } from './i18n';
import { hasNul, JSON_BODY, keepBody, keepFailure, readLimited } from './lib/body';
import { allowedOrigin, SECURE_HEADERS } from './lib/headers';

/** The one route answered below Hono. */
export const LOOKUP_PATH = '/api/v1/lookup';

/** Languages by `Accept-Language` header: the extension sends the same one with every lookup. */
const LANGUAGES_KEPT = 64;

/** A node:http request listener; `next` hands the request on to the app. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * `POST /api/v1/lookup` answered on node:http directly: the extension sends one for every thread and profile
 * opened, and Hono's request and answer objects with the middleware around them cost about as much as the
 * lookup itself (docs/performance.md). This answers only a lookup that signs in and validates, with the very
 * answer and headers the app would give (lookup-listener.test.ts compares the two); anything else (no or a
 * bad token, a body that is not valid JSON or not a lookup, too large) goes on to the app with the body
 * already read, and the app answers it as it answers any route. A lookup that fails here goes on with its
 * error, which the app answers through its error handler without running the lookup again (with the database
 * down, a second run meant a second connection timeout before the 503).
 * @example createServer((req, res) => listener(req, res, () => appListener(req, res)))
 */
export function lookupListener(deps: Deps): NodeListener {
  const { db, env, log, lookups, settings, tokens } = deps;
  const originOk = allowedOrigin(settings);
  const languages = new Map<string, Language>();
  const languageFor = (header: string | undefined): Language => {
    const key = header ?? '';
    let lang = languages.get(key);
    if (!lang) {
      if (languages.size >= LANGUAGES_KEPT) languages.clear();
      lang = headerLanguage(header);
      languages.set(key, lang);
    }
    return lang;
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const started = performance.now();
    const text = await readLimited(req, env.RAPPORT_BODY_LIMIT);
    keepBody(req, text);
    if (text === null || hasNul(text)) return next();
    const known = await settings.get();
    const who = await signIn(db, req.headers.authorization, tokens);
    if (!who.ok) return next();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return next();
    }
    const lang = languageFor(req.headers['accept-language']);
    const parsed = zLookupRequest.safeParse(body);
    if (!parsed.success) return next();
    const json = await lookups.lookupJson(known, who.actor, parsed.data, lang.m, who.changeMark);

    const headers: string[] = [];
    for (const [name, value] of SECURE_HEADERS) headers.push(name, value);
    headers.push('Vary', 'Accept-Language, Origin');
    const origin = req.headers.origin;
    const allowed = origin ? originOk(origin) : null;
    if (allowed) headers.push('Access-Control-Allow-Origin', allowed);
    headers.push('Content-Type', 'application/json', 'Content-Length', String(json.length));
    res.writeHead(200, headers);
    res.end(json);
    log.info('request', {
      method: 'POST',
      path: LOOKUP_PATH,
      status: 200,
      ms: Math.round(performance.now() - started),
    });
  };

  return (req, res, next) => {
    if (
      req.method !== 'POST' ||
      req.url !== LOOKUP_PATH ||
      !JSON_BODY.test(req.headers['content-type'] ?? '') ||
      req.headers.authorization === undefined
    ) {
      next();
      return;
    }
    answer(req, res, next).catch((err: unknown) => {
      // The app answers the failure as any route's (its error handler, in the request's language: a database
      // that is down is a 503 with Retry-After), without running the lookup again; when the client went away
      // there is no one to answer.
      // Not `req.destroyed`: Node sets it once the body has been read, which left every lookup that failed
      // after reading it (the database down) unanswered for good (tests/api/fault-postgres-outage.test.ts).
      if (res.headersSent || res.destroyed || req.socket.destroyed) {
        log.warn('lookup failed', { error: String(err) });
        return;
      }
      keepFailure(req, err);
      next();
    });
  };
}
