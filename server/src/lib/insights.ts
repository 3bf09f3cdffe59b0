import {
  BUYING_ROLES,
  type BuyingRole,
  type Coverage,
  type Influence,
  isOpenStage,
  isolate,
  type OpportunityStage,
  type Signal,
  type SignalCode,
  type SignalSeverity,
  type Stance,
  type UserRef,
} from '@rapport/shared';

import { type Actor, policy } from '../auth/policy';
import { ENGLISH, type Language } from '../i18n';

/*
 * Coverage and signals of one account's buying committee, worked out from loaded rows (issue 4). Pure:
 * the clock and the window come in as arguments, so answers depend only on the data.
 */

const DAY_MS = 86_400_000;

/** How far ahead a supply contract's end raises `contract_ending_without_renewal`. */
export const CONTRACT_ENDING_DAYS = 90;

export interface CommitteeAccount {
  id: string;
  name: string;
  tier: string;
  ownerId: string | null;
  owner: UserRef | null;
}

export interface CommitteeMember {
  id: string;
  name: string;
  title: string | null;
  roles: BuyingRole[];
  stance: Stance | null;
  influence: Influence | null;
  /** Already null when the manager is not a stakeholder of this account. */
  reportsToId: string | null;
  relationshipOwner: UserRef | null;
  lastContactedAt: string | null;
}

export interface CommitteeOpportunity {
  id: string;
  title: string;
  type: string;
  kind: string;
  stage: OpportunityStage;
  termMonths: number | null;
  amount: number;
  currency: string;
  closedAt: string | null;
  contractStartDate: string | null;
  flaggedAt: string | null;
  acknowledgedAt: string | null;
  /** Who opened it (its first stage change), else its owner. */
  openedBy: UserRef | null;
}

export interface Committee {
  account: CommitteeAccount;
  /** Every stakeholder of the account. */
  members: CommitteeMember[];
  /** At least the won contracts, renewals and flagged new business of the account. */
  opportunities: CommitteeOpportunity[];
}

/** Last contacted within `windowDays` before `now` (a date in the future counts as recent too). */
export function isRecent(lastContactedAt: string | null, now: Date, windowDays: number): boolean {
  if (lastContactedAt === null) return false;
  const at = Date.parse(lastContactedAt);
  return !Number.isNaN(at) && at >= now.getTime() - windowDays * DAY_MS;
}

/**
 * Who holds each buying role (in the vocabulary's order), whether one of them is recent, and the org chart.
 * @example coverageOf(committee, new Date(), 90).uncoveredRoles // ['gatekeeper', 'legal']
 */
export function coverageOf(
  { account, members }: Pick<Committee, 'account' | 'members'>,
  now: Date,
  windowDays: number,
): Coverage {
  const byRecency = [...members].sort((a, b) => byLastContact(b, a) || byName(a, b));
  const roles = BUYING_ROLES.map((role) => {
    const holders = byRecency
      .filter((m) => m.roles.includes(role))
      .map((m) => ({
        contactId: m.id,
        name: m.name,
        title: m.title,
        stance: m.stance,
        influence: m.influence,
        lastContactedAt: m.lastContactedAt,
        recent: isRecent(m.lastContactedAt, now, windowDays),
        relationshipOwner: m.relationshipOwner,
      }));
    return { role, covered: holders.some((h) => h.recent), holders };
  });
  return {
    accountId: account.id,
    asOf: now.toISOString(),
    windowDays,
    roles,
    coveredCount: roles.filter((r) => r.covered).length,
    uncoveredRoles: roles.filter((r) => !r.covered).map((r) => r.role),
    stakeholders: [...members].sort(byName).map((m) => ({
      contactId: m.id,
      name: m.name,
      title: m.title,
      roles: m.roles,
      stance: m.stance,
      influence: m.influence,
      reportsToId: m.reportsToId,
      relationshipOwner: m.relationshipOwner,
      lastContactedAt: m.lastContactedAt,
    })),
  };
}

export interface SignalInput extends Committee {
  actor: Actor;
  now: Date;
  windowDays: number;
  /** The people of the thread being read, when the caller named them. */
  threadContactIds?: readonly string[];
  /** The language of the texts and dates (the request's); English when not given. */
  lang?: Language;
}

/**
 * The account's signals, highest severity first (then in `SIGNAL_CODES` order). `new_business_by_other` only
 * for the account's owner and admins; `blocker_in_thread` only when `threadContactIds` is given.
 * @example signalsOf({ ...committee, actor, now, windowDays: 90 })[0]?.code // 'no_economic_buyer'
 */
