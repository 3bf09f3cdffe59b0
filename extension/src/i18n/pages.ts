import { pages as en } from './en/pages';
import { loadArea } from './index';
import { pages as it } from './it/pages';

/*
 * The "pages" text, for the extension pages that show it: import `m` and friends from here instead of
 * `./index` (see there why content scripts do not carry it).
 */
loadArea('pages', { en, it });

export * from './index';
