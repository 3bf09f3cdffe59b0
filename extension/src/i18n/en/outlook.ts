/** English text of the outlook area; Italian in ../it/outlook.ts (same keys, checked by tsc and i18n.test.ts). */
export const outlook = {
  _area: 'outlook',
};
