import type { Account, Contact, Opportunity, Settings } from '@rapport/shared';
import { domainInList, isOpenStage, termMatchesKind, zCreateOpportunityRequest } from '@rapport/shared';

import { type AccountState, stateOf as accountStateOf } from '../db/account-repository';
import { type ContactState, stateOf as contactStateOf } from '../db/contact-repository';
import { type OpportunityState, stateOf as opportunityStateOf } from '../db/opportunity-repository';
import { type Messages, type Text, textIn } from '../i18n';
import { type ImportEntity, type ImportPreset, PRESET_LABELS } from './csv-columns';
import type { Lookup, Users } from './csv-lookup';
import type { Given } from './csv-rows';
import { issuesIn } from './issues';

/** What the import knows besides the row: settings, users, the default currency, where the file is from. */
export interface DecideContext {
  preset: ImportPreset;
  settings: Settings;
  users: Users;
  /** The currency of amounts that name none. */
  currency: string;
}

/** What one row does to the stored data. */
export type Decision =
  | { kind: 'reject'; reason: Text }
  | ({ kind: 'unchanged'; entity: ImportEntity; recordId: string } & Common)
  | ({ kind: 'create' } & Create & Common)
  | ({ kind: 'update' } & Update & Common);

interface Common {
  /** The external id to record for the record, when the row has one. */
  externalId: string | null;
}

type Create =
  | { entity: 'accounts'; state: AccountState }
  | { entity: 'contacts'; state: ContactState }
  | { entity: 'opportunities'; state: OpportunityState };

type Update =
  | { entity: 'accounts'; before: Account; next: AccountState }
  | { entity: 'contacts'; before: Contact; next: ContactState }
  | { entity: 'opportunities'; before: Opportunity; next: OpportunityState };

const reject = (reason: Text): Decision => ({ kind: 'reject', reason });
/** A reason from the catalog's import reasons. */
const why =
  (say: (r: Messages['transfer']['reasons'], m: Messages) => string): Text =>
  (m) =>
    say(m.transfer.reasons, m);
const lower = (s: string) => s.trim().toLowerCase();
const union = (a: readonly string[], b: readonly string[] | undefined) => [
  ...a,
  ...(b ?? []).filter((v) => !a.includes(v)),
];
const distinct = (ids: (string | undefined)[]) => [...new Set(ids.filter((id): id is string => !!id))];
/** Stable comparison of two states (lists compared in order: a union only appends). */
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Decides what a valid row does to the stored data, without writing. */
export function decide(g: Given, lk: Lookup, ctx: DecideContext): Decision {
  const d =
    g.entity === 'accounts'
      ? decideAccount(g, lk, ctx)
      : g.entity === 'contacts'
        ? decideContact(g, lk, ctx)
        : decideOpportunity(g, lk, ctx);
  // An external id that names this record already needs no write (a re-import stays read-only).
  const recordId = d.kind === 'unchanged' ? d.recordId : d.kind === 'update' ? d.before.id : null;
  if (recordId && d.kind !== 'reject' && d.externalId && lk.extIds.get(d.externalId) === recordId) {
    return { ...d, externalId: null };
  }
  return d;
}

/** "Owner: why", for an owner column that names no active user. */
function ownerReason(reason: Text): Text {
  return why((r, m) => r.owner(textIn(reason, m)));
}

function ownerOf(
  value: string | null,
  ctx: DecideContext,
): { ok: true; id?: string } | { ok: false; reason: Text } {
  if (!value) return { ok: true };
  const user = ctx.users.resolve(value);
  return user.ok ? { ok: true, id: user.value } : { ok: false, reason: user.reason };
}

/** A record matched by a natural key (domain, email, title) but linked to another record of the same source. */
function linkedElsewhere(
  lk: Lookup,
  ctx: DecideContext,
  recordId: string,
  externalId: string | null,
  what: Text,
): Text | null {
  const other = lk.extOf.get(recordId);
  if (!externalId || !other || other === externalId) return null;
  const preset = PRESET_LABELS[ctx.preset];
  return why((r, m) => r.linkedElsewhere(textIn(what, m), preset, other, externalId));
}

/** How `matchRecord` finds the stored record of a row whose external id names none of the row's entity. */
interface MatchBy {
  /** The stored records of the row's entity (an external id of a record of another entity does not match). */
  records: ReadonlyMap<string, unknown>;
  /** The records that hold the row's unique keys (domains, emails), and what to say when they are several. */
  keys?: { holders: (string | undefined)[]; several: (ids: string[]) => Text };
  /** The record with the row's LinkedIn page. */
  slug?: string;
  /** The records called as the row, when the row may match by name; what to say when they are several. */
  name?: { ids: string[]; several: (count: number) => Text };
  /** How a rejection names the matched record. */
  describe: (id: string) => Text;
}

