import {
  type AccountStatus,
  type AccountTier,
  BUYING_ROLES,
  type BuyingRole,
  CLOSED_STAGES,
  domainInList,
  domainSuffixes,
  emailDomain,
  emailWithoutPlus,
  type Influence,
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
import { type Kysely, sql } from 'kysely';

import type { Actor } from '../auth/policy';
import { en, type Messages } from '../i18n';
import type { AccountRow, Database, OpportunityRow } from './database';

/**
 * Largest IN list per statement. Every valid request fits in one chunk (50 domains of at most ~126 suffixes,
 * 100 accounts of at most 100 stakeholders), so chunking only guards the bind-parameter limits of SQLite
 * (32766) and PostgreSQL (65535) and the statement count stays fixed.
 */
const IN_CHUNK = 10_000;

/** One request input after parsing: what to look for, or the answer when no lookup is needed. */
interface ParsedInput {
  input: string;
  type: 'email' | 'linkedin';
  normalized: string | null;
  /** Exact addresses to try, best first (as given, then without its `+tag`). */
  emails: string[];
  /** Suffixes of the email's domain, most specific first; empty for personal and internal domains. */
  domains: string[];
  profileSlug: string | null;
  companySlug: string | null;
  /** Answer when nothing matches by key: invalid input, a personal domain, or a colleague's address. */
  fallback: Pick<LookupResult, 'match' | 'reason'>;
}

/** What the key statements found, keyed by address, slug or domain. */
interface KeyHits {
  emails: Map<string, ContactHit>;
  profiles: Map<string, ContactHit>;
  companies: Map<string, string>;
  domains: Map<string, string>;
}
interface ContactHit {
  contactId: string;
  accountId: string;
}

const UNKNOWN: ParsedInput['fallback'] = { match: 'none', reason: 'unknown' };
const INVALID: ParsedInput['fallback'] = { match: 'none', reason: 'invalid' };

/**
 * Answers the extension's lookup: for each input (emails first, then LinkedIn entries, in request order) how it
 * matched a contact or account, plus each matched account once with owner, reps, open opportunities,
 * stakeholders and the caller's relation to it. Runs a fixed number of set-based statements (at most 10)
 * whatever the input size: 4 key lookups, then accounts, their domains and reps, open opportunities and
 * ranked stakeholders, then stakeholder roles and emails, and users.
 * @example
 * const res = await lookup(db.kysely, await deps.settings.get(), c.var.actor, {
 *   emails: ['Jane+crm@EU.acme.com'],
 *   linkedin: ['https://it.linkedin.com/in/jane-doe/'],
 * });
 * res.results[0] // { match: 'email', contactId: 'c1', accountId: 'a1', … }
 * res.accounts[0].ownership.message // 'Key account, owned by Alice Rossi'
 */
export async function lookup(
  db: Kysely<Database>,
  settings: Settings,
  actor: Actor,
  req: LookupRequest,
  m: Messages = en,
): Promise<LookupResponse> {
  const parsed = [
    ...req.emails.map((input) => parseEmailInput(input, settings)),
    ...req.linkedin.map(parseLinkedinInput),
  ];
  const hits = await findKeys(db, parsed);
  const results = parsed.map((p) => resolve(p, hits));
  const accountIds = unique(results.flatMap((r) => (r.accountId ? [r.accountId] : [])));
  const matchedContactIds = new Set(results.flatMap((r) => (r.contactId ? [r.contactId] : [])));
  const accounts = await loadAccounts(db, accountIds, matchedContactIds, actor, m);
  return { results, accounts };
}

/**
 * One account as the overlay shows it (owner, reps, open opportunities, the first stakeholders), for the
 * popup and the account page; null when no account has that id.
 * @example (await accountSummary(db, actor, 'a1'))?.ownership.message // 'Key account, owned by Alice Rossi'
 */
export async function accountSummary(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  m: Messages = en,
): Promise<LookupAccount | null> {
  const [account] = await loadAccounts(db, [id], new Set(), actor, m);
  return account ?? null;
}

function parseEmailInput(input: string, settings: Settings): ParsedInput {
  const email = normalizeEmail(input);
  const base = { input, type: 'email' as const, profileSlug: null, companySlug: null };
  if (!email) return { ...base, normalized: null, emails: [], domains: [], fallback: INVALID };
  const emails = unique([email, emailWithoutPlus(email) ?? email]);
  const domain = emailDomain(email);
  // A colleague's address, or a webmail one, never matches an account by domain; a stakeholder's exact
  // address still matches (some buyers write from their personal mailbox).
  const fallback: ParsedInput['fallback'] = domainInList(domain, settings.companyDomains)
    ? { match: 'internal', reason: null }
    : domainInList(domain, settings.personalDomains)
      ? { match: 'none', reason: 'personal_domain' }
      : UNKNOWN;
  const domains = fallback === UNKNOWN ? domainSuffixes(domain) : [];
  return { ...base, normalized: email, emails, domains, fallback };
}

function parseLinkedinInput(input: string): ParsedInput {
  const ref = parseLinkedin(input);
  const base = { input, type: 'linkedin' as const, emails: [], domains: [] };
  if (!ref) return { ...base, normalized: null, profileSlug: null, companySlug: null, fallback: INVALID };
  return {
    ...base,
    normalized: ref.slug,
    profileSlug: ref.kind === 'company' ? null : ref.slug,
    companySlug: ref.kind === 'profile' ? null : ref.slug,
    fallback: UNKNOWN,
  };
}

/** The first matching key wins: exact email, profile slug (before a company slug for bare slugs), domain. */
function resolve(p: ParsedInput, hits: KeyHits): LookupResult {
  const base = { input: p.input, type: p.type, normalized: p.normalized };
  const byEmail = firstHit(p.emails, hits.emails);
  if (byEmail) return { ...base, match: 'email', reason: null, ...byEmail };
  const byProfile = p.profileSlug ? hits.profiles.get(p.profileSlug) : undefined;
  if (byProfile) return { ...base, match: 'linkedin', reason: null, ...byProfile };
  const byCompany = p.companySlug ? hits.companies.get(p.companySlug) : undefined;
  if (byCompany) return { ...base, match: 'linkedin', reason: null, contactId: null, accountId: byCompany };
  const byDomain = firstHit(p.domains, hits.domains);
  if (byDomain) return { ...base, match: 'domain', reason: null, contactId: null, accountId: byDomain };
  return { ...base, ...p.fallback, contactId: null, accountId: null };
}

function firstHit<T>(keys: readonly string[], found: Map<string, T>): T | undefined {
  for (const key of keys) {
    const hit = found.get(key);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** Statements 1-4: contacts by address and by profile slug, accounts by company slug and by domain. */
async function findKeys(db: Kysely<Database>, parsed: readonly ParsedInput[]): Promise<KeyHits> {
  const keys = (pick: (p: ParsedInput) => readonly (string | null)[]) =>
    unique(parsed.flatMap(pick).filter((k): k is string => k !== null));
  const [emails, profiles, companies, domains] = await Promise.all([
    selectIn(
      keys((p) => p.emails),
      (chunk) =>
        db
          .selectFrom('contact_emails as e')
          .innerJoin('contacts as c', 'c.id', 'e.contact_id')
          .select(['e.email as key', 'c.id as contactId', 'c.account_id as accountId'])
          .where('e.email', 'in', chunk)
          .execute(),
    ),
    selectIn(
      keys((p) => [p.profileSlug]),
      (chunk) =>
        db
          .selectFrom('contact_slugs as s')
          .innerJoin('contacts as c', 'c.id', 's.contact_id')
          .select(['s.slug as key', 'c.id as contactId', 'c.account_id as accountId'])
          .where('s.slug', 'in', chunk)
          .execute(),
    ),
    selectIn(
      keys((p) => [p.companySlug]),
      (chunk) =>
        db.selectFrom('account_slugs').select(['slug', 'account_id']).where('slug', 'in', chunk).execute(),
    ),
    selectIn(
      keys((p) => p.domains),
      (chunk) =>
        db
          .selectFrom('account_domains')
          .select(['domain', 'account_id'])
          .where('domain', 'in', chunk)
          .execute(),
    ),
  ]);
  const contactHit = (r: ContactHit & { key: string }) =>
    [r.key, { contactId: r.contactId, accountId: r.accountId }] as const;
  return {
    emails: new Map(emails.map(contactHit)),
    profiles: new Map(profiles.map(contactHit)),
    companies: new Map(companies.map((r) => [r.slug, r.account_id])),
    domains: new Map(domains.map((r) => [r.domain, r.account_id])),
  };
}

/** Statements 5-10: the matched accounts with everything the overlay shows, in first-match order. */
async function loadAccounts(
  db: Kysely<Database>,
  accountIds: readonly string[],
  matchedContactIds: ReadonlySet<string>,
  actor: Actor,
  m: Messages,
): Promise<LookupAccount[]> {
  if (accountIds.length === 0) return [];
  const [accounts, links, opportunities, ranked] = await Promise.all([
    selectAccounts(db, accountIds),
    selectAccountLinks(db, accountIds),
    selectOpenOpportunities(db, accountIds),
    selectRankedContacts(db, accountIds, [...matchedContactIds]),
  ]);
  const stakeholderRows = capStakeholders(ranked, matchedContactIds);
  const userIds = [
    ...accounts.map((a) => a.owner_id),
    ...links.filter((l) => l.kind === 'rep').map((l) => l.value),
    ...opportunities.map((o) => o.owner_id),
    ...stakeholderRows.map((c) => c.relationship_owner_id),
  ];
  const [details, users] = await Promise.all([
    selectContactDetails(
      db,
      stakeholderRows.map((c) => c.id),
    ),
    selectUsers(db, userIds),
  ]);
  const ref = (id: string | null) => (id ? (users.get(id) ?? null) : null);
  const stakeholders = groupBy(stakeholderRows, (c) => c.account_id);
  const opps = groupBy(opportunities, (o) => o.account_id);
  const totals = new Map(ranked.map((c) => [c.account_id, Number(c.total)]));
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return accountIds.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return []; // deleted between statements
    return [
      toLookupAccount(
        row,
        links.filter((l) => l.account_id === id),
        ref,
        actor,
        m,
        {
          openOpportunities: (opps.get(id) ?? []).map((o) => toOpportunity(o, ref)),
          stakeholders: (stakeholders.get(id) ?? []).map((c) => toStakeholder(c, details, ref)),
          stakeholderCount: totals.get(id) ?? 0,
        },
      ),
    ];
  });
}

/** Statement 5: the accounts, with their primary company slug. */
function selectAccounts(db: Kysely<Database>, ids: readonly string[]) {
  return selectIn(ids, (chunk) =>
    db
      .selectFrom('accounts as a')
      .selectAll('a')
      .select((eb) =>
        eb
          .selectFrom('account_slugs as s')
          .select('s.slug')
          .whereRef('s.account_id', '=', 'a.id')
          .where('s.is_primary', '=', 1)
          .orderBy('s.slug')
          .limit(1)
          .as('linkedin_slug'),
      )
      .where('a.id', 'in', chunk)
      .execute(),
  );
}

/** Statement 6: each account's domains and assigned reps, as `(account_id, kind, value)` rows. */
function selectAccountLinks(db: Kysely<Database>, ids: readonly string[]) {
  return selectIn(ids, (chunk) =>
    db
      .selectFrom('account_domains')
      .select(['account_id', sql.lit<'domain' | 'rep'>('domain').as('kind'), 'domain as value'])
      .where('account_id', 'in', chunk)
      .unionAll(
        db
          .selectFrom('account_reps')
          .select(['account_id', sql.lit<'domain' | 'rep'>('rep').as('kind'), 'user_id as value'])
          .where('account_id', 'in', chunk),
      )
      .execute(),
  );
}

/**
 * Statement 7: open opportunities, soonest expected close first, undated last; with their new-business flag
 * (`flagged_at`, `acknowledged_at`), which the overlay shows until the account's owner acknowledges it.
 */
function selectOpenOpportunities(db: Kysely<Database>, ids: readonly string[]) {
  return selectIn(ids, (chunk) =>
    db
      .selectFrom('opportunities')
      .selectAll()
      .where('account_id', 'in', chunk)
      .where('stage', 'not in', CLOSED_STAGES)
      .orderBy('expected_close_date', (ob) => ob.asc().nullsLast())
      .orderBy('id')
      .execute(),
  );
}

/**
 * Statement 8: the stakeholders of these accounts ranked by influence (high first, unset last) then name,
 * with each account's total; only the top `LOOKUP_STAKEHOLDER_LIMIT` and the contacts matched in this request.
 */
function selectRankedContacts(db: Kysely<Database>, ids: readonly string[], matched: readonly string[]) {
  return selectIn(ids, (chunk) => {
    const ranked = db
      .selectFrom('contacts as c')
      .select([
        'c.id',
        'c.account_id',
        'c.name',
        'c.title',
        'c.stance',
        'c.influence',
        'c.reports_to_id',
        'c.relationship_owner_id',
        'c.last_contacted_at',
      ])
      .select((eb) => [
        eb
          .selectFrom('contact_slugs as s')
          .select('s.slug')
          .whereRef('s.contact_id', '=', 'c.id')
          .where('s.is_primary', '=', 1)
          .orderBy('s.slug')
          .limit(1)
          .as('linkedin_slug'),
        eb.fn
          .agg<number>('row_number')
          .over((ob) =>
            ob
              .partitionBy('c.account_id')
              .orderBy(INFLUENCE_RANK)
              .orderBy(sql`lower(c.name)`)
              .orderBy('c.id'),
          )
          .as('rank'),
        eb.fn
          .countAll<number>()
          .over((ob) => ob.partitionBy('c.account_id'))
          .as('total'),
      ])
      .where('c.account_id', 'in', chunk);
    return db
      .selectFrom(ranked.as('r'))
      .selectAll('r')
      .where((eb) =>
        matched.length > 0
          ? eb.or([eb('r.rank', '<=', LOOKUP_STAKEHOLDER_LIMIT), eb('r.id', 'in', matched)])
          : eb('r.rank', '<=', LOOKUP_STAKEHOLDER_LIMIT),
      )
      .orderBy('r.account_id')
      .orderBy('r.rank')
      .execute();
  });
}

/** high, medium, low, then unset. */
const INFLUENCE_RANK = sql<number>`case ${sql.ref('c.influence')} when 'high' then 0 when 'medium' then 1 when 'low' then 2 else 3 end`;

type RankedContact = Awaited<ReturnType<typeof selectRankedContacts>>[number];

/**
 * Keeps, per account, every matched contact and the best-ranked others up to the limit, in rank order. The
 * statement returns the top `limit` plus matched ones beyond it; matched ones take the places of the last.
 */
function capStakeholders(rows: readonly RankedContact[], matched: ReadonlySet<string>): RankedContact[] {
  const kept: RankedContact[] = [];
  for (const group of groupBy(rows, (r) => r.account_id).values()) {
    const matchedHere = group.filter((r) => matched.has(r.id)).length;
    let others = LOOKUP_STAKEHOLDER_LIMIT - matchedHere;
    for (const row of group) {
      if (matched.has(row.id)) kept.push(row);
      else if (others-- > 0) kept.push(row);
    }
  }
  return kept;
}

/** Statement 9: the stakeholders' buying roles and email addresses, as `(contact_id, kind, value)` rows. */
async function selectContactDetails(db: Kysely<Database>, ids: readonly string[]) {
  const rows = await selectIn(ids, (chunk) =>
    db
      .selectFrom('contact_roles')
      .select(['contact_id', sql.lit<'role' | 'email'>('role').as('kind'), 'role as value'])
      .where('contact_id', 'in', chunk)
      .unionAll(
        db
          .selectFrom('contact_emails')
          .select(['contact_id', sql.lit<'role' | 'email'>('email').as('kind'), 'email as value'])
          .where('contact_id', 'in', chunk),
      )
      .execute(),
  );
  return groupBy(rows, (r) => r.contact_id);
}

/** Statement 10: every colleague the answer names (owners, reps, opportunity and relationship owners). */
async function selectUsers(db: Kysely<Database>, ids: readonly (string | null)[]) {
  const rows = await selectIn(
    ids.filter((id): id is string => id !== null),
    (chunk) =>
      db.selectFrom('users').select(['id', 'name', 'email', 'role']).where('id', 'in', chunk).execute(),
  );
  return new Map<string, UserRef>(
    rows.map((u) => [u.id, { id: u.id, name: u.name, email: u.email, role: u.role as UserRole }]),
  );
}

type UserLookup = (id: string | null) => UserRef | null;

function toStakeholder(
  c: RankedContact,
  details: Map<string, { kind: 'role' | 'email'; value: string }[]>,
  ref: UserLookup,
): LookupStakeholder {
  const own = details.get(c.id) ?? [];
  const values = (kind: 'role' | 'email') => own.filter((d) => d.kind === kind).map((d) => d.value);
  const roles = values('role');
  return {
    id: c.id,
    name: c.name,
    title: c.title,
    emails: values('email').sort(),
    linkedinSlug: c.linkedin_slug,
    roles: BUYING_ROLES.filter((r) => roles.includes(r)) as BuyingRole[],
    stance: c.stance as Stance | null,
    influence: c.influence as Influence | null,
    reportsToId: c.reports_to_id,
    relationshipOwner: ref(c.relationship_owner_id),
    lastContactedAt: c.last_contacted_at,
  };
}

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

function toLookupAccount(
  row: AccountRow & { linkedin_slug: string | null },
  links: readonly { kind: 'domain' | 'rep'; value: string }[],
  ref: UserLookup,
  actor: Actor,
  m: Messages,
  rest: Pick<LookupAccount, 'openOpportunities' | 'stakeholders' | 'stakeholderCount'>,
): LookupAccount {
  const repIds = links.filter((l) => l.kind === 'rep').map((l) => l.value);
  const owner = ref(row.owner_id);
  return {
    id: row.id,
    name: row.name,
    domains: links
      .filter((l) => l.kind === 'domain')
      .map((l) => l.value)
      .sort(),
    linkedinSlug: row.linkedin_slug,
    status: row.status as AccountStatus,
    tier: row.tier as AccountTier,
    industry: row.industry,
    owner,
    reps: repIds
      .map(ref)
      .filter((u): u is UserRef => u !== null)
      .sort((a, b) => a.name.localeCompare(b.name)),
    ownership: ownership(row, owner, repIds, actor, m),
    ...rest,
  };
}

/**
 * The caller's relation to the account and the overlay's line for it, e.g. "Key account, owned by Alice
 * Rossi; you are an assigned rep". Key accounts say so whatever their status; others give their status.
 */
function ownership(
  account: Pick<AccountRow, 'tier' | 'status' | 'owner_id'>,
  owner: UserRef | null,
  repIds: readonly string[],
  actor: Actor,
  m: Messages,
): Ownership {
  const t = m.signals.ownership;
  const label =
    account.tier === 'key' ? t.keyAccount : (t.status[account.status as AccountStatus] ?? t.account);
  if (account.owner_id !== null && account.owner_id === actor.id) {
    return { relation: 'owner', message: t.yours(label) };
  }
  const isRep = repIds.includes(actor.id);
  const whose = account.owner_id === null ? t.noOwner : t.ownedBy(owner?.name ?? null);
  const message = t.line(label, whose, isRep);
  if (isRep) return { relation: 'rep', message };
  return { relation: account.owner_id === null ? 'unowned' : 'other', message };
}

/** Runs `run` over `values` (deduplicated) in chunks of `IN_CHUNK`; no statement at all when empty. */
async function selectIn<T>(values: readonly string[], run: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const all = unique(values);
  const out: T[] = [];
  for (let i = 0; i < all.length; i += IN_CHUNK) out.push(...(await run(all.slice(i, i + IN_CHUNK))));
  return out;
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
