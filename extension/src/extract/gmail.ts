import { domainInList, domainSuffixes, emailDomain, emailWithoutPlus, normalizeEmail } from '@rapport/shared';

import {
  ACCOUNT_BUTTON,
  COMPOSE_CHIP,
  COMPOSE_DIALOG,
  COMPOSE_DRAFT_ID,
  COMPOSE_FIELD,
  COMPOSE_ID,
  COMPOSE_LEGACY_CHIP,
  COMPOSE_WINDOW,
  MESSAGE,
  MESSAGE_CONTENT,
  MESSAGE_DATE,
  MESSAGE_DETAILS_LABEL,
  MESSAGE_DETAILS_ROW,
  MESSAGE_RECIPIENT,
  MESSAGE_RECIPIENT_LINE,
  MESSAGE_SENDER,
  THREAD_SUBJECT,
} from '../sites/gmail';
import { latestHumanDate } from './dates';
import { isDisplayed, pageLanguage, within } from './dom';

/*
 * Pure readers of Gmail's DOM: a root node in, plain data out. They never throw: malformed or partial
 * markup yields whatever could be read, possibly nothing. Selectors live in the adapter (src/sites/gmail.ts)
 * and are only referenced inside functions (see the note there).
 */

export type ParticipantRole = 'from' | 'to' | 'cc' | 'bcc';

/** Someone in a conversation or compose window, once per normalised address. */
export interface Participant {
  email: string;
  name: string | null;
  /** Every role the address had in any message, in the order from, to, cc, bcc. */
  roles: ParticipantRole[];
}

/** A confirmed recipient chip. */
export interface Recipient {
  email: string;
  name: string | null;
}

/** One open compose window and its confirmed recipients (a half-typed address is not one). */
export interface ComposeWindow {
  /** Gmail's compose id, else the draft id, else null (a window never saved has neither). */
  id: string | null;
  to: Recipient[];
  cc: Recipient[];
  bcc: Recipient[];
}

export interface ClassifyOptions {
  /** The signed-in user's address; dropped with the colleagues. */
  userEmail: string | null;
  /** Our own company's domains (server settings): their addresses are colleagues. */
  companyDomains: readonly string[];
  /** Webmail domains (server settings): their addresses are people, never companies. */
  personalDomains: readonly string[];
}

export interface ClassifiedParticipants {
  /** People at other companies, grouped by domain; a subdomain joins its parent when both appear. */
  companies: { domain: string; people: Participant[] }[];
  /** People writing from webmail: shown as people, never looked up as companies. */
  personal: Participant[];
  /** The user and colleagues: not shown and not looked up. */
  internal: Participant[];
}

const ROLE_ORDER: readonly ParticipantRole[] = ['from', 'to', 'cc', 'bcc'];

/** Labels of the details rows, lower-cased without the colon, in the languages we have seen. */
const DETAIL_LABELS: Record<string, ParticipantRole> = {
  from: 'from',
  da: 'from',
  von: 'from',
  de: 'from',
  to: 'to',
  a: 'to',
  an: 'to',
  à: 'to',
  para: 'to',
  cc: 'cc',
  bcc: 'bcc',
  ccn: 'bcc',
  cci: 'bcc',
  cco: 'bcc',
};

/** What Gmail prints instead of the user's own name; only ignored when no `name` attribute exists. */
const SELF_WORDS = new Set(['me', 'io', 'ich', 'moi', 'yo', 'eu', 'mij', 'jag', 'mig']);

/**
 * Everyone who sent or received any message of the open conversation, read from the message headers
 * only (the `email` attribute, else `data-hovercard-id`), including collapsed and folded messages.
 * Bodies, quoted text, signatures, the hidden inbox list and side panels are never read, nor a conversation
 * view that is kept in the page but not displayed (its subject heading is hidden).
 * @example extractThreadParticipants(document) // [{ email: 'jane@acme.com', name: 'Jane Doe', roles: ['from'] }, …]
 */
export function extractThreadParticipants(root: ParentNode = document): Participant[] {
  const people = new PeopleList();
  try {
    const hidden = hiddenThreadViews(root);
    for (const message of within(root, MESSAGE)) {
      if (!hidden.some((view) => view.contains(message))) readMessage(message, people);
    }
  } catch {
    // Keep what was read before the markup broke.
  }
  return people.list();
}

