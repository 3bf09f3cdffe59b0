/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import { type Contact, zContactListQuery, zEraseRequest } from '@rapport/shared';
import { Hono } from 'hono';

import { listContactIds, loadContact, loadContacts } from '../../db/contact-repository';
import { erasePerson, exportPerson } from '../../db/person-repository';
import type { Deps } from '../../deps';
import { audit } from '../../lib/audit';
import { notFound } from '../../lib/errors';
import { redirectWithFlash } from '../flash';
import { type FieldErrors, formFields, parseForm } from '../forms';
import { Csrf, Input, summaryItems, TextArea } from '../layout';
import { adminOnly, type ConsoleContext, render } from '../render';
import type { ConsoleEnv, ConsoleSession } from '../session';

/**
 * `/admin/people`: a person's rights over their data (issue 8). Find a stakeholder by name or email, download
 * everything stored about them, or erase them after typing their name. Same code as the API routes.
 */
export function peoplePages(deps: Deps) {
  const { db, env, now } = deps;
  const k = db.kysely;

  const mustLoad = async (id: string): Promise<Contact> => {
    const contact = await loadContact(k, id);
    if (!contact) throw notFound('contact', id);
    return contact;
  };

  const detail = async (
    c: ConsoleContext,
    session: ConsoleSession,
    contact: Contact,
    typed: { reason: string; confirmName: string } = { reason: '', confirmName: '' },
    errors: FieldErrors = {},
    status: 200 | 400 = 200,
  ) => {
    const t = c.var.lang.m.admin.people;
    const account = await k
      .selectFrom('accounts')
      .select('name')
      .where('id', '=', contact.accountId)
      .executeTakeFirst();
    const labels = { reason: t.reason, confirmName: t.confirmName };
    return render(
      c,
      deps,
      { title: contact.name, nav: 'people', errors: summaryItems(errors, labels, 'erase') },
      <>
        <p>
          <a href="/admin/people">{t.back}</a>
        </p>
        <dl class="facts">
          <dt>{t.account}</dt>
          <dd>{account?.name ?? contact.accountId}</dd>
          <dt>{t.emails}</dt>
          <dd>{contact.emails.join(', ') || c.var.lang.m.admin.layout.empty}</dd>
          <dt>{t.linkedin}</dt>
          <dd>
            {[contact.linkedinSlug, ...contact.linkedinAliases].filter(Boolean).join(', ') ||
              c.var.lang.m.admin.layout.empty}
          </dd>
          <dt>{t.id}</dt>
          <dd>
            <code>{contact.id}</code>
          </dd>
        </dl>
        <h2>{t.exportTitle}</h2>
        <p>{t.exportAbout}</p>
        <p>
          <a class="button" href={`/admin/people/${contact.id}/export`} download>
            {t.download}
          </a>
        </p>
        <h2 id="erase-title">{t.eraseTitle}</h2>
        <p>{t.eraseAbout}</p>
        <form
          method="post"
          action={`/admin/people/${contact.id}/erase`}
          aria-labelledby="erase-title"
          novalidate
        >
          <Csrf session={session} />
          <TextArea
            prefix="erase"
            name="reason"
            label={t.reason}
            hint={t.reasonHint}
            value={typed.reason}
            error={errors.reason}
          />
          <Input
            prefix="erase"
            name="confirmName"
            label={t.confirmName}
            hint={t.confirmHint(contact.name)}
            value={typed.confirmName}
            error={errors.confirmName}
            autocomplete="off"
          />
          <button type="submit" class="danger">
            {t.erase}
          </button>
        </form>
      </>,
      status,
    );
  };

  return (
    new Hono<ConsoleEnv>()
      // GET /admin/people?q=
      .get('/people', async (c) => {
        adminOnly(c);
        const t = c.var.lang.m.admin.people;
        const q = (c.req.query('q') ?? '').trim();
        let found: Contact[] = [];
        let error: string | undefined;
        if (q !== '') {
          const parsed = zContactListQuery.safeParse(
            q.includes('@') ? { email: q, limit: 50 } : { q, limit: 50 },
          );
          if (parsed.success)
            found = await loadContacts(k, (await listContactIds(k, parsed.data)).slice(0, 50));
          else error = t.badEmail;
        }
        const accounts = new Map(
          found.length === 0
            ? []
            : (
                await k
                  .selectFrom('accounts')
                  .select(['id', 'name'])
                  .where(
                    'id',
                    'in',
                    found.map((p) => p.accountId),
                  )
                  .execute()
              ).map((a) => [a.id, a.name]),
        );
        return render(
          c,
          deps,
          { title: t.title, nav: 'people', errors: error ? [{ href: '#people-q', text: error }] : [] },
          <>
            <p>{t.about}</p>
            <form method="get" action="/admin/people" aria-label={t.search} novalidate>
              <Input
                prefix="people"
                name="q"
                label={t.search}
                hint={t.searchHint}
                value={q}
                error={error}
                type="search"
              />
              <button type="submit" class="secondary">
                {t.find}
              </button>
            </form>
            {q !== '' && !error && (
              <>
                <h2 id="people-title">{t.results}</h2>
                {found.length === 0 ? (
                  <p>{t.none}</p>
                ) : (
                  <table class="stack" aria-labelledby="people-title">
                    <thead>
                      <tr>
                        <th scope="col">{t.name}</th>
                        <th scope="col">{t.account}</th>
                        <th scope="col">{t.emails}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {found.map((p) => (
                        <tr>
                          <td data-label={t.name}>
                            <a href={`/admin/people/${p.id}`}>{p.name}</a>
                          </td>
                          <td data-label={t.account}>{accounts.get(p.accountId) ?? p.accountId}</td>
                          <td data-label={t.emails}>{p.emails.join(', ')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </>
            )}
          </>,
        );
      })
      // GET /admin/people/:id
      .get('/people/:id', async (c) => detail(c, adminOnly(c), await mustLoad(c.req.param('id'))))
      // GET /admin/people/:id/export
      .get('/people/:id/export', async (c) => {
        const session = adminOnly(c);
        const id = c.req.param('id');
        const data = await k.transaction().execute(async (trx) => {
          const found = await exportPerson(trx, id, now());
          if (!found) throw notFound('contact', id);
          await audit(trx, { userId: session.actor.id, action: 'export', entity: 'contact', entityId: id });
          return found;
        });
        return new Response(`${JSON.stringify(data, null, 2)}\n`, {
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'content-disposition': `attachment; filename="rapport-person-${id}.json"`,
            'cache-control': 'no-store',
          },
        });
      })
      // POST /admin/people/:id/erase
      .post('/people/:id/erase', async (c) => {
        const session = adminOnly(c);
        const { m } = c.var.lang;
        const contact = await mustLoad(c.req.param('id'));
        const f = await formFields(c);
        const typed = { reason: f.reason ?? '', confirmName: f.confirmName ?? '' };
        const parsed = parseForm(zEraseRequest, { reason: typed.reason }, m);
        const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
        const same = (a: string) => a.trim().replace(/\s+/g, ' ').toLowerCase();
        if (same(typed.confirmName) !== same(contact.name)) {
          errors.confirmName = m.admin.people.nameMismatch;
        }
        if (!parsed.ok || Object.keys(errors).length > 0)
          return detail(c, session, contact, typed, errors, 400);
        const erasure = await k
          .transaction()
          .execute((trx) =>
            erasePerson(trx, contact.id, { userId: session.actor.id, reason: parsed.data.reason }),
          );
        if (!erasure) throw notFound('contact', contact.id);
        return redirectWithFlash(c, env, '/admin/people', {
          kind: 'success',
          text: m.admin.people.erased(erasure.erasureId),
        });
      })
  );
}
