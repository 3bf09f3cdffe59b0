import { deploy as en } from './en/deploy';
import { loadArea } from './index';
import { deploy as it } from './it/deploy';

/*
 * The "deploy" text, for the extension pages that show it: import `m` and friends from here instead of
 * `./index` (see there why content scripts do not carry it).
 */
loadArea('deploy', { en, it });

export * from './index';
