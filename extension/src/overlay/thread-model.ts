import type { CreateTouchRequest, LookupAccount, LookupResponse } from '@rapport/shared';

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

/** What "Log this email" records for the open conversation: never a message's body. */
export interface ThreadLog {
  /** The site's conversation id: the touch's source key is `<source>:<id>`, so logging it again finds it. */
  id: string;
  /** The site it was read on; `gmail` when not given. */
  source?: 'gmail' | 'outlook';
  /** The conversation's subject heading, as read when the cards were shown. */
  subject: string;
  /** The conversation's link. */
  link: string;
  /** When its latest message was sent, if the page says so for sure (else the touch takes the time of logging). */
  lastMessageAt?: string | null;
  /** The addresses of its external participants, as looked up (colleagues and the user are not among them). */
  emails: string[];
  /** The accounts someone in it belongs to, in the cards' order. */
  accounts: { id: string; name: string }[];
}

/**
 * What the open conversation would be logged as, or null when nobody in it matched an account or a
 * stakeholder (there is nothing to log it to). Compose recipients are not participants yet: pass only the
 * conversation's own people.
 * @example threadLog({ id, subject, link }, classifyParticipants(threadPeople, opts), answer)?.accounts
 */
export function threadLog(
  thread: Pick<ThreadLog, 'id' | 'subject' | 'link'>,
  people: ClassifiedParticipants,
  lookup: LookupResponse,
): ThreadLog | null {
  const { accounts } = toThreadView(people, lookup);
  if (accounts.length === 0) return null;
  return {
    ...thread,
    emails: lookupEmails(people),
    accounts: accounts.map(({ account }) => ({ id: account.id, name: account.name })),
  };
}

/** Most participants and accounts one touch may name (`zCreateTouchRequest`). */
const TOUCH_MAX_EMAILS = 100;
const TOUCH_MAX_ACCOUNTS = 20;

/**
 * The touch that logs a conversation: its subject, the date of its latest message (else now), link,
 * participants and accounts, the thread's source key, and no notes (the server refuses notes on an email, and Rapport never stores a body).
 * @example await sendToBackground({ type: 'logTouch', touch: touchFromThread(log) })
 */
export function touchFromThread(log: ThreadLog, now: Date = new Date()): CreateTouchRequest {
  return {
    kind: 'email',
    subject: log.subject.slice(0, 500),
    occurredAt: log.lastMessageAt ?? now.toISOString(),
    link: log.link,
    sourceKey: `${log.source ?? 'gmail'}:${log.id}`,
    notes: '',
    contactIds: [],
    emails: log.emails.slice(0, TOUCH_MAX_EMAILS),
    accountIds: log.accounts.slice(0, TOUCH_MAX_ACCOUNTS).map((a) => a.id),
  };
}
