import { normalizeEmail } from '@rapport/shared';

import {
  ACCOUNT_EMAIL,
  ACCOUNT_NAME,
  COMPOSE_BODY,
  COMPOSE_EDITABLE,
  COMPOSE_FORM,
  COMPOSE_PILL,
  CONVERSATION,
  MESSAGE_CONTENT,
  MESSAGE_DATE,
  MESSAGE_LIST,
  PERSONA,
  PERSONA_CARD,
  READING_PANE,
  RECIPIENT_WELL,
  SELECTED_ROW,
  SUBJECT,
} from '../sites/outlook';
import { latestHumanDate } from './dates';
import { isDisplayed, outermost, pageLanguage, within } from './dom';
import type { ComposeWindow, Participant, ParticipantRole, Recipient } from './gmail';

/*
 * Pure readers of Outlook on the web: a root node in, plain data out. They never throw: malformed or partial
 * markup yields whatever could be read, possibly nothing. Selectors live in the adapter (src/sites/outlook.ts).
 *
 * Outlook shows names more readily than addresses. A person's address is read only from what carries one, in
 * this order: their text "Name <address>" (or an address alone); a `title` or `aria-label` with an address
 * on them or inside them; a `data-*` attribute holding an address; a `mailto:` link inside them, or in a
 * contact card the person opened. A name is never turned into an address: whoever has none is reported by
 * name in `unresolved`, and is not looked up.
 */

/** The people of the open conversation: with an address, and by name only. */
export interface ReadingPane {
  /** Senders and recipients of every message shown in the reading pane, once per address. */
  people: Participant[];
  /** Names of the people whose address the page does not show (the signed-in user left out). */
  unresolved: string[];
}

/** The open compose forms (full page, inline reply or forward, popped out) and their pills. */
export interface OutlookCompose {
  windows: ComposeWindow[];
  /** Names on pills that carry no address. */
  unresolved: string[];
}

/** Labels of a recipient row, lower-cased without the colon, in the languages we have seen. */
const ROW_LABELS: Record<string, ParticipantRole> = {
  to: 'to',
  a: 'to',
  an: 'to',
  à: 'to',
  para: 'to',
  aan: 'to',
  cc: 'cc',
  bcc: 'bcc',
  ccn: 'bcc',
  cci: 'bcc',
  cco: 'bcc',
};

