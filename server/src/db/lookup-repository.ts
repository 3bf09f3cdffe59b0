import {
  type AccountStatus,
  type AccountTier,
  BUYING_ROLES,
  type BuyingRole,
  CLOSED_STAGES,
  domainSuffixes,
  emailDomain,
  emailWithoutPlus,
  type Influence,
  isolateOrNull,
  LOOKUP_STAKEHOLDER_LIMIT,
  type LookupAccount,
  type LookupOpportunity,
  type LookupRequest,
  type LookupResponse,
  type LookupResult,
  type LookupStakeholder,
  normalizeEmail,
  type OpportunityKind,
  type OpportunityStage,
  type OpportunityType,
  type Ownership,
  parseLinkedin,
  type Settings,
  type Stance,
  type UserRef,
  type UserRole,
} from '@rapport/shared';

import type { Actor } from '../auth/policy';
import { en, type Messages } from '../i18n';
import type { Db } from './create-db';
import type {
  AccountRow as AccountTableRow,
  ContactRow as ContactTableRow,
  OpportunityRow as OpportunityTableRow,
} from './database';
import { inList, notInList, Statements, sql } from './statements';

/*
 * The extension's hot path (issue 7, docs/performance.md). A lookup runs no statement when its keys and
 * summaries are cached and the change mark is the one they were checked under (statements.ts: nothing was
 * written anywhere since), one when every matched account's summary is cached and still current, and at most
 * ten otherwise, whatever the number of inputs:
 *  1. every key at once (addresses, profile and company slugs, domain suffixes), each hit with its account's
 *     change stamp, plus the stamps `*` (colleagues' names and roles) and `#keys`; on SQLite, when the key
 *     cache knows every key, only the stamps of the accounts they name;
 *  2-7. for the accounts not cached or changed since: the accounts, their domains and reps, open opportunities,
 *     top-ranked stakeholders, the stakeholders' roles and emails, and the colleagues named;
 *  8-10. matched contacts ranked below the stakeholders a summary lists, their roles, emails and colleagues.
 * Triggers bump an account's stamp in the same transaction as any write to what its summary shows (migration
 * 2026_12_07), so a summary is reused only while it is exactly what the database holds, in every process.
 * What depends on the caller (their relation to the account, the language, which contacts matched) is added
 * to the cached part on every request. Stamps only grow: a cache never takes an older stamp than it has seen.
 */

/** Summaries kept per process; the least recently used go first. About 5 KB each at 10 stakeholders. */
const CACHE_SIZE = 10_000;
/** Keys (addresses, slugs, domains) whose answer, found or not, is kept per process. */
const KEY_CACHE_SIZE = 200_000;
/** Inputs whose parse is kept per process. */
const PARSED_CACHE_SIZE = 100_000;

/** One request input after parsing: what to look for, or the answer when no lookup is needed. */
interface ParsedInput {
  input: string;
  type: 'email' | 'linkedin';
  normalized: string | null;
  /**
   * What to look for, best first, each as `kind:value`: `e:` exact addresses (as given, then without its
   * `+tag`), `p:` a profile slug (before a company slug for bare slugs), `c:` a company slug, `d:` the email
   * domain's suffixes, most specific first (none for personal and internal domains).
   */
  keys: string[];
  /** Answer when nothing matches by key: invalid input, a personal domain, or a colleague's address. */
  fallback: Pick<LookupResult, 'match' | 'reason'>;
}

interface DomainSets {
  company: ReadonlySet<string>;
  personal: ReadonlySet<string>;
}

/** What a key names: a contact and its account, or an account (company slug, domain). */
interface KeyHit {
  contactId: string | null;
  accountId: string;
}

/**
 * What the keys found, by key: `e:` address, `p:` profile slug, `c:` company slug, `d:` domain; and the
 * stamps of the accounts they name, with `*` (colleagues).
 */
interface KeyHits {
  keys: Map<string, KeyHit>;
  /** Null when the key cache was checked under the current change mark: nothing was read. */
  stamps: Map<string, number> | null;
}

