import type { Contact, Erasure, PersonExport } from '@rapport/shared';
import { ERASED_MARKER } from '@rapport/shared';
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';

import { newId, nowIso } from '../lib/ids';
import { withExternalIds } from '../transfer/external-ids';
import { toAuditEntry } from './admin-repository';
import { loadContact } from './contact-repository';
import type { Database } from './database';
import { likeContains } from './paging';
import { reindex } from './search-repository';
import { loadTouches } from './touch-repository';

/*
 * People's rights over their data (issue 8): everything stored about one stakeholder, and its erasure.
 * docs/privacy.md describes both for the people who run the server.
 */

/** The contact fields that identify or describe the person; an erasure replaces them in stored JSON. */
const PERSONAL_FIELDS = ['name', 'title', 'notes', 'emails', 'linkedinSlug', 'linkedinAliases'] as const;
/** A touch's own words: blanked when the touch was only about the erased person. */
const TOUCH_CONTENT_FIELDS = ['subject', 'notes', 'link', 'sourceKey'] as const;

/** The stakeholder's id and the ids of the records merged into it, oldest merge first. */
async function idsOf(db: Kysely<Database>, id: string): Promise<string[]> {
  const merged = await db
    .selectFrom('merged_ids')
    .select('old_id')
    .where('new_id', '=', id)
    .where('entity', '=', 'contact')
    .orderBy('merged_at')
    .execute();
  return [id, ...merged.map((r) => r.old_id)];
}

/** What identifies the person in free text: emails, slugs (own and aliases) and the name. */
function identifiersOf(contact: Contact): string[] {
  const slugs = [contact.linkedinSlug, ...contact.linkedinAliases].filter((s): s is string => s !== null);
  return [...contact.emails, ...slugs, contact.name].filter((s) => s.trim().length >= 2);
}

/** Audit rows whose before or after mentions one of the ids or identifiers (a superset; JSON is checked after). */
function auditMentioning(db: Kysely<Database>, ids: string[], contact: Contact) {
  const needles = [...ids, ...contact.emails, contact.linkedinSlug, ...contact.linkedinAliases].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) => {
      const any: Expression<SqlBool>[] = [eb('entity_id', 'in', ids)];
      for (const needle of needles) {
        const pattern = sql<string>`${likeContains(needle)} escape '\\'`;
        any.push(eb(sql`lower(${sql.ref('before')})`, 'like', pattern));
        any.push(eb(sql`lower(${sql.ref('after')})`, 'like', pattern));
      }
      return eb.or(any);
    });
}

/**
 * Everything stored about one stakeholder, or null when there is no such stakeholder (a merged-away id
 * answers null too; export the record it went into).
 */
export async function exportPerson(db: Kysely<Database>, id: string, at: Date): Promise<PersonExport | null> {
  const contact = await loadContact(db, id);
  if (!contact) return null;
  const ids = await idsOf(db, id);
  const [account, manager, reports, owner, external, touchRows, auditRows] = await Promise.all([
    db
      .selectFrom('accounts')
      .select(['id', 'name'])
      .where('id', '=', contact.accountId)
      .executeTakeFirstOrThrow(),
    contact.reportsToId
      ? db
          .selectFrom('contacts')
          .select(['id', 'name'])
          .where('id', '=', contact.reportsToId)
          .executeTakeFirst()
      : undefined,
    db.selectFrom('contacts').select(['id', 'name']).where('reports_to_id', '=', id).orderBy('id').execute(),
    contact.relationshipOwnerId
      ? db
          .selectFrom('users')
          .select(['id', 'name'])
          .where('id', '=', contact.relationshipOwnerId)
          .executeTakeFirst()
      : undefined,
    withExternalIds(db)
      .selectFrom('external_ids')
      .select(['source', 'external_id'])
      .where('entity', '=', 'contact')
      .where('record_id', 'in', ids)
      .orderBy('source')
      .execute(),
    db
      .selectFrom('touch_contacts as tc')
      .innerJoin('touches as t', 't.id', 'tc.touch_id')
      .select('t.id')
      .where('tc.contact_id', '=', id)
      .orderBy('t.occurred_at', 'desc')
      .orderBy('t.id', 'desc')
      .execute(),
    auditMentioning(db, ids, contact).orderBy('id').execute(),
  ]);
  return {
    format: 'rapport-person/1',
    exportedAt: at.toISOString(),
    contact,
    account,
    mergedIds: ids.slice(1),
    reportsTo: manager ?? null,
    directReports: reports,
    relationshipOwner: owner ?? null,
    externalIds: external.map((r) => ({ source: r.source, externalId: r.external_id })),
    touches: await loadTouches(
      db,
      touchRows.map((r) => r.id),
    ),
    audit: auditRows.map(toAuditEntry),
    notes: [
      'Opportunities belong to the account and do not name stakeholders, so none are listed here.',
      'Email bodies are never stored: a touch holds its subject, date, link and participants only.',
    ],
  };
}