const ADDRESS = /[\w.+'-]+@[\w-]+(?:\.[\w-]+)+/;

/**
 * Everyone who sent or received a message shown in the reading pane, read from the message headers only
 * (a persona outside the recipient well is the sender; To/Cc by the row's label, else To). Bodies, quoted
 * replies, an inline reply being written, the message list and other panes are never read.
 * @example extractReadingPane(document).people // [{ email: 'elena.marchetti@castellan-foods.example', name: 'Elena Marchetti', roles: ['from'] }, …]
 */
export function extractReadingPane(root: ParentNode = document): ReadingPane {
  const people = new People(root);
  try {
    for (const message of paneMessages(root)) {
      const roles = new Map<Element, ParticipantRole>();
      for (const well of message.querySelectorAll(RECIPIENT_WELL)) rowRoles(well, roles);
      for (const persona of outermost(message.querySelectorAll(PERSONA))) {
        if (persona.closest(`${MESSAGE_CONTENT}, ${COMPOSE_FORM}`)) continue;
        const inWell = persona.closest(RECIPIENT_WELL) !== null;
        people.add(persona, inWell ? (roles.get(persona) ?? 'to') : 'from');
      }
    }
  } catch {
    // Keep what was read before the markup broke.
  }
  return { people: people.list(), unresolved: people.unresolved() };
}

/**
 * The pills of every open compose form, To/Cc/Bcc by the field's label, else by its place (To, Cc, Bcc);
 * text typed but not yet a pill, hidden fields and the message body are ignored.
 * @example extractOutlookCompose(document).windows[0].to // [{ email: 'elena.marchetti@castellan-foods.example', name: 'Elena Marchetti' }]
 */
export function extractOutlookCompose(root: ParentNode = document): OutlookCompose {
  const unresolved = new People(root);
  try {
    const windows = within(root, COMPOSE_FORM).map((form): ComposeWindow => {
      const fields = { to: new Map<string, Recipient>(), cc: new Map(), bcc: new Map() };
      const editable = outermost(form.querySelectorAll(COMPOSE_EDITABLE)).filter(
        (el) => !el.matches(COMPOSE_BODY) && !el.closest(COMPOSE_BODY) && !el.querySelector(COMPOSE_BODY),
      );
      editable.forEach((field, index) => {
        if (!isDisplayed(field)) return;
        const label = (field.getAttribute('aria-label') ?? '').trim().toLowerCase().replace(/\s*:$/, '');
        const role = ROW_LABELS[label] ?? (['to', 'cc', 'bcc'] as const)[index];
        if (!role || role === 'from') return;
        for (const pill of outermost(field.querySelectorAll(COMPOSE_PILL))) {
          const { email, name } = personOf(pill, root);
          if (email && !fields[role].has(email)) fields[role].set(email, { email, name });
          else if (!email && name) unresolved.addName(name);
        }
      });
      return {
        id: form.id || null,
        to: [...fields.to.values()],
        cc: [...fields.cc.values()],
        bcc: [...fields.bcc.values()],
      };
    });
    const named = new Set(
      windows.flatMap((w) => [...w.to, ...w.cc, ...w.bcc]).flatMap((r) => (r.name ? [key(r.name)] : [])),
    );
    return { windows, unresolved: unresolved.unresolved().filter((n) => !named.has(key(n))) };
  } catch {
    return { windows: [], unresolved: [] };
  }
}

/**
 * The subject of the conversation in the reading pane, whitespace collapsed; null when none is open.
 * @example extractOutlookSubject(document) // 'Cold-chain sensor pilot: Verona plant extension'
 */
export function extractOutlookSubject(root: ParentNode = document): string | null {
  try {
    for (const pane of panes(root)) {
      const heading = [...pane.querySelectorAll(SUBJECT)].find((el) => !el.closest(COMPOSE_FORM));
      if (heading) return collapse(heading.textContent);
    }
    return null;
  } catch {
    return null;
  }
}

/**
 * When the latest message shown in the reading pane was sent (ISO timestamp), from each message's date
 * text; only a date with a month name in English or Italian is trusted ("Thu 6 Mar 2025 08:05", "6 marzo
 * 2025 08:05"). All-digit dates ("06/03/2025") depend on the user's format setting and are skipped: then
 * a logged email takes the time of logging.
 * @example extractOutlookLastMessageDate(document) // '2025-03-06T08:05:00.000Z' (in the local zone)
 */
export function extractOutlookLastMessageDate(
  root: ParentNode = document,
  now: Date = new Date(),
): string | null {
  try {
    const texts: string[] = [];
    for (const message of paneMessages(root)) {
      for (const el of message.querySelectorAll(MESSAGE_DATE)) {
        if (!el.closest(`${MESSAGE_CONTENT}, ${COMPOSE_FORM}`))
          texts.push(el.getAttribute('title') || el.textContent || '');
      }
    }
    // In the page's language (Outlook sets <html lang> to its display language), and English.
    return latestHumanDate(texts, pageLanguage(root), now);
  } catch {
    return null;
  }
}

/**
 * A stable key for the open conversation (the URL's id changes between visits to one message): the
 * selected list row's `data-convid`, else a hash of the subject without "Re:"/"R:"… and the domains of its
 * people (pass them when already read). Null when the reading pane shows no conversation.
 * @example conversationKey(document) // 'AAQkADg3…' or 'h1x9k2f'
 */
export function conversationKey(
  root: ParentNode = document,
  people: readonly Participant[] = extractReadingPane(root).people,
): string | null {
  try {
    const subject = extractOutlookSubject(root);
    if (subject === null && people.length === 0) return null;
    const list = root.querySelector(MESSAGE_LIST);
    const active = list?.getAttribute('aria-activedescendant');
    const doc = (root as Node).ownerDocument ?? (root as Document);
    const row = (active ? doc.getElementById(active)?.closest('[data-convid]') : null) ?? null;
    const convid = (row ?? root.querySelector(SELECTED_ROW))?.getAttribute('data-convid');
    if (convid) return convid;
    const domains = [...new Set(people.map((p) => p.email.split('@')[1]))].sort();
    return `h${hash(`${baseSubject(subject ?? '')}|${domains.join(',')}`)}`;
  } catch {
    return null;
  }
}

/**
 * The account signed in to Outlook, from the account manager (rendered once its menu has been opened).
 * @example extractOutlookAccount(document) // { email: 'giulia.ferri@brightwave.example', name: 'Giulia Ferri' }
 */
export function extractOutlookAccount(root: ParentNode = document): {
  email: string | null;
  name: string | null;
} {
  try {
    const email = normalizeEmail(root.querySelector(ACCOUNT_EMAIL)?.textContent ?? '');
    const name = collapse(root.querySelector(ACCOUNT_NAME)?.textContent) || null;
    return { email, name };
  } catch {
    return { email: null, name: null };
  }
}

/**
 * What the reading pane shows now, as text (subject, people, dates), or null without a pane. Outlook changes
 * the URL before the pane re-renders; comparing this before and after tells that the new message is in.
 * @example const before = readingPaneSignature(document); … readingPaneSignature(document) !== before
 */
export function readingPaneSignature(root: ParentNode = document): string | null {
  try {
    const found = panes(root);
    if (found.length === 0) return null;
    return found
      .map((pane) =>
        [...pane.querySelectorAll(`${SUBJECT}, ${PERSONA}, ${MESSAGE_DATE}`)]
          .filter((el) => !el.closest(`${MESSAGE_CONTENT}, ${COMPOSE_FORM}`))
          .map((el) => collapse(el.textContent) || el.getAttribute('aria-label') || '')
          .join('|'),
      )
      .join('||');
  } catch {
    return null;
  }
}

/** Reading panes in the page; a conversation outside one (a message opened in its own window) counts as one. */
function panes(root: ParentNode): Element[] {
  const found = within(root, READING_PANE);
  return found.length > 0 ? found : within(root, CONVERSATION);
}

/** The messages of the open conversation; the whole pane when it shows one message without a conversation. */
function paneMessages(root: ParentNode): Element[] {
  return panes(root).flatMap((pane) => {
    const conversation = pane.matches(CONVERSATION) ? pane : pane.querySelector(CONVERSATION);
    if (!conversation) return [pane];
    return [...conversation.children].flatMap((group) => [...group.children]);
  });
}

/** Gives each persona in a recipient well the role of the last "To:"/"Cc:" label before it (text or aria-label). */
function rowRoles(well: Element, roles: Map<Element, ParticipantRole>): void {
  const walker = well.ownerDocument.createTreeWalker(well, 0x1 | 0x4); // elements and text
  let role: ParticipantRole = 'to';
  const label = (text: string) => ROW_LABELS[/^\s*(\p{L}+)\s*:/u.exec(text)?.[1]?.toLowerCase() ?? ''];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 3) {
      const text = node.textContent ?? '';
      if (/^\s*\p{L}+\s*:\s*$/u.test(text)) role = label(text) ?? role;
      continue;
    }
    const el = node as Element;
    if (el.matches(PERSONA)) roles.set(el, role);
    else role = label(el.getAttribute('aria-label') ?? '') ?? role;
  }
}