function readMessage(message: Element, people: PeopleList): void {
  const fromDetails = new Set<string>();
  for (const row of message.querySelectorAll(MESSAGE_DETAILS_ROW)) {
    const label = row.querySelector(MESSAGE_DETAILS_LABEL)?.textContent ?? '';
    const role = DETAIL_LABELS[label.trim().toLowerCase().replace(/\s*:$/, '')];
    if (!role) continue;
    for (const el of row.querySelectorAll('[email], [data-hovercard-id]')) {
      const email = people.add(el, role);
      if (email) fromDetails.add(email);
    }
  }
  const inDetails = (el: Element) => el.closest(MESSAGE_DETAILS_ROW) !== null;
  for (const el of message.querySelectorAll(MESSAGE_SENDER)) {
    if (!inContent(el) && !inDetails(el)) people.add(el, 'from');
  }
  for (const line of message.querySelectorAll(MESSAGE_RECIPIENT_LINE)) {
    if (inContent(line) || inDetails(line)) continue;
    const roles = recipientLineRoles(line);
    for (const el of line.querySelectorAll(MESSAGE_RECIPIENT)) {
      const email = addressOf(el);
      // The details menu, when present, knows to/cc/bcc for sure; the line only guesses from "cc:".
      if (email && !fromDetails.has(email)) people.add(el, roles.get(el) ?? 'to');
    }
  }
}

/** Walks "to A, B, cc: C" in document order and gives each element the role of the last label before it. */
function recipientLineRoles(line: Element): Map<Element, ParticipantRole> {
  const roles = new Map<Element, ParticipantRole>();
  const doc = line.ownerDocument;
  const walker = doc.createTreeWalker(line, 0x1 | 0x4); // elements and text
  let role: ParticipantRole = 'to';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 3) {
      const text = (node.textContent ?? '').toLowerCase();
      if (/\b(bcc|ccn|cci|cco)\s*:/.test(text)) role = 'bcc';
      else if (/\bcc\s*:/.test(text)) role = 'cc';
    } else {
      roles.set(node as Element, role);
    }
  }
  return roles;
}

/**
 * The confirmed To/Cc/Bcc recipients of every open compose window (pop-up or inline reply), from the
 * chips only: a half-typed address, the From row and the message body are ignored.
 * @example extractComposeRecipients(document) // [{ id: '4', to: [{ email: 'jane@acme.com', name: 'Jane Doe' }], cc: [], bcc: [] }]
 */
export function extractComposeRecipients(root: ParentNode = document): ComposeWindow[] {
  try {
    let windows = within(root, COMPOSE_WINDOW);
    if (windows.length === 0) {
      windows = within(root, COMPOSE_DIALOG).filter((d) =>
        d.querySelector(`${COMPOSE_FIELD}, ${COMPOSE_LEGACY_CHIP}`),
      );
    }
    return windows.map(readComposeWindow);
  } catch {
    return [];
  }
}

