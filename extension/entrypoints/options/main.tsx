import { render } from 'preact';

import { OptionsPage } from '../../src/pages/options-page';
import '../../src/pages/pages.css';

const root = document.getElementById('app');
if (root) render(<OptionsPage />, root);
