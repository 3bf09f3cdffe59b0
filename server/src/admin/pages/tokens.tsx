/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import { zCreateTokenRequest, zId, zPageQuery } from '@rapport/shared';
import { Hono } from 'hono';

import { issueToken, toApiToken } from '../../auth/tokens';
import {
  findTokenWithOwner,
  listLiveTokens,
  revokeTokenAudited,
  type TokenWithOwner,
} from '../../db/admin-repository';
import { findUserById } from '../../db/user-repository';
import type { Deps } from '../../deps';
import { audit } from '../../lib/audit';
import { ApiError, forbidden, notFound } from '../../lib/errors';
import { CreatePanel } from '../create-panel';
import { redirectWithFlash } from '../flash';
import { type FieldErrors, formFields, formNumber, parseForm } from '../forms';
import { Csrf, Input, Pager, Select, summaryItems, When } from '../layout';
import { type ConsoleContext, me, render } from '../render';
import { type ConsoleEnv, type ConsoleSession, endSession } from '../session';

const LABELS = { name: 'Name', expiresInDays: 'Expires after (days)', userId: 'For' };
const KIND_LABELS: Record<string, string> = {
  personal: 'Personal access token',
  session: 'Sign-in (extension or API)',
  console: 'Admin console sign-in',
};

/** A table of live tokens with a "Revoke…" link each; `showOwner` for the admin's view of everyone's. */
export function TokenTable({
  items,
  showOwner,
  labelledBy,
}: {
  items: TokenWithOwner[];
  showOwner: boolean;
  labelledBy: string;
}) {
  if (items.length === 0) return <p>No live tokens.</p>;
  return (
    <table class="stack" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          {showOwner && <th scope="col">Owner</th>}
          <th scope="col">Name</th>
          <th scope="col">Kind</th>
          <th scope="col">Created</th>
          <th scope="col">Last used</th>
          <th scope="col">Expires</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {items.map(({ row, owner }) => (
          <tr>
            {showOwner && (
              <td data-label="Owner">
                <a href={`/admin/users/${owner.id}`}>{owner.name}</a>
              </td>
            )}
            <td data-label="Name">{row.name}</td>
            <td data-label="Kind">{KIND_LABELS[row.kind] ?? row.kind}</td>
            <td data-label="Created">
              <When at={row.created_at} />
            </td>
            <td data-label="Last used">
              <When at={row.last_used_at} />
            </td>
            <td data-label="Expires">{row.expires_at ? <When at={row.expires_at} /> : 'never'}</td>
            <td data-label="Action">
              <a href={`/admin/tokens/${row.id}/revoke`} aria-label={`Revoke ${row.name} of ${owner.name}`}>
                Revoke…
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * `/admin/tokens`: an admin sees and revokes everyone's live tokens and creates personal tokens for any active
 * user; everyone else the same for their own (as `GET/POST/DELETE /api/v1/tokens` allow them).
 */
export function tokenPages(deps: Deps) {
  const { db, env, tokenLimiter } = deps;
  const k = db.kysely;

  async function listPage(
    c: ConsoleContext,
    session: ConsoleSession,
    form: { values: Record<string, string>; errors: FieldErrors } = { values: {}, errors: {} },
    status: 200 | 400 | 429 = 200,
  ) {
    const isAdmin = session.actor.role === 'admin';
    const query = zPageQuery.extend({ userId: zId.optional() }).safeParse(c.req.query());
    const q = query.success ? query.data : { limit: 50, cursor: undefined, userId: undefined };
    const userId = isAdmin ? q.userId : session.actor.id;
    const page = await listLiveTokens(k, {
      limit: q.limit,
      ...(q.cursor && { cursor: q.cursor }),
      ...(userId && { userId }),
    });
    const people = isAdmin
      ? await k
          .selectFrom('users')
          .select(['id', 'name', 'email'])
          .where('active', '=', 1)
          .orderBy('name')
          .execute()
      : [];
    const options: [string, string][] = people.map((p) => [p.id, `${p.name} (${p.email})`]);
    const next = page.nextCursor
      ? `/admin/tokens?${new URLSearchParams({ ...(isAdmin && userId && { userId }), cursor: page.nextCursor })}`
      : null;
    const e = form.errors;
    return render(
      c,
      deps,
      { title: isAdmin ? 'Tokens' : 'Your tokens', nav: 'tokens', errors: summaryItems(e, LABELS, 'token') },
      <>
        {!isAdmin && (
          <p>
            The rest of Rapport is in the browser extension: sign in there with your email and password. Here
            you manage the tokens scripts use to call the Rapport API as you.
          </p>
        )}
        <CreatePanel
          id="new-token-title"
          title="Create a personal access token"
          hint={'For scripts and integrations: they send it as "Authorization: Bearer …". It is shown once.'}
          action="/admin/tokens"
          session={session}
          submit="Create token"
        >
          <Input
            prefix="token"
            name="name"
            label="Name"
            hint="What it is for, e.g. CRM sync."
            value={form.values.name}
            error={e.name}
            required
          />
          <Input
            prefix="token"
            name="expiresInDays"
            label="Expires after (days)"
            hint="1 to 3650; empty for never."
            type="number"
            inputmode="numeric"
            min={1}
            max={3650}
            value={form.values.expiresInDays}
            error={e.expiresInDays}
          />
          {isAdmin && (
            <Select
              prefix="token"
              name="userId"
              label="For"
              hint="Whose access it carries."
              value={form.values.userId ?? session.actor.id}
              options={options}
              error={e.userId}
            />
          )}
        </CreatePanel>
        <h2 id="tokens-title">Live tokens and sign-ins</h2>
        {isAdmin && (
          <form method="get" action="/admin/tokens" class="row" aria-label="Filter tokens">
            <Select
              prefix="filter"
              name="userId"
              label="Owner"
              value={userId}
              options={[['', 'Everyone'], ...options]}
            />
            <div>
              <button type="submit" class="secondary">
                Filter
              </button>
            </div>
          </form>
        )}
        <TokenTable items={page.items} showOwner={isAdmin} labelledBy="tokens-title" />
        <Pager next={next} />
      </>,
      status,
    );
  }

  /** The token, if this console user may revoke it (admins any, others their own); 404 otherwise. */
  async function revocable(c: ConsoleContext, session: ConsoleSession) {
    const id = c.req.param('id') ?? '';
    const token = await findTokenWithOwner(k, id);
    if (!token || (session.actor.role !== 'admin' && token.owner.id !== session.actor.id))
      throw notFound('token', id);
    return token;
  }

  return (
    new Hono<ConsoleEnv>()
      // GET /admin/tokens
      .get('/tokens', async (c) => listPage(c, me(c)))
      // POST /admin/tokens
      .post('/tokens', async (c) => {
        const session = me(c);
        const f = await formFields(c);
        const days = formNumber(f.expiresInDays);
        const parsed = parseForm(zCreateTokenRequest, {
          name: f.name ?? '',
          ...(days !== undefined && { expiresInDays: days }),
        });
        if (!parsed.ok) return listPage(c, session, { values: f, errors: parsed.errors }, 400);
        const ownerId = session.actor.role === 'admin' && f.userId ? f.userId : session.actor.id;
        if (ownerId !== session.actor.id && session.actor.role !== 'admin') throw forbidden();
        const owner = await findUserById(k, ownerId);
        if (owner?.active !== 1) {
          return listPage(c, session, { values: f, errors: { userId: 'Choose an active user' } }, 400);
        }
        try {
          tokenLimiter.hit(`user:${session.actor.id}`);
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          return listPage(c, session, { values: f, errors: { form: err.message } }, 429);
        }
        const { token, row } = await k.transaction().execute(async (trx) => {
          const issued = await issueToken(trx, owner.id, {
            name: parsed.data.name,
            kind: 'personal',
            days: parsed.data.expiresInDays ?? null,
          });
          await audit(trx, {
            userId: session.actor.id,
            action: 'create',
            entity: 'token',
            entityId: issued.row.id,
            after: { ...toApiToken(issued.row), userId: owner.id },
          });
          return issued;
        });
        return redirectWithFlash(c, env, '/admin/tokens', {
          kind: 'success',
          text: `Token "${row.name}" created for ${owner.name}.`,
          secret: {
            label: 'Personal access token',
            value: token,
            note: `Copy it now: it is not shown again. ${row.expires_at ? `It expires ${row.expires_at.slice(0, 10)}.` : 'It lasts until revoked.'}`,
          },
        });
      })
      // GET /admin/tokens/:id/revoke (the confirmation step)
      .get('/tokens/:id/revoke', async (c) => {
        const session = me(c);
        const { row, owner } = await revocable(c, session);
        const current = row.id === session.tokenId;
        return render(
          c,
          deps,
          { title: `Revoke "${row.name}"?`, nav: 'tokens' },
          <form method="post" action={`/admin/tokens/${row.id}/revoke`}>
            <Csrf session={session} />
            <input type="hidden" name="confirm" value="yes" />
            <p>
              {current
                ? 'This is your current console sign-in: revoking it signs you out.'
                : `Whatever uses this ${KIND_LABELS[row.kind]?.toLowerCase() ?? 'token'} of ${owner.name} is refused from its next request on.`}
            </p>
            <button type="submit" class="danger">
              Revoke token
            </button>{' '}
            <a href="/admin/tokens">Cancel</a>
          </form>,
        );
      })
      // POST /admin/tokens/:id/revoke
      .post('/tokens/:id/revoke', async (c) => {
        const session = me(c);
        const { row, owner } = await revocable(c, session);
        const f = await formFields(c);
        if (f.confirm !== 'yes') return c.redirect(`/admin/tokens/${row.id}/revoke`, 303);
        const revoked = await revokeTokenAudited(k, row, session.actor.id);
        if (row.id === session.tokenId) {
          await endSession(c, deps, null);
          return redirectWithFlash(c, env, '/admin/sign-in', {
            kind: 'success',
            text: 'Your console sign-in is revoked; you are signed out.',
          });
        }
        return redirectWithFlash(c, env, '/admin/tokens', {
          kind: revoked ? 'success' : 'error',
          text: revoked
            ? `Token "${row.name}" of ${owner.name} is revoked.`
            : `Token "${row.name}" was revoked or expired already.`,
        });
      })
  );
}
