/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import { isolate, zCreateTokenRequest, zId, zPageQuery } from '@rapport/shared';
import { Hono } from 'hono';

import { countTokenCreation } from '../../auth/login';
import { issueToken, toApiToken } from '../../auth/tokens';
import {
  findTokenWithOwner,
  listLiveTokens,
  revokeTokenAudited,
  type TokenWithOwner,
} from '../../db/admin-repository';
import { findUserById } from '../../db/user-repository';
import { clientIp, type Deps } from '../../deps';
import { type Messages, useLanguage } from '../../i18n';
import { audit } from '../../lib/audit';
import { ApiError, forbidden, notFound } from '../../lib/errors';
import { CreatePanel } from '../create-panel';
import { redirectWithFlash } from '../flash';
import { type FieldErrors, formFields, formNumber, parseForm } from '../forms';
import { Csrf, formatDay, Input, Pager, Select, summaryItems, When } from '../layout';
import { type ConsoleContext, me, render } from '../render';
import { type ConsoleEnv, type ConsoleSession, endSession } from '../session';

const labelsOf = (m: Messages) => ({
  name: m.admin.common.name,
  expiresInDays: m.admin.tokens.expiresAfter,
  userId: m.admin.tokens.for,
});
const kindLabel = (m: Messages, kind: string) =>
  (m.admin.tokens.kinds as Record<string, string>)[kind] ?? kind;
const kindInline = (m: Messages, kind: string) =>
  (m.admin.tokens.kindsInline as Record<string, string>)[kind] ?? m.admin.tokens.token;

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
  const { m } = useLanguage();
  const t = m.admin.tokens;
  const w = m.admin.common;
  if (items.length === 0) return <p>{t.none}</p>;
  return (
    <table class="stack" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          {showOwner && <th scope="col">{t.owner}</th>}
          <th scope="col">{w.name}</th>
          <th scope="col">{t.kind}</th>
          <th scope="col">{w.created}</th>
          <th scope="col">{t.lastUsed}</th>
          <th scope="col">{w.expires}</th>
          <th scope="col">{w.action}</th>
        </tr>
      </thead>
      <tbody>
        {items.map(({ row, owner }) => (
          <tr>
            {showOwner && (
              <td data-label={t.owner}>
                <a href={`/admin/users/${owner.id}`}>{owner.name}</a>
              </td>
            )}
            <td data-label={w.name}>{row.name}</td>
            <td data-label={t.kind}>{kindLabel(m, row.kind)}</td>
            <td data-label={w.created}>
              <When at={row.created_at} />
            </td>
            <td data-label={t.lastUsed}>
              <When at={row.last_used_at} />
            </td>
            <td data-label={w.expires}>
              <When at={row.expires_at} />
            </td>
            <td data-label={w.action}>
              <a href={`/admin/tokens/${row.id}/revoke`} aria-label={t.revokeLabel(row.name, owner.name)}>
                {t.revokeLink}
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
  const { db, env } = deps;
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
    const options: [string, string][] = people.map((p) => [p.id, `${isolate(p.name)} (${p.email})`]);
    const next = page.nextCursor
      ? `/admin/tokens?${new URLSearchParams({ ...(isAdmin && userId && { userId }), cursor: page.nextCursor })}`
      : null;
    const e = form.errors;
    const { m } = c.var.lang;
    const t = m.admin.tokens;
    const labels = labelsOf(m);
    return render(
      c,
      deps,
      { title: isAdmin ? t.title : t.yourTitle, nav: 'tokens', errors: summaryItems(e, labels, 'token') },
      <>
        {!isAdmin && <p>{t.notAdminIntro}</p>}
        <CreatePanel
          id="new-token-title"
          title={t.createTitle}
          hint={t.createHint}
          action="/admin/tokens"
          session={session}
          submit={t.createSubmit}
        >
          <Input
            prefix="token"
            name="name"
            label={labels.name}
            hint={t.nameHint}
            value={form.values.name}
            error={e.name}
            required
          />
          <Input
            prefix="token"
            name="expiresInDays"
            label={labels.expiresInDays}
            hint={t.expiresHint}
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
              label={labels.userId}
              hint={t.forHint}
              value={form.values.userId ?? session.actor.id}
              options={options}
              error={e.userId}
            />
          )}
        </CreatePanel>
        <h2 id="tokens-title">{t.liveTitle}</h2>
        {isAdmin && (
          <form method="get" action="/admin/tokens" class="row" aria-label={t.filterLabel}>
            <Select
              prefix="filter"
              name="userId"
              label={t.owner}
              value={userId}
              options={[['', t.everyone], ...options]}
            />
            <div>
              <button type="submit" class="secondary">
                {m.admin.common.filter}
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
        const { m, tag } = c.var.lang;
        const parsed = parseForm(
          zCreateTokenRequest,
          { name: f.name ?? '', ...(days !== undefined && { expiresInDays: days }) },
          m,
        );
        if (!parsed.ok) return listPage(c, session, { values: f, errors: parsed.errors }, 400);
        const ownerId = session.actor.role === 'admin' && f.userId ? f.userId : session.actor.id;
        if (ownerId !== session.actor.id && session.actor.role !== 'admin') throw forbidden();
        const owner = await findUserById(k, ownerId);
        if (owner?.active !== 1) {
          return listPage(c, session, { values: f, errors: { userId: m.admin.tokens.chooseActive } }, 400);
        }
        try {
          countTokenCreation(deps, session.actor.id, clientIp(c, env.RAPPORT_TRUST_PROXY));
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          if (err.headers?.['Retry-After']) c.header('Retry-After', err.headers['Retry-After']);
          return listPage(c, session, { values: f, errors: { form: err.messageIn(m) } }, 429);
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
          text: m.admin.tokens.created(row.name, owner.name),
          secret: {
            label: m.admin.tokens.kinds.personal,
            value: token,
            note: m.admin.tokens.secretNote(row.expires_at ? formatDay(row.expires_at, tag) : null),
          },
        });
      })
      // GET /admin/tokens/:id/revoke (the confirmation step)
      .get('/tokens/:id/revoke', async (c) => {
        const session = me(c);
        const { row, owner } = await revocable(c, session);
        const current = row.id === session.tokenId;
        const { m } = c.var.lang;
        const t = m.admin.tokens;
        return render(
          c,
          deps,
          { title: t.revokeTitle(isolate(row.name)), nav: 'tokens' },
          <form method="post" action={`/admin/tokens/${row.id}/revoke`}>
            <Csrf session={session} />
            <input type="hidden" name="confirm" value="yes" />
            <p>{current ? t.revokeCurrent : t.revokeOther(kindInline(m, row.kind), owner.name)}</p>
            <button type="submit" class="danger">
              {t.revokeSubmit}
            </button>{' '}
            <a href="/admin/tokens">{m.admin.common.cancel}</a>
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
        const t = c.var.lang.m.admin.tokens;
        if (row.id === session.tokenId) {
          await endSession(c, deps, null);
          return redirectWithFlash(c, env, '/admin/sign-in', { kind: 'success', text: t.revokedSelf });
        }
        return redirectWithFlash(c, env, '/admin/tokens', {
          kind: revoked ? 'success' : 'error',
          text: revoked
            ? t.revoked(isolate(row.name), isolate(owner.name))
            : t.alreadyGone(isolate(row.name)),
        });
      })
  );
}
