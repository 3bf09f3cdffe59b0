import type { Messages } from '../en';

export const outlook: Messages['outlook'] = {
  _area: 'outlook',
};
