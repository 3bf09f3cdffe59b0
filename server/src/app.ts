import type { IncomingMessage } from 'node:http';

import type { ApiErrorBody } from '@rapport/shared';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

import { adminConsole } from './admin';
import { CONSOLE_UPLOAD_PATH } from './admin/uploads';
import { requireAuth } from './auth/middleware';
import { TokenCache } from './auth/tokens';
import type { Db } from './db/create-db';
import { LookupReader } from './db/lookup-repository';
import { requestScoped } from './db/request-transaction';
import { SettingsCache } from './db/settings-repository';
import type { AppEnv, Deps } from './deps';
import type { Env } from './env';
import { ENGLISH, languageMiddleware } from './i18n';
import { failureOf, JSON_BODY, readLimited } from './lib/body';
import { fromDbError } from './lib/db-errors';
import { ApiError, httpMessage } from './lib/errors';
import { allowedOrigin as allowedOriginIn, SECURE_HEADERS, withHeaders } from './lib/headers';
import { idempotency } from './lib/idempotency';
import { createLogger, type Logger } from './lib/log';
import { RateLimiter } from './lib/rate-limit';
import { LOOKUP_PATH, lookupListener } from './lookup-listener';
import { describeRoute } from './openapi/describe';
import { openApiRoutes } from './openapi/routes';
import { zHealth } from './openapi/schemas';
import { accountInsightsRoutes } from './routes/account-insights';
import { accountSummaryRoutes } from './routes/account-summary';
import { accountRoutes } from './routes/accounts';
import { auditRoutes } from './routes/audit';
import { authRoutes } from './routes/auth';
import { contactRoutes } from './routes/contacts';
import { exportRoutes } from './routes/export';
import { CSV_IMPORT_PATH, importRoutes } from './routes/import';
import { inviteRoutes } from './routes/invites';
import { lookupRoutes } from './routes/lookup';
import { opportunityRoutes } from './routes/opportunities';
import { peopleRoutes } from './routes/people';
import { plansRoutes } from './routes/plans';
import { portfolioRoutes } from './routes/portfolio';
import { productRoutes } from './routes/products';
import { searchRoutes } from './routes/search';
import { settingsRoutes } from './routes/settings';
import { setupPage, setupRoutes } from './routes/setup';
import { timelineRoutes } from './routes/timeline';
import { touchesRoutes } from './routes/touches';
import { userRoutes } from './routes/users';

export interface CreateAppOptions {
  db: Db;
  env: Env;
  log?: Logger;
  /** The clock for time-dependent answers (coverage, signals, plan periods); tests pass a fixed one. */
  now?: () => Date;
}

/** The node:http message behind a request, when the app runs under @hono/node-server. */
function incomingOf(c: Context): IncomingMessage | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

/**
 * Builds the Rapport HTTP app: JSON API under `/api/v1`, `/healthz`, and the first-run `/setup` page.
 * @example const app = createApp({ db, env }); serve({ fetch: app.fetch, port: env.PORT })
 */
