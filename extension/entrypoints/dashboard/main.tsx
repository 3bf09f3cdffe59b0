import { render } from 'preact';

import { DashboardApp } from '../../src/dashboard/dashboard-app';
import '../../src/dashboard/dashboard.css';
import '../../src/dashboard/page.css';

const root = document.getElementById('app');
if (root) render(<DashboardApp />, root);
