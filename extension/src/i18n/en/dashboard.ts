/** English text of the dashboard area; Italian in ../it/dashboard.ts (same keys, checked by tsc and i18n.test.ts). */
export const dashboard = {
  _area: 'dashboard',
};