function readComposeWindow(win: Element): ComposeWindow {
  const fields = { to: new RecipientList(), cc: new RecipientList(), bcc: new RecipientList() };
  const fieldOf = (name: string | null) => {
    const key = (name ?? '').toLowerCase();
    return key === 'to' || key === 'cc' || key === 'bcc' ? fields[key] : null;
  };
  for (const field of win.querySelectorAll(COMPOSE_FIELD)) {
    const list = fieldOf(field.getAttribute('name'));
    if (!list) continue;
    for (const chip of field.querySelectorAll(COMPOSE_CHIP)) {
      list.add(chip.getAttribute('data-hovercard-id'), chip.getAttribute('data-name') || textOf(chip));
    }
  }
  for (const input of win.querySelectorAll(COMPOSE_LEGACY_CHIP)) {
    const list = fieldOf(input.getAttribute('name'));
    const value = input.getAttribute('value') ?? '';
    const name = value.includes('<') ? value.slice(0, value.indexOf('<')).replace(/["']/g, '') : null;
    list?.add(value, name);
  }
  return {
    id: idOf(win.querySelector(COMPOSE_ID)) ?? idOf(win.querySelector(COMPOSE_DRAFT_ID)),
    to: fields.to.list(),
    cc: fields.cc.list(),
    bcc: fields.bcc.list(),
  };
}

function idOf(input: Element | null): string | null {
  const value = input?.getAttribute('value')?.trim();
  return value && value !== 'undefined' && value !== 'null' ? value : null;
}

/**
 * The recipients of compose windows as participants (roles to/cc/bcc), ready for {@link classifyParticipants}.
 * @example composeParticipants(extractComposeRecipients(document))
 */
export function composeParticipants(windows: readonly ComposeWindow[]): Participant[] {
  const people = new PeopleList();
  for (const w of windows) {
    for (const role of ['to', 'cc', 'bcc'] as const) {
      for (const r of w[role]) people.addAddress(r.email, r.name, role);
    }
  }
  return people.list();
}

/**
 * Splits participants into people at other companies (grouped by domain), webmail people and internal
 * addresses (the user and colleagues). Webmail addresses are people, never companies.
 * @example classifyParticipants(list, { userEmail: 'me@ourco.com', companyDomains: ['ourco.com'], personalDomains: ['gmail.com'] })
 */
export function classifyParticipants(
  list: readonly Participant[],
  { userEmail, companyDomains, personalDomains }: ClassifyOptions,
): ClassifiedParticipants {
  const user = userEmail ? normalizeEmail(userEmail) : null;
  const userPlain = user ? (emailWithoutPlus(user) ?? user) : null;
  const ours = companyDomains.map((d) => d.toLowerCase());
  const webmail = personalDomains.map((d) => d.toLowerCase());
  const out: ClassifiedParticipants = { companies: [], personal: [], internal: [] };
  const external: Participant[] = [];
  for (const p of list) {
    const domain = emailDomain(p.email);
    const isUser = userPlain !== null && (emailWithoutPlus(p.email) ?? p.email) === userPlain;
    if (isUser || domainInList(domain, ours)) out.internal.push(p);
    else if (domainInList(domain, webmail)) out.personal.push(p);
    else external.push(p);
  }
  const domains = new Set(external.map((p) => emailDomain(p.email)));
  const groups = new Map<string, Participant[]>();
  for (const p of external) {
    const domain = emailDomain(p.email);
    // The shortest parent domain that someone else in the list writes from, else the domain itself.
    const key =
      domainSuffixes(domain)
        .reverse()
        .find((d) => domains.has(d)) ?? domain;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (const [domain, people] of groups) out.companies.push({ domain, people });
  return out;
}

/**
 * The Google account signed in to this Gmail tab, from the account button's label "… (address)".
 * @example extractAccountEmail(document) // 'giulia.ferri@brightwave.example'
 */
export function extractAccountEmail(root: ParentNode = document): string | null {
  try {
    const label = root.querySelector(ACCOUNT_BUTTON)?.getAttribute('aria-label') ?? '';
    const inParens = /\(([^()]+@[^()]+)\)\s*$/.exec(label)?.[1];
    return inParens ? normalizeEmail(inParens) : null;
  } catch {
    return null;
  }
}

/**
 * The id of the conversation open in Gmail's URL (`#inbox/<id>`, `#label/x/<id>`, `#search/q/<id>`), or
 * null for a list view. Use it to notice navigation between threads.
 * @example threadIdFromLocation({ href: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfBxZ', pathname: '/mail/u/0/' }) // 'FMfcgzQbfBxZ'
 */
export function threadIdFromLocation(
  location: Pick<Location, 'href' | 'pathname'> | undefined = globalThis.location,
): string | null {
  const hash = location?.href.split('#')[1]?.split('?')[0] ?? '';
  const last = hash.split('/').filter(Boolean).at(-1) ?? '';
  return hash.includes('/') && /^[A-Za-z0-9_-]{16,}$/.test(last) ? last : null;
}

/**
 * The subject of the open conversation: the text of its displayed subject heading (a view Gmail keeps but
 * hides is skipped), whitespace collapsed; null when no conversation is open. Never reads a message.
 * @example extractThreadSubject(document) // 'Re: Q3 volumes'
 */
export function extractThreadSubject(root: ParentNode = document): string | null {
  try {
    const subjects = Array.from(root.querySelectorAll(THREAD_SUBJECT));
    const shown = subjects.length < 2 ? subjects[0] : subjects.find(isDisplayed);
    const text = (shown?.textContent ?? '').replace(/\s+/g, ' ').trim();
    return shown ? text : null;
  } catch {
    return null;
  }
}

/**
 * When the open conversation's latest message was sent (ISO timestamp), from the date in each message's
 * header; null when no date can be read for sure (then a logged email takes the time of logging). Dates in
 * a conversation view the page keeps hidden, or in message bodies, are not read.
 * @example extractLastMessageDate(document) // '2025-03-06T08:05:00.000Z'
 */
export function extractLastMessageDate(root: ParentNode = document, now: Date = new Date()): string | null {
  try {
    const hidden = hiddenThreadViews(root);
    const titles: string[] = [];
    for (const message of within(root, MESSAGE)) {
      if (hidden.some((view) => view.contains(message))) continue;
      for (const el of message.querySelectorAll(MESSAGE_DATE)) {
        if (!inContent(el)) titles.push(el.getAttribute('title') ?? '');
      }
    }
    // In the page's language (Gmail sets <html lang> to the language it writes dates in).
    return latestHumanDate(titles, pageLanguage(root), now);
  } catch {
    return null;
  }
}

/**
 * The link of the open conversation: the page's address without what follows `?` in the hash (an open
 * compose window, `?compose=new`), so the link opens the thread itself.
 * @example threadLink({ href: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfBxZ?compose=new' }) // 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfBxZ'
 */
export function threadLink(location: Pick<Location, 'href'> = globalThis.location): string {
  const [page = '', hash] = location.href.split('#');
  return hash === undefined ? page : `${page}#${hash.split('?')[0] ?? ''}`;
}

/** Elements matching `selector` under `root`, including `root` itself, outermost only. */
/**
 * Conversation views in the page that are not displayed: for each subject heading inside a `display: none`
 * (or `hidden`) ancestor, its view is the closest ancestor that also holds messages. Messages folded inside
 * a displayed conversation are hidden too, but their view is not, so they are still read.
 */
function hiddenThreadViews(root: ParentNode): Element[] {
  const subjects = root.querySelectorAll(THREAD_SUBJECT);
  // One conversation in the page is the open one: skip the style check (it can force a style recalc).
  if (subjects.length < 2) return [];
  const views: Element[] = [];
  for (const subject of subjects) {
    if (isDisplayed(subject)) continue;
    let view = subject.parentElement;
    while (view && !view.querySelector(MESSAGE)) view = view.parentElement;
    if (view) views.push(view);
  }
  return views;
}

function inContent(el: Element): boolean {
  return el.closest(MESSAGE_CONTENT) !== null;
}

function addressOf(el: Element): string | null {
  return normalizeEmail(el.getAttribute('email') || el.getAttribute('data-hovercard-id') || '');
}

function textOf(el: Element): string | null {
  return cleanName(el.textContent);
}

function cleanName(raw: string | null | undefined, email?: string): string | null {
  const name = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!name || name.includes('@') || name.toLowerCase() === email) return null;
  return name;
}

class PeopleList {
  #byEmail = new Map<string, { email: string; name: string | null; roles: Set<ParticipantRole> }>();

  /** Adds the address on a header element; returns the normalised address, or null if there is none. */
  add(el: Element, role: ParticipantRole): string | null {
    const email = addressOf(el);
    if (!email) return null;
    const attr = el.getAttribute('name');
    const text = cleanName(el.textContent, email);
    const name = cleanName(attr, email) ?? (text && !SELF_WORDS.has(text.toLowerCase()) ? text : null);
    return this.addAddress(email, name, role);
  }

  addAddress(raw: string, name: string | null, role: ParticipantRole): string | null {
    const email = normalizeEmail(raw);
    if (!email) return null;
    const entry = this.#byEmail.get(email) ?? { email, name: null, roles: new Set<ParticipantRole>() };
    entry.name ??= cleanName(name, email);
    entry.roles.add(role);
    this.#byEmail.set(email, entry);
    return email;
  }

  list(): Participant[] {
    return [...this.#byEmail.values()].map(({ email, name, roles }) => ({
      email,
      name,
      roles: ROLE_ORDER.filter((r) => roles.has(r)),
    }));
  }
}

class RecipientList {
  #byEmail = new Map<string, Recipient>();

  add(raw: string | null, name: string | null): void {
    const email = normalizeEmail(raw ?? '');
    if (!email) return;
    const existing = this.#byEmail.get(email);
    if (existing) existing.name ??= cleanName(name, email);
    else this.#byEmail.set(email, { email, name: cleanName(name, email) });
  }

  list(): Recipient[] {
    return [...this.#byEmail.values()];
  }
}
