import '../../src/ui/styles.css';

import { startGmailOverlay } from '../../src/overlay/gmail-overlay';
import { GMAIL_MATCHES } from '../../src/sites/gmail';

export default defineContentScript({
  matches: GMAIL_MATCHES,
  cssInjectionMode: 'ui',
  main(ctx) {
    startGmailOverlay(ctx);
  },
});
