import type { UserRole } from '@rapport/shared';

import type { Messages } from '../i18n';
import { forbidden } from '../lib/errors';

/** The signed-in user as routes see it. */
export interface Actor {
  id: string;
  role: UserRole;
  name: string;
  email: string;
}

/** What a role may do to an account depends on the caller's relation to it. */
export interface AccountAccess {
  ownerId: string | null;
  repIds: readonly string[];
}

const SELLERS: readonly UserRole[] = ['admin', 'account_manager', 'sales_rep'];

/**
 * The role rules in one place (docs/roles.md has the table). Everyone signed in reads; writes depend on
 * role and on ownership; a viewer never writes, even a record that names them.
 */
export const policy = {
  /** Reps create standard accounts; key accounts are created by account managers and admins. */
  createAccount: (a: Actor, tier: string) =>
    a.role === 'admin' || a.role === 'account_manager' || (a.role === 'sales_rep' && tier === 'standard'),
  /** The owner and assigned reps edit an account; an unowned account is open to every seller. */
  editAccount: (a: Actor, acc: AccountAccess) =>
    a.role === 'admin' ||
    ((a.role === 'account_manager' || a.role === 'sales_rep') &&
      (acc.ownerId === null || acc.ownerId === a.id || acc.repIds.includes(a.id))),
  /** Owner and tier of an owned account change only by its owner or an admin. */
  changeAccountOwnership: (a: Actor, acc: AccountAccess, newTier: string) =>
    a.role === 'admin' ||
    (acc.ownerId === null
      ? a.role === 'account_manager' || (a.role === 'sales_rep' && newTier === 'standard')
      : acc.ownerId === a.id && (a.role === 'account_manager' || newTier === 'standard')),
  deleteAccount: (a: Actor, acc: AccountAccess) => a.role === 'admin' || acc.ownerId === a.id,
  mergeAccounts: (a: Actor, target: AccountAccess, source: AccountAccess) =>
    a.role === 'admin' ||
    (a.role === 'account_manager' && [target, source].every((x) => x.ownerId === null || x.ownerId === a.id)),
  /** Stakeholders are added and tagged by sellers, coordinators and marketing. */
  writeContact: (a: Actor) => a.role !== 'viewer',
  deleteContact: (a: Actor, acc: AccountAccess, relationshipOwnerId: string | null) =>
    a.role === 'admin' || (a.role !== 'viewer' && (acc.ownerId === a.id || relationshipOwnerId === a.id)),
  createOpportunity: (a: Actor) => SELLERS.includes(a.role) || a.role === 'coordinator',
  editOpportunity: (a: Actor, acc: AccountAccess, opportunityOwnerId: string | null) =>
    a.role === 'admin' ||
    a.role === 'coordinator' ||
    (a.role !== 'viewer' && opportunityOwnerId === a.id) ||
    (SELLERS.includes(a.role) && (acc.ownerId === a.id || acc.repIds.includes(a.id) || acc.ownerId === null)),
  deleteOpportunity: (a: Actor, acc: AccountAccess, opportunityOwnerId: string | null) =>
    a.role === 'admin' || (a.role !== 'viewer' && (acc.ownerId === a.id || opportunityOwnerId === a.id)),
  /**
   * An account plan is the owning account manager's (and admins'); an unowned account's plan is open to every
   * account manager. Everyone signed in reads plans.
   */
  editPlan: (a: Actor, acc: AccountAccess) =>
    a.role === 'admin' || (a.role === 'account_manager' && (acc.ownerId === null || acc.ownerId === a.id)),
  /** The account's owner (or an admin) acknowledges new business someone else opened on their key account. */
  acknowledgeOpportunity: (a: Actor, acc: AccountAccess) =>
    a.role === 'admin' || (a.role !== 'viewer' && acc.ownerId === a.id),
  /** Everyone but viewers logs touches: emails, calls, meetings and notes. */
  logTouch: (a: Actor) => a.role !== 'viewer',
  /** A touch logged by mistake is removed by whoever logged it, or an admin. */
  deleteTouch: (a: Actor, authorId: string | null) =>
    a.role === 'admin' || (a.role !== 'viewer' && authorId === a.id),
  /** The `new_business_by_other` signal is for the account's owner, who acknowledges it, and admins. */
  seeNewBusinessFlags: (a: Actor, acc: Pick<AccountAccess, 'ownerId'>) =>
    a.role === 'admin' || (acc.ownerId !== null && acc.ownerId === a.id),
  manageUsers: (a: Actor) => a.role === 'admin',
  manageSettings: (a: Actor) => a.role === 'admin',
  /** Importing (CSV, snapshot) and exporting everything touch every record and every user: admins only. */
  transferData: (a: Actor) => a.role === 'admin',
  manageProducts: (a: Actor) => a.role === 'admin',
  /**
   * Erasing a stakeholder rewrites the audit log and cannot be undone; exporting one gives their whole
   * history, audit included. Both answer a person's request to the data controller, whose hands are the
   * admins' (docs/privacy.md): admins only.
   */
  personRights: (a: Actor) => a.role === 'admin',
};

/** Throws 403 unless `allowed`. */
export function ensure(allowed: boolean, message?: (m: Messages) => string): void {
  if (!allowed) throw forbidden(message);
}
