import { createRequestHandler } from '../src/api/handler';
import { initLocale, watchLocale } from '../src/i18n';
import { listenForRequests } from '../src/messaging';
import { keepRegistrationsInSync } from '../src/privacy/registration';
import { listenForStartHere } from '../src/privacy/start-here';

// The service worker is the only part that talks to the Rapport server (issue 3): every page and content
// script asks it through src/messaging.ts.
export default defineBackground(() => {
  // The language of the server's messages (Accept-Language) follows the person's choice.
  void initLocale();
  watchLocale(() => undefined);
  const handler = createRequestHandler();
  listenForRequests(handler.handle);
  // Writes the server has not taken yet (issue 8) are sent when due, also after a restart of the worker.
  void handler.resume();
  // Privacy mode (issue 6): content scripts registered per site, or started on a click from the popup.
  keepRegistrationsInSync();
  listenForStartHere();
});
