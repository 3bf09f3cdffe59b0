/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import {
  DEFAULT_INVITE_DAYS,
  type Invite,
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
import { ApiError, notFound } from '../../lib/errors';
import { CreatePanel } from '../create-panel';
import { redirectWithFlash } from '../flash';
import { type FieldErrors, formFields, formNumber, parseForm } from '../forms';
import { Csrf, Input, Pager, ROLE_LABELS, ROLE_OPTIONS, Select, summaryItems, When } from '../layout';
import { inviteUrl, publicOrigin, resetUrl } from '../links';
import { adminOnly, type ConsoleContext, render } from '../render';
import type { ConsoleEnv, ConsoleSession } from '../session';
import { TokenTable } from './tokens';

const INVITE_LABELS = { email: 'Email', role: 'Role', expiresInDays: 'Link valid for (days)' };
const ROLE_FORM_LABELS = { role: 'Role' };

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
    return render(
      c,
      deps,
      { title: 'Users', nav: 'users', errors: summaryItems(e, INVITE_LABELS, 'invite') },
      <>
        <CreatePanel
          id="invite-title"
          title="Invite a colleague"
          hint="You get a one-time link to send them; they choose their name and password."
          action="/admin/invites"
          session={session}
          submit="Create invite link"
        >
          <Input
            prefix="invite"
            name="email"
            label="Email"
            type="email"
            autocomplete="off"
            value={invite.values.email}
            error={e.email}
            required
          />
          <Select
            prefix="invite"
            name="role"
            label="Role"
            value={invite.values.role ?? 'sales_rep'}
            options={ROLE_OPTIONS}
            error={e.role}
          />
          <Input
            prefix="invite"
            name="expiresInDays"
            label="Link valid for (days)"
            type="number"
            inputmode="numeric"
            min={1}
            max={30}
            value={invite.values.expiresInDays ?? String(DEFAULT_INVITE_DAYS)}
            error={e.expiresInDays}
          />
        </CreatePanel>

        <h2 id="users-title">People</h2>
        <form method="get" action="/admin/users" class="row" aria-label="Filter users">
          <Input prefix="filter" name="q" label="Name or email" value={q.q} />
          <Select
            prefix="filter"
            name="role"
            label="Role"
            value={q.role}
            options={[['', 'Any role'], ...ROLE_OPTIONS]}
          />
          <Select
            prefix="filter"
            name="active"
            label="Status"
            value={q.active}
            options={[
              ['', 'Any status'],
              ['true', 'Active'],
              ['false', 'Deactivated'],
            ]}
          />
          <div>
            <button type="submit" class="secondary">
              Filter
            </button>
          </div>
        </form>
        <table class="stack" aria-labelledby="users-title">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((u) => (
              <tr>
                <td data-label="Name">
                  <a href={`/admin/users/${u.id}`}>{u.name}</a>
                </td>
                <td data-label="Email">{u.email}</td>
                <td data-label="Role">{ROLE_LABELS[u.role as UserRole] ?? u.role}</td>
                <td data-label="Status">{u.active === 1 ? 'Active' : 'Deactivated'}</td>
                <td data-label="Last sign-in">
                  <When at={signIns.get(u.id)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length === 0 && <p>No user matches these filters.</p>}
        <Pager next={next} />

        <h2 id="invites-title">Pending invites</h2>
        {pending.items.length === 0 ? (
          <p>No pending invites.</p>
        ) : (
          <table class="stack" aria-labelledby="invites-title">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Expires</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {pending.items.map((i) => (
                <tr>
                  <td data-label="Email">{i.email}</td>
                  <td data-label="Role">{ROLE_LABELS[i.role]}</td>
                  <td data-label="Expires">
                    <When at={i.expiresAt} />
                  </td>
                  <td data-label="Action">
                    <a
                      href={`/admin/invites/${i.id}/revoke`}
                      aria-label={`Withdraw the invite for ${i.email}`}
                    >
                      Withdraw…
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
    return render(
      c,
      deps,
      { title: user.name, nav: 'users', errors: summaryItems(e, ROLE_FORM_LABELS, 'user') },
      <>
        <p>
          <a href="/admin/users">All users</a>
        </p>
        <dl class="facts">
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Role</dt>
          <dd>{ROLE_LABELS[user.role as UserRole] ?? user.role}</dd>
          <dt>Status</dt>
          <dd>{user.active === 1 ? 'Active' : 'Deactivated'}</dd>
          <dt>Added</dt>
          <dd>
            <When at={user.created_at} />
          </dd>
          <dt>Last sign-in</dt>
          <dd>
            <When at={signIns.get(user.id)} />
          </dd>
        </dl>

        <section class="panel" aria-labelledby="role-title">
          <h2 id="role-title">Role</h2>
          <form method="post" action={`/admin/users/${user.id}/role`} novalidate>
            <Csrf session={session} />
            <input type="hidden" name="version" value={String(user.version)} />
            <Select
              prefix="user"
              name="role"
              label="Role"
              value={problem.role ?? user.role}
              options={ROLE_OPTIONS}
              error={e.role}
              hint="What each role may do: docs/roles.md."
            />
            <button type="submit">Change role</button>
          </form>
        </section>

        <section class="panel" aria-labelledby="access-title">
          <h2 id="access-title">Access</h2>
          {user.active === 1 ? (
            <>
              <p>
                Deactivating {self ? 'yourself' : user.name} blocks sign-in and stops every session and token
                at once. Their records and history stay.
              </p>
              <p>
                <a class="button secondary" href={`/admin/users/${user.id}/deactivate`}>
                  Deactivate…
                </a>
              </p>
              <form method="post" action={`/admin/users/${user.id}/reset`}>
                <Csrf session={session} />
                <p>
                  A password reset link lets {user.name} choose a new password within a day. Using it signs
                  them out everywhere; until then their password and sessions stay as they are.
                </p>
                <button type="submit" class="secondary">
                  Create a password reset link
                </button>
              </form>
            </>
          ) : (
            <form method="post" action={`/admin/users/${user.id}/reactivate`}>
              <Csrf session={session} />
              <input type="hidden" name="version" value={String(user.version)} />
              <p>
                {user.name} is deactivated. Reactivating lets them sign in again with their password (their
                old tokens stay revoked).
              </p>
              <button type="submit">Reactivate {user.name}</button>
            </form>
          )}
        </section>

        <h2 id="user-tokens-title">Live tokens and sessions</h2>
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
    done: (name: string) => string,
  ) {
    try {
      const user = await changeUser(k, {
        id,
        version: typeof version === 'number' ? version : 0,
        changes,
        actor: session.actor,
      });
      return redirectWithFlash(c, env, `/admin/users/${id}`, { kind: 'success', text: done(user.name) });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 409) throw err;
      const current = await loadUser(id);
      const message =
        err.code === 'version_conflict'
          ? 'Someone else changed this user meanwhile. The page shows the current values: choose again.'
          : err.message;
      return userPage(
        c,
        session,
        current,
        {
          errors: changes.role ? { role: message } : { form: message },
          ...(changes.role && err.code !== 'version_conflict' && { role: changes.role }),
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
            { errors: { role: `Choose one of: ${USER_ROLES.join(', ')}` } },
            400,
          );
        }
        return applyChange(
          c,
          session,
          id,
          formNumber(f.version),
          { role: role.data },
          (name) => `${name} is now ${ROLE_LABELS[role.data]}.`,
        );
      })
      // GET /admin/users/:id/deactivate (the confirmation step)
      .get('/users/:id/deactivate', async (c) => {
        const session = adminOnly(c);
        const user = await loadUser(c.req.param('id'));
        const tokens = await listLiveTokens(k, { userId: user.id, limit: 200 });
        return render(
          c,
          deps,
          { title: `Deactivate ${user.name}?`, nav: 'users' },
          <form method="post" action={`/admin/users/${user.id}/deactivate`}>
            <Csrf session={session} />
            <input type="hidden" name="version" value={String(user.version)} />
            <input type="hidden" name="confirm" value="yes" />
            <p>
              {user.name} ({user.email}) will not be able to sign in, and their {tokens.items.length}{' '}
              {tokens.items.length === 1 ? 'session or token stops' : 'sessions and tokens stop'} working at
              once. Their records stay; you can reactivate them later.
            </p>
            <button type="submit" class="danger">
              Deactivate {user.name}
            </button>{' '}
            <a href={`/admin/users/${user.id}`}>Cancel</a>
          </form>,
        );
      })
      // POST /admin/users/:id/deactivate
      .post('/users/:id/deactivate', async (c) => {
        const session = adminOnly(c);
        const f = await formFields(c);
        const id = c.req.param('id');
        if (f.confirm !== 'yes') return c.redirect(`/admin/users/${id}/deactivate`, 303);
        return applyChange(
          c,
          session,
          id,
          formNumber(f.version),
          { active: false },
          (name) => `${name} is deactivated; their sessions and tokens stopped working.`,
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
          (name) => `${name} is active again and can sign in.`,
        );
      })
      // POST /admin/users/:id/reset
      .post('/users/:id/reset', async (c) => {
        const session = adminOnly(c);
        const id = c.req.param('id');
        try {
          const { token, user } = await createPasswordReset(k, id, session.actor.id);
          return redirectWithFlash(c, env, `/admin/users/${id}`, {
            kind: 'success',
            text: `Password reset link for ${user.name} created.`,
            secret: {
              label: 'Password reset link',
              value: resetUrl(publicOrigin(c, env), token),
              note: `Send it to ${user.email} yourself; it works once, for 24 hours, and is not shown again.`,
            },
          });
        } catch (err) {
          if (!(err instanceof ApiError) || err.status !== 409) throw err;
          return userPage(c, session, await loadUser(id), { errors: { form: err.message } }, 409);
        }
      })
      // POST /admin/invites
      .post('/invites', async (c) => {
        const session = adminOnly(c);
        const f = await formFields(c);
        const parsed = parseForm(zCreateInviteRequest, {
          email: f.email ?? '',
          role: f.role,
          ...(formNumber(f.expiresInDays) !== undefined && { expiresInDays: formNumber(f.expiresInDays) }),
        });
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
            text: `Invite for ${invite.email} (${ROLE_LABELS[invite.role]}) created.`,
            secret: {
              label: 'Invite link',
              value: inviteUrl(publicOrigin(c, env), token),
              note: `Send it to ${invite.email} yourself; it works once, until ${invite.expiresAt.slice(0, 10)}, and is not shown again.`,
            },
          });
        } catch (err) {
          if (!(err instanceof ApiError) || err.status !== 409) throw err;
          return listPage(c, session, { values: f, errors: { email: err.message } }, 409);
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
          { title: `Withdraw the invite for ${invite.email}?`, nav: 'users' },
          <RevokeInvite invite={invite} session={session} />,
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
          return redirectWithFlash(c, env, '/admin/users', { kind: 'error', text: err.message });
        }
        return redirectWithFlash(c, env, '/admin/users', {
          kind: 'success',
          text: 'The invite is withdrawn; its link no longer works.',
        });
      })
  );
}

function RevokeInvite({ invite, session }: { invite: Invite; session: ConsoleSession }) {
  return (
    <form method="post" action={`/admin/invites/${invite.id}/revoke`}>
      <Csrf session={session} />
      <input type="hidden" name="confirm" value="yes" />
      <p>
        The link sent to {invite.email} ({ROLE_LABELS[invite.role]}) stops working. You can invite them again
        later.
      </p>
      <button type="submit" class="danger">
        Withdraw invite
      </button>{' '}
      <a href="/admin/users">Cancel</a>
    </form>
  );
}
