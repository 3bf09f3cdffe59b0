import { zLoginResponse, zSetupRequest, zSetupStatus } from '@rapport/shared';
import { Hono } from 'hono';
import { html } from 'hono/html';

import { completeSetup, setupRequired } from '../auth/setup';
import { issueToken } from '../auth/tokens';
import { toUser } from '../db/user-repository';
import { type AppEnv, clientIp, type Deps } from '../deps';
import type { Language } from '../i18n';
import { localizeIssue, parseOptions } from '../i18n/zod';
import { ApiError } from '../lib/errors';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

/** `/api/v1/setup`: create the first admin with the one-time setup token (JSON). */
export function setupRoutes({ db, env, loginLimiter }: Deps) {
  return (
    new Hono<AppEnv>()
      // GET /setup
      .get(
        '/',
        describeRoute({
          summary: 'Whether the first administrator still has to be created',
          public: true,
          response: zSetupStatus,
        }),
        async (c) => c.json({ required: await setupRequired(db.kysely) }),
      )
      // POST /setup
      .post(
        '/',
        describeRoute({
          summary: 'Create the first administrator with the one-time setup token, signed in at once',
          public: true,
          response: zLoginResponse,
          status: 201,
          errors: [409, 429],
        }),
        validate('json', zSetupRequest),
        async (c) => {
          loginLimiter.hit(`setup:${clientIp(c, env.RAPPORT_TRUST_PROXY)}`);
          const user = await completeSetup(db.kysely, c.req.valid('json'), env.RAPPORT_SCRYPT_LOG_N);
          const { token, row } = await issueToken(db.kysely, user.id, {
            name: 'First sign-in',
            kind: 'session',
            days: env.RAPPORT_SESSION_DAYS,
          });
          return c.json({ token, expiresAt: row.expires_at, user: toUser(user) }, 201);
        },
      )
  );
}

const page = (lang: Language, body: ReturnType<typeof html>) => html`<!doctype html>
<html lang="${lang.locale}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${lang.m.admin.setup.pageTitle}</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; color: #1f2328; }
      label { display: block; margin-top: 1rem; font-weight: 600; }
      input { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; border: 1px solid #8c959f; border-radius: 6px; }
      input:focus, button:focus { outline: 3px solid #0969da; outline-offset: 1px; }
      button { margin-top: 1.5rem; padding: .6rem 1.2rem; font: inherit; background: #1f6feb; color: #fff; border: 0; border-radius: 6px; }
      .error { color: #cf222e; } code { background: #f6f8fa; padding: .1rem .3rem; }
    </style>
  </head>
  <body>
    ${body}
  </body>
</html>`;

/** `/setup`: the page the printed link opens; a plain form that works without JavaScript. */
export function setupPage({ db, env, loginLimiter }: Deps) {
  const form = (
    lang: Language,
    token: string,
    error?: string,
    values: { name?: string; email?: string } = {},
  ) => {
    const t = lang.m.admin.setup;
    return page(
      lang,
      html`<h1>${t.welcome}</h1>
      <p>${t.intro}</p>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="/setup">
        <input type="hidden" name="token" value="${token}" />
        <label for="name">${t.name}</label>
        <input id="name" name="name" autocomplete="name" required value="${values.name ?? ''}" />
        <label for="email">${t.email}</label>
        <input id="email" name="email" type="email" autocomplete="email" required value="${values.email ?? ''}" />
        <label for="password">${t.password}</label>
        <input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required />
        <button type="submit">${t.submit}</button>
      </form>`,
    );
  };

  return (
    new Hono<AppEnv>()
      // GET /setup?token=…
      .get('/', async (c) => {
        const lang = c.var.lang;
        const t = lang.m.admin.setup;
        if (!(await setupRequired(db.kysely))) {
          return c.html(
            page(
              lang,
              html`<h1>${t.doneTitle}</h1><p>${t.doneBefore}
                <a href="/admin/sign-in">${t.doneLink}</a> ${t.doneAfter}</p>`,
            ),
          );
        }
        const token = c.req.query('token');
        if (!token) {
          return c.html(
            page(
              lang,
              html`<h1>${t.needLinkTitle}</h1>
              <p>${t.needLink} <code>/setup?token=…</code>${t.needLinkAfter}</p>`,
            ),
            400,
          );
        }
        return c.html(form(lang, token));
      })
      // POST /setup (form)
      .post('/', async (c) => {
        const form_ = await c.req.parseBody();
        const raw = Object.fromEntries(
          Object.entries(form_).map(([k, v]) => [k, typeof v === 'string' ? v : '']),
        );
        const lang = c.var.lang;
        const t = lang.m.admin.setup;
        const parsed = zSetupRequest.safeParse(raw, parseOptions(lang.m));
        const values = { name: raw.name, email: raw.email };
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const message = `${issue?.path.join('.')}: ${localizeIssue(issue?.message ?? '', lang.m)}`;
          return c.html(form(lang, raw.token ?? '', message, values), 400);
        }
        try {
          loginLimiter.hit(`setup:${clientIp(c, env.RAPPORT_TRUST_PROXY)}`);
          const user = await completeSetup(db.kysely, parsed.data, env.RAPPORT_SCRYPT_LOG_N);
          return c.html(
            page(
              lang,
              html`<h1>${t.createdTitle}</h1>
              <p>${t.signedUpAs} <strong>${user.email}</strong>. ${t.nextBefore} <a href="/admin/sign-in">${t.nextLink}</a>
              ${t.nextAfter}</p>
              <p>${t.terminal}</p>
              <p><code>curl -X POST ${new URL(c.req.url).origin}/api/v1/auth/login -H 'content-type: application/json' -d '{"email":"${user.email}","password":"…"}'</code></p>`,
            ),
            201,
          );
        } catch (err) {
          if (err instanceof ApiError)
            return c.html(
              form(lang, raw.token ?? '', err.messageIn(lang.m), values),
              err.status === 429 ? 429 : 400,
            );
          throw err;
        }
      })
  );
}
