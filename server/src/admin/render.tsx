/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

import type { Deps } from '../deps';
import { ENGLISH, LanguageContext } from '../i18n';
import { ApiError } from '../lib/errors';
import { redirectWithFlash, takeFlash } from './flash';
import { formFields, safeNext } from './forms';
import { Layout, type LayoutProps } from './layout';
import { multipartBoundary } from './multipart';
import { type ConsoleEnv, type ConsoleSession, csrfMatches } from './session';
import { isConsoleUpload } from './uploads';

export type ConsoleContext = Context<ConsoleEnv>;

/** Renders a console page (taking this request's flash message) with `status`. Pages are never cached. */
export function render(
  c: ConsoleContext,
  deps: Deps,
  props: Omit<LayoutProps, 'session' | 'flash'>,
  body: Child,
  status: ContentfulStatusCode = 200,
) {
  const flash = takeFlash(c, deps.env);
  return c.html(
    <LanguageContext.Provider value={c.var.lang ?? ENGLISH}>
      <Layout here={herePath(c)} {...props} session={c.var.session} flash={flash}>
        {body}
      </Layout>
    </LanguageContext.Provider>,
    status,
  );
}

/**
 * Where the language switch returns to: this page for a GET, else the page the form was on (a POST's own path
 * may not answer a GET).
 */
function herePath(c: ConsoleContext): string {
  if (c.req.method === 'GET') {
    const url = new URL(c.req.url);
    return safeNext(url.pathname + url.search);
  }
  const referer = c.req.header('referer');
  if (!referer) return '/admin';
  try {
    const url = new URL(referer);
    return url.origin === new URL(c.req.url).origin ? safeNext(url.pathname + url.search) : '/admin';
  } catch {
    return '/admin';
  }
}

/** The signed-in session (routes behind `signedIn` only). */
export function me(c: ConsoleContext): ConsoleSession {
  const session = c.var.session;
  if (!session) throw new ApiError(401, 'unauthorized', (m) => m.errors.console.signInFirst);
  return session;
}

/** Throws 403 unless the console user is an admin; the page says what they can do instead. */
export function adminOnly(c: ConsoleContext): ConsoleSession {
  const session = me(c);
  if (session.actor.role !== 'admin') {
    throw new ApiError(403, 'forbidden', (m) => m.errors.console.adminsOnly);
  }
  return session;
}

/**
 * Behind it, pages need a console session: a GET without one goes to sign-in and comes back after; a POST
 * without one, or without this session's CSRF value, is refused.
 */
export function signedIn(deps: Deps) {
  return createMiddleware<ConsoleEnv>(async (c, next) => {
    const session = c.var.session;
    if (!session) {
      const back = new URL(c.req.url);
      if (c.req.method === 'GET') {
        return c.redirect(`/admin/sign-in?next=${encodeURIComponent(back.pathname + back.search)}`, 303);
      }
      return redirectWithFlash(c, deps.env, '/admin/sign-in', {
        kind: 'error',
        text: c.var.lang.m.admin.errorPage.sessionEnded,
      });
    }
    // The streamed upload checks its CSRF value itself as the form arrives (reading it here would buffer it).
    const streamed = isConsoleUpload(c.req.path) && multipartBoundary(c.req.header('content-type')) !== null;
    if (c.req.method === 'POST' && !streamed && !csrfMatches(session, (await formFields(c)).csrf)) {
      throw new ApiError(403, 'forbidden', (m) => m.errors.console.staleForm, { reason: 'csrf' });
    }
    await next();
  });
}
