import type { Messages } from '../en';
import { admin } from './admin';
import { errors } from './errors';
import { signals } from './signals';
import { transfer } from './transfer';
import { validation } from './validation';

/** Every sentence the server writes for people, in Italian (same keys as ../en). */
export const it: Messages = { errors, validation, signals, admin, transfer };