/**
 * The part of an account's answer that is the same for every caller, built under one stamp, kept as JSON text:
 * serialising a 10 KB answer on every request cost more than the rest of a cached lookup together.
 */
interface Summary {
  stamp: number;
  id: string;
  tier: AccountTier;
  status: AccountStatus;
  ownerId: string | null;
  ownerName: string | null;
  repIds: string[];
  /** Ids of the best-ranked `LOOKUP_STAKEHOLDER_LIMIT` stakeholders, in rank order. */
  stakeholderIds: string[];
  stakeholderCount: number;
  /**
   * The account's JSON (UTF-8) without `ownership` and `stakeholders`, and without its closing brace: kept as
   * bytes, so a cached answer is copied into the response rather than encoded again.
   */
  head: Buffer;
  /** The JSON array (UTF-8) of the listed stakeholders. */
  stakeholders: Buffer;
  /** The change mark under which this summary was last known current. */
  checkedAt: string | null;
}

/**
 * A kept summary's JSON in memory of its own. `Buffer.from` puts a short string in a shared 8 KB slab, and one
 * slice kept in the cache keeps its whole slab alive, with the answers' garbage around it: up to 8 KB each
 * for a summary of one or two. After the benchmark's load: 17 to 20 MB of array buffers, 29 MB before.
 * @example ownBytes('{"id":"a1"}').buffer.byteLength // 11
 */
export function ownBytes(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text);
  return bytes;
}

const COMMA = Buffer.from(',');
const CLOSE = Buffer.from('}');
const END = Buffer.from(']}');

const UNKNOWN: ParsedInput['fallback'] = { match: 'none', reason: 'unknown' };
const INVALID: ParsedInput['fallback'] = { match: 'none', reason: 'invalid' };

export interface LookupReaderOptions {
  /** Called with each statement's text as it runs (tests count them). */
  onStatement?: (text: string) => void;
  /** Most summaries kept; 0 turns the cache off. */
  cacheSize?: number;
  /** Most keys kept; 0 turns the key cache off. */
  keyCacheSize?: number;
}

/**
 * Answers the extension's lookups and the account summaries of the popup and account page, with a cache of
 * account summaries that writes anywhere invalidate (see above). One per process.
 * @example
 * const lookups = new LookupReader(db);
 * const res = await lookups.lookup(settings, actor, {
 *   emails: ['Jane+crm@EU.acme.com'],
 *   linkedin: ['https://it.linkedin.com/in/jane-doe/'],
 * });
 * res.results[0] // { match: 'email', contactId: 'c1', accountId: 'a1', … }
 * res.accounts[0].ownership.message // 'Key account, owned by Alice Rossi'
 */
export class LookupReader {
  private readonly st: Statements;
  private readonly cacheSize: number;
  private readonly cache = new Map<string, Summary>();
  /** The stamp `*` the cached summaries were built under; a new one empties the cache. */
  private colleaguesStamp = 0;
  private readonly parsed = new Map<string, ParsedInput>();
  private parsedUnder: Settings | null = null;
  private domainSets: DomainSets = { company: new Set(), personal: new Set() };

  private readonly keyCacheSize: number;
  private readonly keyCache = new Map<string, KeyHit | null>();
  /** The stamp `#keys` the cached keys were read under; a newer one empties the key cache (SQLite). */
  private keysStamp = 0;
  /** The change mark under which every cached key was last known current. */
  private keysCheckedAt: string | null = null;
  /**
   * SQLite: cached keys stay while `#keys` does, whatever else was written. PostgreSQL has no `#keys` (see
   * `findKeys`): they are trusted only under the change mark they were read under.
   */
  private readonly keysByStamp: boolean;

  constructor(db: Pick<Db, 'sqlite' | 'pool' | 'kysely' | 'statements'>, options: LookupReaderOptions = {}) {
    this.st = options.onStatement ? new Statements(db, options.onStatement) : db.statements;
    this.cacheSize = options.cacheSize ?? CACHE_SIZE;
    this.keyCacheSize = options.keyCacheSize ?? KEY_CACHE_SIZE;
    this.keysByStamp = db.sqlite !== null;
  }

