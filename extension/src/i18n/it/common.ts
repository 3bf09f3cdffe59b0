import type { Messages } from '../en';

export const common: Messages['common'] = {
  language: 'Lingua',
  languageAuto: (name: string) => `Lingua del browser (${name})`,
  loading: 'Caricamento…',
  retry: 'Riprova',
  cancel: 'Annulla',
  save: 'Salva',
  close: 'Chiudi',
  undo: 'Annulla',
};
