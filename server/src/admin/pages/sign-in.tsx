/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import { zLoginRequest } from '@rapport/shared';
import { Hono } from 'hono';

import { verifyCredentials } from '../../auth/login';
import { setupRequired } from '../../auth/setup';
import { clientIp, type Deps } from '../../deps';
import { ApiError } from '../../lib/errors';
import { redirectWithFlash } from '../flash';
import { type FieldErrors, formFields, parseForm, safeNext } from '../forms';
import { Input, summaryItems } from '../layout';
import { type ConsoleContext, render } from '../render';
import { type ConsoleEnv, csrfMatches, endSession, startSession } from '../session';

/** `/admin/sign-in`, `/admin/sign-out` and `/admin` itself (which sends each role to its first page). */
export function signInPages(deps: Deps) {
  const { db, env } = deps;

  const form = (
    c: ConsoleContext,
    values: { email?: string; next: string },
    errors: FieldErrors = {},
    status: 200 | 400 | 401 | 429 = 200,
  ) => {
    const { m } = c.var.lang;
    const t = m.admin.signIn;
    const labels = { email: m.admin.common.email, password: m.admin.common.password };
    return render(
      c,
      deps,
      { title: t.title, errors: summaryItems(errors, labels, 'signin') },
      <>
        <p>{t.intro}</p>
        <form method="post" action="/admin/sign-in" novalidate>
          <input type="hidden" name="next" value={values.next} />
          <Input
            prefix="signin"
            name="email"
            label={labels.email}
            type="email"
            autocomplete="username"
            value={values.email}
            error={errors.email}
            required
          />
          <Input
            prefix="signin"
            name="password"
            label={labels.password}
            type="password"
            autocomplete="current-password"
            error={errors.password}
            required
          />
          <button type="submit">{t.submit}</button>
        </form>
        <p class="muted">{t.forgot}</p>
      </>,
      status,
    );
  };

  return (
    new Hono<ConsoleEnv>()
      // GET /admin
      .get('/', (c) => {
        const session = c.var.session;
        if (!session) return c.redirect('/admin/sign-in', 303);
        return c.redirect(session.actor.role === 'admin' ? '/admin/users' : '/admin/tokens', 303);
      })
      // GET /admin/sign-in
      .get('/sign-in', async (c) => {
        if (c.var.session) return c.redirect('/admin', 303);
        if (await setupRequired(db.kysely)) {
          const t = c.var.lang.m.admin.signIn;
          return render(
            c,
            deps,
            { title: t.setupTitle },
            <>
              <p>
                {t.setupBefore} <code>/setup?token=…</code>.
              </p>
              <p>{t.setupAfter}</p>
            </>,
          );
        }
        return form(c, { next: safeNext(c.req.query('next')) });
      })
      // POST /admin/sign-in
      .post('/sign-in', async (c) => {
        const f = await formFields(c);
        const next = safeNext(f.next);
        const parsed = parseForm(
          zLoginRequest,
          { email: f.email ?? '', password: f.password ?? '' },
          c.var.lang.m,
        );
        if (!parsed.ok) return form(c, { email: f.email, next }, parsed.errors, 400);
        try {
          const user = await verifyCredentials(deps, {
            ...parsed.data,
            ip: clientIp(c, env.RAPPORT_TRUST_PROXY),
          });
          await startSession(c, deps, user.id);
        } catch (err) {
          if (!(err instanceof ApiError) || (err.status !== 401 && err.status !== 429)) throw err;
          if (err.headers?.['Retry-After']) c.header('Retry-After', err.headers['Retry-After']);
          return form(c, { email: f.email, next }, { form: err.messageIn(c.var.lang.m) }, err.status);
        }
        return c.redirect(next, 303);
      })
      // POST /admin/sign-out
      .post('/sign-out', async (c) => {
        const session = c.var.session;
        const f = await formFields(c);
        if (session && !csrfMatches(session, f.csrf)) {
          throw new ApiError(403, 'forbidden', (m) => m.errors.console.signOutAgain, { reason: 'csrf' });
        }
        await endSession(c, deps, session);
        return redirectWithFlash(c, env, '/admin/sign-in', {
          kind: 'success',
          text: c.var.lang.m.admin.signIn.signedOut,
        });
      })
  );
}
