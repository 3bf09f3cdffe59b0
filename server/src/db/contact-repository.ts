import type {
  BuyingRole,
  Contact,
  ContactListQuery,
  CreateContactRequest,
  Influence,
  Stance,
} from '@rapport/shared';
import { BUYING_ROLES } from '@rapport/shared';
import { type Kysely, sql } from 'kysely';

import { invalidField, uniqueConflict } from '../lib/errors';
import { newId, nowIso } from '../lib/ids';
import type { ContactRow, Database } from './database';
import { likeContains } from './paging';
import { ensureActiveUsers } from './references';

/** Loads contacts with emails, slugs and roles, in the order of `ids` (missing ids are skipped). */
export async function loadContacts(db: Kysely<Database>, ids: readonly string[]): Promise<Contact[]> {
  if (ids.length === 0) return [];
  const [rows, emails, slugs, roles] = await Promise.all([
    db.selectFrom('contacts').selectAll().where('id', 'in', ids).execute(),
    db.selectFrom('contact_emails').selectAll().where('contact_id', 'in', ids).orderBy('email').execute(),
    db.selectFrom('contact_slugs').selectAll().where('contact_id', 'in', ids).orderBy('slug').execute(),
    db.selectFrom('contact_roles').selectAll().where('contact_id', 'in', ids).execute(),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const own = slugs.filter((s) => s.contact_id === id);
    const held = new Set(roles.filter((r) => r.contact_id === id).map((r) => r.role));
    return [
      toContact(row, {
        emails: emails.filter((e) => e.contact_id === id).map((e) => e.email),
        slug: own.find((s) => s.is_primary === 1)?.slug ?? null,
        aliases: own.filter((s) => s.is_primary === 0).map((s) => s.slug),
        roles: BUYING_ROLES.filter((r) => held.has(r)),
      }),
    ];
  });
}

export async function loadContact(db: Kysely<Database>, id: string): Promise<Contact | null> {
  return (await loadContacts(db, [id]))[0] ?? null;
}

function toContact(
  row: ContactRow,
  children: { emails: string[]; slug: string | null; aliases: string[]; roles: BuyingRole[] },
): Contact {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    title: row.title,
    emails: children.emails,
    linkedinSlug: children.slug,
    linkedinAliases: children.aliases,
    roles: children.roles,
    stance: row.stance as Stance | null,
    influence: row.influence as Influence | null,
    reportsToId: row.reports_to_id,
    relationshipOwnerId: row.relationship_owner_id,
    lastContactedAt: row.last_contacted_at,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** A page of contact ids matching the filters, `limit + 1` long. */
export async function listContactIds(db: Kysely<Database>, q: ContactListQuery): Promise<string[]> {
  let query = db
    .selectFrom('contacts')
    .select('contacts.id')
    .orderBy('contacts.id')
    .limit(q.limit + 1);
  if (q.cursor) query = query.where('contacts.id', '>', q.cursor);
  if (q.accountId) query = query.where('account_id', '=', q.accountId);
  if (q.stance) query = query.where('stance', '=', q.stance);
  if (q.influence) query = query.where('influence', '=', q.influence);
  if (q.relationshipOwnerId) query = query.where('relationship_owner_id', '=', q.relationshipOwnerId);
  if (q.q) query = query.where(sql`lower(name)`, 'like', sql`${likeContains(q.q)} escape '\\'`);
  const { role, email, linkedinSlug } = q;
  if (role) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('contact_roles')
          .select('role')
          .whereRef('contact_id', '=', 'contacts.id')
          .where('role', '=', role),
      ),
    );
  }
  if (email) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('contact_emails')
          .select('email')
          .whereRef('contact_id', '=', 'contacts.id')
          .where('email', '=', email),
      ),
    );
  }
  if (linkedinSlug) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('contact_slugs')
          .select('slug')
          .whereRef('contact_id', '=', 'contacts.id')
          .where('slug', '=', linkedinSlug),
      ),
    );
  }
  return (await query.execute()).map((r) => r.id);
}

/** The fields of a contact as they will be stored after a create or an update. */
export type ContactState = CreateContactRequest;

/**
 * Checks what the schema cannot: the manager is a contact of the same account and no reporting loop forms,
 * the relationship owner is an active user, and no other contact holds an email or the slug.
 */
