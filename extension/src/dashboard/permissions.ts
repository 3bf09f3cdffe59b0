import type { UserRef } from '@rapport/shared';

/*
 * What the page offers to whom. The server decides (`docs/roles.md`, `server/src/auth/policy.ts`); these
 * mirror its rules so nobody is shown a button that can only answer "forbidden".
 */

type Owner = { id: string } | null;

/**
 * Saving the account plan: admins, and account managers on their own (or an unowned) account.
 * @example canEditPlan(marta, account.owner)
 */
export function canEditPlan(user: UserRef, owner: Owner): boolean {
  if (user.role === 'admin') return true;
  return user.role === 'account_manager' && (owner === null || owner.id === user.id);
}

/** Acknowledging flagged new business: the account's owner, or an admin. */
export function canAcknowledge(user: UserRef, owner: Owner): boolean {
  return user.role === 'admin' || (owner !== null && owner.id === user.id);
}

/** Editing stakeholders (e.g. whom they report to) and logging touches: everyone but viewers. */
export function canWrite(user: UserRef): boolean {
  return user.role !== 'viewer';
}

/** Deleting a touch: whoever logged it, or an admin. */
export function canDeleteTouch(user: UserRef, loggedBy: { id: string } | null): boolean {
  if (user.role === 'admin') return true;
  return user.role !== 'viewer' && loggedBy !== null && loggedBy.id === user.id;
}
