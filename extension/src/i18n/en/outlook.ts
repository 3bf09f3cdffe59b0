/** English text of the outlook area; Italian in ../it/outlook.ts (same keys, checked by tsc and i18n.test.ts). */
export const outlook = {
  /** People Outlook shows by name only: Rapport does not look them up. */
  withoutAddress: (n: number): string =>
    n === 1 ? '1 person without a visible address' : `${n} people without a visible address`,
  /** Why they have no card. */
  withoutAddressHint: (n: number): string =>
    n === 1
      ? 'Outlook does not show this person’s email address here, so Rapport does not look them up.'
      : 'Outlook does not show these people’s email addresses here, so Rapport does not look them up.',
};
