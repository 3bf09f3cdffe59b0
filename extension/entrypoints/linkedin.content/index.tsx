import '../../src/ui/styles.css';

import { initLocale } from '../../src/i18n';
import { startLinkedinOverlay } from '../../src/overlay/linkedin-overlay';
import { LINKEDIN_MATCHES } from '../../src/sites/linkedin';

export default defineContentScript({
  matches: LINKEDIN_MATCHES,
  cssInjectionMode: 'ui',
  async main(ctx) {
    await initLocale();
    startLinkedinOverlay(ctx);
  },
});