/** A persona's address (from the hooks that carry one, in order) and name; never an address made from a name. */
function personOf(el: Element, root: ParentNode): { email: string | null; name: string | null } {
  const text = collapse(el.textContent);
  const angle = /^(.*?)<\s*([^<>\s]+@[^<>\s]+)\s*>/.exec(text);
  const avatar = el.querySelector('[role="img"][aria-label]')?.getAttribute('aria-label');
  const name = cleanName(angle ? angle[1] : text) ?? cleanName(avatar);
  const email =
    (angle ? normalizeEmail(angle[2] ?? '') : null) ??
    (ADDRESS.test(text) && text.split(/\s+/).length === 1 ? normalizeEmail(text) : null) ??
    fromAttributes(el) ??
    fromMailto(el) ??
    fromOpenCard(name, root);
  return { email, name };
}

function fromAttributes(el: Element): string | null {
  const nodes = [el, ...el.querySelectorAll('*')];
  for (const node of nodes) {
    for (const attr of ['title', 'aria-label']) {
      const found = ADDRESS.exec(node.getAttribute(attr) ?? '')?.[0];
      if (found) return normalizeEmail(found);
    }
  }
  for (const node of nodes) {
    for (const { name, value } of node.attributes) {
      if (name.startsWith('data-') && ADDRESS.test(value)) {
        const email = normalizeEmail(value);
        if (email) return email;
      }
    }
  }
  return null;
}

