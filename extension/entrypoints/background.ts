import { createRequestHandler } from '../src/api/handler';
import { listenForRequests } from '../src/messaging';

// The service worker is the only part that talks to the Rapport server (issue 3): every page and content
// script asks it through src/messaging.ts.
export default defineBackground(() => {
  const handler = createRequestHandler();
  listenForRequests(handler.handle);
});