export function createApp({
  db,
  env,
  log = createLogger(env.RAPPORT_LOG_LEVEL),
  now = () => new Date(),
}: CreateAppOptions) {
  const clock = () => now().getTime();
  // The routes' queries join the request's transaction while one is open (Idempotency-Key, lib/idempotency.ts)
  const scoped = { ...db, kysely: requestScoped(db.kysely) };
  const deps: Deps = {
    db: scoped,
    env,
    log,
    now,
    settings: new SettingsCache(scoped.kysely),
    lookups: new LookupReader(db),
    tokens: new TokenCache(),
    loginLimiter: new RateLimiter(10, 15 * 60_000, clock),
    loginIpLimiter: new RateLimiter(env.RAPPORT_LOGIN_LIMIT_PER_ADDRESS, 15 * 60_000, clock),
    tokenLimiter: new RateLimiter(20, 60 * 60_000, clock),
    tokenIpLimiter: new RateLimiter(60, 60 * 60_000, clock),
  };

  const app = new Hono<AppEnv>();

  // The API's headers go on before the handler runs (lib/headers.ts); other pages keep Hono's middleware.
  const secure = secureHeaders();
  app.use('*', (c, next) => {
    if (!c.req.path.startsWith('/api/') || c.req.method === 'OPTIONS') return secure(c, next);
    return withHeaders(
      c,
      next,
      () => {
        for (const [name, value] of SECURE_HEADERS) c.header(name, value);
      },
      (res) => res.headers.has('X-Content-Type-Options'),
    );
  });
  app.use('*', languageMiddleware);
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    if (c.req.path !== '/healthz') {
      log.info('request', {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      });
    }
  });
  // Before CORS: a preflight ends in the CORS middleware, so warming after it left a fresh process
  // refusing configured origins until some other request came by.
  app.use('/api/*', async (c, next) => {
    // warms the cache CORS reads synchronously; not for a lookup that failed below Hono (answered from its
    // error further on): with the database down, that read would wait for a second connection timeout
    if (!failureOf(incomingOf(c))) await deps.settings.get();
    await next();
  });
  const allowedOrigin = allowedOriginIn(deps.settings);
  const preflight = cors({
    origin: allowedOrigin,
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    maxAge: 600,
  });
  // Hono's CORS answers preflights; for the rest it would add `Vary` after the handler, so the same headers
  // go on before it (lib/headers.ts).
  app.use('/api/*', (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    const origin = c.req.header('origin');
    const allowed = origin ? allowedOrigin(origin) : null;
    return withHeaders(
      c,
      next,
      () => {
        if (allowed) c.header('Access-Control-Allow-Origin', allowed);
        c.header('Vary', 'Origin', { append: true });
      },
      (res) => /\borigin\b/i.test(res.headers.get('Vary') ?? ''),
    );
  });
  const bodyLimited = bodyLimit({
    maxSize: env.RAPPORT_BODY_LIMIT,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', (m) => m.errors.bodyTooLarge(env.RAPPORT_BODY_LIMIT), {
        limitBytes: env.RAPPORT_BODY_LIMIT,
      });
    },
  });
  // The API's CSV import (routes/import.ts) and the console's import form (admin/pages/transfer.tsx) stream far
  // larger bodies under their own limit, RAPPORT_IMPORT_LIMIT; every other request gets the global one.
  const streamedUploads = new Set([CSV_IMPORT_PATH, CONSOLE_UPLOAD_PATH]);
  app.use('*', async (c, next) => {
    if (streamedUploads.has(c.req.path)) return next();
    // A JSON body under Node is read straight from the socket's message: the Web Request body that Hono's
    // body limit and `c.req.json()` use costs about 80 µs per lookup in streams alone (docs/performance.md).
    const incoming = incomingOf(c);
    if (!incoming || !JSON_BODY.test(c.req.header('content-type') ?? '')) return bodyLimited(c, next);
    const text = await readLimited(incoming, env.RAPPORT_BODY_LIMIT);
    if (text === null) {
      throw new ApiError(413, 'payload_too_large', (m) => m.errors.bodyTooLarge(env.RAPPORT_BODY_LIMIT), {
        limitBytes: env.RAPPORT_BODY_LIMIT,
      });
    }
    // Hono keeps each body it read as a promise; `c.req.json()` parses this one.
    (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
    return next();
  });

  // A lookup that failed below Hono (lookup-listener.ts) is answered from its error, not run a second time
  app.use(LOOKUP_PATH, async (c, next) => {
    const failed = failureOf(incomingOf(c));
    if (failed) throw failed.error;
    await next();
  });

  // NUL in a path or query: PostgreSQL cannot compare or store it (bodies: lib/validate.ts)
  app.use('/api/*', async (c, next) => {
    if (c.req.url.includes('%00')) throw new ApiError(400, 'validation_failed', (m) => m.errors.nulCharacter);
    await next();
  });

  // GET /healthz
  app.get(
    '/healthz',
    describeRoute({
      summary: 'Whether the server and its database answer: 503 with `ok: false` when the database does not',
      public: true,
      response: zHealth,
    }),
    async (c) => {
      try {
        await db.kysely.selectFrom('meta').select('key').limit(1).execute();
        return c.json({ ok: true, database: db.dialect });
      } catch (err) {
        log.error('health check failed', { error: String(err) });
        return c.json({ ok: false, database: db.dialect }, 503);
      }
    },
  );

  app.route('/setup', setupPage(deps));
  app.route('/admin', adminConsole(deps));

  const api = new Hono<AppEnv>();
  api.route('/setup', setupRoutes(deps));
  api.route('/auth', authRoutes(deps));
  api.route('/', inviteRoutes.public(deps));
  api.use('*', requireAuth(deps));
  // Retried writes apply once: after sign-in, as keys are per user (lib/idempotency.ts)
  api.use('*', idempotency(deps));
  api.route('/', authRoutes.me(deps));
  api.route('/settings', settingsRoutes(deps));
  api.route('/users', userRoutes(deps));
  api.route('/invites', inviteRoutes(deps));
  api.route('/products', productRoutes(deps));
  api.route('/accounts', accountRoutes(deps));
  api.route('/accounts', accountSummaryRoutes(deps));
  api.route('/accounts', plansRoutes(deps));
  api.route('/accounts', accountInsightsRoutes(deps));
  api.route('/accounts', timelineRoutes(deps));
  api.route('/touches', touchesRoutes(deps));
  api.route('/portfolio', portfolioRoutes(deps));
  api.route('/contacts', contactRoutes(deps));
  api.route('/contacts', peopleRoutes(deps));
  api.route('/opportunities', opportunityRoutes(deps));
  api.route('/lookup', lookupRoutes(deps));
  api.route('/search', searchRoutes(deps));
  api.route('/audit', auditRoutes(deps));
  api.route('/export', exportRoutes(deps));
  api.route('/import', importRoutes(deps));
  app.route('/api/v1', api);
  // GET /api/openapi.json and /api/docs, built from the routes above on first request (issue 5)
  app.route(
    '/api',
    openApiRoutes(() => app.routes),
  );

  app.notFound((c) => {
    const { m } = c.var.lang ?? ENGLISH;
    return c.json<ApiErrorBody>(
      { error: { code: 'not_found', message: m.errors.noRoute(c.req.method, c.req.path) } },
      404,
    );
  });

  app.onError((caught, c) => {
    const err = fromDbError(caught) ?? caught;
    const { m } = c.var.lang ?? ENGLISH;
    if (err instanceof ApiError) {
      if (err.headers) for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
      const body: ApiErrorBody = {
        error: { code: err.code, message: err.messageIn(m), details: err.detailsFor(m) },
      };
      return c.json(body, err.status);
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      const code =
        status === 400
          ? 'invalid_json'
          : status === 401
            ? 'unauthorized'
            : status === 413
              ? 'payload_too_large'
              : 'internal_error';
      return c.json<ApiErrorBody>({ error: { code, message: httpMessage(err.message, m) } }, status);
    }
    log.error('unhandled error', { method: c.req.method, path: c.req.path, error: err.stack ?? String(err) });
    return c.json<ApiErrorBody>(
      {
        error: { code: 'internal_error', message: m.errors.internal },
      },
      500,
    );
  });

  // POST /api/v1/lookup below Hono, for servers on node:http (index.ts); the app answers it too.
  return Object.assign(app, { lookupListener: lookupListener(deps) });
}

export type App = ReturnType<typeof createApp>;
export type { Deps } from './deps';
export type { Env } from './env';
