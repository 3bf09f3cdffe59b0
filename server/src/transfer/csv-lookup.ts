import type { Account, Contact, Opportunity } from '@rapport/shared';
import { domainSuffixes, emailDomain, normalizeDomain, normalizeEmail } from '@rapport/shared';
import { type Kysely, sql } from 'kysely';

import { loadAccounts } from '../db/account-repository';
import { loadContacts } from '../db/contact-repository';
import type { Database } from '../db/database';
import { toOpportunity } from '../db/opportunity-repository';
import type { ImportEntity } from './csv-columns';
import type { AccountRef, Given } from './csv-rows';
import type { Parsed } from './csv-values';
import { externalIdsOf, recordsByExternalId } from './external-ids';

/** Ids per IN list: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

async function inChunks<T>(values: readonly string[], run: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(values)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await run(unique.slice(i, i + CHUNK))));
  return out;
}

const lower = (s: string) => s.trim().toLowerCase();

/** The entity name the audit log and `external_ids` use. */
export const RECORD_ENTITY = {
  accounts: 'account',
  contacts: 'contact',
  opportunities: 'opportunity',
} as const satisfies Record<ImportEntity, string>;

/**
 * Everything the rows of one batch may match or refer to, read in a few statements per batch (a dry run of
 * 100,000 rows must not cost a dozen statements per row). Writes load it for their one row, inside the row's
 * transaction, so what they decide on is what they write over.
 */
export class Lookup {
  /** Own entity: external id → record id (this source). */
  readonly extIds = new Map<string, string>();
  /** Own entity: record id → its external id in this source. */
  readonly extOf = new Map<string, string>();
  readonly accounts = new Map<string, Account>();
  readonly contacts = new Map<string, Contact>();
  readonly opportunities = new Map<string, Opportunity>();
  /** Account names by id, for messages and for references. */
  readonly accountNames = new Map<string, string>();
  readonly accountByExt = new Map<string, string>();
  readonly accountByDomain = new Map<string, string>();
  readonly accountBySlug = new Map<string, string>();
  readonly accountsByName = new Map<string, string[]>();
  readonly contactByEmail = new Map<string, string>();
  readonly contactBySlug = new Map<string, string>();
  readonly contactsByName = new Map<string, string[]>();
  /** `${accountId}\n${lower title}` → opportunity ids. */
  readonly opportunitiesByTitle = new Map<string, string[]>();

  private constructor(readonly source: string) {}

  static async load(db: Kysely<Database>, entity: ImportEntity, source: string, rows: readonly Given[]) {
    const lk = new Lookup(source);
    const own = { entity: RECORD_ENTITY[entity], source };
    const extIds = rows.flatMap((g) => (g.externalId ? [g.externalId] : []));
    for (const [k, v] of await recordsByExternalId(db, own, extIds)) lk.extIds.set(k, v);
    await lk.ownIds(db, entity, extIds, lk.extIds);
    if (entity === 'accounts') await lk.loadForAccounts(db, rows);
    else await lk.loadReferences(db, rows);
    if (entity === 'contacts') await lk.loadForContacts(db, rows);
    if (entity === 'opportunities') await lk.loadForOpportunities(db, rows);
    const candidates = [
      ...lk.extIds.values(),
      ...(entity === 'accounts'
        ? [
            ...lk.accountByDomain.values(),
            ...lk.accountBySlug.values(),
            ...[...lk.accountsByName.values()].flat(),
          ]
        : entity === 'contacts'
          ? [
              ...lk.contactByEmail.values(),
              ...lk.contactBySlug.values(),
              ...[...lk.contactsByName.values()].flat(),
            ]
          : [...lk.opportunitiesByTitle.values()].flat()),
    ];
    if (entity === 'accounts') {
      for (const a of await inChunks(candidates, (ids) => loadAccounts(db, ids))) lk.accounts.set(a.id, a);
    } else if (entity === 'contacts') {
      for (const c of await inChunks(candidates, (ids) => loadContacts(db, ids))) lk.contacts.set(c.id, c);
    } else {
      const rows = await inChunks(candidates, (ids) =>
        db.selectFrom('opportunities').selectAll().where('id', 'in', ids).execute(),
      );
      for (const r of rows) lk.opportunities.set(r.id, toOpportunity(r));
    }
    for (const [k, v] of await externalIdsOf(db, own, candidates)) lk.extOf.set(k, v);
    await lk.loadAccountNames(db);
    return lk;
  }

