/** English text used in more than one part of the extension; Italian in ../it/common.ts. */
export const common = {
  language: 'Language',
  languageAuto: (name: string) => `Browser default (${name})`,
  loading: 'Loading…',
  retry: 'Try again',
  cancel: 'Cancel',
  save: 'Save',
  close: 'Close',
  undo: 'Undo',
};
