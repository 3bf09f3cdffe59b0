import type { Messages } from '../en';

export const pages: Messages['pages'] = {
  _area: 'pages',
};