  /**
   * For each input (emails first, then LinkedIn entries, in request order) how it matched a contact or
   * account, plus each matched account once with owner, reps, open opportunities, stakeholders and the
   * caller's relation to it.
   */
  async lookup(
    settings: Settings,
    actor: Actor,
    req: LookupRequest,
    m: Messages = en,
  ): Promise<LookupResponse> {
    return JSON.parse((await this.lookupJson(settings, actor, req, m)).toString('utf8'));
  }

  /** `lookup`'s answer as JSON (UTF-8), as the route sends it. */
  async lookupJson(
    settings: Settings,
    actor: Actor,
    req: LookupRequest,
    m: Messages = en,
    given?: string | null,
  ): Promise<Buffer> {
    // The mark was taken before anything here is read (by default now; the route passes the one read at
    // sign-in): whatever is read after it is at least as new, and a cache checked under it stays exact until
    // the mark changes (statements.ts).
    const mark = given === undefined ? await this.st.readChangeMark() : given;
    const parsed = this.parse(req, settings);
    const hits = await this.findKeys(parsed, mark);
    const results = parsed.map((p) => resolve(p, hits));
    const accountIds = unique(results.flatMap((r) => (r.accountId ? [r.accountId] : [])));
    const matched = new Set(results.flatMap((r) => (r.contactId ? [r.contactId] : [])));
    const accounts = await this.answer(accountIds, hits.stamps, matched, actor, m, mark);
    const parts: Buffer[] = [Buffer.from(`{"results":${JSON.stringify(results)},"accounts":[`)];
    accounts.forEach((account, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(...account);
    });
    parts.push(END);
    return Buffer.concat(parts);
  }

  /**
   * One account as the overlay shows it (owner, reps, open opportunities, the first stakeholders), for the
   * popup and the account page; null when no account has that id.
   * @example (await lookups.accountSummary(actor, 'a1'))?.ownership.message // 'Key account, owned by Alice Rossi'
   */
  async accountSummary(actor: Actor, id: string, m: Messages = en): Promise<LookupAccount | null> {
    const json = await this.accountSummaryJson(actor, id, m);
    return json === null ? null : JSON.parse(json.toString('utf8'));
  }

  /** `accountSummary` as JSON (UTF-8), as the route sends it. */
  async accountSummaryJson(actor: Actor, id: string, m: Messages = en): Promise<Buffer | null> {
    const [account] = await this.answer([id], null, new Set(), actor, m, this.st.changeMark());
    return account ? Buffer.concat(account) : null;
  }

  /**
   * The request's inputs parsed, emails first. The same addresses come back again and again (every open
   * thread asks for its people), so each input's parse is kept while the settings stay the same.
   */
  private parse(req: LookupRequest, settings: Settings): ParsedInput[] {
    if (this.parsedUnder !== settings || this.parsed.size > PARSED_CACHE_SIZE) {
      this.parsed.clear();
      this.parsedUnder = settings;
      this.domainSets = {
        company: new Set(settings.companyDomains),
        personal: new Set(settings.personalDomains),
      };
    }
    const once = (key: string, make: () => ParsedInput) => {
      let p = this.parsed.get(key);
      if (!p) {
        p = make();
        this.parsed.set(key, p);
      }
      return p;
    };
    return [
      ...req.emails.map((input) => once(`e:${input}`, () => parseEmailInput(input, this.domainSets))),
      ...req.linkedin.map((input) => once(`l:${input}`, () => parseLinkedinInput(input))),
    ];
  }

