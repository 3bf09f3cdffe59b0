import { dashboard as en } from './en/dashboard';
import { loadArea } from './index';
import { dashboard as it } from './it/dashboard';

/*
 * The "dashboard" text, for the extension pages that show it: import `m` and friends from here instead of
 * `./index` (see there why content scripts do not carry it).
 */
loadArea('dashboard', { en, it });

export * from './index';
