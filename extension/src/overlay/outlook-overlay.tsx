import type { ContentScriptContext } from '#imports';
import { composeParticipants } from '../extract/gmail';
import { m } from '../i18n';
import {
  conversationKey,
  extractOutlookAccount,
  extractOutlookCompose,
  extractOutlookLastMessageDate,
  extractOutlookSubject,
  extractReadingPane,
  readingPaneSignature,
} from '../sites/outlook';
import { type MailSite, startMailOverlay } from './mail-overlay';

/**
 * Outlook on the web for the mail overlay: the conversation in the reading pane and the compose forms (full
 * page, inline reply or forward). Outlook changes the URL before it re-renders the pane, so after a URL
 * change the overlay waits for the pane to change (`viewSignature`). A conversation's key is its list row's
 * id, not the URL's (which changes between visits). People shown by name only are listed, never looked up.
 */
export const outlookSite: MailSite = {
  site: 'outlook',
  // Below Outlook's header (48px) and the ribbon under it (about 90px with the simplified ribbon), clear of
  // the right-hand app bar (48px).
  offsets: { top: '148px', right: '64px' },
  read(doc) {
    const pane = extractReadingPane(doc);
    const compose = extractOutlookCompose(doc);
    const id =
      pane.people.length > 0 || pane.unresolved.length > 0 ? conversationKey(doc, pane.people) : null;
    return {
      threadPeople: pane.people,
      composePeople: composeParticipants(compose.windows),
      unresolved: [...new Set([...pane.unresolved, ...compose.unresolved])],
      thread: id ? { id, subject: extractOutlookSubject(doc) ?? '', link: location.href } : null,
    };
  },
  threadId: (doc) => conversationKey(doc),
  subject: (doc) => extractOutlookSubject(doc),
  lastMessageDate: (doc) => extractOutlookLastMessageDate(doc),
  accountEmail: (doc) => extractOutlookAccount(doc).email,
  viewSignature: (doc) => readingPaneSignature(doc),
  // A pill or a header may get its address after it appears (Outlook resolves the person, a public compose
  // reader watches these attributes for that).
  watchAttributes: ['title', 'aria-label'],
  note: (names) => <WithoutAddress names={names} />,
};

/** "3 people without a visible address: …", and why they have no card. */
export function WithoutAddress({ names }: { names: readonly string[] }) {
  return (
    <div class="rp-card rp-site-note" role="note">
      <p>
        <span class="rp-strong">{m.outlook.withoutAddress(names.length)}</span>: {names.join(', ')}
      </p>
      <p class="rp-muted rp-hint">{m.outlook.withoutAddressHint(names.length)}</p>
    </div>
  );
}

/**
 * Runs the Outlook overlay: watches the reading pane and compose forms, looks their external participants up
 * through the background, and shows the panel while there is anyone to show.
 */
export function startOutlookOverlay(ctx: ContentScriptContext): void {
  startMailOverlay(ctx, outlookSite);
}
