import type { Messages } from '../en';

export const outlook: Messages['outlook'] = {
  withoutAddress: (n) =>
    n === 1 ? '1 persona senza indirizzo visibile' : `${n} persone senza indirizzo visibile`,
  withoutAddressHint: (n) =>
    n === 1
      ? 'Outlook qui non ne mostra l’indirizzo email, quindi Rapport non la cerca.'
      : 'Outlook qui non ne mostra gli indirizzi email, quindi Rapport non le cerca.',
};
