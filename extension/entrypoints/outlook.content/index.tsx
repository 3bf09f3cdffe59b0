import '../../src/ui/styles.css';

import { initLocale } from '../../src/i18n';
import { startOutlookOverlay } from '../../src/overlay/outlook-overlay';
import { guardSite } from '../../src/privacy/content-guard';
import { OUTLOOK_MATCHES } from '../../src/sites/outlook';

// Runtime registration: the background registers it for "automatically" and injects it on a click for
// "only when I click" (src/privacy/). `matches` still becomes the manifest's host permission.
export default defineContentScript({
  matches: OUTLOOK_MATCHES,
  registration: 'runtime',
  cssInjectionMode: 'ui',
  async main(ctx) {
    guardSite(ctx, 'outlook');
    await initLocale();
    startOutlookOverlay(ctx);
  },
});
