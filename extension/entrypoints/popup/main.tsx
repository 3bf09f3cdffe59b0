import { render } from 'preact';

import { initLocale, watchLocale } from '../../src/i18n';
import { PopupPage } from '../../src/pages/popup-page';
import { StartHereLine } from '../../src/pages/start-here-line';
// The detail views reuse the overlay's cards; pages.css comes last and fits them to the popup's colours.
import '../../src/ui/styles.css';
import '../../src/pages/pages.css';

const root = document.getElementById('app');
// The language first (the person's choice, else the browser's); another choice reloads the page in it.
// StartHereLine: opening the popup on a site set to "Only when I click" starts Rapport there (privacy mode).
if (root) {
  void initLocale().then(() =>
    render(
      <>
        <StartHereLine />
        <PopupPage />
      </>,
      root,
    ),
  );
  watchLocale(() => location.reload());
}