export function signalsOf(raw: SignalInput): Signal[] {
  const input = withIsolatedNames(raw);
  const signals = [
    ...noEconomicBuyer(input),
    ...highInfluenceNotContacted(input),
    ...blockerInThread(input),
    ...singleThreaded(input),
    ...contractEnding(input),
    ...newBusinessByOther(input),
  ];
  return signals.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

/**
 * The input with every name and title that a sentence quotes isolated (`isolate`, shared/src/bidi.ts), so a
 * right-to-left override in one cannot turn the rest of the signal's sentence around. Ids are untouched.
 */
function withIsolatedNames(input: SignalInput): SignalInput {
  const user = (u: UserRef | null): UserRef | null => (u ? { ...u, name: isolate(u.name) } : null);
  return {
    ...input,
    account: { ...input.account, name: isolate(input.account.name), owner: user(input.account.owner) },
    members: input.members.map((m) => ({
      ...m,
      name: isolate(m.name),
      title: m.title === null ? null : isolate(m.title),
      relationshipOwner: user(m.relationshipOwner),
    })),
    opportunities: input.opportunities.map((o) => ({
      ...o,
      title: isolate(o.title),
      openedBy: user(o.openedBy),
    })),
  };
}

const SEVERITY_RANK: Record<SignalSeverity, number> = { high: 0, medium: 1, low: 2 };

function signal(
  code: SignalCode,
  severity: SignalSeverity,
  text: { title: string; why: string; next: string },
  ids: { contactIds?: (string | undefined)[]; opportunityIds?: string[] } = {},
): Signal {
  return {
    code,
    severity,
    ...text,
    contactIds: [...new Set((ids.contactIds ?? []).filter((id): id is string => id !== undefined))],
    opportunityIds: ids.opportunityIds ?? [],
  };
}

const isKey = (account: CommitteeAccount) => account.tier === 'key';

function noEconomicBuyer({ account, members, lang = ENGLISH }: SignalInput): Signal[] {
  if (members.some((m) => m.roles.includes('economic_buyer'))) return [];
  const t = lang.m.signals.noEconomicBuyer;
  // Whom to ask: the friendliest we know; never a blocker, who would hardly point us to the budget.
  const guide = members.filter((m) => m.stance !== 'blocker').sort(byHelpfulness)[0];
  const only = members.length === 1 ? members[0] : undefined;
  const why = only
    ? t.whyOnly(account.name, person(only))
    : members.length > 0
      ? t.whySome(members.length, account.name)
      : t.whyNobody(account.name);
  const next = guide ? t.nextAsk(person(guide), account.name) : t.nextFind(account.name);
  return [
    signal(
      'no_economic_buyer',
      isKey(account) ? 'high' : 'medium',
      { title: t.title, why, next },
      { contactIds: [guide?.id] },
    ),
  ];
}

function highInfluenceNotContacted({
  account,
  members,
  actor,
  now,
  windowDays,
  lang = ENGLISH,
}: SignalInput): Signal[] {
  const t = lang.m.signals.highInfluence;
  const lapsed = members
    .filter((m) => m.influence === 'high' && !isRecent(m.lastContactedAt, now, windowDays))
    .sort((a, b) => byLastContact(a, b) || byName(a, b)); // longest out of touch first
  return lapsed.map((m) => {
    const last = m.lastContactedAt;
    const who = describe(m, lang);
    const why = last
      ? t.whyLast(who, formatDate(last, lang.tag), daysBetween(last, now), windowDays)
      : t.whyNever(who);
    const owner = m.relationshipOwner;
    const next =
      owner?.id === actor.id
        ? t.nextMine(m.name)
        : owner
          ? t.nextOwner(owner.name, m.name)
          : t.nextNobody(m.name);
    return signal(
      'high_influence_not_contacted',
      isKey(account) ? 'high' : 'medium',
      { title: t.title(m.name), why, next },
      { contactIds: [m.id] },
    );
  });
}

function blockerInThread({ members, actor, threadContactIds, lang = ENGLISH }: SignalInput): Signal[] {
  if (!threadContactIds || threadContactIds.length === 0) return [];
  const s = lang.m.signals;
  const t = s.blocker;
  const inThread = new Set(threadContactIds);
  const opposed = members
    .filter((m) => inThread.has(m.id) && (m.stance === 'blocker' || m.stance === 'skeptic'))
    .sort((a, b) => (a.stance === b.stance ? byName(a, b) : a.stance === 'blocker' ? -1 : 1));
  return opposed.map((m) => {
    const blocker = m.stance === 'blocker';
    const champion = members
      .filter((c) => c.stance === 'champion' && c.id !== m.id)
      .sort((a, b) => Number(inThread.has(b.id)) - Number(inThread.has(a.id)) || byInfluence(a, b))[0];
    const influence = m.influence ? s.influence[m.influence] : null;
    const who = describe(m, lang);
    const why = blocker ? t.whyBlocker(who, influence) : t.whySkeptic(who, influence);
    const owner = m.relationshipOwner && m.relationshipOwner.id !== actor.id ? m.relationshipOwner : null;
    const next = t.steps(
      [
        blocker ? t.nextBlocker(m.name) : t.nextSkeptic(m.name),
        champion ? t.askChampion(champion.name, m.name) : null,
        owner ? t.checkOwner(owner.name) : null,
      ].filter((part) => part !== null),
    );
    return signal(
      'blocker_in_thread',
      blocker ? 'high' : 'medium',
      { title: blocker ? t.titleBlocker(m.name) : t.titleSkeptic(m.name), why, next },
      { contactIds: [m.id, champion?.id] },
    );
  });
}

function singleThreaded({ account, members, lang = ENGLISH }: SignalInput): Signal[] {
  const only = members.length === 1 ? members[0] : undefined;
  if (!only) return [];
  const s = lang.m.signals;
  const missing = BUYING_ROLES.filter((r) => !only.roles.includes(r)).slice(0, 2);
  const whom = missing.length > 0 ? s.list(missing.map((r) => s.introduce[r])) : s.singleThreaded.colleagues;
  return [
    signal(
      'single_threaded',
      isKey(account) ? 'high' : 'medium',
      {
        title: s.singleThreaded.title,
        why: s.singleThreaded.why(person(only), account.name),
        next: s.singleThreaded.next(only.name, whom),
      },
      { contactIds: [only.id] },
    ),
  ];
}

function contractEnding({ account, members, opportunities, now, lang = ENGLISH }: SignalInput): Signal[] {
  const t = lang.m.signals.contractEnding;
  const today = dateOf(now.toISOString());
  const horizon = addDays(today, CONTRACT_ENDING_DAYS);
  const renewals = opportunities.filter((o) => o.type === 'renewal');
  if (renewals.some((o) => isOpenStage(o.stage))) return [];
  const counterpart = [...members]
    .filter((m) => m.roles.includes('economic_buyer') || m.roles.includes('purchasing'))
    .sort(
      (a, b) =>
        Number(b.roles.includes('economic_buyer')) - Number(a.roles.includes('economic_buyer')) ||
        byHelpfulness(a, b),
    )[0];
  return opportunities
    .flatMap((o) => {
      const end = contractEnd(o);
      if (end === null || end < today || end > horizon) return [];
      const start = contractStart(o);
      // A renewal won since this contract began already carries the relationship on.
      if (renewals.some((r) => r.stage === 'won' && r.closedAt && start && dateOf(r.closedAt) >= start)) {
        return [];
      }
      return [{ o, end }];
    })
    .sort((a, b) => a.end.localeCompare(b.end) || a.o.title.localeCompare(b.o.title))
    .map(({ o, end }) => {
      const days = daysBetween(today, new Date(`${end}T00:00:00Z`));
      const date = formatDate(end, lang.tag);
      const next = counterpart
        ? t.nextWith(o.title, person(counterpart), date)
        : t.nextFind(o.title, account.name, date);
      return signal(
        'contract_ending_without_renewal',
        'high',
        {
          title: t.title(o.title),
          why: t.why(o.title, o.termMonths, date, days, account.name),
          next,
        },
        { contactIds: [counterpart?.id], opportunityIds: [o.id] },
      );
    });
}

function newBusinessByOther({ account, opportunities, actor, lang = ENGLISH }: SignalInput): Signal[] {
  if (!policy.seeNewBusinessFlags(actor, account)) return [];
  const s = lang.m.signals;
  const t = s.newBusiness;
  const isOwner = account.ownerId === actor.id;
  const key = isKey(account);
  return opportunities
    .filter((o) => o.flaggedAt !== null && o.acknowledgedAt === null)
    .sort((a, b) => (a.flaggedAt ?? '').localeCompare(b.flaggedAt ?? ''))
    .map((o) => {
      const opener = o.openedBy?.name ?? null;
      const owner = account.owner?.name ?? null;
      const where = isOwner ? t.whereMine(key) : t.whereOther(account.name, key, owner);
      const on = o.flaggedAt ? formatDate(o.flaggedAt, lang.tag) : null;
      const amount = formatAmount(o.amount, o.currency, lang.tag);
      return signal(
        'new_business_by_other',
        'medium',
        {
          title: t.title(opener),
          why: t.why(opener, o.title, amount, s.stages[o.stage], where, on),
          next: isOwner ? t.nextMine(opener, o.title) : t.nextOther(owner, opener, o.title),
        },
        { opportunityIds: [o.id] },
      );
    });
}

/**
 * The last day of a won supply contract: its start (`contract_start_date`, else the day it closed) plus the
 * term, minus one day. A start on a day the end month lacks (31 January + 1 month) ends on that month's last
 * day. Null when it is not a won contract or its start or term is unknown.
 * @example contractEnd({ kind: 'contract', stage: 'won', termMonths: 12, contractStartDate: '2026-04-01', closedAt: null }) // '2027-03-31'
 */
export function contractEnd(
  o: Pick<CommitteeOpportunity, 'kind' | 'stage' | 'termMonths' | 'contractStartDate' | 'closedAt'>,
): string | null {
  if (o.kind !== 'contract' || o.stage !== 'won' || !o.termMonths) return null;
  const start = contractStart(o);
  if (!start) return null;
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const months = m - 1 + o.termMonths;
  const year = y + Math.floor(months / 12);
  const month = months % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  if (d > lastDay) return isoDate(new Date(Date.UTC(year, month, lastDay)));
  return isoDate(new Date(Date.UTC(year, month, d - 1)));
}

function contractStart(o: Pick<CommitteeOpportunity, 'contractStartDate' | 'closedAt'>): string | null {
  return o.contractStartDate ?? (o.closedAt ? dateOf(o.closedAt) : null);
}

/** The UTC calendar date of a timestamp or date, `YYYY-MM-DD`. */
function dateOf(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : isoDate(new Date(value));
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return isoDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
}

/** Whole days from `from` (timestamp or date) to `to`. */
function daysBetween(from: string, to: Date): number {
  const start = /^\d{4}-\d{2}-\d{2}$/.test(from) ? Date.parse(`${from}T00:00:00Z`) : Date.parse(from);
  return Math.floor((to.getTime() - start) / DAY_MS);
}

/**
 * `3 November 2026` (UTC) in British English, `3 novembre 2026` in Italian: the calendar date of a timestamp or
 * date, the same on every server whatever its own locale.
 */
export function formatDate(value: string, tag = 'en-GB'): string {
  const day = new Date(`${dateOf(value)}T00:00:00Z`);
  return new Intl.DateTimeFormat(tag, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(day);
}

function formatAmount(minor: number, currency: string, tag: string): string {
  try {
    const format = new Intl.NumberFormat(tag, { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minor / 10 ** digits);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

/** `Elena Marchetti (Head of Procurement)`. */
function person(m: Pick<CommitteeMember, 'name' | 'title'>): string {
  return m.title ? `${m.name} (${m.title})` : m.name;
}

/** `Marco Bianchi (CFO; economic buyer, executive sponsor)`. */
function describe(m: CommitteeMember, lang: Language): string {
  const roles = m.roles.map((r) => lang.m.signals.roles[r]).join(', ');
  const parts = [m.title, roles].filter((p) => p);
  return parts.length > 0 ? `${m.name} (${parts.join('; ')})` : m.name;
}

function byName(a: { name: string; id: string }, b: { name: string; id: string }): number {
  return a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id.localeCompare(b.id);
}

/** Earlier last contact first; never contacted before anything. */
function byLastContact(a: CommitteeMember, b: CommitteeMember): number {
  const at = (m: CommitteeMember) => (m.lastContactedAt ? Date.parse(m.lastContactedAt) : null);
  const [x, y] = [at(a), at(b)];
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  return x - y;
}

const STANCE_RANK: Record<Stance, number> = { champion: 0, supporter: 1, neutral: 2, skeptic: 3, blocker: 4 };
const INFLUENCE_RANK: Record<Influence, number> = { high: 0, medium: 1, low: 2 };

function byInfluence(a: CommitteeMember, b: CommitteeMember): number {
  return (
    (a.influence ? INFLUENCE_RANK[a.influence] : 3) - (b.influence ? INFLUENCE_RANK[b.influence] : 3) ||
    byName(a, b)
  );
}

/** Who to ask first: friendliest stance, then most influence, then most recently contacted. */
function byHelpfulness(a: CommitteeMember, b: CommitteeMember): number {
  const stance = (m: CommitteeMember) => (m.stance ? STANCE_RANK[m.stance] : STANCE_RANK.neutral);
  const influence = (m: CommitteeMember) => (m.influence ? INFLUENCE_RANK[m.influence] : 3);
  return stance(a) - stance(b) || influence(a) - influence(b) || byLastContact(b, a) || byName(a, b);
}
