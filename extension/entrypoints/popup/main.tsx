import { render } from 'preact';

import { PopupPage } from '../../src/pages/popup-page';
import '../../src/pages/pages.css';

const root = document.getElementById('app');
if (root) render(<PopupPage />, root);
