import { admin } from './admin';
import { errors } from './errors';
import { signals } from './signals';
import { transfer } from './transfer';
import { validation } from './validation';

export type { Held, Thing } from './errors';

/**
 * Every sentence the server writes for people, in English: the reference catalog. One file per area; each
 * Italian area is typed against its English one, so a missing or extra key fails `tsc` (and i18n.test.ts).
 */
export const en = { errors, validation, signals, admin, transfer };
export type Messages = typeof en;
