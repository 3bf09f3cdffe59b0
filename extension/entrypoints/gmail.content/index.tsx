import '../../src/ui/styles.css';

import { initLocale } from '../../src/i18n';
import { startGmailOverlay } from '../../src/overlay/gmail-overlay';
import { guardSite } from '../../src/privacy/content-guard';
import { GMAIL_MATCHES } from '../../src/sites/gmail';

// Runtime registration: the background registers it for "automatically" and injects it on a click for
// "only when I click" (src/privacy/). `matches` still becomes the manifest's host permission.
export default defineContentScript({
  matches: GMAIL_MATCHES,
  registration: 'runtime',
  cssInjectionMode: 'ui',
  async main(ctx) {
    guardSite(ctx, 'gmail');
    await initLocale();
    startGmailOverlay(ctx);
  },
});
