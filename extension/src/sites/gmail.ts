/*
 * Gmail adapter: where Rapport runs, the DOM hooks it reads, and the extract calls built on them.
 * Gmail's class names are minified but have been stable for years; each hook below names the public
 * source it was learned from. Saved, redacted pages live in tests/fixtures/gmail/ and `gmail.test.ts`
 * counts every selector on them. `src/extract/gmail.ts` reads these constants only inside its functions,
 * so the import cycle between the two modules is harmless.
 */

export const GMAIL_MATCHES = ['https://mail.google.com/*'];

/** The open conversation's subject heading, once per thread view (gmail.js `h2.hP`): the mount anchor. */
export const THREAD_SUBJECT = 'h2.hP';

/**
 * Every message of the open conversation, whether expanded (`.h7`), collapsed (`.kv`) or folded into
 * "older messages" (`.kQ`): the `div.adn` wrapper (gmail.js `api.dom.email`), which carries
 * `data-message-id`. The hidden inbox list has no `.adn`, so it is never read.
 */
export const MESSAGE = 'div.adn';

/**
 * A message's date in its header: `span.g3`, whose `title` holds the full date and time in the user's
 * language and time zone ("Tue, 4 Mar 2025, 11:02"; gmail.js reads `.g3` for a message's date), read with
 * the page's `<html lang>` month names by `extract/dates.ts`. Only titles with a month name are trusted: an
 * all-digit date is ambiguous (4/3 or 3/4).
 */
export const MESSAGE_DATE = 'span.g3[title]';

/** A message's sender, in expanded and collapsed headers alike (InboxSDK `td.gF span[email]`, `h3.iw`). */
export const MESSAGE_SENDER = 'h3.iw [email], td.gF [email]';

/**
 * The "to me, cc: …" line of a message header (`span.hb`, InboxSDK and gmail.js); also kept, hidden, in
 * collapsed messages that were rendered once. Text nodes "cc:"/"bcc:" switch the role of what follows.
 */
export const MESSAGE_RECIPIENT_LINE = 'span.hb';

/** A recipient inside that line: `span.g2[email]`, or only `data-hovercard-id` when Gmail omits `email`. */
export const MESSAGE_RECIPIENT = '.hb [email], .hb [data-hovercard-id]';

/**
 * Rows of a message's details menu (`.ajA.SK`, in the DOM with `visibility: hidden` until opened; its
 * table `.ajC` lists every address, InboxSDK get-updated-contact.ts): one row per header field.
 */
export const MESSAGE_DETAILS_ROW = '.ajC tr';

/** The label cell of a details row ("from:", "to:", "cc:", "bcc:", "date:"…); inferred from the layout. */
export const MESSAGE_DETAILS_LABEL = 'td.gG';

/** Message content: body, quoted text and signature. Addresses in here are never participants. */
export const MESSAGE_CONTENT = '.ii.gt, .a3s, blockquote, .gmail_quote, .gmail_signature';

/** A compose window: pop-up (inside `div[role=dialog]`) or inline reply (gmail.js `api.dom.composes`). */
export const COMPOSE_WINDOW = 'div.M9';

/** Fallback when `.M9` is gone: dialogs, of which only those holding recipient fields are read. */
export const COMPOSE_DIALOG = 'div[role="dialog"]';

/** The compose window's id (gmail.js `input[name=composeid]`). */
export const COMPOSE_ID = 'input[name="composeid"]';

/** The draft's id, "undefined" until the first autosave (gmail.js `input[name=draft]`). */
export const COMPOSE_DRAFT_ID = 'input[name="draft"]';

/** A To/Cc/Bcc field of the current (2021+) compose layout (InboxSDK page-parser `.anm[name=to]`). */
export const COMPOSE_FIELD = 'div.anm[name]';

/** A confirmed chip in such a field: address in `data-hovercard-id`, name in `data-name` (InboxSDK). */
export const COMPOSE_CHIP = '[role="option"][data-hovercard-id]';

/**
 * A chip of the older layout: the hidden input of a `.vR` chip, named to/cc/bcc, valued
 * "Name <address>" (gmail.js `.GS input[type=hidden]`, InboxSDK `.vR > input[type=hidden]`).
 */
export const COMPOSE_LEGACY_CHIP = '.vR input[type="hidden"][name]';

/** The signed-in Google account in the top bar; its label ends "(address)" in every language. */
export const ACCOUNT_BUTTON = '[role="banner"] a[aria-label*="@"]';

export {
  classifyParticipants,
  composeParticipants,
  extractAccountEmail,
  extractComposeRecipients,
  extractLastMessageDate,
  extractThreadParticipants,
  extractThreadSubject,
  threadIdFromLocation,
  threadLink,
} from '../extract/gmail';

/* Test URLs:
 * 1. https://mail.google.com/mail/u/0/#inbox: open a conversation with an external sender and a
 *    colleague in cc; the panel lists one card per external company and never the colleague or you.
 * 2. In the same thread, collapse all messages ("Collapse all"), reload: the same people appear.
 * 3. Open a thread where a gmail.com address writes: it shows as a person, never as a company.
 * 4. Open another thread from the list: the cards are replaced, nothing stale stays; back to the inbox
 *    removes the panel.
 * 5. Compose (https://mail.google.com/mail/u/0/#inbox?compose=new): add To, Cc and Bcc chips one by one;
 *    a half-typed address shows nothing until it becomes a chip; removing a chip removes its card.
 * 6. Reply inline in a thread and open a second pop-up compose: each window is read separately.
 * 7. In a thread with a known stakeholder, press "Log this email": "Logged to <account>", the stakeholder's
 *    "Last contacted" becomes today; press it again after a reload: "Already logged"; "Undo" removes it.
 *    A compose window alone offers no "Log this email".
 * 8. Each card lists its signals under "Signals" shortly after it appears (open one for why and what next);
 *    switch threads quickly: a card never shows the previous thread's signals.
 */
