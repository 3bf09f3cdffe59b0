/** English text of the pages area; Italian in ../it/pages.ts (same keys, checked by tsc and i18n.test.ts). */
export const pages = {
  _area: 'pages',
};