  /**
   * A Rapport file's ids are this server's own when it was exported here: an id that names a record of the
   * entity is that record (ids are unique across servers, so another server's id never names one here).
   */
  private async ownIds(
    db: Kysely<Database>,
    entity: ImportEntity,
    ids: readonly string[],
    into: Map<string, string>,
  ) {
    if (this.source !== 'rapport') return;
    const missing = ids.filter((id) => !into.has(id));
    const table = entity === 'accounts' ? 'accounts' : entity === 'contacts' ? 'contacts' : 'opportunities';
    const rows = await inChunks(missing, (chunk) =>
      db.selectFrom(table).select('id').where('id', 'in', chunk).execute(),
    );
    for (const r of rows) into.set(r.id, r.id);
  }

  private async loadForAccounts(db: Kysely<Database>, rows: readonly Given[]) {
    const givens = rows.flatMap((g) => (g.entity === 'accounts' ? [g] : []));
    await this.loadAccountDomains(
      db,
      givens.flatMap((g) => g.fields.domains ?? []),
    );
    const slugs = givens.flatMap((g) => (g.fields.linkedinSlug ? [g.fields.linkedinSlug] : []));
    const slugRows = await inChunks(slugs, (chunk) =>
      db.selectFrom('account_slugs').select(['slug', 'account_id']).where('slug', 'in', chunk).execute(),
    );
    for (const r of slugRows) this.accountBySlug.set(r.slug, r.account_id);
    // Names match only rows that name no domain and no LinkedIn page.
    const names = givens
      .filter((g) => !g.fields.domains?.length && !g.fields.linkedinSlug && g.fields.name)
      .map((g) => lower(g.fields.name ?? ''));
    await this.loadAccountsByName(db, names);
  }

  /** Accounts that contacts and opportunities name: by external id, name or domain (or an email's domain). */
  private async loadReferences(db: Kysely<Database>, rows: readonly Given[]) {
    const refs: AccountRef[] = [];
    const emailDomains: string[] = [];
    for (const g of rows) {
      if (g.entity === 'accounts') continue;
      refs.push(g.account);
      if (g.entity === 'contacts') {
        for (const e of g.fields.emails ?? []) emailDomains.push(...domainSuffixes(emailDomain(e)));
      }
    }
    const ext = refs.flatMap((r) => (r.externalId ? [r.externalId] : []));
    const found = await recordsByExternalId(db, { entity: 'account', source: this.source }, ext);
    for (const [k, v] of found) this.accountByExt.set(k, v);
    await this.ownIds(db, 'accounts', ext, this.accountByExt);
    const domains = [
      ...emailDomains,
      ...refs.flatMap((r) => [r.domain, r.name].map((d) => (d ? normalizeDomain(d) : null))),
    ].filter((d): d is string => d !== null);
    await this.loadAccountDomains(db, domains);
    await this.loadAccountsByName(
      db,
      refs.flatMap((r) => (r.name ? [lower(r.name)] : [])),
    );
  }

  private async loadAccountDomains(db: Kysely<Database>, domains: readonly string[]) {
    const rows = await inChunks(domains, (chunk) =>
      db
        .selectFrom('account_domains')
        .select(['domain', 'account_id'])
        .where('domain', 'in', chunk)
        .execute(),
    );
    for (const r of rows) this.accountByDomain.set(r.domain, r.account_id);
  }

  private async loadAccountsByName(db: Kysely<Database>, names: readonly string[]) {
    const rows = await inChunks(names, (chunk) =>
      db
        .selectFrom('accounts')
        .select(['id', 'name'])
        .where(sql<string>`lower(name)`, 'in', chunk)
        .orderBy('id')
        .execute(),
    );
    for (const r of rows) {
      const key = lower(r.name);
      this.accountsByName.set(key, [...(this.accountsByName.get(key) ?? []), r.id]);
    }
  }

  private async loadForContacts(db: Kysely<Database>, rows: readonly Given[]) {
    const givens = rows.flatMap((g) => (g.entity === 'contacts' ? [g] : []));
    const emailRows = await inChunks(
      givens.flatMap((g) => g.fields.emails ?? []),
      (chunk) =>
        db.selectFrom('contact_emails').select(['email', 'contact_id']).where('email', 'in', chunk).execute(),
    );
    for (const r of emailRows) this.contactByEmail.set(r.email, r.contact_id);
    const slugRows = await inChunks(
      givens.flatMap((g) => (g.fields.linkedinSlug ? [g.fields.linkedinSlug] : [])),
      (chunk) =>
        db.selectFrom('contact_slugs').select(['slug', 'contact_id']).where('slug', 'in', chunk).execute(),
    );
    for (const r of slugRows) this.contactBySlug.set(r.slug, r.contact_id);
    const names = givens
      .filter((g) => !g.fields.emails?.length && !g.fields.linkedinSlug && g.fields.name)
      .map((g) => lower(g.fields.name ?? ''));
    const nameRows = await inChunks(names, (chunk) =>
      db
        .selectFrom('contacts')
        .select(['id', 'name'])
        .where(sql<string>`lower(name)`, 'in', chunk)
        .orderBy('id')
        .execute(),
    );
    for (const r of nameRows) {
      const key = lower(r.name);
      this.contactsByName.set(key, [...(this.contactsByName.get(key) ?? []), r.id]);
    }
  }