function fromMailto(el: Element): string | null {
  const link = el.querySelector('a[href^="mailto:" i]') ?? el.closest('a[href^="mailto:" i]');
  return link ? normalizeEmail(link.getAttribute('href') ?? '') : null;
}

/** The `mailto:` of a contact card already open for exactly this name, when it holds one address only. */
function fromOpenCard(name: string | null, root: ParentNode): string | null {
  if (!name) return null;
  for (const card of root.querySelectorAll(PERSONA_CARD)) {
    const names = [...card.querySelectorAll('*')].some(
      (n) => n.children.length === 0 && key(n.textContent ?? '') === key(name),
    );
    if (!names) continue;
    const addresses = new Set(
      [...card.querySelectorAll('a[href^="mailto:" i]')].map((a) =>
        normalizeEmail(a.getAttribute('href') ?? ''),
      ),
    );
    const [only] = [...addresses];
    if (addresses.size === 1 && only) return only;
  }
  return null;
}

/** Senders and recipients by address, and the names without one. */
class People {
  #byEmail = new Map<string, { email: string; name: string | null; roles: Set<ParticipantRole> }>();
  #names = new Map<string, string>();
  #root: ParentNode;

  constructor(root: ParentNode) {
    this.#root = root;
  }

  add(el: Element, role: ParticipantRole): void {
    const { email, name } = personOf(el, this.#root);
    if (!email) {
      if (name) this.addName(name);
      return;
    }
    const entry = this.#byEmail.get(email) ?? { email, name: null, roles: new Set<ParticipantRole>() };
    entry.name ??= name;
    entry.roles.add(role);
    this.#byEmail.set(email, entry);
  }

  addName(name: string): void {
    if (!this.#names.has(key(name))) this.#names.set(key(name), name);
  }

  list(): Participant[] {
    const order: ParticipantRole[] = ['from', 'to', 'cc', 'bcc'];
    return [...this.#byEmail.values()].map(({ email, name, roles }) => ({
      email,
      name,
      roles: order.filter((r) => roles.has(r)),
    }));
  }

  /** Names with no address anywhere in the page part read, minus the signed-in user's own name. */
  unresolved(): string[] {
    const known = new Set([...this.#byEmail.values()].flatMap((p) => (p.name ? [key(p.name)] : [])));
    const me = extractOutlookAccount(this.#root).name;
    if (me) known.add(key(me));
    return [...this.#names.entries()].filter(([k]) => !known.has(k)).map(([, name]) => name);
  }
}

/** The subject without reply/forward prefixes in the languages we have seen. */
function baseSubject(subject: string): string {
  return subject
    .replace(/^((re|r|fw|fwd|i|inoltro|rif|aw|wg|tr|sv|vs)\s*:\s*)+/i, '')
    .trim()
    .toLowerCase();
}

/** FNV-1a, base 36: a short stable key, not a secret. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

function collapse(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function cleanName(raw: string | null | undefined): string | null {
  const name = collapse(raw).replace(/^["']|["']$/g, '');
  return name && !name.includes('@') ? name : null;
}

function key(name: string): string {
  return collapse(name).toLowerCase();
}