/** Replaces the person's identifiers inside a string with the marker (case-insensitive). */
function scrubText(text: string, identifiers: string[]): string {
  let out = text;
  for (const id of identifiers) {
    out = out.replace(new RegExp(id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), ERASED_MARKER);
  }
  return out;
}

/**
 * Walks stored JSON: an object whose `id` is one of the person's ids loses its personal fields (replaced by
 * the marker); any string naming the person has those words replaced. Touches in `anonymised` lose their
 * subject, notes, link and source key.
 */
function scrubJson(
  value: unknown,
  ids: Set<string>,
  identifiers: string[],
  anonymised: Set<string>,
): unknown {
  if (typeof value === 'string') return scrubText(value, identifiers);
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, ids, identifiers, anonymised));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const isPerson = typeof record.id === 'string' && ids.has(record.id);
  const isTouch = typeof record.id === 'string' && anonymised.has(record.id);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(record)) {
    if (isPerson && (PERSONAL_FIELDS as readonly string[]).includes(key)) {
      out[key] = Array.isArray(v) ? v.map(() => ERASED_MARKER) : v === null ? null : ERASED_MARKER;
    } else if (isTouch && (TOUCH_CONTENT_FIELDS as readonly string[]).includes(key)) {
      out[key] = v === null ? null : typeof v === 'string' && v === '' ? '' : ERASED_MARKER;
    } else {
      out[key] = scrubJson(v, ids, identifiers, anonymised);
    }
  }
  return out;
}

/**
 * Erases a stakeholder (right to erasure): the contact with its emails, slugs (aliases from merges included),
 * roles, search document, merged ids and external ids; it leaves the touches it took part in (a touch about
 * only this person keeps its kind, date, account and colleague, and loses its subject, notes and link); its
 * name, emails, slugs, title and notes are replaced by a marker in the audit log, in shared touches' text and
 * in kept idempotent answers are dropped; people who reported to it have no manager. Writes one `erase` audit
 * entry naming no one. Run it in a transaction: every step is one statement of that transaction.
 * Returns null when there is no such stakeholder.
 */