/**
 * The stored record a row is about: the one its external id names, else the one holding its unique keys,
 * else the one with its LinkedIn page, else the one called as it; refused when several hold its keys or
 * bear its name, or when the match is linked to another record of the same source.
 */
function matchRecord(
  g: Given,
  lk: Lookup,
  ctx: DecideContext,
  by: MatchBy,
): { ok: true; id: string | null } | { ok: false; reason: Text } {
  const byExt = g.externalId ? lk.extIds.get(g.externalId) : undefined;
  if (byExt && by.records.has(byExt)) return { ok: true, id: byExt };
  const holders = distinct(by.keys?.holders ?? []);
  if (by.keys && holders.length > 1) return { ok: false, reason: by.keys.several(holders) };
  let id = holders[0] ?? by.slug ?? null;
  if (!id && by.name) {
    if (by.name.ids.length > 1) return { ok: false, reason: by.name.several(by.name.ids.length) };
    id = by.name.ids[0] ?? null;
  }
  const clash = id ? linkedElsewhere(lk, ctx, id, g.externalId, by.describe(id)) : null;
  return clash ? { ok: false, reason: clash } : { ok: true, id };
}

function decideAccount(g: Extract<Given, { entity: 'accounts' }>, lk: Lookup, ctx: DecideContext): Decision {
  const f = g.fields;
  const owner = ownerOf(g.owner, ctx);
  if (!owner.ok) return reject(ownerReason(owner.reason));
  const match = matchRecord(g, lk, ctx, {
    records: lk.accounts,
    keys: {
      holders: (f.domains ?? []).map((d) => lk.accountByDomain.get(d)),
      several: (ids) => {
        const names = ids.map((id) => String(lk.accountNames.get(id)));
        return why((r) => r.domainsOfSeveral(names));
      },
    },
    slug: f.linkedinSlug ? lk.accountBySlug.get(f.linkedinSlug) : undefined,
    name:
      !f.domains?.length && !f.linkedinSlug && f.name
        ? {
            ids: lk.accountsByName.get(lower(f.name)) ?? [],
            several: (n) => why((r) => r.accountsCalled(n, String(f.name))),
          }
        : undefined,
    describe: (id) => {
      const name = String(lk.accountNames.get(id));
      return why((r) => r.matchingAccount(name));
    },
  });
  if (!match.ok) return reject(match.reason);
  const matchId = match.id;
  const common = { externalId: g.externalId };

  const before = matchId ? lk.accounts.get(matchId) : undefined;
  if (before) {
    const was = accountStateOf(before);
    const next: AccountState = {
      ...was,
      ...(f.name !== undefined && { name: f.name }),
      ...(f.status !== undefined && { status: f.status }),
      ...(f.tier !== undefined && { tier: f.tier }),
      ...(f.industry !== undefined && { industry: f.industry }),
      ...(f.notes !== undefined && { notes: f.notes }),
      ...(f.linkedinSlug !== undefined && { linkedinSlug: f.linkedinSlug }),
      ...(owner.id !== undefined && { ownerId: owner.id }),
      domains: union(was.domains, f.domains),
    };
    const problem = checkAccountState(next, before.id, lk, ctx);
    if (problem) return reject(problem);
    if (same(next, was)) return { kind: 'unchanged', entity: 'accounts', recordId: before.id, ...common };
    return { kind: 'update', entity: 'accounts', before, next, ...common };
  }
  // The fields are validated already (csv-rows.ts); the defaults are those of zCreateAccountRequest.
  const state: AccountState = {
    name: f.name ?? '',
    domains: f.domains ?? [],
    linkedinSlug: f.linkedinSlug ?? null,
    status: f.status ?? 'prospect',
    tier: f.tier ?? 'standard',
    ownerId: owner.id ?? null,
    repIds: [],
    industry: f.industry ?? null,
    notes: f.notes ?? '',
  };
  const problem = checkAccountState(state, null, lk, ctx);
  if (problem) return reject(problem);
  return { kind: 'create', entity: 'accounts', state, ...common };
}

/** The checks `checkAccount` makes, answered from the batch's lookup (the write runs `checkAccount` itself). */
function checkAccountState(
  s: AccountState,
  selfId: string | null,
  lk: Lookup,
  ctx: DecideContext,
): Text | null {
  if (s.tier === 'key' && !s.ownerId) return (m) => m.errors.accounts.keyNeedsOwner;
  const role = s.ownerId ? ctx.users.role(s.ownerId) : null;
  if (s.tier === 'key' && role !== 'account_manager' && role !== 'admin') {
    return (m) => m.errors.accounts.ownerNotManager;
  }
  for (const d of s.domains) {
    if (domainInList(d, ctx.settings.personalDomains)) return (m) => m.errors.accounts.personalDomain(d);
    if (domainInList(d, ctx.settings.companyDomains)) return (m) => m.errors.accounts.ownDomain(d);
    const holder = lk.accountByDomain.get(d);
    if (holder && holder !== selfId) {
      const name = String(lk.accountNames.get(holder));
      return (m) => m.errors.accounts.domainTaken(d, name);
    }
  }
  const slug = s.linkedinSlug;
  const slugHolder = slug ? lk.accountBySlug.get(slug) : undefined;
  if (slug && slugHolder && slugHolder !== selfId) return (m) => m.errors.accounts.linkedInTaken(slug);
  return null;
}

