import type { LookupAccount, LookupResponse } from '@rapport/shared';

import type { ClassifiedParticipants, Participant } from '../extract/gmail';

/** What the overlay shows for one conversation or compose window, derived from the lookup. */
export interface ThreadView {
  /** Known accounts, each once, with the contacts of this conversation and the people not yet stakeholders. */
  accounts: { account: LookupAccount; presentContactIds: string[]; newPeople: Participant[] }[];
  /** Company domains nobody knows yet, with their people: candidates for "Create account". */
  unknownDomains: { domain: string; people: Participant[] }[];
  /** Webmail people who are not stakeholders: shown as people, never as companies. */
  personal: Participant[];
}

/**
 * Joins the classified participants with the lookup answer.
 * @example toThreadView(classified, await lookup(emails)).accounts[0].account.ownership.message
 */
export function toThreadView(people: ClassifiedParticipants, lookup: LookupResponse): ThreadView {
  const byInput = new Map(lookup.results.map((r) => [r.normalized ?? r.input, r]));
  const view: ThreadView = {
    accounts: lookup.accounts.map((account) => ({ account, presentContactIds: [], newPeople: [] })),
    unknownDomains: [],
    personal: [],
  };
  const entry = (accountId: string | null) => view.accounts.find((a) => a.account.id === accountId);

  for (const p of [...people.companies.flatMap((c) => c.people), ...people.personal]) {
    const result = byInput.get(p.email);
    const card = entry(result?.accountId ?? null);
    if (result?.contactId && card) card.presentContactIds.push(result.contactId);
    else if (result?.match === 'domain' && card) card.newPeople.push(p);
  }
  for (const company of people.companies) {
    const matched = company.people.some((p) => byInput.get(p.email)?.accountId);
    if (!matched) view.unknownDomains.push(company);
  }
  view.personal = people.personal.filter((p) => !byInput.get(p.email)?.contactId);
  // Cards of accounts someone in the thread belongs to, in the order of the answer.
  view.accounts = view.accounts.filter((a) => a.presentContactIds.length > 0 || a.newPeople.length > 0);
  return view;
}

/** The addresses to look up: external and webmail people (a webmail address may be a known stakeholder). */
export function lookupEmails(people: ClassifiedParticipants): string[] {
  return [...people.companies.flatMap((c) => c.people), ...people.personal].map((p) => p.email);
}
