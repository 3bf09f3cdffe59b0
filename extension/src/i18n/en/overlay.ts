/** English text of the overlay area; Italian in ../it/overlay.ts (same keys, checked by tsc and i18n.test.ts). */
export const overlay = {
  _area: 'overlay',
};
