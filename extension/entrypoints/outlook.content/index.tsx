import '../../src/ui/styles.css';

import { initLocale } from '../../src/i18n';
import { startOutlookOverlay } from '../../src/overlay/outlook-overlay';
import { OUTLOOK_MATCHES } from '../../src/sites/outlook';

export default defineContentScript({
  matches: OUTLOOK_MATCHES,
  cssInjectionMode: 'ui',
  async main(ctx) {
    await initLocale();
    startOutlookOverlay(ctx);
  },
});
