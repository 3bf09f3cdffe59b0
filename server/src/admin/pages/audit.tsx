/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import { AUDIT_ENTITIES, type AuditEntry, isolate, zAuditListQuery } from '@rapport/shared';
import { Hono } from 'hono';

import { listAuditEntries } from '../../db/admin-repository';
import type { Deps } from '../../deps';
import type { Messages } from '../../i18n';
import { localizeIssue, parseOptions } from '../../i18n/zod';
import type { FieldErrors } from '../forms';
import { fieldId, Input, Pager, Select, summaryItems, When } from '../layout';
import { adminOnly, render } from '../render';
import type { ConsoleEnv } from '../session';

const labelsOf = (m: Messages) => {
  const t = m.admin.audit;
  return { userId: t.who, entity: t.entity, entityId: t.entityId, from: t.from, to: t.to };
};
const PAGE_SIZE = 50;

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
const dayAfter = (v: string) => new Date(Date.parse(`${v}T00:00:00Z`) + 86_400_000).toISOString();

/**
 * A value as the diff shows it. A text is isolated (a right-to-left override in it cannot reverse the line);
 * in JSON the bidi controls are written as escapes, so the log shows exactly what was stored.
 */
function show(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return isolate(value);
  return JSON.stringify(value).replace(
    /[\u202A-\u202E\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The fields an entry changed: all of a created or deleted record's, else those whose value differs. */
export function changedFields(
  entry: Pick<AuditEntry, 'before' | 'after'>,
): { field: string; before: string; after: string }[] {
  const obj = (v: unknown): Record<string, unknown> =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : v === null
        ? {}
        : { value: v };
  const before = obj(entry.before);
  const after = obj(entry.after);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => ({ field: k, before: show(before[k]), after: show(after[k]) }));
}

/** `/admin/audit`: every change, newest first, filtered by who, record and dates (UTC days, inclusive). */
export function auditPages(deps: Deps) {
  const { db } = deps;
  return new Hono<ConsoleEnv>().get('/audit', async (c) => {
    adminOnly(c);
    const { m } = c.var.lang;
    const t = m.admin.audit;
    const LABELS = labelsOf(m);
    const raw = {
      userId: c.req.query('userId') ?? '',
      entity: c.req.query('entity') ?? '',
      entityId: (c.req.query('entityId') ?? '').trim(),
      from: c.req.query('from') ?? '',
      to: c.req.query('to') ?? '',
    };
    const errors: FieldErrors = {};
    if (raw.from && !isDate(raw.from)) errors.from = t.badDate;
    if (raw.to && !isDate(raw.to)) errors.to = t.badDate;
    if (raw.from && raw.to && isDate(raw.from) && isDate(raw.to) && raw.to < raw.from) {
      errors.to = t.endBeforeStart;
    }
    const parsed = zAuditListQuery.safeParse(
      {
        limit: PAGE_SIZE,
        cursor: c.req.query('cursor') || undefined,
        userId: raw.userId || undefined,
        entity: raw.entity || undefined,
        entityId: raw.entityId || undefined,
        from: raw.from && isDate(raw.from) ? `${raw.from}T00:00:00.000Z` : undefined,
        to: raw.to && isDate(raw.to) ? dayAfter(raw.to) : undefined,
      },
      parseOptions(m),
    );
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? 'form');
        errors[key] ??= key === 'entityId' ? t.idCharacters : localizeIssue(issue.message, m);
      }
    }
    const ok = parsed.success && Object.keys(errors).length === 0;
    const page = ok ? await listAuditEntries(db.kysely, parsed.data) : { items: [], nextCursor: null };
    const users = await db.kysely
      .selectFrom('users')
      .select(['id', 'name', 'email'])
      .orderBy('name')
      .execute();
    const names = new Map(users.map((u) => [u.id, u.name]));
    const keep = Object.fromEntries(Object.entries(raw).filter(([, v]) => v));
    const next = page.nextCursor
      ? `/admin/audit?${new URLSearchParams({ ...keep, cursor: page.nextCursor })}`
      : null;
    return render(
      c,
      deps,
      { title: t.title, nav: 'audit', errors: summaryItems(errors, LABELS, 'audit') },
      <>
        <form method="get" action="/admin/audit" aria-label={t.filterLabel} novalidate>
          <div class="row">
            <Select
              prefix="audit"
              name="userId"
              label={LABELS.userId}
              value={raw.userId}
              options={[
                ['', t.anyone],
                ...users.map((u): [string, string] => [u.id, `${isolate(u.name)} (${u.email})`]),
              ]}
              error={errors.userId}
            />
            <Select
              prefix="audit"
              name="entity"
              label={LABELS.entity}
              value={raw.entity}
              options={[['', t.any], ...AUDIT_ENTITIES.map((e): [string, string] => [e, t.entities[e]])]}
              error={errors.entity}
            />
            <Input
              prefix="audit"
              name="entityId"
              label={LABELS.entityId}
              value={raw.entityId}
              error={errors.entityId}
            />
          </div>
          <div class="row">
            <Input
              prefix="audit"
              name="from"
              label={LABELS.from}
              type="date"
              value={raw.from}
              error={errors.from}
              hint={t.utcHint}
            />
            <Input
              prefix="audit"
              name="to"
              label={LABELS.to}
              type="date"
              value={raw.to}
              error={errors.to}
              hint={t.utcHint}
            />
          </div>
          <button type="submit" class="secondary">
            {t.show}
          </button>{' '}
          <a href="/admin/audit">{t.clear}</a>
        </form>
        <h2 id="entries-title">{t.entries}</h2>
        {ok && page.items.length === 0 && <p>{t.none}</p>}
        {page.items.map((entry) => {
          const who = entry.userId ? (names.get(entry.userId) ?? entry.userId) : t.commandLine;
          const fields = changedFields(entry);
          return (
            <article class="entry" aria-labelledby={fieldId('entry', entry.id)}>
              <h3 id={fieldId('entry', entry.id)}>
                <bdi>{who}</bdi> · {t.actions[entry.action] ?? entry.action}{' '}
                {t.entities[entry.entity] ?? entry.entity}{' '}
                <a
                  href={`/admin/audit?${new URLSearchParams({ entity: entry.entity, entityId: entry.entityId })}`}
                >
                  <code>{entry.entityId}</code>
                </a>
              </h3>
              <p class="muted">
                <When at={entry.at} />
              </p>
              {fields.length > 0 && (
                <table class="diff stack">
                  <thead>
                    <tr>
                      <th scope="col">{t.field}</th>
                      <th scope="col">{t.before}</th>
                      <th scope="col">{t.after}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {fields.map((f) => (
                      <tr>
                        <td data-label={t.field}>{f.field}</td>
                        <td data-label={t.before}>{f.before && <del>{f.before}</del>}</td>
                        <td data-label={t.after}>{f.after && <ins>{f.after}</ins>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </article>
          );
        })}
        <Pager next={next} />
      </>,
      ok ? 200 : 400,
    );
  });
}
