/*
 * Outlook on the web adapter: where Rapport runs, the DOM hooks it reads, and the extract calls built on them.
 * Outlook's class names are hashed and change with every build, so none is used; the hooks below are ids,
 * `data-*` attributes and roles, which do not depend on the UI language (aria-label text does: Italian Outlook
 * says "A", "Cc", "Da", "Oggetto"). Each hook names the public source it was learned from; docs/issue-6-research.md
 * §1 has the details. Saved, redacted pages live in tests/fixtures/outlook/ and `outlook.test.ts` counts every
 * selector on them. `src/extract/outlook.ts` reads these constants only inside its functions.
 */

/**
 * The three hosts serve the same app, mail under `/mail/` (mihai-chezan/owa_notifications_firefox_extension
 * issue #24; lennarto/outlook-web-copy-link `background.js`). The whole host is matched, not only `/mail/`:
 * Outlook moves between mail and calendar without loading a page, and the readers find nothing elsewhere.
 */
export const OUTLOOK_MATCHES = [
  'https://outlook.office.com/*',
  'https://outlook.office365.com/*',
  'https://outlook.live.com/*',
];

/** The reading pane (auslong427/Outlook-Copy `copy-sender.js`, and two more public extensions): a stable id. */
export const READING_PANE = '#ReadingPaneContainerId';

/**
 * The open conversation, one child per message, each message one level further down
 * (`ConversationContainer > div > div`, seen in two public extensions that read Outlook threads).
 */
export const CONVERSATION = '[data-app-section="ConversationContainer"]';

/**
 * A person in a message header or a recipient pill: the Live Persona Card hover target (Briskine
 * `outlook.js` and six other public sources; older builds use the class `lpc-hoverTarget`, a saved page
 * `lpcCommonWeb-hoverTarget`). The attribute's value is an opaque id, never an address.
 */
export const PERSONA = '[data-lpc-hover-target-id], .lpc-hoverTarget, .lpcCommonWeb-hoverTarget';

/**
 * A message's To and Cc (`div[data-testid="RecipientWell"]`, one public extension): a persona inside it is a
 * recipient, one outside it in the same header is the sender.
 */
export const RECIPIENT_WELL = '[data-testid="RecipientWell"]';

/**
 * Message content, never read for people: the body (`div[id^="UniqueMessageBody"][role="document"]`, two
 * sources), the quoted header of a reply or forward (`#divRplyFwdMsg`, one source) and mentions in it.
 */
export const MESSAGE_CONTENT = '[id^="UniqueMessageBody"], [role="document"], #divRplyFwdMsg, #RplyFwdMsg';

/** A message's date, as text in the user's language and date format (`data-testid="SentReceivedSavedTime"`). */
export const MESSAGE_DATE = '[data-testid="SentReceivedSavedTime"]';

/**
 * The subject of the open conversation: `span[id$="_SUBJECT"][role="heading"]` (an Outlook adapter design
 * note in the code index), else the pane's level-2 heading (one public extension).
 */
export const SUBJECT = 'span[id$="_SUBJECT"][role="heading"], [role="heading"][aria-level="2"]';

/**
 * The selected row of the message list and its conversation id (`[aria-activedescendant][role=listbox]`, the
 * row's `data-convid`: fperezdev/wd-extension-poc `src/lib/consts.ts`). A stable key for "Log this email":
 * the id in the URL changes between visits to the same message (the design note above).
 */
export const MESSAGE_LIST = '[role="listbox"][aria-activedescendant]';
export const SELECTED_ROW = '[data-convid][aria-selected="true"]';

/**
 * A Live Persona Card already open in the page (the person hovered a name): `[data-automationid*="PersonaCard"]`,
 * `.livePersonaCard`, `.ms-PersonaCard` (auslong427/Outlook-Copy). Rapport never opens one; it only reads the
 * `mailto:` link of a card the person opened.
 */
export const PERSONA_CARD = '[data-automationid*="PersonaCard"], .livePersonaCard, .ms-PersonaCard';

/**
 * A compose form, full page, inline reply/forward or popped out: `[data-app-section="ComposeForm"]`,
 * `#docking_InitVisiblePart_0` (a public compose helper), `[id*="docking_InitVisiblePart"]` and
 * `[data-app-section="Form_Content"]` (Briskine, later version).
 */
export const COMPOSE_FORM =
  '[data-app-section="ComposeForm"], [id*="docking_InitVisiblePart"], [data-app-section="Form_Content"]';

/** An editable field of the form: the To, Cc and Bcc wells and the body are all contenteditable. */
export const COMPOSE_EDITABLE = '[contenteditable="true"]';

/**
 * The message body among them: `div[role="textbox"][textprediction]` (one public extension) or a multi-line
 * textbox; never read for recipients (a mention in the body is not one).
 */
export const COMPOSE_BODY = '[textprediction], [aria-multiline="true"]';

/** A recipient pill in a well: a persona hover target or a draggable pill (Briskine `outlook.js`). */
export const COMPOSE_PILL = '[data-lpc-hover-target-id], [draggable="true"]';

/**
 * The signed-in account in the account manager (`#mectrl_currentAccount_primary` name,
 * `#mectrl_currentAccount_secondary` address; one public extension). Rendered once the account menu was opened.
 */
export const ACCOUNT_NAME = '#mectrl_currentAccount_primary';
export const ACCOUNT_EMAIL = '#mectrl_currentAccount_secondary';

export {
  conversationKey,
  extractOutlookAccount,
  extractOutlookCompose,
  extractOutlookLastMessageDate,
  extractOutlookSubject,
  extractReadingPane,
  readingPaneSignature,
} from '../extract/outlook';

/* Test URLs (a Microsoft 365 work account and an outlook.live.com personal one; English, then Italian UI):
 * 1. https://outlook.office.com/mail/inbox: open a message from an external sender with colleagues in To/Cc;
 *    the panel lists one card per external company, never a colleague or you. People Outlook shows by name
 *    only are counted as "without a visible address" and never looked up.
 * 2. Open a conversation with several messages (expand them): every message's sender, To and Cc are read.
 * 3. Click another message in the list: the cards are replaced (no card of the previous message stays, even
 *    for a moment); back to a folder with no message selected removes the panel.
 * 4. Hover a name-only person so Outlook shows their contact card: they become a normal card.
 * 5. New message (https://outlook.office.com/mail/deeplink/compose): add To and Cc pills one by one; a
 *    half-typed address shows nothing until it becomes a pill; removing a pill removes its card.
 * 6. Reply inline in a conversation (no URL change): the reply's pills are read with the conversation.
 * 7. "Log this email" on a conversation with a known stakeholder: "Logged to <account>"; again after a
 *    reload: "Already logged". A compose form alone offers no "Log this email".
 * 8. Switch Outlook to Italian (Settings > General > Language and time) and repeat 1, 5 and 6.
 * 9. https://outlook.office365.com/mail/ and https://outlook.live.com/mail/0/: the same.
 */
