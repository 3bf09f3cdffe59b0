import { render } from 'preact';
import { DashboardApp } from '../../src/dashboard/dashboard-app';
import { initLocale, watchLocale } from '../../src/i18n';
import '../../src/dashboard/dashboard.css';
import '../../src/dashboard/page.css';

const root = document.getElementById('app');
// The language first (the person's choice, else the browser's); another choice reloads the page in it.
if (root) {
  void initLocale().then(() => render(<DashboardApp />, root));
  watchLocale(() => location.reload());
}
