/** English text of the privacy area; Italian in ../it/privacy.ts (same keys, checked by tsc and i18n.test.ts). */
export const privacy = {
  _area: 'privacy',
};
