import { render } from 'preact';

import { initLocale, m, watchLocale } from '../../src/i18n/pages';
import { OptionsPage } from '../../src/pages/options-page';
import '../../src/pages/pages.css';

const root = document.getElementById('app');
// The language first (the person's choice, else the browser's); another choice reloads the page in it.
if (root) {
  void initLocale().then(() => {
    document.title = m.pages.options.title;
    render(<OptionsPage />, root);
  });
  watchLocale(() => location.reload());
}
