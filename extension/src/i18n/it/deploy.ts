import type { Messages } from '../en';

export const deploy: Messages['deploy'] = {
  setByOrganisation: 'Impostato dalla tua organizzazione: ti basta accedere con email e password.',
  suggestedByOrganisation:
    'Suggerito dalla tua organizzazione. Modificalo solo se te lo chiede il reparto IT.',
  invalidPolicy: (value: string) =>
    `La tua organizzazione ha impostato come URL del server “${value}”, che non è un indirizzo web. Chiedi al reparto IT di correggerlo; nel frattempo puoi inserire tu l’indirizzo.`,
  lockedServer: (server: string) => `La tua organizzazione consente l’accesso solo a ${server}.`,
};
