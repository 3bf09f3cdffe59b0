import '../../src/ui/styles.css';

import { initLocale } from '../../src/i18n';
import { startGmailOverlay } from '../../src/overlay/gmail-overlay';
import { GMAIL_MATCHES } from '../../src/sites/gmail';

export default defineContentScript({
  matches: GMAIL_MATCHES,
  cssInjectionMode: 'ui',
  async main(ctx) {
    await initLocale();
    startGmailOverlay(ctx);
  },
});