function decideContact(g: Extract<Given, { entity: 'contacts' }>, lk: Lookup, ctx: DecideContext): Decision {
  const f = g.fields;
  const owner = ownerOf(g.relationshipOwner, ctx);
  if (!owner.ok) {
    const reason = owner.reason;
    return reject(why((r, m) => r.relationshipOwner(textIn(reason, m))));
  }
  const account = lk.resolveAccount(g.account, f.emails ?? []);
  if (account && !account.ok) return reject(account.reason);
  const accountId = account?.ok ? account.value : null;
  const namesAccount = Object.keys(g.account).length > 0;

  const match = matchRecord(g, lk, ctx, {
    records: lk.contacts,
    keys: {
      holders: (f.emails ?? []).map((e) => lk.contactByEmail.get(e)),
      several: () => why((r) => r.emailsOfSeveral),
    },
    slug: f.linkedinSlug ? lk.contactBySlug.get(f.linkedinSlug) : undefined,
    name:
      !f.emails?.length && !f.linkedinSlug && f.name && accountId
        ? {
            ids: (lk.contactsByName.get(lower(f.name)) ?? []).filter(
              (id) => lk.contacts.get(id)?.accountId === accountId,
            ),
            several: (n) => why((r) => r.peopleCalled(n, String(f.name))),
          }
        : undefined,
    describe: (id) => {
      const name = String(lk.contacts.get(id)?.name);
      return why((r) => r.matchingPerson(name));
    },
  });
  if (!match.ok) return reject(match.reason);
  const matchId = match.id;
  const common = { externalId: g.externalId };

  const before = matchId ? lk.contacts.get(matchId) : undefined;
  if (before) {
    const was = contactStateOf(before);
    // The file moves a person only when it names their account; an email's domain alone does not.
    const moveTo = namesAccount && accountId ? accountId : was.accountId;
    const next: ContactState = {
      ...was,
      ...(f.name !== undefined && { name: f.name }),
      ...(f.title !== undefined && { title: f.title }),
      ...(f.linkedinSlug !== undefined && { linkedinSlug: f.linkedinSlug }),
      ...(f.stance !== undefined && { stance: f.stance }),
      ...(f.influence !== undefined && { influence: f.influence }),
      ...(f.notes !== undefined && { notes: f.notes }),
      ...(owner.id !== undefined && { relationshipOwnerId: owner.id }),
      emails: union(was.emails, f.emails),
      roles: union(was.roles, f.roles),
      accountId: moveTo,
      reportsToId: moveTo === was.accountId ? was.reportsToId : null,
    };
    const problem = checkContactState(next, before.id, lk);
    if (problem) return reject(problem);
    if (same(next, was)) return { kind: 'unchanged', entity: 'contacts', recordId: before.id, ...common };
    return { kind: 'update', entity: 'contacts', before, next, ...common };
  }
  if (!accountId) {
    return reject(why((r) => r.noAccountForContact));
  }
  // The fields are validated already (csv-rows.ts); the defaults are those of zCreateContactRequest.
  const state: ContactState = {
    accountId,
    name: f.name ?? '',
    title: f.title ?? null,
    emails: f.emails ?? [],
    linkedinSlug: f.linkedinSlug ?? null,
    roles: f.roles ?? [],
    stance: f.stance ?? null,
    influence: f.influence ?? null,
    reportsToId: null,
    relationshipOwnerId: owner.id ?? null,
    lastContactedAt: null,
    notes: f.notes ?? '',
  };
  const problem = checkContactState(state, null, lk);
  if (problem) return reject(problem);
  return { kind: 'create', entity: 'contacts', state, ...common };
}

function checkContactState(s: ContactState, selfId: string | null, lk: Lookup): Text | null {
  for (const e of s.emails) {
    const holder = lk.contactByEmail.get(e);
    if (holder && holder !== selfId) {
      const name = lk.contacts.get(holder)?.name;
      return (m) => m.errors.contacts.emailTaken(e, name ?? m.transfer.reasons.someoneElse);
    }
  }
  const slug = s.linkedinSlug;
  const slugHolder = slug ? lk.contactBySlug.get(slug) : undefined;
  if (slug && slugHolder && slugHolder !== selfId) return (m) => m.errors.contacts.linkedInTaken(slug);
  return null;
}

