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

/** Who the person is and was: their ids, and every name, email and slug their records ever had. */
interface Identity {
  ids: string[];
  names: string[];
  emails: string[];
  slugs: string[];
}

/**
 * The person's identity: the current record's name, emails and slugs, plus those their audit entries show
 * (before a rename or an email change, and the records merged into theirs), so older words are found too.
 */
async function identityOf(db: Kysely<Database>, contact: Contact): Promise<Identity> {
  const ids = await idsOf(db, contact.id);
  const idSet = new Set(ids);
  const names = new Set([contact.name]);
  const emails = new Set(contact.emails);
  const slugs = new Set(
    [contact.linkedinSlug, ...contact.linkedinAliases].filter((s): s is string => s !== null),
  );
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) collect(v);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (typeof record.id === 'string' && idSet.has(record.id)) {
      if (typeof record.name === 'string') names.add(record.name);
      if (typeof record.linkedinSlug === 'string') slugs.add(record.linkedinSlug);
      for (const e of Array.isArray(record.emails) ? record.emails : [])
        if (typeof e === 'string') emails.add(e);
      for (const a of Array.isArray(record.linkedinAliases) ? record.linkedinAliases : [])
        if (typeof a === 'string') slugs.add(a);
    }
    for (const v of Object.values(record)) collect(v);
  };
  const own = await db
    .selectFrom('audit_log')
    .select(['before', 'after'])
    .where('entity', '=', 'contact')
    .where('entity_id', 'in', ids)
    .execute();
  for (const row of own) {
    for (const text of [row.before, row.after]) if (text !== null) collect(JSON.parse(text));
  }
  const usable = (list: Set<string>) => [...list].filter((v) => v.trim().length >= 2 && v !== ERASED_MARKER);
  return { ids, names: usable(names), emails: usable(emails), slugs: usable(slugs) };
}

/**
 * Audit rows that may name the person: about one of their ids, or whose JSON holds an id, an email or a slug
 * (slugs as whole JSON strings, as short ones are common words). A superset; the JSON is checked after.
 */
function auditMentioning(db: Kysely<Database>, who: Identity) {
  const needles = [...who.ids, ...who.emails, ...who.slugs.map((s) => JSON.stringify(s))];
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) => {
      const any: Expression<SqlBool>[] = [eb('entity_id', 'in', who.ids)];
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
  const who = await identityOf(db, contact);
  const { ids } = who;
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
    auditMentioning(db, who).orderBy('id').execute(),
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

/** The words that identify the person in free text, longest first, matched as whole words, any case. */
function wordsOf(who: Identity): RegExp[] {
  return [...who.emails, ...who.slugs, ...who.names]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .map((w) => new RegExp(`(?<![\\p{L}\\p{N}])${w}(?![\\p{L}\\p{N}])`, 'giu'));
}

/** Replaces the person's words inside a string with the marker. */
function scrubText(text: string, words: RegExp[]): string {
  return words.reduce((out, word) => out.replace(word, ERASED_MARKER), text);
}

/**
 * Walks stored JSON: an object whose `id` is one of the person's ids loses its personal fields (replaced by
 * the marker); any string naming the person has those words replaced. Touches in `anonymised` lose their
 * subject, notes, link and source key.
 */
function scrubJson(value: unknown, ids: Set<string>, words: RegExp[], anonymised: Set<string>): unknown {
  if (typeof value === 'string') return scrubText(value, words);
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, ids, words, anonymised));
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
      out[key] = scrubJson(v, ids, words, anonymised);
    }
  }
  return out;
}

/**
 * Erases a stakeholder (right to erasure, docs/privacy.md): deletes the contact with its emails, slugs (aliases
 * from merges too), roles, search document, merged ids and external ids. Touches stay: one only about this
 * person keeps its kind, date, accounts and colleague and loses its subject, notes, link and source key; a
 * shared one loses the person. Every name, email and slug the person had becomes `[erased]` in the audit log
 * and in shared touches' words; kept answers to retried writes holding them are dropped; those who reported
 * to the person report to no one. Writes one `erase` audit entry naming no one. Call it inside a transaction,
 * so a failure at any step changes nothing. Returns null when there is no such stakeholder.
 * @example await db.transaction().execute((trx) => erasePerson(trx, id, { userId: actor.id, reason }));
 */
export async function erasePerson(
  trx: Kysely<Database>,
  id: string,
  by: { userId: string | null; reason: string },
): Promise<Erasure | null> {
  const contact = await loadContact(trx, id);
  if (!contact) return null;
  const who = await identityOf(trx, contact);
  const { ids } = who;
  const words = wordsOf(who);
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
        subject: scrubText(row.subject, words),
        notes: scrubText(row.notes, words),
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
  const entries = await auditMentioning(trx, who).execute();
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
      text === null ? null : JSON.stringify(scrubJson(JSON.parse(text), idSet, words, anonymised));
    const before = rewrite(row.before);
    const after = rewrite(row.after);
    if (before === row.before && after === row.after) continue;
    await trx.updateTable('audit_log').set({ before, after }).where('id', '=', row.id).execute();
    scrubbed++;
  }

  // Answers kept for retried writes (lib/idempotency.ts) that hold the person's record.
  const needles = [...ids, ...who.emails];
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
        reason: scrubText(by.reason, words),
        accountId: contact.accountId,
        mergedIds: ids.slice(1),
        counts: erasure.counts,
      }),
    })
    .execute();
  return erasure;
}
