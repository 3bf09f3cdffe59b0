import { createRequestHandler } from '../src/api/handler';
import { initLocale, watchLocale } from '../src/i18n';
import { listenForRequests } from '../src/messaging';

// The service worker is the only part that talks to the Rapport server (issue 3): every page and content
// script asks it through src/messaging.ts.
export default defineBackground(() => {
  // The language of the server's messages (Accept-Language) follows the person's choice.
  void initLocale();
  watchLocale(() => undefined);
  const handler = createRequestHandler();
  listenForRequests(handler.handle);
});