  /**
   * Statement 1: contacts by address and profile slug, accounts by company slug and domain, with stamps.
   * When every key is in the key cache and the change mark is the one they were last checked under, nothing
   * is read. Otherwise, on SQLite, only the stamps of the accounts they name are read, with `#keys`, which
   * triggers bump on any change to addresses, slugs, domains or a contact's account; a new `#keys` empties the
   * key cache. PostgreSQL reads the keys again: a stamp every write of an address bumps would be one row that
   * concurrent writers on several servers queue on (SQLite has one writer anyway), and could deadlock with an
   * account's stamp taken in the other order.
   */
  private async findKeys(parsed: readonly ParsedInput[], mark: string | null): Promise<KeyHits> {
    const wanted = new Set<string>();
    for (const p of parsed) for (const k of p.keys) wanted.add(k);
    const all = [...wanted];
    if (this.keyCacheSize > 0 && all.every((k) => this.keyCache.has(k))) {
      const found = new Map<string, KeyHit>();
      for (const k of all) {
        const hit = this.keyCache.get(k);
        if (hit) found.set(k, hit);
      }
      if (mark !== null && mark === this.keysCheckedAt) return { keys: found, stamps: null };
      if (this.keysByStamp) {
        const stamps = await this.readStamps([...found.values()].map((h) => h.accountId));
        if ((stamps.get('#keys') ?? 0) === this.keysStamp) {
          this.keysCheckedAt = mark;
          return { keys: found, stamps };
        }
      }
    }
    const of = (kind: string) => all.filter((k) => k[0] === kind).map((k) => k.slice(2));
    const rows = await this.st.all<{
      kind: 'e' | 'p' | 'c' | 'd' | '*';
      key: string;
      contact_id: string | null;
      account_id: string;
      stamp: number | null;
    }>(sql`
      select 'e' as kind, e.email as key, c.id as contact_id, c.account_id as account_id, st.stamp as stamp
        from contact_emails e join contacts c on c.id = e.contact_id
        left join summary_stamps st on st.account_id = c.account_id
        where e.email ${inList(of('e'))}
      union all
      select 'p', s.slug, c.id, c.account_id, st.stamp
        from contact_slugs s join contacts c on c.id = s.contact_id
        left join summary_stamps st on st.account_id = c.account_id
        where s.slug ${inList(of('p'))}
      union all
      select 'c', a.slug, null, a.account_id, st.stamp
        from account_slugs a left join summary_stamps st on st.account_id = a.account_id
        where a.slug ${inList(of('c'))}
      union all
      select 'd', d.domain, null, d.account_id, st.stamp
        from account_domains d left join summary_stamps st on st.account_id = d.account_id
        where d.domain ${inList(of('d'))}
      union all
      select '*', account_id, null, account_id, stamp from summary_stamps where account_id ${inList(['*', '#keys'])}`);
    const stamps = new Map<string, number>();
    const hits: KeyHits = { keys: new Map(), stamps };
    for (const r of rows) {
      stamps.set(r.account_id, Number(r.stamp ?? 0));
      if (r.kind !== '*')
        hits.keys.set(`${r.kind}:${r.key}`, { contactId: r.contact_id, accountId: r.account_id });
    }
    this.rememberKeys(all, hits, mark);
    return hits;
  }

  /** The stamps of these accounts, `*` and `#keys`. */
  private async readStamps(accountIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.st.all<{ account_id: string; stamp: number }>(
      sql`select account_id, stamp from summary_stamps where account_id ${inList(['*', '#keys', ...unique(accountIds)])}`,
    );
    return new Map(rows.map((r) => [r.account_id, Number(r.stamp)]));
  }

