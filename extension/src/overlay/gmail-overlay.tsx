import type { ContentScriptContext } from '#imports';
import {
  composeParticipants,
  extractAccountEmail,
  extractComposeRecipients,
  extractLastMessageDate,
  extractThreadParticipants,
  extractThreadSubject,
  threadIdFromLocation,
  threadLink,
} from '../sites/gmail';
import { type MailSite, startMailOverlay } from './mail-overlay';

/**
 * Gmail for the mail overlay: the open conversation (its id from the URL's hash) and the compose windows.
 * Gmail swaps the conversation view in as it changes the hash, so nothing waits for the view.
 */
export const gmailSite: MailSite = {
  site: 'gmail',
  // Below Gmail's top bar (64px) and the toolbar under it (48px, whose right end holds the "1 of 50 < >"
  // pager), and left of the 56px side-panel strip, so Gmail's own controls stay reachable.
  offsets: { top: '120px', right: '72px' },
  read(doc) {
    const threadPeople = extractThreadParticipants(doc);
    const id = threadIdFromLocation();
    return {
      threadPeople,
      composePeople: composeParticipants(extractComposeRecipients(doc)),
      unresolved: [],
      thread: id ? { id, subject: extractThreadSubject(doc) ?? '', link: threadLink() } : null,
    };
  },
  threadId: () => threadIdFromLocation(),
  subject: (doc) => extractThreadSubject(doc),
  lastMessageDate: (doc) => extractLastMessageDate(doc),
  accountEmail: (doc) => extractAccountEmail(doc),
};

/**
 * Runs the Gmail overlay: watches the open conversation and compose windows, looks their external
 * participants up through the background, and shows the panel while there is anyone to show.
 */
export function startGmailOverlay(ctx: ContentScriptContext): void {
  startMailOverlay(ctx, gmailSite);
}