export async function checkContact(db: Kysely<Database>, state: ContactState, selfId: string | null) {
  await ensureActiveUsers(db, 'relationshipOwnerId', [state.relationshipOwnerId]);
  if (state.reportsToId) await checkReportsTo(db, state.accountId, state.reportsToId, selfId);
  if (state.emails.length > 0) {
    const taken = await db
      .selectFrom('contact_emails')
      .innerJoin('contacts', 'contacts.id', 'contact_emails.contact_id')
      .select(['email', 'contact_id', 'contacts.name'])
      .where('email', 'in', state.emails)
      .where('contact_id', '!=', selfId ?? '')
      .executeTakeFirst();
    if (taken) {
      throw uniqueConflict((m) => m.errors.contacts.emailTaken(taken.email, taken.name), {
        field: 'emails',
        email: taken.email,
        contactId: taken.contact_id,
      });
    }
  }
  if (state.linkedinSlug) {
    const taken = await db
      .selectFrom('contact_slugs')
      .select(['slug', 'contact_id'])
      .where('slug', '=', state.linkedinSlug)
      .where('contact_id', '!=', selfId ?? '')
      .executeTakeFirst();
    if (taken) {
      throw uniqueConflict((m) => m.errors.contacts.linkedInTaken(taken.slug), {
        field: 'linkedinSlug',
        contactId: taken.contact_id,
      });
    }
  }
}

async function checkReportsTo(
  db: Kysely<Database>,
  accountId: string,
  reportsToId: string,
  selfId: string | null,
) {
  if (reportsToId === selfId) throw invalidField('reportsToId', (m) => m.errors.contacts.reportsToSelf);
  let cursor: string | null = reportsToId;
  for (let hops = 0; cursor && hops < 200; hops++) {
    const row: { id: string; account_id: string; reports_to_id: string | null } | undefined = await db
      .selectFrom('contacts')
      .select(['id', 'account_id', 'reports_to_id'])
      .where('id', '=', cursor)
      .executeTakeFirst();
    if (!row) {
      const id = cursor;
      throw invalidField('reportsToId', (m) => m.errors.contacts.noContact(id));
    }
    if (hops === 0 && row.account_id !== accountId) {
      throw invalidField('reportsToId', (m) => m.errors.contacts.managerElsewhere);
    }
    if (selfId && row.reports_to_id === selfId) {
      throw invalidField('reportsToId', (m) => m.errors.contacts.reportingLoop);
    }
    cursor = row.reports_to_id;
  }
}

/** Inserts a checked contact with its children; returns its id. */
export async function insertContact(db: Kysely<Database>, state: ContactState): Promise<string> {
  const now = nowIso();
  const id = newId();
  await db
    .insertInto('contacts')
    .values({ id, ...columnsOf(state), created_at: now, updated_at: now, version: 1 })
    .execute();
  await writeContactChildren(db, id, state, null);
  return id;
}

/** The contacts-table columns of a state. */
export function columnsOf(state: ContactState) {
  return {
    account_id: state.accountId,
    name: state.name,
    title: state.title,
    stance: state.stance,
    influence: state.influence,
    reports_to_id: state.reportsToId,
    relationship_owner_id: state.relationshipOwnerId,
    last_contacted_at: state.lastContactedAt,
    notes: state.notes,
  };
}

/** Replaces emails, the primary slug and roles with those of `state`; alias slugs from merges stay. */
export async function writeContactChildren(
  db: Kysely<Database>,
  id: string,
  state: ContactState,
  before: Contact | null,
) {
  if (!before || before.emails.join() !== state.emails.join()) {
    await db.deleteFrom('contact_emails').where('contact_id', '=', id).execute();
    if (state.emails.length > 0) {
      await db
        .insertInto('contact_emails')
        .values(state.emails.map((email) => ({ email, contact_id: id })))
        .execute();
    }
  }
  if (!before || before.linkedinSlug !== state.linkedinSlug) {
    await db.deleteFrom('contact_slugs').where('contact_id', '=', id).where('is_primary', '=', 1).execute();
    if (state.linkedinSlug) {
      await db
        .deleteFrom('contact_slugs')
        .where('contact_id', '=', id)
        .where('slug', '=', state.linkedinSlug)
        .execute();
      await db
        .insertInto('contact_slugs')
        .values({ slug: state.linkedinSlug, contact_id: id, is_primary: 1 })
        .execute();
    }
  }
  if (!before || before.roles.join() !== state.roles.join()) {
    await db.deleteFrom('contact_roles').where('contact_id', '=', id).execute();
    if (state.roles.length > 0) {
      await db
        .insertInto('contact_roles')
        .values(state.roles.map((role) => ({ contact_id: id, role })))
        .execute();
    }
  }
}