  /**
   * Keeps what statement 1 said of each key, unless a newer `#keys` was seen since it ran (SQLite). On
   * PostgreSQL the cache holds only keys read under one mark: a new mark empties it.
   */
  private rememberKeys(all: readonly string[], hits: KeyHits, mark: string | null): void {
    if (this.keyCacheSize === 0) return;
    if (!this.keysByStamp) {
      if (mark === null) return;
      if (mark !== this.keysCheckedAt || this.keyCache.size + all.length > this.keyCacheSize) {
        this.keyCache.clear();
        this.keysCheckedAt = mark;
      }
      for (const k of all) this.keyCache.set(k, hits.keys.get(k) ?? null);
      return;
    }
    const stamp = hits.stamps?.get('#keys') ?? 0;
    if (stamp > this.keysStamp) {
      this.keyCache.clear();
      this.keysStamp = stamp;
    }
    if (stamp !== this.keysStamp) {
      this.keysCheckedAt = null;
      return;
    }
    if (this.keyCache.size + all.length > this.keyCacheSize) this.keyCache.clear();
    for (const k of all) this.keyCache.set(k, hits.keys.get(k) ?? null);
    this.keysCheckedAt = mark;
  }

  /**
   * The accounts' answers (JSON) in the given order: cached summaries still current, the rest loaded. `known`
   * holds stamps already read; without them, summaries checked under `mark` are trusted and the stamps are
   * read otherwise.
   */
  private async answer(
    ids: readonly string[],
    known: ReadonlyMap<string, number> | null,
    matched: ReadonlySet<string>,
    actor: Actor,
    m: Messages,
    mark: string | null,
  ): Promise<Buffer[][]> {
    if (ids.length === 0) return [];
    const summaries = new Map<string, Summary>();
    const trusted =
      known === null && mark !== null && ids.every((id) => this.cache.get(id)?.checkedAt === mark);
    if (trusted) for (const id of ids) summaries.set(id, this.cache.get(id) as Summary);
    else {
      const stamps = known ?? (await this.readStamps(ids));
      const colleagues = stamps.get('*') ?? 0;
      if (colleagues > this.colleaguesStamp) {
        this.cache.clear();
        this.colleaguesStamp = colleagues;
      }
      const missing: string[] = [];
      for (const id of ids) {
        const cached = this.cache.get(id);
        if (cached && cached.stamp === (stamps.get(id) ?? 0)) {
          cached.checkedAt = mark;
          summaries.set(id, cached);
        } else missing.push(id);
      }
      if (missing.length > 0) {
        for (const summary of await this.loadSummaries(missing, stamps)) {
          summary.checkedAt = mark;
          summaries.set(summary.id, summary);
        }
      }
    }
    const below = await this.loadBelow([...summaries.values()], matched);
    const out: Buffer[][] = [];
    for (const id of ids) {
      const summary = summaries.get(id);
      if (!summary) continue; // deleted since statement 1
      this.remember(id, summary);
      const caller = `,"ownership":${JSON.stringify(ownership(summary, actor, m))},"stakeholders":`;
      out.push([
        summary.head,
        Buffer.from(caller),
        withMatched(summary, below.get(id) ?? [], matched),
        CLOSE,
      ]);
    }
    return out;
  }

