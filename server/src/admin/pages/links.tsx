/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import { type Invite, isolate, zAcceptInviteRequest, zCompletePasswordResetRequest } from '@rapport/shared';
import { Hono } from 'hono';

import { countLinkAttempt } from '../../auth/login';
import { acceptInvite, checkLink, completePasswordReset, type LinkCheck } from '../../db/invite-repository';
import { clientIp, type Deps } from '../../deps';
import type { Messages } from '../../i18n';
import { ApiError } from '../../lib/errors';
import { hashPassword } from '../../lib/passwords';
import { redirectWithFlash } from '../flash';
import { type FieldErrors, formFields, parseForm } from '../forms';
import { Input, roleLabel, summaryItems } from '../layout';
import { type ConsoleContext, render } from '../render';
import { type ConsoleEnv, startSession } from '../session';

/**
 * `/admin/invite?token=…` (a new colleague sets name and password) and `/admin/reset?token=…` (a new password).
 * Both sign the person in to the console afterwards. A used, expired or withdrawn link says so.
 */
export function linkPages(deps: Deps) {
  const { db, env } = deps;

  const problem = (c: ConsoleContext, title: string, check: Exclude<LinkCheck, { ok: true }>) =>
    render(
      c,
      deps,
      { title },
      <>
        <p role="alert">{check.message(c.var.lang.m)}.</p>
        <p>
          <a href="/admin/sign-in">{c.var.lang.m.admin.errorPage.toSignIn}</a>
        </p>
      </>,
      check.reason === 'unknown' ? 404 : 410,
    );

  const inviteLabels = (m: Messages) => ({
    name: m.admin.links.yourName,
    password: m.admin.common.password,
    passwordRepeat: m.admin.links.passwordAgain,
  });
  const resetLabels = (m: Messages) => ({
    password: m.admin.links.newPassword,
    passwordRepeat: m.admin.links.newPasswordAgain,
  });

  const passwordFields = (
    prefix: string,
    errors: FieldErrors,
    labels: Record<string, string>,
    m: Messages,
  ) => (
    <>
      <Input
        prefix={prefix}
        name="password"
        label={labels.password ?? m.admin.common.password}
        type="password"
        autocomplete="new-password"
        hint={m.admin.links.passwordHint}
        error={errors.password}
        required
      />
      <Input
        prefix={prefix}
        name="passwordRepeat"
        label={labels.passwordRepeat ?? m.admin.links.passwordAgain}
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
  ) => {
    const { m } = c.var.lang;
    const t = m.admin.links;
    const labels = inviteLabels(m);
    return render(
      c,
      deps,
      { title: t.joinTitle, errors: summaryItems(errors, labels, 'invite') },
      <>
        <p>
          {t.invitedAs} <strong>{roleLabel(m, invite.role)}</strong> {t.withEmail}{' '}
          <strong>{invite.email}</strong>. {t.joinIntro}
        </p>
        <form method="post" action="/admin/invite" novalidate>
          <input type="hidden" name="token" value={token} />
          <Input
            prefix="invite"
            name="name"
            label={labels.name}
            autocomplete="name"
            value={values.name}
            error={errors.name}
            required
          />
          {passwordFields('invite', errors, labels, m)}
          <button type="submit">{t.createAccount}</button>
        </form>
      </>,
      status,
    );
  };

  const resetForm = (
    c: ConsoleContext,
    token: string,
    invite: Invite,
    errors: FieldErrors = {},
    status: 200 | 400 = 200,
  ) => {
    const { m } = c.var.lang;
    const t = m.admin.links;
    const labels = resetLabels(m);
    return render(
      c,
      deps,
      { title: t.resetTitle, errors: summaryItems(errors, labels, 'reset') },
      <>
        <p>
          {t.resetFor} <strong>{invite.email}</strong>. {t.resetIntro}
        </p>
        <form method="post" action="/admin/reset" novalidate>
          <input type="hidden" name="token" value={token} />
          {passwordFields('reset', errors, labels, m)}
          <button type="submit">{t.setPassword}</button>
        </form>
      </>,
      status,
    );
  };

  /** The repeated password must match; the schema checks the rest. */
  const repeatError = (f: Record<string, string>, m: Messages): FieldErrors =>
    f.password && f.passwordRepeat !== f.password ? { passwordRepeat: m.admin.links.notSame } : {};

  return (
    new Hono<ConsoleEnv>()
      // GET /admin/invite?token=…
      .get('/invite', async (c) => {
        const token = c.req.query('token') ?? '';
        // Opening a link tells whether it is live: counted like using it, so links cannot be probed without end.
        countLinkAttempt(deps, clientIp(c, env.RAPPORT_TRUST_PROXY), token);
        const check = await checkLink(db.kysely, 'invite', token);
        if (!check.ok) return problem(c, c.var.lang.m.admin.links.inviteUnusable, check);
        return inviteForm(c, token, check.invite, {});
      })
      // POST /admin/invite
      .post('/invite', async (c) => {
        const f = await formFields(c);
        const token = f.token ?? '';
        countLinkAttempt(deps, clientIp(c, env.RAPPORT_TRUST_PROXY), token);
        const check = await checkLink(db.kysely, 'invite', token);
        const { m } = c.var.lang;
        if (!check.ok) return problem(c, m.admin.links.inviteUnusable, check);
        const parsed = parseForm(
          zAcceptInviteRequest,
          { token, name: f.name ?? '', password: f.password ?? '' },
          m,
        );
        const errors = { ...(parsed.ok ? {} : parsed.errors), ...repeatError(f, m) };
        if (!parsed.ok || Object.keys(errors).length > 0)
          return inviteForm(c, token, check.invite, { name: f.name }, errors, 400);
        const passwordHash = await hashPassword(parsed.data.password, env.RAPPORT_SCRYPT_LOG_N);
        try {
          const user = await acceptInvite(db.kysely, { token, name: parsed.data.name, passwordHash });
          await startSession(c, deps, user.id);
          return redirectWithFlash(c, env, '/admin', {
            kind: 'success',
            text: m.admin.links.welcome(isolate(user.name)),
          });
        } catch (err) {
          if (!(err instanceof ApiError) || err.status !== 409) throw err;
          return problem(c, m.admin.links.inviteUnusable, {
            ok: false,
            reason: 'used',
            message: (cat) => err.messageIn(cat),
          });
        }
      })
      // GET /admin/reset?token=…
      .get('/reset', async (c) => {
        const token = c.req.query('token') ?? '';
        // Opening a link tells whether it is live: counted like using it, so links cannot be probed without end.
        countLinkAttempt(deps, clientIp(c, env.RAPPORT_TRUST_PROXY), token);
        const check = await checkLink(db.kysely, 'reset', token);
        if (!check.ok) return problem(c, c.var.lang.m.admin.links.linkUnusable, check);
        return resetForm(c, token, check.invite);
      })
      // POST /admin/reset
      .post('/reset', async (c) => {
        const f = await formFields(c);
        const token = f.token ?? '';
        countLinkAttempt(deps, clientIp(c, env.RAPPORT_TRUST_PROXY), token);
        const check = await checkLink(db.kysely, 'reset', token);
        const { m } = c.var.lang;
        if (!check.ok) return problem(c, m.admin.links.linkUnusable, check);
        const parsed = parseForm(zCompletePasswordResetRequest, { token, password: f.password ?? '' }, m);
        const errors = { ...(parsed.ok ? {} : parsed.errors), ...repeatError(f, m) };
        if (!parsed.ok || Object.keys(errors).length > 0)
          return resetForm(c, token, check.invite, errors, 400);
        const passwordHash = await hashPassword(parsed.data.password, env.RAPPORT_SCRYPT_LOG_N);
        try {
          const user = await completePasswordReset(db.kysely, { token, passwordHash });
          await startSession(c, deps, user.id);
          return redirectWithFlash(c, env, '/admin', {
            kind: 'success',
            text: m.admin.links.passwordChanged,
          });
        } catch (err) {
          if (!(err instanceof ApiError) || err.status !== 409) throw err;
          return problem(c, m.admin.links.linkUnusable, {
            ok: false,
            reason: 'used',
            message: (cat) => err.messageIn(cat),
          });
        }
      })
  );
}