/** The close reason an imported won or lost deal gets when the file gives none (the API requires one). */
export function defaultCloseReason(preset: ImportPreset, stage: string): string {
  return `Imported from ${PRESET_LABELS[preset]} as ${stage}`;
}

function decideOpportunity(
  g: Extract<Given, { entity: 'opportunities' }>,
  lk: Lookup,
  ctx: DecideContext,
): Decision {
  const f = g.fields;
  const owner = ownerOf(g.owner, ctx);
  if (!owner.ok) return reject(ownerReason(owner.reason));
  const account = lk.resolveAccount(g.account);
  if (account && !account.ok) return reject(account.reason);
  const accountId = account?.ok ? account.value : null;

  const match = matchRecord(g, lk, ctx, {
    records: lk.opportunities,
    name:
      accountId && f.title
        ? {
            ids: lk.opportunitiesByTitle.get(`${accountId}\n${lower(f.title)}`) ?? [],
            several: (n) => why((r) => r.opportunitiesCalled(n, String(f.title))),
          }
        : undefined,
    describe: () => why((r) => r.matchingOpportunity(String(f.title))),
  });
  if (!match.ok) return reject(match.reason);
  const matchId = match.id;
  const common = { externalId: g.externalId };

  const before = matchId ? lk.opportunities.get(matchId) : undefined;
  if (before) {
    const was = opportunityStateOf(before);
    const next: OpportunityState = { ...was, ...f };
    if (owner.id !== undefined) next.ownerId = owner.id;
    if (accountId) next.accountId = accountId;
    if (f.kind === 'order' && f.termMonths === undefined) next.termMonths = null;
    if (isOpenStage(next.stage)) {
      next.closeReason = null;
    } else if (!next.closeReason) {
      next.closeReason = defaultCloseReason(ctx.preset, next.stage);
    }
    if (!termMatchesKind(next)) return reject((m) => m.errors.opportunities.termRule);
    if (next.kind !== 'contract' && next.contractStartDate !== null) {
      return reject((m) => m.errors.opportunities.contractStartRule);
    }
    if (same(next, was))
      return { kind: 'unchanged', entity: 'opportunities', recordId: before.id, ...common };
    return { kind: 'update', entity: 'opportunities', before, next, ...common };
  }
  if (!accountId) return reject(why((r) => r.noAccountForOpportunity));
  const stage = f.stage ?? 'qualify';
  const create = {
    ...f,
    accountId,
    ownerId: owner.id ?? null,
    currency: f.currency ?? ctx.currency,
    closeReason: isOpenStage(stage) ? null : (f.closeReason ?? defaultCloseReason(ctx.preset, stage)),
  };
  const parsed = zCreateOpportunityRequest.safeParse(create);
  if (!parsed.success) {
    const { issues } = parsed.error;
    return reject(
      (m) =>
        issuesIn(zCreateOpportunityRequest, create, issues, m)[0]?.message ??
        m.transfer.reasons.invalidOpportunity,
    );
  }
  return { kind: 'create', entity: 'opportunities', state: parsed.data, ...common };
}

/**
 * How a row names its record, to tell whether a later row of the file is about the same one: `claims` are
 * every identifier the row holds, `probes` those by which the import would match it (a name only matches
 * when no domain, email or LinkedIn is given, as in the decisions above). A row whose probe an earlier row
 * claimed repeats that row.
 */
export function identity(g: Given): { claims: string[]; probes: string[] } {
  const ext = g.externalId ? [`x:${g.externalId}`] : [];
  const ref = (r: { externalId?: string; name?: string; domain?: string }) =>
    r.externalId ?? (r.name ? lower(r.name) : (r.domain ?? ''));
  switch (g.entity) {
    case 'accounts': {
      const f = g.fields;
      const strong = [
        ...(f.domains ?? []).map((d) => `d:${d}`),
        ...(f.linkedinSlug ? [`l:${f.linkedinSlug}`] : []),
      ];
      const name = f.name ? [`n:${lower(f.name)}`] : [];
      return {
        claims: [...ext, ...strong, ...name],
        probes: [...ext, ...strong, ...(strong.length ? [] : name)],
      };
    }
    case 'contacts': {
      const f = g.fields;
      const strong = [
        ...(f.emails ?? []).map((e) => `e:${e}`),
        ...(f.linkedinSlug ? [`l:${f.linkedinSlug}`] : []),
      ];
      const name = f.name ? [`n:${ref(g.account)}:${lower(f.name)}`] : [];
      return {
        claims: [...ext, ...strong, ...name],
        probes: [...ext, ...strong, ...(strong.length ? [] : name)],
      };
    }
    case 'opportunities': {
      const title = [`t:${ref(g.account)}:${lower(g.fields.title ?? '')}`];
      return { claims: [...ext, ...title], probes: [...ext, ...title] };
    }
  }
}
