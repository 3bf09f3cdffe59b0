/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import { AUDIT_ENTITIES, type AuditEntry, zAuditListQuery } from '@rapport/shared';
import { Hono } from 'hono';

import { listAuditEntries } from '../../db/admin-repository';
import type { Deps } from '../../deps';
import type { FieldErrors } from '../forms';
import { fieldId, Input, Pager, Select, summaryItems, When } from '../layout';
import { adminOnly, render } from '../render';
import type { ConsoleEnv } from '../session';

const LABELS = { userId: 'Who', entity: 'Record type', entityId: 'Record id', from: 'From', to: 'To' };
const PAGE_SIZE = 50;

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
const dayAfter = (v: string) => new Date(Date.parse(`${v}T00:00:00Z`) + 86_400_000).toISOString();

/** A value as the diff shows it. */
function show(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
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
    const raw = {
      userId: c.req.query('userId') ?? '',
      entity: c.req.query('entity') ?? '',
      entityId: (c.req.query('entityId') ?? '').trim(),
      from: c.req.query('from') ?? '',
      to: c.req.query('to') ?? '',
    };
    const errors: FieldErrors = {};
    if (raw.from && !isDate(raw.from)) errors.from = 'Enter a date as YYYY-MM-DD';
    if (raw.to && !isDate(raw.to)) errors.to = 'Enter a date as YYYY-MM-DD';
    if (raw.from && raw.to && isDate(raw.from) && isDate(raw.to) && raw.to < raw.from) {
      errors.to = 'The end date is before the start date';
    }
    const parsed = zAuditListQuery.safeParse({
      limit: PAGE_SIZE,
      cursor: c.req.query('cursor') || undefined,
      userId: raw.userId || undefined,
      entity: raw.entity || undefined,
      entityId: raw.entityId || undefined,
      from: raw.from && isDate(raw.from) ? `${raw.from}T00:00:00.000Z` : undefined,
      to: raw.to && isDate(raw.to) ? dayAfter(raw.to) : undefined,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? 'form');
        errors[key] ??= key === 'entityId' ? 'Letters, digits, _, - and : only' : issue.message;
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
      { title: 'Audit log', nav: 'audit', errors: summaryItems(errors, LABELS, 'audit') },
      <>
        <form method="get" action="/admin/audit" aria-label="Filter the audit log" novalidate>
          <div class="row">
            <Select
              prefix="audit"
              name="userId"
              label={LABELS.userId}
              value={raw.userId}
              options={[
                ['', 'Anyone'],
                ...users.map((u): [string, string] => [u.id, `${u.name} (${u.email})`]),
              ]}
              error={errors.userId}
            />
            <Select
              prefix="audit"
              name="entity"
              label={LABELS.entity}
              value={raw.entity}
              options={[
                ['', 'Any'],
                ...AUDIT_ENTITIES.map((e): [string, string] => [e, e.replace('_', ' ')]),
              ]}
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
              hint="UTC, inclusive."
            />
            <Input
              prefix="audit"
              name="to"
              label={LABELS.to}
              type="date"
              value={raw.to}
              error={errors.to}
              hint="UTC, inclusive."
            />
          </div>
          <button type="submit" class="secondary">
            Show entries
          </button>{' '}
          <a href="/admin/audit">Clear filters</a>
        </form>
        <h2 id="entries-title">Entries</h2>
        {ok && page.items.length === 0 && <p>No entries match these filters.</p>}
        {page.items.map((entry) => {
          const who = entry.userId ? (names.get(entry.userId) ?? entry.userId) : 'Command line';
          const fields = changedFields(entry);
          return (
            <article class="entry" aria-labelledby={fieldId('entry', entry.id)}>
              <h3 id={fieldId('entry', entry.id)}>
                {who} · {entry.action} {entry.entity.replace('_', ' ')}{' '}
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
                      <th scope="col">Field</th>
                      <th scope="col">Before</th>
                      <th scope="col">After</th>
                    </tr>
                  </thead>
                  <tbody>
                    {fields.map((f) => (
                      <tr>
                        <td data-label="Field">{f.field}</td>
                        <td data-label="Before">{f.before && <del>{f.before}</del>}</td>
                        <td data-label="After">{f.after && <ins>{f.after}</ins>}</td>
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
