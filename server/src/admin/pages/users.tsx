/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import {
  DEFAULT_INVITE_DAYS,
  type Invite,
  isolate,
  USER_ROLES,
  type UserRole,
  zCreateInviteRequest,
  zPageQuery,
  zUserListQuery,
  zUserRole,
} from '@rapport/shared';
import { Hono } from 'hono';

import { changeUser, lastSignIns, listLiveTokens } from '../../db/admin-repository';
import type { UserRow } from '../../db/database';
import {
  createInvite,
  createPasswordReset,
  findInvite,
  listInvites,
  revokeInvite,
} from '../../db/invite-repository';
import { listUsers } from '../../db/user-list';
import { findUserById } from '../../db/user-repository';
import type { Deps } from '../../deps';
import type { Messages } from '../../i18n';
import { ApiError, notFound } from '../../lib/errors';
import { CreatePanel } from '../create-panel';
import { redirectWithFlash } from '../flash';
import { type FieldErrors, formFields, formNumber, parseForm } from '../forms';
import { Csrf, formatDay, Input, Pager, roleLabel, roleOptions, Select, summaryItems, When } from '../layout';
import { inviteUrl, publicOrigin, resetUrl } from '../links';
import { adminOnly, type ConsoleContext, render } from '../render';
import type { ConsoleEnv, ConsoleSession } from '../session';
import { TokenTable } from './tokens';

const inviteLabels = (m: Messages) => ({
  email: m.admin.common.email,
  role: m.admin.common.role,
  expiresInDays: m.admin.users.linkDays,
});

