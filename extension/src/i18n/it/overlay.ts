import type { Messages } from '../en';

export const overlay: Messages['overlay'] = {
  _area: 'overlay',
};
