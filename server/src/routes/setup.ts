import { zLoginResponse, zSetupRequest, zSetupStatus } from '@rapport/shared';
import { Hono } from 'hono';
import { html } from 'hono/html';

import { completeSetup, setupRequired } from '../auth/setup';
import { issueToken } from '../auth/tokens';
import { toUser } from '../db/user-repository';
import { type AppEnv, clientIp, type Deps } from '../deps';
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

const page = (body: ReturnType<typeof html>) => html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Rapport: first-run setup</title>
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
  const form = (token: string, error?: string, values: { name?: string; email?: string } = {}) =>
    page(html`<h1>Welcome to Rapport</h1>
      <p>Create the first administrator. This link works once.</p>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="/setup">
        <input type="hidden" name="token" value="${token}" />
        <label for="name">Your name</label>
        <input id="name" name="name" autocomplete="name" required value="${values.name ?? ''}" />
        <label for="email">Work email</label>
        <input id="email" name="email" type="email" autocomplete="email" required value="${values.email ?? ''}" />
        <label for="password">Password (at least 10 characters)</label>
        <input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required />
        <button type="submit">Create administrator</button>
      </form>`);

  return (
    new Hono<AppEnv>()
      // GET /setup?token=…
      .get('/', async (c) => {
        if (!(await setupRequired(db.kysely))) {
          return c.html(
            page(
              html`<h1>Rapport is set up</h1><p>An administrator exists already. Sign in to the
                <a href="/admin/sign-in">admin console</a> or from the extension.</p>`,
            ),
          );
        }
        const token = c.req.query('token');
        if (!token) {
          return c.html(
            page(html`<h1>Setup link needed</h1>
              <p>Open the one-time link the server printed when it started (it ends in <code>/setup?token=…</code>).
              Restarting the server prints a new one.</p>`),
            400,
          );
        }
        return c.html(form(token));
      })
      // POST /setup (form)
      .post('/', async (c) => {
        const form_ = await c.req.parseBody();
        const raw = Object.fromEntries(
          Object.entries(form_).map(([k, v]) => [k, typeof v === 'string' ? v : '']),
        );
        const parsed = zSetupRequest.safeParse(raw);
        const values = { name: raw.name, email: raw.email };
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          return c.html(form(raw.token ?? '', `${issue?.path.join('.')}: ${issue?.message}`, values), 400);
        }
        try {
          loginLimiter.hit(`setup:${clientIp(c, env.RAPPORT_TRUST_PROXY)}`);
          const user = await completeSetup(db.kysely, parsed.data, env.RAPPORT_SCRYPT_LOG_N);
          return c.html(
            page(html`<h1>You are the administrator</h1>
              <p>Signed up as <strong>${user.email}</strong>. Next, <a href="/admin/sign-in">sign in to the admin
              console</a> to invite your colleagues and set the company's email domains.</p>
              <p>Sign in from the Rapport extension with this email and your password, or from a terminal:</p>
              <p><code>curl -X POST ${new URL(c.req.url).origin}/api/v1/auth/login -H 'content-type: application/json' -d '{"email":"${user.email}","password":"…"}'</code></p>`),
            201,
          );
        } catch (err) {
          if (err instanceof ApiError)
            return c.html(form(raw.token ?? '', err.message, values), err.status === 429 ? 429 : 400);
          throw err;
        }
      })
  );
}