/** The state a contact has today, to merge a partial update into. */
export function stateOf(c: Contact): ContactState {
  return {
    accountId: c.accountId,
    name: c.name,
    title: c.title,
    emails: c.emails,
    linkedinSlug: c.linkedinSlug,
    roles: c.roles,
    stance: c.stance,
    influence: c.influence,
    reportsToId: c.reportsToId,
    relationshipOwnerId: c.relationshipOwnerId,
    lastContactedAt: c.lastContactedAt,
    notes: c.notes,
  };
}

/** Moves a contact to another account; reporting links across the two accounts are cleared. */
export async function moveContact(db: Kysely<Database>, contact: Contact, accountId: string): Promise<void> {
  await db
    .updateTable('contacts')
    .set({ reports_to_id: null })
    .where('reports_to_id', '=', contact.id)
    .execute();
  await db
    .updateTable('contacts')
    .set({ account_id: accountId, reports_to_id: null, updated_at: nowIso(), version: contact.version + 1 })
    .where('id', '=', contact.id)
    .execute();
}

/**
 * Merges `source` into `target`: emails, roles, touches and slugs (as aliases) move over, empty fields are
 * filled from the source, the later "last contacted" wins, notes are joined, people who reported to the
 * source report to the target, and the source is deleted with its id recorded in `merged_ids`.
 */
export async function mergeContactInto(
  db: Kysely<Database>,
  target: Contact,
  source: Contact,
): Promise<void> {
  const now = nowIso();
  await db
    .deleteFrom('touch_contacts')
    .where('contact_id', '=', source.id)
    .where(
      'touch_id',
      'in',
      db.selectFrom('touch_contacts').select('touch_id').where('contact_id', '=', target.id),
    )
    .execute();
  await db
    .updateTable('touch_contacts')
    .set({ contact_id: target.id })
    .where('contact_id', '=', source.id)
    .execute();
  await db
    .updateTable('contact_emails')
    .set({ contact_id: target.id })
    .where('contact_id', '=', source.id)
    .execute();
  await db
    .updateTable('contact_slugs')
    .set({ contact_id: target.id, is_primary: target.linkedinSlug ? 0 : sql<number>`is_primary` })
    .where('contact_id', '=', source.id)
    .execute();
  const newRoles = source.roles.filter((r) => !target.roles.includes(r));
  if (newRoles.length > 0) {
    await db
      .insertInto('contact_roles')
      .values(newRoles.map((role) => ({ contact_id: target.id, role })))
      .execute();
  }
  const sameAccount = source.accountId === target.accountId;
  await db
    .updateTable('contacts')
    .set({ reports_to_id: sameAccount ? target.id : null })
    .where('reports_to_id', '=', source.id)
    .where('id', '!=', target.id)
    .execute();
  const candidate = sameAccount && source.reportsToId !== target.id ? source.reportsToId : null;
  const inherited = candidate && !(await reaches(db, candidate, target.id)) ? candidate : null;
  // Compared as instants: a value typed with an offset must not lose to an earlier one in UTC.
  const last =
    [target.lastContactedAt, source.lastContactedAt]
      .filter((d): d is string => d !== null)
      .sort((a, b) => Date.parse(a) - Date.parse(b))
      .pop() ?? null;
  await db
    .updateTable('contacts')
    .set({
      title: target.title ?? source.title,
      stance: target.stance ?? source.stance,
      influence: target.influence ?? source.influence,
      reports_to_id: target.reportsToId ?? inherited,
      relationship_owner_id: target.relationshipOwnerId ?? source.relationshipOwnerId,
      last_contacted_at: last,
      notes: [target.notes, source.notes].filter(Boolean).join('\n\n'),
      updated_at: now,
      version: target.version + 1,
    })
    .where('id', '=', target.id)
    .execute();
  await db.deleteFrom('contacts').where('id', '=', source.id).execute();
  await db.updateTable('merged_ids').set({ new_id: target.id }).where('new_id', '=', source.id).execute();
  await db
    .insertInto('merged_ids')
    .values({ old_id: source.id, new_id: target.id, entity: 'contact', merged_at: now })
    .execute();
}

/** True when following reports-to links up from `from` reaches `to` (so linking `to` under `from` loops). */
async function reaches(db: Kysely<Database>, from: string, to: string): Promise<boolean> {
  let cursor: string | null = from;
  for (let hops = 0; cursor && hops < 200; hops++) {
    if (cursor === to) return true;
    const row: { reports_to_id: string | null } | undefined = await db
      .selectFrom('contacts')
      .select('reports_to_id')
      .where('id', '=', cursor)
      .executeTakeFirst();
    cursor = row?.reports_to_id ?? null;
  }
  return false;
}
