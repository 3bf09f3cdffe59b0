import type { Messages } from '../en';
import { common } from './common';
import { dashboard } from './dashboard';
import { deploy } from './deploy';
import { labels } from './labels';
import { outlook } from './outlook';
import { overlay } from './overlay';
import { pages } from './pages';
import { privacy } from './privacy';

/** Every string the extension shows, in Italian (same keys as ../en, checked by tsc and i18n.test.ts). */
export const it: Messages = { common, labels, overlay, outlook, pages, dashboard, privacy, deploy };
