import { privacy as en } from './en/privacy';
import { loadArea } from './index';
import { privacy as it } from './it/privacy';

/*
 * The "privacy" text, for the extension pages that show it: import `m` and friends from here instead of
 * `./index` (see there why content scripts do not carry it).
 */
loadArea('privacy', { en, it });

export * from './index';
