import '../../src/ui/styles.css';

import { startLinkedinOverlay } from '../../src/overlay/linkedin-overlay';
import { LINKEDIN_MATCHES } from '../../src/sites/linkedin';

export default defineContentScript({
  matches: LINKEDIN_MATCHES,
  cssInjectionMode: 'ui',
  main(ctx) {
    startLinkedinOverlay(ctx);
  },
});
