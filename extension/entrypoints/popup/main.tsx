import { render } from 'preact';

import { PopupPage } from '../../src/pages/popup-page';
// The detail views reuse the overlay's cards; pages.css comes last and fits them to the popup's colours.
import '../../src/ui/styles.css';
import '../../src/pages/pages.css';

const root = document.getElementById('app');
if (root) render(<PopupPage />, root);
