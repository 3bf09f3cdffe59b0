import type { Contact, LookupAccount } from '@rapport/shared';

import { m } from '../i18n/pages';
import { type RapportError, type Result, sendToBackground } from '../messaging';

/*
 * What the popup's detail views show, loaded through the background's requests.
 *
 * An account is shown as its summary (`GET /accounts/:id/summary`): the same card the overlays show (owner and
 * reps by name, the caller's relation to the account, open deals, stakeholders ranked by influence) in one
 * request. Assembling it here from the account, its contacts, the users and its opportunities would take four
 * requests, copy the server's ownership rules, and lose the names of colleagues who have left.
 */

/** What the popup shows of an account: the overlay's card of it. */
export type AccountDetail = LookupAccount;

/** What the popup shows of a stakeholder. */
export interface ContactDetail {
  contact: Contact;
  account: { id: string; name: string };
  /** Names, or null when none is set. */
  reportsTo: string | null;
  relationshipOwner: string | null;
}

/**
 * Loads an account's detail by id; a merged or deleted account answers 'conflict' in words (keeping
 * `details.mergedInto` for "Open the merged account").
 * @example const res = await loadAccountDetail('a_acme'); if (res.ok) res.data.openOpportunities …
 */
export async function loadAccountDetail(id: string): Promise<Result<AccountDetail>> {
  const res = await sendToBackground({ type: 'accountSummary', id });
  return res.ok ? res : { ok: false, error: gone(res.error) };
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
  const { name } = detail;
  const contact = contacts.data.find((c) => c.id === id);
  if (!contact) {
    const message = m.pages.detail.stakeholderGone(name);
    return { ok: false, error: { code: 'conflict', message } };
  }
  const ownerId = contact.relationshipOwnerId;
  let relationshipOwner = ownerId ? (knownNames(detail).get(ownerId) ?? null) : null;
  if (ownerId && !relationshipOwner) {
    const users = await sendToBackground({ type: 'listUsers' });
    if (!users.ok) return users;
    relationshipOwner = users.data.find((u) => u.id === ownerId)?.name ?? m.pages.detail.formerColleague;
  }
  return ok({
    contact,
    account: { id: accountId, name },
    reportsTo: contacts.data.find((c) => c.id === contact.reportsToId)?.name ?? null,
    relationshipOwner,
  });
}

/** Every colleague the detail names, by id. */
function knownNames(s: AccountDetail): Map<string, string> {
  const refs = [
    s.owner,
    ...s.reps,
    ...s.openOpportunities.map((o) => o.owner),
    ...s.stakeholders.map((p) => p.relationshipOwner),
  ];
  return new Map(refs.flatMap((u) => (u ? [[u.id, u.name] as const] : [])));
}

/** A record that is gone says so in words, keeping `details.mergedInto` for "Open the merged account". */
function gone(error: RapportError): RapportError {
  if (error.code !== 'conflict') return error;
  const merged = (error.details as { mergedInto?: unknown } | undefined)?.mergedInto;
  const message = typeof merged === 'string' ? m.pages.detail.accountMerged : m.pages.detail.accountGone;
  return { ...error, message };
}

function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}