/** `/admin/users` and `/admin/invites`: list, invite, change role, deactivate and reactivate, reset password. */
export function userPages(deps: Deps) {
  const { db, env } = deps;
  const k = db.kysely;

  async function listPage(
    c: ConsoleContext,
    session: ConsoleSession,
    invite: { values: Record<string, string>; errors: FieldErrors } = { values: {}, errors: {} },
    status: 200 | 400 | 409 = 200,
  ) {
    const filters = zPageQuery.extend(zUserListQuery.shape).safeParse(c.req.query());
    const q = filters.success
      ? filters.data
      : { limit: 50, cursor: undefined, role: undefined, active: undefined, q: undefined };
    const rows = await listUsers(k, q);
    const shown = rows.slice(0, q.limit);
    const signIns = await lastSignIns(
      k,
      shown.map((u) => u.id),
    );
    const last = shown.at(-1);
    const next =
      rows.length > q.limit && last
        ? `/admin/users?${new URLSearchParams({ ...(q.q && { q: q.q }), ...(q.role && { role: q.role }), ...(q.active && { active: q.active }), cursor: last.id })}`
        : null;
    const pending = await listInvites(k, { limit: 100, status: 'pending' });
    const e = invite.errors;
    const { m } = c.var.lang;
    const t = m.admin.users;
    const w = m.admin.common;
    const labels = inviteLabels(m);
    const roles = roleOptions(m);
    return render(
      c,
      deps,
      { title: t.title, nav: 'users', errors: summaryItems(e, labels, 'invite') },
      <>
        <CreatePanel
          id="invite-title"
          title={t.inviteTitle}
          hint={t.inviteHint}
          action="/admin/invites"
          session={session}
          submit={t.inviteSubmit}
        >
          <Input
            prefix="invite"
            name="email"
            label={labels.email}
            type="email"
            autocomplete="off"
            value={invite.values.email}
            error={e.email}
            required
          />
          <Select
            prefix="invite"
            name="role"
            label={labels.role}
            value={invite.values.role ?? 'sales_rep'}
            options={roles}
            error={e.role}
          />
          <Input
            prefix="invite"
            name="expiresInDays"
            label={labels.expiresInDays}
            type="number"
            inputmode="numeric"
            min={1}
            max={30}
            value={invite.values.expiresInDays ?? String(DEFAULT_INVITE_DAYS)}
            error={e.expiresInDays}
          />
        </CreatePanel>

        <h2 id="users-title">{t.people}</h2>
        <form method="get" action="/admin/users" class="row" aria-label={t.filterLabel}>
          <Input prefix="filter" name="q" label={t.nameOrEmail} value={q.q} />
          <Select
            prefix="filter"
            name="role"
            label={w.role}
            value={q.role}
            options={[['', t.anyRole], ...roles]}
          />
          <Select
            prefix="filter"
            name="active"
            label={w.status}
            value={q.active}
            options={[
              ['', t.anyStatus],
              ['true', w.active],
              ['false', w.deactivated],
            ]}
          />
          <div>
            <button type="submit" class="secondary">
              {w.filter}
            </button>
          </div>
        </form>
        <table class="stack" aria-labelledby="users-title">
          <thead>
            <tr>
              <th scope="col">{w.name}</th>
              <th scope="col">{w.email}</th>
              <th scope="col">{w.role}</th>
              <th scope="col">{w.status}</th>
              <th scope="col">{t.lastSignIn}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((u) => (
              <tr>
                <td data-label={w.name}>
                  <a href={`/admin/users/${u.id}`}>{u.name}</a>
                </td>
                <td data-label={w.email}>{u.email}</td>
                <td data-label={w.role}>{roleLabel(m, u.role)}</td>
                <td data-label={w.status}>{u.active === 1 ? w.active : w.deactivated}</td>
                <td data-label={t.lastSignIn}>
                  <When at={signIns.get(u.id)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length === 0 && <p>{t.noMatch}</p>}
        <Pager next={next} />

        <h2 id="invites-title">{t.pendingInvites}</h2>
        {pending.items.length === 0 ? (
          <p>{t.noPendingInvites}</p>
        ) : (
          <table class="stack" aria-labelledby="invites-title">
            <thead>
              <tr>
                <th scope="col">{w.email}</th>
                <th scope="col">{w.role}</th>
                <th scope="col">{w.expires}</th>
                <th scope="col">{w.action}</th>
              </tr>
            </thead>
            <tbody>
              {pending.items.map((i) => (
                <tr>
                  <td data-label={w.email}>{i.email}</td>
                  <td data-label={w.role}>{roleLabel(m, i.role)}</td>
                  <td data-label={w.expires}>
                    <When at={i.expiresAt} />
                  </td>
                  <td data-label={w.action}>
                    <a href={`/admin/invites/${i.id}/revoke`} aria-label={t.withdrawFor(i.email)}>
                      {t.withdrawLink}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>,
      status,
    );
  }

  async function userPage(
    c: ConsoleContext,
    session: ConsoleSession,
    user: UserRow,
    problem: { errors: FieldErrors; role?: string } = { errors: {} },
    status: 200 | 400 | 409 = 200,
  ) {
    const signIns = await lastSignIns(k, [user.id]);
    const tokens = await listLiveTokens(k, { userId: user.id, limit: 200 });
    const e = problem.errors;
    const self = user.id === session.actor.id;
    const { m } = c.var.lang;
    const t = m.admin.users;
    const w = m.admin.common;
    return render(
      c,
      deps,
      { title: user.name, nav: 'users', errors: summaryItems(e, { role: w.role }, 'user') },
      <>
        <p>
          <a href="/admin/users">{t.allUsers}</a>
        </p>
        <dl class="facts">
          <dt>{w.email}</dt>
          <dd>{user.email}</dd>
          <dt>{w.role}</dt>
          <dd>{roleLabel(m, user.role)}</dd>
          <dt>{w.status}</dt>
          <dd>{user.active === 1 ? w.active : w.deactivated}</dd>
          <dt>{t.added}</dt>
          <dd>
            <When at={user.created_at} />
          </dd>
          <dt>{t.lastSignIn}</dt>
          <dd>
            <When at={signIns.get(user.id)} />
          </dd>
        </dl>

        <section class="panel" aria-labelledby="role-title">
          <h2 id="role-title">{w.role}</h2>
          <form method="post" action={`/admin/users/${user.id}/role`} novalidate>
            <Csrf session={session} />
            <input type="hidden" name="version" value={String(user.version)} />
            <Select
              prefix="user"
              name="role"
              label={w.role}
              value={problem.role ?? user.role}
              options={roleOptions(m)}
              error={e.role}
              hint={t.roleHint}
            />
            <button type="submit">{t.changeRole}</button>
          </form>
        </section>

        <section class="panel" aria-labelledby="access-title">
          <h2 id="access-title">{t.access}</h2>
          {user.active === 1 ? (
            <>
              <p>{t.deactivateAbout(self ? null : isolate(user.name))}</p>
              <p>
                <a class="button secondary" href={`/admin/users/${user.id}/deactivate`}>
                  {t.deactivateLink}
                </a>
              </p>
              <form method="post" action={`/admin/users/${user.id}/reset`}>
                <Csrf session={session} />
                <p>{t.resetAbout(isolate(user.name))}</p>
                <button type="submit" class="secondary">
                  {t.resetSubmit}
                </button>
              </form>
            </>
          ) : (
            <form method="post" action={`/admin/users/${user.id}/reactivate`}>
              <Csrf session={session} />
              <input type="hidden" name="version" value={String(user.version)} />
              <p>{t.deactivatedAbout(isolate(user.name))}</p>
              <button type="submit">{t.reactivate(isolate(user.name))}</button>
            </form>
          )}
        </section>

        <h2 id="user-tokens-title">{t.liveTokens}</h2>
        <TokenTable items={tokens.items} showOwner={false} labelledBy="user-tokens-title" />
      </>,
      status,
    );
  }

  const loadUser = async (id: string) => {
    const user = await findUserById(k, id);
    if (!user) throw notFound('user', id);
    return user;
  };

  /** Applies a change and redirects with a flash, or shows the user page with the refusal. */
  async function applyChange(
    c: ConsoleContext,
    session: ConsoleSession,
    id: string,
    version: number | string | undefined,
    changes: { role?: UserRole; active?: boolean },
    done: (name: string, m: Messages) => string,
  ) {
    const { m } = c.var.lang;
    try {
      const user = await changeUser(k, {
        id,
        version: typeof version === 'number' ? version : 0,
        changes,
        actor: session.actor,
      });
      return redirectWithFlash(c, env, `/admin/users/${id}`, { kind: 'success', text: done(user.name, m) });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 409) throw err;
      const current = await loadUser(id);
      const stale = err.code === 'version_conflict';
      // A role chosen on a stale page (issue 8): the saved role and the chosen one side by side; the choice
      // stays selected with the current version, so "Change role" saves it.
      const message =
        stale && changes.role
          ? m.admin.users.roleConflict(roleLabel(m, current.role), roleLabel(m, changes.role))
          : stale
            ? m.admin.users.versionConflict
            : err.messageIn(m);
      return userPage(
        c,
        session,
        current,
        {
          errors: changes.role ? { role: message } : { form: message },
          ...(changes.role && { role: changes.role }),
        },
        409,
      );
    }
  }

  return (
    new Hono<ConsoleEnv>()
      // GET /admin/users
      .get('/users', async (c) => listPage(c, adminOnly(c)))
      // GET /admin/users/:id
      .get('/users/:id', async (c) => userPage(c, adminOnly(c), await loadUser(c.req.param('id'))))
      // POST /admin/users/:id/role
      .post('/users/:id/role', async (c) => {
        const session = adminOnly(c);
        const f = await formFields(c);
        const role = zUserRole.safeParse(f.role);
        const id = c.req.param('id');
        if (!role.success) {
          return userPage(
            c,
            session,
            await loadUser(id),
            { errors: { role: c.var.lang.m.admin.users.chooseRole(USER_ROLES.join(', ')) } },
            400,
          );
        }
        return applyChange(c, session, id, formNumber(f.version), { role: role.data }, (name, m) =>
          m.admin.users.roleChanged(name, roleLabel(m, role.data)),
        );
      })
      // GET /admin/users/:id/deactivate (the confirmation step)
      .get('/users/:id/deactivate', async (c) => {
        const session = adminOnly(c);
        const user = await loadUser(c.req.param('id'));
        const tokens = await listLiveTokens(k, { userId: user.id, limit: 200 });
        const { m } = c.var.lang;
        const t = m.admin.users;
        return render(
          c,
          deps,
          { title: t.deactivateTitle(isolate(user.name)), nav: 'users' },
          <form method="post" action={`/admin/users/${user.id}/deactivate`}>
            <Csrf session={session} />
            <input type="hidden" name="version" value={String(user.version)} />
            <input type="hidden" name="confirm" value="yes" />
            <p>{t.deactivateConfirm(user.name, user.email, tokens.items.length)}</p>
            <button type="submit" class="danger">
              {t.deactivate(isolate(user.name))}
            </button>{' '}
            <a href={`/admin/users/${user.id}`}>{m.admin.common.cancel}</a>
          </form>,
        );
      })
      // POST /admin/users/:id/deactivate
      .post('/users/:id/deactivate', async (c) => {
        const session = adminOnly(c);
        const f = await formFields(c);
        const id = c.req.param('id');
        if (f.confirm !== 'yes') return c.redirect(`/admin/users/${id}/deactivate`, 303);
        return applyChange(c, session, id, formNumber(f.version), { active: false }, (name, m) =>
          m.admin.users.deactivated(name),
        );
      })
      // POST /admin/users/:id/reactivate
      .post('/users/:id/reactivate', async (c) => {
        const session = adminOnly(c);
        const f = await formFields(c);
        return applyChange(
          c,
          session,
          c.req.param('id'),
          formNumber(f.version),
          { active: true },
          (name, m) => m.admin.users.reactivated(name),
        );
      })
      // POST /admin/users/:id/reset
      .post('/users/:id/reset', async (c) => {
        const session = adminOnly(c);
        const id = c.req.param('id');
        const { m } = c.var.lang;
        try {
          const { token, user } = await createPasswordReset(k, id, session.actor.id);
          return redirectWithFlash(c, env, `/admin/users/${id}`, {
            kind: 'success',
            text: m.admin.users.resetCreated(isolate(user.name)),
            secret: {
              label: m.admin.users.resetLink,
              value: resetUrl(publicOrigin(c, env), token),
              note: m.admin.users.resetNote(user.email),
            },
          });
        } catch (err) {
          if (!(err instanceof ApiError) || err.status !== 409) throw err;
          return userPage(c, session, await loadUser(id), { errors: { form: err.messageIn(m) } }, 409);
        }
      })
      // POST /admin/invites
      .post('/invites', async (c) => {
        const session = adminOnly(c);
        const f = await formFields(c);
        const { m, tag } = c.var.lang;
        const parsed = parseForm(
          zCreateInviteRequest,
          {
            email: f.email ?? '',
            role: f.role,
            ...(formNumber(f.expiresInDays) !== undefined && { expiresInDays: formNumber(f.expiresInDays) }),
          },
          m,
        );
        if (!parsed.ok) return listPage(c, session, { values: f, errors: parsed.errors }, 400);
        try {
          const { token, invite } = await createInvite(
            k,
            {
              email: parsed.data.email,
              role: parsed.data.role,
              ...(parsed.data.expiresInDays && { days: parsed.data.expiresInDays }),
            },
            session.actor.id,
          );
          return redirectWithFlash(c, env, '/admin/users', {
            kind: 'success',
            text: m.admin.users.inviteCreated(invite.email, roleLabel(m, invite.role)),
            secret: {
              label: m.admin.users.inviteLink,
              value: inviteUrl(publicOrigin(c, env), token),
              note: m.admin.users.inviteNote(invite.email, formatDay(invite.expiresAt, tag)),
            },
          });
        } catch (err) {
          if (!(err instanceof ApiError) || err.status !== 409) throw err;
          return listPage(c, session, { values: f, errors: { email: err.messageIn(m) } }, 409);
        }
      })
      // GET /admin/invites/:id/revoke (the confirmation step)
      .get('/invites/:id/revoke', async (c) => {
        const session = adminOnly(c);
        const invite = await findInvite(k, c.req.param('id'));
        if (invite?.purpose !== 'invite') throw notFound('invite', c.req.param('id'));
        return render(
          c,
          deps,
          { title: c.var.lang.m.admin.users.withdrawTitle(invite.email), nav: 'users' },
          <RevokeInvite invite={invite} session={session} m={c.var.lang.m} />,
        );
      })
      // POST /admin/invites/:id/revoke
      .post('/invites/:id/revoke', async (c) => {
        const session = adminOnly(c);
        const id = c.req.param('id');
        const f = await formFields(c);
        if (f.confirm !== 'yes') return c.redirect(`/admin/invites/${id}/revoke`, 303);
        try {
          await revokeInvite(k, id, session.actor.id);
        } catch (err) {
          if (!(err instanceof ApiError) || err.status !== 409) throw err;
          return redirectWithFlash(c, env, '/admin/users', {
            kind: 'error',
            text: err.messageIn(c.var.lang.m),
          });
        }
        return redirectWithFlash(c, env, '/admin/users', {
          kind: 'success',
          text: c.var.lang.m.admin.users.withdrawn,
        });
      })
  );
}

function RevokeInvite({ invite, session, m }: { invite: Invite; session: ConsoleSession; m: Messages }) {
  return (
    <form method="post" action={`/admin/invites/${invite.id}/revoke`}>
      <Csrf session={session} />
      <input type="hidden" name="confirm" value="yes" />
      <p>{m.admin.users.withdrawAbout(invite.email, roleLabel(m, invite.role))}</p>
      <button type="submit" class="danger">
        {m.admin.users.withdrawSubmit}
      </button>{' '}
      <a href="/admin/users">{m.admin.common.cancel}</a>
    </form>
  );
}
