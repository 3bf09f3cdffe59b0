import { render } from 'preact';

import '../../src/dashboard/dashboard.css';

// The account page and "my accounts" are being built (issue 4); until then the page says so.
const root = document.getElementById('app');
if (root) render(<p>The account page is not ready yet.</p>, root);
