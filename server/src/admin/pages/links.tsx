/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import { type Invite, zAcceptInviteRequest, zCompletePasswordResetRequest } from '@rapport/shared';
import { Hono } from 'hono';

import { acceptInvite, checkLink, completePasswordReset, type LinkCheck } from '../../db/invite-repository';
import { clientIp, type Deps } from '../../deps';
import { ApiError } from '../../lib/errors';
import { hashPassword } from '../../lib/passwords';
import { redirectWithFlash } from '../flash';
import { type FieldErrors, formFields, parseForm } from '../forms';
import { Input, ROLE_LABELS, summaryItems } from '../layout';
import { type ConsoleContext, render } from '../render';
import { type ConsoleEnv, startSession } from '../session';

const INVITE_LABELS = { name: 'Your name', password: 'Password', passwordRepeat: 'Password again' };
const RESET_LABELS = { password: 'New password', passwordRepeat: 'New password again' };

/**
 * `/admin/invite?token=…` (a new colleague sets name and password) and `/admin/reset?token=…` (a new password).
 * Both sign the person in to the console afterwards. A used, expired or withdrawn link says so.
 */
export function linkPages(deps: Deps) {
  const { db, env, loginLimiter } = deps;

  const problem = (c: ConsoleContext, title: string, check: Exclude<LinkCheck, { ok: true }>) =>
    render(
      c,
      deps,
      { title },
      <>
        <p role="alert">{check.message(c.var.lang.m)}.</p>
        <p>
          <a href="/admin/sign-in">Go to sign-in</a>
        </p>
      </>,
      check.reason === 'unknown' ? 404 : 410,
    );

  const passwordFields = (prefix: string, errors: FieldErrors, labels: Record<string, string>) => (
    <>
      <Input
        prefix={prefix}
        name="password"
        label={labels.password ?? 'Password'}
        type="password"
        autocomplete="new-password"
        hint="At least 10 characters."
        error={errors.password}
        required
      />
      <Input
        prefix={prefix}
        name="passwordRepeat"
        label={labels.passwordRepeat ?? 'Password again'}
        type="password"
        autocomplete="new-password"
        error={errors.passwordRepeat}
        required
      />
    </>
  );

  const inviteForm = (
    c: ConsoleContext,
    token: string,
    invite: Invite,
    values: { name?: string },
    errors: FieldErrors = {},
    status: 200 | 400 = 200,
  ) =>
    render(
      c,
      deps,
      { title: 'Join Rapport', errors: summaryItems(errors, INVITE_LABELS, 'invite') },
      <>
        <p>
          You are invited as <strong>{ROLE_LABELS[invite.role]}</strong> with the email{' '}
          <strong>{invite.email}</strong>. Choose your name and a password; you sign in with this email and
          password, here and in the Rapport extension.
        </p>
        <form method="post" action="/admin/invite" novalidate>
          <input type="hidden" name="token" value={token} />
          <Input
            prefix="invite"
            name="name"
            label="Your name"
            autocomplete="name"
            value={values.name}
            error={errors.name}
            required
          />
          {passwordFields('invite', errors, INVITE_LABELS)}
          <button type="submit">Create my account</button>
        </form>
      </>,
      status,
    );

  const resetForm = (
    c: ConsoleContext,
    token: string,
    invite: Invite,
    errors: FieldErrors = {},
    status: 200 | 400 = 200,
  ) =>
    render(
      c,
      deps,
      { title: 'Choose a new password', errors: summaryItems(errors, RESET_LABELS, 'reset') },
      <>
        <p>
          For <strong>{invite.email}</strong>. Setting it signs you out everywhere else (the extension and any
          tokens), so sign in again there.
        </p>
        <form method="post" action="/admin/reset" novalidate>
          <input type="hidden" name="token" value={token} />
          {passwordFields('reset', errors, RESET_LABELS)}
          <button type="submit">Set my password</button>
        </form>
      </>,
      status,
    );

  /** The repeated password must match; the schema checks the rest. */
  const repeatError = (f: Record<string, string>): FieldErrors =>
    f.password && f.passwordRepeat !== f.password
      ? { passwordRepeat: 'The two passwords are not the same' }
      : {};

  return (
    new Hono<ConsoleEnv>()
      // GET /admin/invite?token=…
      .get('/invite', async (c) => {
        const token = c.req.query('token') ?? '';
        const check = await checkLink(db.kysely, 'invite', token);
        if (!check.ok) return problem(c, 'This invite cannot be used', check);
        return inviteForm(c, token, check.invite, {});
      })
      // POST /admin/invite
      .post('/invite', async (c) => {
        const f = await formFields(c);
        const token = f.token ?? '';
        loginLimiter.hit(`link:${clientIp(c, env.RAPPORT_TRUST_PROXY)}`);
        const check = await checkLink(db.kysely, 'invite', token);
        if (!check.ok) return problem(c, 'This invite cannot be used', check);
        const parsed = parseForm(zAcceptInviteRequest, {
          token,
          name: f.name ?? '',
          password: f.password ?? '',
        });
        const errors = { ...(parsed.ok ? {} : parsed.errors), ...repeatError(f) };
        if (!parsed.ok || Object.keys(errors).length > 0)
          return inviteForm(c, token, check.invite, { name: f.name }, errors, 400);
        const passwordHash = await hashPassword(parsed.data.password, env.RAPPORT_SCRYPT_LOG_N);
        try {
          const user = await acceptInvite(db.kysely, { token, name: parsed.data.name, passwordHash });
          await startSession(c, deps, user.id);
          return redirectWithFlash(c, env, '/admin', {
            kind: 'success',
            text: `Welcome to Rapport, ${user.name}. Your account is ready.`,
          });
        } catch (err) {
          if (!(err instanceof ApiError) || err.status !== 409) throw err;
          return problem(c, 'This invite cannot be used', {
            ok: false,
            reason: 'used',
            message: (m) => err.messageIn(m),
          });
        }
      })
      // GET /admin/reset?token=…
      .get('/reset', async (c) => {
        const token = c.req.query('token') ?? '';
        const check = await checkLink(db.kysely, 'reset', token);
        if (!check.ok) return problem(c, 'This link cannot be used', check);
        return resetForm(c, token, check.invite);
      })
      // POST /admin/reset
      .post('/reset', async (c) => {
        const f = await formFields(c);
        const token = f.token ?? '';
        loginLimiter.hit(`link:${clientIp(c, env.RAPPORT_TRUST_PROXY)}`);
        const check = await checkLink(db.kysely, 'reset', token);
        if (!check.ok) return problem(c, 'This link cannot be used', check);
        const parsed = parseForm(zCompletePasswordResetRequest, { token, password: f.password ?? '' });
        const errors = { ...(parsed.ok ? {} : parsed.errors), ...repeatError(f) };
        if (!parsed.ok || Object.keys(errors).length > 0)
          return resetForm(c, token, check.invite, errors, 400);
        const passwordHash = await hashPassword(parsed.data.password, env.RAPPORT_SCRYPT_LOG_N);
        try {
          const user = await completePasswordReset(db.kysely, { token, passwordHash });
          await startSession(c, deps, user.id);
          return redirectWithFlash(c, env, '/admin', {
            kind: 'success',
            text: 'Your password is changed. You were signed out everywhere else: sign in again in the extension.',
          });
        } catch (err) {
          if (!(err instanceof ApiError) || err.status !== 409) throw err;
          return problem(c, 'This link cannot be used', {
            ok: false,
            reason: 'used',
            message: (m) => err.messageIn(m),
          });
        }
      })
  );
}
