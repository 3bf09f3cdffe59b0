import { common } from './common';
import { dashboard } from './dashboard';
import { deploy } from './deploy';
import { labels } from './labels';
import { outlook } from './outlook';
import { overlay } from './overlay';
import { pages } from './pages';
import { privacy } from './privacy';

/**
 * Every string the extension shows, in English: the reference catalog. One file per area so people working
 * on different parts do not edit the same file; each Italian area is typed against its English one.
 */
export const en = { common, labels, overlay, outlook, pages, dashboard, privacy, deploy };
export type Messages = typeof en;
