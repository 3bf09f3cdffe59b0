/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import { isLocale, parseAcceptLanguage } from '@rapport/shared';
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

import type { Deps } from '../deps';
import { ENGLISH, LANGUAGE_COOKIE, languageOf } from '../i18n';
import { fromDbError } from '../lib/db-errors';
import { ApiError, httpMessage } from '../lib/errors';
import { ADMIN_CSS, ADMIN_JS } from './assets';
import { redirectWithFlash } from './flash';
import { formFields, safeNext } from './forms';
import { auditPages } from './pages/audit';
import { backupPages } from './pages/backup';
import { linkPages } from './pages/links';
import { peoplePages } from './pages/people';
import { settingsPages } from './pages/settings';
import { signInPages } from './pages/sign-in';
import { tokenPages } from './pages/tokens';
import { transferPages } from './pages/transfer';
import { userPages } from './pages/users';
import { type ConsoleContext, render, signedIn } from './render';
import { type ConsoleEnv, checkOrigin, cookieOptions, csrfMatches, loadSession } from './session';

/**
 * Only this server's stylesheet and script, no inline code, no other site: forms post here (the import's
 * upload script and progress polling too) and nothing frames the console.
 */
const CSP =
  "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";

/**
 * The admin console at `/admin` (issue 5): server-rendered HTML forms that work without JavaScript, signed in
 * with a cookie session. Public: sign-in, invite and reset links. Admins: users, tokens, settings, the audit
 * log, backup. Other roles: their own tokens.
 * @example app.route('/admin', adminConsole(deps))
 */
export function adminConsole(deps: Deps) {
  const app = new Hono<ConsoleEnv>();

  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    if (!c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store');
  });
  // GET /admin/admin.css, GET /admin/admin.js
  app.get('/admin.css', (c) =>
    c.body(ADMIN_CSS, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    }),
  );
  app.get('/admin.js', (c) =>
    c.body(ADMIN_JS, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    }),
  );

  app.use('*', loadSession(deps));
  app.use('*', checkOrigin(deps));
  // POST /admin/language: the language switch in every page's footer (signed in or not)
  app.post('/language', async (c) => {
    const f = await formFields(c);
    const session = c.var.session;
    if (session && !csrfMatches(session, f.csrf)) {
      throw new ApiError(403, 'forbidden', (m) => m.errors.console.staleForm, { reason: 'csrf' });
    }
    const next = safeNext(f.next);
    if (!isLocale(f.lang)) return c.redirect(next, 303);
    setCookie(c, LANGUAGE_COOKIE, f.lang, cookieOptions(c, deps.env, LANGUAGE_COOKIE_SECONDS));
    c.set('lang', languageOf(f.lang, parseAcceptLanguage(c.req.header('accept-language'))));
    return redirectWithFlash(c, deps.env, next, {
      kind: 'success',
      text: c.var.lang.m.admin.language.changed,
    });
  });
  app.route('/', signInPages(deps));
  app.route('/', linkPages(deps));

  const inside = new Hono<ConsoleEnv>();
  inside.use('*', signedIn(deps));
  inside.route('/', userPages(deps));
  inside.route('/', tokenPages(deps));
  inside.route('/', settingsPages(deps));
  inside.route('/', peoplePages(deps));
  inside.route('/', transferPages(deps));
  inside.route('/', auditPages(deps));
  inside.route('/', backupPages(deps));
  inside.all('*', (c) => {
    // A form's address opened as a link (pasted, bookmarked) changes nothing: it says to use the form.
    if ((c.req.method === 'GET' || c.req.method === 'HEAD') && takesOnlyForms(c.req.path)) {
      return errorPage(c, deps, new ApiError(403, 'forbidden', (m) => m.errors.console.formOnly));
    }
    return errorPage(c, deps, new ApiError(404, 'not_found', (m) => m.errors.console.noPage));
  });
  app.route('/', inside);

  /** The console's POST routes as patterns (read once, after every route is added). */
  let forms: RegExp[] | null = null;
  const takesOnlyForms = (path: string): boolean => {
    forms ??= app.routes.filter((r) => r.method === 'POST').map((r) => routePattern(r.path));
    const relative = path.replace(/^\/admin(?=\/|$)/, '') || '/';
    return forms.some((form) => form.test(relative));
  };

  app.onError((caught, c) => {
    const err = fromDbError(caught) ?? caught;
    if (err instanceof ApiError) {
      if (err.headers?.['Retry-After']) c.header('Retry-After', err.headers['Retry-After']);
      return errorPage(c, deps, err);
    }
    if (err instanceof HTTPException) {
      return errorPage(
        c,
        deps,
        new ApiError(400, 'validation_failed', (m) =>
          err.message ? httpMessage(err.message, m) : m.errors.console.unreadable,
        ),
      );
    }
    deps.log.error('unhandled error', {
      method: c.req.method,
      path: c.req.path,
      error: err.stack ?? String(err),
    });
    return errorPage(c, deps, new ApiError(500, 'internal_error', (m) => m.errors.internal));
  });

  return app;
}

/** A route path (`/tokens/:id/revoke`) as a pattern matching the paths it answers. */
function routePattern(path: string): RegExp {
  const literal = path
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${literal.join('/')}$`);
}

/** The language choice is kept a year (it is not a secret: HttpOnly and on /admin like the session). */
const LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600;

function errorPage(c: ConsoleContext, deps: Deps, err: ApiError) {
  const session = c.var.session ?? null;
  if (!c.var.session) c.set('session', null);
  const { m } = c.var.lang ?? ENGLISH;
  const t = m.admin.errorPage;
  const title = (t as Record<number, string>)[err.status] ?? t.other;
  const message = err.messageIn(m);
  return render(
    c,
    deps,
    { title },
    <>
      <p role="alert">{message.endsWith('.') ? message : `${message}.`}</p>
      <p>{session ? <a href="/admin">{t.backToConsole}</a> : <a href="/admin/sign-in">{t.toSignIn}</a>}</p>
    </>,
    err.status as ContentfulStatusCode,
  );
}