  private remember(id: string, summary: Summary): void {
    if (this.cacheSize === 0) return;
    this.cache.delete(id);
    this.cache.set(id, summary);
    if (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }

  /** Statements 2-7: the summaries of these accounts, each under the stamp statement 1 read. */
  private async loadSummaries(
    ids: readonly string[],
    stamps: ReadonlyMap<string, number>,
  ): Promise<Summary[]> {
    const [accounts, links, opportunities, ranked] = await Promise.all([
      this.st.all<AccountRow>(sql`
        select a.id, a.name, a.status, a.tier, a.owner_id, a.industry,
          (select min(s.slug) from account_slugs s where s.account_id = a.id and s.is_primary = 1) as linkedin_slug
        from accounts a where a.id ${inList(ids)}`),
      this.st.all<{ account_id: string; kind: 'domain' | 'rep'; value: string }>(sql`
        select account_id, 'domain' as kind, domain as value from account_domains where account_id ${inList(ids)}
        union all
        select account_id, 'rep', user_id from account_reps where account_id ${inList(ids)}`),
      this.st.all<OpportunityRow>(sql`
        select id, account_id, title, type, kind, term_months, stage, amount, currency, expected_close_date,
          owner_id, flagged_at, acknowledged_at
        from opportunities
        where account_id ${inList(ids)} and stage ${notInList(CLOSED_STAGES)}
        order by expected_close_date asc nulls last, id`),
      this.st.all<ContactRow & { total: number }>(sql`
        select * from (
          select ${CONTACT_COLUMNS},
            row_number() over (partition by c.account_id order by ${RANK}) as rank,
            count(*) over (partition by c.account_id) as total
          from contacts c where c.account_id ${inList(ids)}
        ) r where r.rank <= ${LOOKUP_STAKEHOLDER_LIMIT}
        order by r.account_id, r.rank`),
    ]);
    const userIds = [
      ...accounts.map((a) => a.owner_id),
      ...links.filter((l) => l.kind === 'rep').map((l) => l.value),
      ...opportunities.map((o) => o.owner_id),
    ];
    const people = await this.loadPeople(ranked, userIds);
    const opps = groupBy(opportunities, (o) => o.account_id);
    const contacts = groupBy(ranked, (c) => c.account_id);
    const linksOf = groupBy(links, (l) => l.account_id);
    return accounts.map((row) => {
      const own = linksOf.get(row.id) ?? [];
      const repIds = own.filter((l) => l.kind === 'rep').map((l) => l.value);
      const top = contacts.get(row.id) ?? [];
      const owner = people.ref(row.owner_id);
      const account: Omit<LookupAccount, 'ownership' | 'stakeholders'> = {
        id: row.id,
        name: row.name,
        domains: own
          .filter((l) => l.kind === 'domain')
          .map((l) => l.value)
          .sort(),
        linkedinSlug: row.linkedin_slug,
        status: row.status as AccountStatus,
        tier: row.tier as AccountTier,
        industry: row.industry,
        owner,
        reps: repIds
          .map(people.ref)
          .filter((u): u is UserRef => u !== null)
          .sort((a, b) => a.name.localeCompare(b.name)),
        openOpportunities: (opps.get(row.id) ?? []).map((o) => toOpportunity(o, people.ref)),
        stakeholderCount: Number(top[0]?.total ?? 0),
      };
      return {
        stamp: stamps.get(row.id) ?? 0,
        id: row.id,
        tier: account.tier,
        status: account.status,
        ownerId: row.owner_id,
        ownerName: owner?.name ?? null,
        repIds,
        stakeholderIds: top.map((c) => c.id),
        stakeholderCount: account.stakeholderCount,
        head: ownBytes(JSON.stringify(account).slice(0, -1)),
        stakeholders: ownBytes(JSON.stringify(top.map(people.stakeholder))),
        checkedAt: null,
      };
    });
  }

  /**
   * Statement 8: matched contacts ranked below the stakeholders their summary lists (accounts with more than
   * `LOOKUP_STAKEHOLDER_LIMIT` contacts), by account in rank order. Not cached: they depend on the request.
   */
  private async loadBelow(
    summaries: readonly Summary[],
    matched: ReadonlySet<string>,
  ): Promise<Map<string, LookupStakeholder[]>> {
    const wanted: string[] = [];
    for (const s of summaries) {
      if (matched.size === 0 || s.stakeholderCount <= s.stakeholderIds.length) continue;
      const listed = new Set(s.stakeholderIds);
      for (const id of matched) if (!listed.has(id)) wanted.push(id);
    }
    if (wanted.length === 0) return new Map();
    const rows = await this.st.all<ContactRow>(sql`
      select ${CONTACT_COLUMNS} from contacts c where c.id ${inList(wanted)} order by ${RANK}`);
    const people = await this.loadPeople(rows, []);
    return new Map(
      [...groupBy(rows, (r) => r.account_id)].map(([id, list]) => [id, list.map(people.stakeholder)]),
    );
  }

  /** Statements 6-7: the contacts' roles and emails and every colleague named; maps rows to stakeholders. */
  private async loadPeople(contacts: readonly ContactRow[], userIds: readonly (string | null)[]) {
    const contactIds = contacts.map((c) => c.id);
    const allUsers = unique(
      [...userIds, ...contacts.map((c) => c.relationship_owner_id)].filter((id): id is string => id !== null),
    );
    const [details, users] = await Promise.all([
      contactIds.length === 0
        ? []
        : this.st.all<{ contact_id: string; kind: 'role' | 'email'; value: string }>(sql`
            select contact_id, 'role' as kind, role as value from contact_roles where contact_id ${inList(contactIds)}
            union all
            select contact_id, 'email', email from contact_emails where contact_id ${inList(contactIds)}`),
      allUsers.length === 0
        ? []
        : this.st.all<{ id: string; name: string; email: string; role: string }>(
            sql`select id, name, email, role from users where id ${inList(allUsers)}`,
          ),
    ]);
    const usersById = new Map<string, UserRef>(
      users.map((u) => [u.id, { id: u.id, name: u.name, email: u.email, role: u.role as UserRole }]),
    );
    const ref = (id: string | null) => (id ? (usersById.get(id) ?? null) : null);
    const detailsOf = groupBy(details, (d) => d.contact_id);
    const stakeholder = (c: ContactRow): LookupStakeholder => {
      const own = detailsOf.get(c.id) ?? [];
      const roles = new Set(own.filter((d) => d.kind === 'role').map((d) => d.value));
      return {
        id: c.id,
        name: c.name,
        title: c.title,
        emails: own
          .filter((d) => d.kind === 'email')
          .map((d) => d.value)
          .sort(),
        linkedinSlug: c.linkedin_slug,
        roles: BUYING_ROLES.filter((r) => roles.has(r)) as BuyingRole[],
        stance: c.stance as Stance | null,
        influence: c.influence as Influence | null,
        reportsToId: c.reports_to_id,
        relationshipOwner: ref(c.relationship_owner_id),
        lastContactedAt: c.last_contacted_at,
      };
    };
    return { ref, stakeholder };
  }
}

type AccountRow = Pick<AccountTableRow, 'id' | 'name' | 'status' | 'tier' | 'owner_id' | 'industry'> & {
  linkedin_slug: string | null;
};

type OpportunityRow = Pick<
  OpportunityTableRow,
  | 'id'
  | 'account_id'
  | 'title'
  | 'type'
  | 'kind'
  | 'term_months'
  | 'stage'
  | 'currency'
  | 'expected_close_date'
  | 'owner_id'
  | 'flagged_at'
  | 'acknowledged_at'
> & { amount: number | string };

type ContactRow = Pick<
  ContactTableRow,
  | 'id'
  | 'account_id'
  | 'name'
  | 'title'
  | 'stance'
  | 'influence'
  | 'reports_to_id'
  | 'relationship_owner_id'
  | 'last_contacted_at'
> & { linkedin_slug: string | null };

/** A contact as a stakeholder row, with its primary profile slug. */
const CONTACT_COLUMNS = sql`c.id, c.account_id, c.name, c.title, c.stance, c.influence, c.reports_to_id,
  c.relationship_owner_id, c.last_contacted_at,
  (select min(s.slug) from contact_slugs s where s.contact_id = c.id and s.is_primary = 1) as linkedin_slug`;

/** Stakeholder order: influence high, medium, low, then unset; then name; then id. */
const RANK = sql`case c.influence when 'high' then 0 when 'medium' then 1 when 'low' then 2 else 3 end,
  lower(c.name), c.id`;

/**
 * The summary's stakeholders with every contact this lookup matched: matched ones ranked below the list take
 * the places of the last unmatched ones, so the list keeps its length and its rank order.
 */
function withMatched(
  summary: Summary,
  below: readonly LookupStakeholder[],
  matched: ReadonlySet<string>,
): Buffer {
  if (below.length === 0) return summary.stakeholders;
  const listed: LookupStakeholder[] = JSON.parse(summary.stakeholders.toString('utf8'));
  let others = LOOKUP_STAKEHOLDER_LIMIT - below.length - listed.filter((c) => matched.has(c.id)).length;
  const kept = listed.filter((c) => matched.has(c.id) || others-- > 0);
  return Buffer.from(JSON.stringify([...kept, ...below]));
}

function parseEmailInput(input: string, lists: DomainSets): ParsedInput {
  const email = normalizeEmail(input);
  if (!email) return { input, type: 'email', normalized: null, keys: [], fallback: INVALID };
  const bare = emailWithoutPlus(email);
  const keys = bare ? [`e:${email}`, `e:${bare}`] : [`e:${email}`];
  // A colleague's address, or a webmail one, never matches an account by domain; a stakeholder's exact
  // address still matches (some buyers write from their personal mailbox).
  const suffixes = domainSuffixes(emailDomain(email));
  const fallback: ParsedInput['fallback'] = suffixes.some((d) => lists.company.has(d))
    ? { match: 'internal', reason: null }
    : suffixes.some((d) => lists.personal.has(d))
      ? { match: 'none', reason: 'personal_domain' }
      : UNKNOWN;
  if (fallback === UNKNOWN) for (const d of suffixes) keys.push(`d:${d}`);
  return { input, type: 'email', normalized: email, keys, fallback };
}

function parseLinkedinInput(input: string): ParsedInput {
  const ref = parseLinkedin(input);
  if (!ref) return { input, type: 'linkedin', normalized: null, keys: [], fallback: INVALID };
  const keys = [
    ...(ref.kind === 'company' ? [] : [`p:${ref.slug}`]),
    ...(ref.kind === 'profile' ? [] : [`c:${ref.slug}`]),
  ];
  return { input, type: 'linkedin', normalized: ref.slug, keys, fallback: UNKNOWN };
}

/** The first key that names something wins (they are in order: address, profile, company page, domain). */
function resolve(p: ParsedInput, hits: KeyHits): LookupResult {
  for (const key of p.keys) {
    const hit = hits.keys.get(key);
    if (hit === undefined) continue;
    const match = key[0] === 'e' ? 'email' : key[0] === 'd' ? 'domain' : 'linkedin';
    return {
      input: p.input,
      type: p.type,
      normalized: p.normalized,
      match,
      reason: null,
      contactId: hit.contactId,
      accountId: hit.accountId,
    };
  }
  return {
    input: p.input,
    type: p.type,
    normalized: p.normalized,
    match: p.fallback.match,
    reason: p.fallback.reason,
    contactId: null,
    accountId: null,
  };
}

/**
 * The caller's relation to the account and the overlay's line for it, e.g. "Key account, owned by Alice
 * Rossi; you are an assigned rep". Key accounts say so whatever their status; others give their status.
 */
function ownership(summary: Summary, actor: Actor, m: Messages): Ownership {
  const { ownerId, repIds } = summary;
  const t = m.signals.ownership;
  const label = summary.tier === 'key' ? t.keyAccount : (t.status[summary.status] ?? t.account);
  if (ownerId !== null && ownerId === actor.id) {
    return { relation: 'owner', message: t.yours(label) };
  }
  const isRep = repIds.includes(actor.id);
  const whose = ownerId === null ? t.noOwner : t.ownedBy(isolateOrNull(summary.ownerName));
  const message = t.line(label, whose, isRep);
  if (isRep) return { relation: 'rep', message };
  return { relation: ownerId === null ? 'unowned' : 'other', message };
}

type UserLookup = (id: string | null) => UserRef | null;

function toOpportunity(o: OpportunityRow, ref: UserLookup): LookupOpportunity {
  return {
    id: o.id,
    title: o.title,
    type: o.type as OpportunityType,
    kind: o.kind as OpportunityKind,
    termMonths: o.term_months,
    stage: o.stage as OpportunityStage,
    amount: Number(o.amount),
    currency: o.currency,
    expectedCloseDate: o.expected_close_date,
    owner: ref(o.owner_id),
    flagged: o.flagged_at !== null && o.acknowledged_at === null,
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(key(item));
    if (list) list.push(item);
    else out.set(key(item), [item]);
  }
  return out;
}