  private async loadForOpportunities(db: Kysely<Database>, rows: readonly Given[]) {
    const titles = rows.flatMap((g) =>
      g.entity === 'opportunities' && g.fields.title ? [lower(g.fields.title)] : [],
    );
    const found = await inChunks(titles, (chunk) =>
      db
        .selectFrom('opportunities')
        .select(['id', 'account_id', 'title'])
        .where(sql<string>`lower(title)`, 'in', chunk)
        .orderBy('id')
        .execute(),
    );
    for (const r of found) {
      const key = `${r.account_id}\n${lower(r.title)}`;
      this.opportunitiesByTitle.set(key, [...(this.opportunitiesByTitle.get(key) ?? []), r.id]);
    }
  }

  private async loadAccountNames(db: Kysely<Database>) {
    const ids = [
      ...this.accountByExt.values(),
      ...this.accountByDomain.values(),
      ...this.accountBySlug.values(),
      ...[...this.accountsByName.values()].flat(),
      ...[...this.contacts.values()].map((c) => c.accountId),
      ...[...this.opportunities.values()].map((o) => o.accountId),
    ];
    const rows = await inChunks(ids, (chunk) =>
      db.selectFrom('accounts').select(['id', 'name']).where('id', 'in', chunk).execute(),
    );
    for (const r of rows) this.accountNames.set(r.id, r.name);
  }

  /**
   * The account a contact or opportunity row names: by its id in the source, a domain, or its name (a name
   * that two accounts share is refused). A contact row that names no account goes to the account of its
   * email's domain. `null` when the row names none and no email domain matches.
   */
  resolveAccount(ref: AccountRef, emails: readonly string[] = []): Parsed<string> | null {
    const named = ref.externalId ?? ref.name ?? ref.domain;
    if (ref.externalId) {
      const id = this.accountByExt.get(ref.externalId);
      if (id && this.accountNames.has(id)) return { ok: true, value: id };
    }
    for (const text of [ref.domain, ref.name]) {
      const domain = text && !/\s/.test(text) ? normalizeDomain(text) : null;
      const id = domain ? this.accountByDomain.get(domain) : undefined;
      if (id) return { ok: true, value: id };
    }
    if (ref.name) {
      const ids = this.accountsByName.get(lower(ref.name)) ?? [];
      if (ids.length > 1) {
        const [n, name] = [ids.length, ref.name];
        return { ok: false, reason: (m) => m.transfer.reasons.accountsCalledRef(n, name) };
      }
      if (ids[0]) return { ok: true, value: ids[0] };
    }
    if (named !== undefined) {
      return { ok: false, reason: (m) => m.transfer.reasons.noAccountMatches(ref) };
    }
    for (const email of emails) {
      const normalized = normalizeEmail(email);
      if (!normalized) continue;
      for (const d of domainSuffixes(emailDomain(normalized))) {
        const id = this.accountByDomain.get(d);
        if (id) return { ok: true, value: id };
      }
    }
    return null;
  }
}

/** The users an import may name as owners: by id, email or (unique) name. */
export class Users {
  private constructor(
    private readonly rows: { id: string; email: string; name: string; role: string; active: number }[],
  ) {}

  static async load(db: Kysely<Database>): Promise<Users> {
    return new Users(
      await db.selectFrom('users').select(['id', 'email', 'name', 'role', 'active']).execute(),
    );
  }

  role(id: string): string | null {
    return this.rows.find((u) => u.id === id)?.role ?? null;
  }

  /** The active user `value` names (an id, an email or a full name). */
  resolve(value: string): Parsed<string> {
    const v = value.trim();
    const email = normalizeEmail(v);
    const byKey = this.rows.find((u) => u.id === v || (email !== null && u.email === email));
    const matches = byKey ? [byKey] : this.rows.filter((u) => lower(u.name) === lower(v));
    const active = matches.filter((u) => u.active === 1);
    if (active.length === 1 && active[0]) return { ok: true, value: active[0].id };
    const n = active.length;
    if (n > 1) return { ok: false, reason: (m) => m.transfer.reasons.usersCalled(n, v) };
    if (matches.length > 0) return { ok: false, reason: (m) => m.transfer.reasons.userDeactivated(v) };
    return { ok: false, reason: (m) => m.transfer.reasons.noUser(v) };
  }
}