export async function erasePerson(
  trx: Kysely<Database>,
  id: string,
  by: { userId: string | null; reason: string },
): Promise<Erasure | null> {
  const contact = await loadContact(trx, id);
  if (!contact) return null;
  const ids = await idsOf(trx, id);
  const identifiers = identifiersOf(contact);
  const at = nowIso();

  // Touches: who else took part decides whether the touch keeps its words.
  const links = await trx
    .selectFrom('touch_contacts as tc')
    .select(['tc.touch_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .innerJoin('touch_contacts as other', 'other.touch_id', 'tc.touch_id')
    .where('tc.contact_id', '=', id)
    .groupBy('tc.touch_id')
    .execute();
  const alone = links.filter((l) => Number(l.n) === 1).map((l) => l.touch_id);
  const shared = links.filter((l) => Number(l.n) > 1).map((l) => l.touch_id);
  if (alone.length > 0) {
    await trx
      .updateTable('touches')
      .set((eb) => ({
        subject: '',
        notes: '',
        link: null,
        source_key: null,
        updated_at: at,
        version: eb('version', '+', 1),
      }))
      .where('id', 'in', alone)
      .execute();
  }
  for (const row of shared.length > 0
    ? await trx.selectFrom('touches').select(['id', 'subject', 'notes']).where('id', 'in', shared).execute()
    : []) {
    await trx
      .updateTable('touches')
      .set((eb) => ({
        subject: scrubText(row.subject, identifiers),
        notes: scrubText(row.notes, identifiers),
        updated_at: at,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', row.id)
      .execute();
  }
  await trx.deleteFrom('touch_contacts').where('contact_id', '=', id).execute();

  // The org chart: those who reported to the person report to no one known (not to the person's manager,
  // which would state a line nobody recorded).
  const cleared = await trx
    .updateTable('contacts')
    .set((eb) => ({ reports_to_id: null, updated_at: at, version: eb('version', '+', 1) }))
    .where('reports_to_id', '=', id)
    .executeTakeFirst();

  // The audit log: rewrite every entry naming the person.
  const anonymised = new Set(alone);
  const idSet = new Set(ids);
  let scrubbed = 0;
  const entries = await auditMentioning(trx, ids, contact).execute();
  const touchEntries =
    alone.length > 0
      ? await trx
          .selectFrom('audit_log')
          .selectAll()
          .where('entity', '=', 'touch')
          .where('entity_id', 'in', alone)
          .execute()
      : [];
  const seen = new Set<string>();
  for (const row of [...entries, ...touchEntries]) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    const rewrite = (text: string | null) =>
      text === null ? null : JSON.stringify(scrubJson(JSON.parse(text), idSet, identifiers, anonymised));
    const before = rewrite(row.before);
    const after = rewrite(row.after);
    if (before === row.before && after === row.after) continue;
    await trx.updateTable('audit_log').set({ before, after }).where('id', '=', row.id).execute();
    scrubbed++;
  }

  // Answers kept for retried writes (lib/idempotency.ts) that hold the person's record.
  const needles = [...ids, ...contact.emails];
  const dropped = await trx
    .deleteFrom('idempotency_keys')
    .where((eb) =>
      eb.or(
        needles.map((n) =>
          eb(sql`lower(${sql.ref('body')})`, 'like', sql<string>`${likeContains(n)} escape '\\'`),
        ),
      ),
    )
    .executeTakeFirst();

  await withExternalIds(trx)
    .deleteFrom('external_ids')
    .where('entity', '=', 'contact')
    .where('record_id', 'in', ids)
    .execute();
  await trx.deleteFrom('merged_ids').where('entity', '=', 'contact').where('new_id', '=', id).execute();
  // Emails, slugs (aliases too) and roles go with the contact (ON DELETE CASCADE).
  await trx.deleteFrom('contact_emails').where('contact_id', '=', id).execute();
  await trx.deleteFrom('contact_slugs').where('contact_id', '=', id).execute();
  await trx.deleteFrom('contact_roles').where('contact_id', '=', id).execute();
  await trx.deleteFrom('contacts').where('id', '=', id).execute();
  await reindex(trx, 'contact', ids);

  const erasure: Erasure = {
    erasureId: newId(),
    contactId: id,
    at,
    counts: {
      touchesAnonymised: alone.length,
      touchesUnlinked: shared.length,
      auditEntriesScrubbed: scrubbed,
      reportsCleared: Number(cleared.numUpdatedRows),
      idempotentAnswersDropped: Number(dropped.numDeletedRows),
    },
  };
  await trx
    .insertInto('audit_log')
    .values({
      id: erasure.erasureId,
      at,
      user_id: by.userId,
      action: 'erase',
      entity: 'contact',
      entity_id: id,
      before: null,
      after: JSON.stringify({
        reason: scrubText(by.reason, identifiers),
        accountId: contact.accountId,
        mergedIds: ids.slice(1),
        counts: erasure.counts,
      }),
    })
    .execute();
  return erasure;
}
