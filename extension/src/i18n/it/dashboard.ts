import type { Messages } from '../en';

export const dashboard: Messages['dashboard'] = {
  _area: 'dashboard',
};
