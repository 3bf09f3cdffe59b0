import type { Messages } from '../en';

export const privacy: Messages['privacy'] = {
  _area: 'privacy',
};
