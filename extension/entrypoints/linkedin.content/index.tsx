import '../../src/ui/styles.css';

import { initLocale } from '../../src/i18n';
import { startLinkedinOverlay } from '../../src/overlay/linkedin-overlay';
import { guardSite } from '../../src/privacy/content-guard';
import { LINKEDIN_MATCHES } from '../../src/sites/linkedin';

// Runtime registration: the background registers it for "automatically" and injects it on a click for
// "only when I click" (src/privacy/). `matches` still becomes the manifest's host permission.
export default defineContentScript({
  matches: LINKEDIN_MATCHES,
  registration: 'runtime',
  cssInjectionMode: 'ui',
  async main(ctx) {
    guardSite(ctx, 'linkedin');
    await initLocale();
    startLinkedinOverlay(ctx);
  },
});
