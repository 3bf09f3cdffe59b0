import type { Account, Contact, LookupAccount, LookupStakeholder } from '@rapport/shared';

import { type RapportError, type Result, sendToBackground } from '../messaging';

/*
 * What the popup's detail views show, loaded through the background's existing requests.
 *
 * An account is shown as the lookup's summary: the same card the overlays show (owner and reps by name, the
 * caller's relation to the account, open deals, stakeholders ranked by influence) in one request that the
 * background coalesces and caches. Assembling it here from the account, its contacts, the users and its
 * opportunities would take four requests (one of them new), copy the server's ownership rules, and lose the
 * names of colleagues who have left. A lookup is keyed by a company slug or an email address, so the record
 * is read first for its slug and domain (an address at the domain matches the account by domain); an account
 * with neither is found through one of its stakeholders, whose own address or profile matches them exactly.
 */

/** What the popup shows of an account. */
export type AccountDetail =
  | { kind: 'summary'; summary: LookupAccount }
  /**
   * Nothing to look the account up by (no domain, company page or identifiable stakeholder): the record,
   * its people and its colleagues' names. Its open deals are unknown.
   */
  | {
      kind: 'record';
      account: Account;
      owner: string | null;
      reps: string[];
      /** Mapped from the contacts; `relationshipOwner` is left null (neither the list nor coverage uses it). */
      stakeholders: LookupStakeholder[];
      /** Active colleagues' names by id. */
      users: Map<string, string>;
    };

/** What the popup shows of a stakeholder. */
export interface ContactDetail {
  contact: Contact;
  account: { id: string; name: string };
  /** Names, or null when none is set. */
  reportsTo: string | null;
  relationshipOwner: string | null;
}

/**
 * A local part nobody has: the address only stands for its domain. (Were it someone's exact address, it
 * would match them instead, and the company slug or the stakeholders still find the account.)
 */
const DOMAIN_PROBE = 'rapport-domain-probe';
const FORMER_COLLEAGUE = 'A former colleague';

/**
 * Loads an account's detail by id.
 * @example const res = await loadAccountDetail('a_acme'); if (res.ok && res.data.kind === 'summary') …
 */
export async function loadAccountDetail(id: string): Promise<Result<AccountDetail>> {
  const record = await sendToBackground({ type: 'getAccount', id });
  if (!record.ok) return { ok: false, error: gone(record.error, 'This account') };
  const account = record.data;
  const own = await findSummary(id, {
    linkedin: account.linkedinSlug ? [`company:${account.linkedinSlug}`] : [],
    emails: account.domains.slice(0, 1).map((d) => `${DOMAIN_PROBE}@${d}`),
  });
  if (!own.ok) return own;
  if (own.data) return ok({ kind: 'summary', summary: own.data });

  const contacts = await sendToBackground({ type: 'listContacts', accountId: id });
  if (!contacts.ok) return contacts;
  // A stakeholder's own address or profile matches them exactly, and so their account: one is enough.
  const email = contacts.data.find((c) => c.emails.length > 0)?.emails[0];
  const profile = contacts.data.find((c) => c.linkedinSlug)?.linkedinSlug;
  const viaPerson = await findSummary(id, {
    emails: email ? [email] : [],
    linkedin: !email && profile ? [`in:${profile}`] : [],
  });
  if (!viaPerson.ok) return viaPerson;
  if (viaPerson.data) return ok({ kind: 'summary', summary: viaPerson.data });

  const list = await sendToBackground({ type: 'listUsers' });
  if (!list.ok) return list;
  const users = new Map(list.data.map((u) => [u.id, u.name]));
  const nameOf = (userId: string) => users.get(userId) ?? FORMER_COLLEAGUE;
  return ok({
    kind: 'record',
    account,
    owner: account.ownerId ? nameOf(account.ownerId) : null,
    reps: account.repIds.map(nameOf),
    stakeholders: contacts.data.map(toStakeholder).sort((a, b) => a.name.localeCompare(b.name)),
    users,
  });
}

/**
 * Loads a stakeholder's detail: the contact record, plus its account's summary for the account's name and
 * the colleagues' names (the users list is only read when the relationship owner is nobody the summary names).
 * @example const res = await loadContactDetail('c_jane', 'a_acme');
 */
export async function loadContactDetail(id: string, accountId: string): Promise<Result<ContactDetail>> {
  const [account, contacts] = await Promise.all([
    loadAccountDetail(accountId),
    sendToBackground({ type: 'listContacts', accountId }),
  ]);
  if (!account.ok) return account;
  if (!contacts.ok) return contacts;
  const detail = account.data;
  const name = detail.kind === 'summary' ? detail.summary.name : detail.account.name;
  const contact = contacts.data.find((c) => c.id === id);
  if (!contact) {
    const message = `This stakeholder is no longer at ${name}: they were moved, merged or deleted. Search again.`;
    return { ok: false, error: { code: 'conflict', message } };
  }
  const ownerId = contact.relationshipOwnerId;
  let relationshipOwner = ownerId ? (knownNames(detail).get(ownerId) ?? null) : null;
  if (ownerId && !relationshipOwner) {
    const users = await sendToBackground({ type: 'listUsers' });
    if (!users.ok) return users;
    relationshipOwner = users.data.find((u) => u.id === ownerId)?.name ?? FORMER_COLLEAGUE;
  }
  return ok({
    contact,
    account: { id: accountId, name },
    reportsTo: contacts.data.find((c) => c.id === contact.reportsToId)?.name ?? null,
    relationshipOwner,
  });
}

/** The summary of account `id` from a lookup by these keys; null when they match nothing (or nothing given). */
async function findSummary(
  id: string,
  keys: { emails: string[]; linkedin: string[] },
): Promise<Result<LookupAccount | null>> {
  if (keys.emails.length + keys.linkedin.length === 0) return ok(null);
  const res = await sendToBackground({ type: 'lookup', ...keys });
  return res.ok ? ok(res.data.accounts.find((a) => a.id === id) ?? null) : res;
}

/** Every colleague the detail names, by id. */
function knownNames(detail: AccountDetail): Map<string, string> {
  if (detail.kind === 'record') return detail.users;
  const s = detail.summary;
  const refs = [
    s.owner,
    ...s.reps,
    ...s.openOpportunities.map((o) => o.owner),
    ...s.stakeholders.map((p) => p.relationshipOwner),
  ];
  return new Map(refs.flatMap((u) => (u ? [[u.id, u.name] as const] : [])));
}

function toStakeholder(c: Contact): LookupStakeholder {
  const { id, name, title, emails, linkedinSlug, roles, stance, influence, reportsToId } = c;
  const rest = { reportsToId, lastContactedAt: c.lastContactedAt, relationshipOwner: null };
  return { id, name, title, emails, linkedinSlug, roles, stance, influence, ...rest };
}

/** A record that is gone says so in words, keeping `details.mergedInto` for "Open the merged account". */
function gone(error: RapportError, what: string): RapportError {
  if (error.code !== 'conflict') return error;
  const merged = (error.details as { mergedInto?: unknown } | undefined)?.mergedInto;
  const message =
    typeof merged === 'string'
      ? `${what} was merged into another account.`
      : `${what} no longer exists in Rapport. Search again.`;
  return { ...error, message };
}

function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}
