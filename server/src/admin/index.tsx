/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

import type { Deps } from '../deps';
import { fromDbError } from '../lib/db-errors';
import { ApiError } from '../lib/errors';
import { ADMIN_CSS, ADMIN_JS } from './assets';
import { auditPages } from './pages/audit';
import { backupPages } from './pages/backup';
import { linkPages } from './pages/links';
import { settingsPages } from './pages/settings';
import { signInPages } from './pages/sign-in';
import { tokenPages } from './pages/tokens';
import { transferPages } from './pages/transfer';
import { userPages } from './pages/users';
import { type ConsoleContext, render, signedIn } from './render';
import { type ConsoleEnv, checkOrigin, loadSession } from './session';

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
  app.route('/', signInPages(deps));
  app.route('/', linkPages(deps));

  const inside = new Hono<ConsoleEnv>();
  inside.use('*', signedIn(deps));
  inside.route('/', userPages(deps));
  inside.route('/', tokenPages(deps));
  inside.route('/', settingsPages(deps));
  inside.route('/', transferPages(deps));
  inside.route('/', auditPages(deps));
  inside.route('/', backupPages(deps));
  inside.all('*', (c) =>
    errorPage(c, deps, new ApiError(404, 'not_found', 'There is no such page in the console')),
  );
  app.route('/', inside);

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
        new ApiError(400, 'validation_failed', err.message || 'This request could not be read'),
      );
    }
    deps.log.error('unhandled error', {
      method: c.req.method,
      path: c.req.path,
      error: err.stack ?? String(err),
    });
    return errorPage(
      c,
      deps,
      new ApiError(500, 'internal_error', 'Something went wrong on the server; it has been logged'),
    );
  });

  return app;
}

const TITLES: Record<number, string> = {
  403: 'Not allowed',
  404: 'Page not found',
  409: 'That did not work',
  413: 'Too large',
  429: 'Too many attempts',
  500: 'Something went wrong',
};

function errorPage(c: ConsoleContext, deps: Deps, err: ApiError) {
  const session = c.var.session ?? null;
  if (!c.var.session) c.set('session', null);
  return render(
    c,
    deps,
    { title: TITLES[err.status] ?? 'That did not work' },
    <>
      <p role="alert">{err.message.endsWith('.') ? err.message : `${err.message}.`}</p>
      <p>{session ? <a href="/admin">Back to the console</a> : <a href="/admin/sign-in">Go to sign-in</a>}</p>
    </>,
    err.status as ContentfulStatusCode,
  );
}
