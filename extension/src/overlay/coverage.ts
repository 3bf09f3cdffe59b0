import { BUYING_ROLES, type BuyingRole, type LookupStakeholder } from '@rapport/shared';

/*
 * Coverage of an account's buying committee: which buying roles have a known stakeholder, and whether
 * someone holding it was in touch lately. Pure, and not tied to a site.
 */

/** A stakeholder counts as recently contacted within this many days. */
export const RECENT_CONTACT_DAYS = 90;

export interface RoleCoverage {
  role: BuyingRole;
  /** Stakeholders holding this role, in the lookup's order (highest influence first). */
  holders: LookupStakeholder[];
  /** Someone holding it was in touch within RECENT_CONTACT_DAYS. */
  recent: boolean;
}

/**
 * The buying committee: who holds each buying role (in the vocabulary's order) and which roles nobody holds.
 * @example committeeCoverage(account.stakeholders).uncovered // ['gatekeeper', 'legal']
 */
export function committeeCoverage(
  stakeholders: readonly LookupStakeholder[],
  now: number = Date.now(),
): { covered: RoleCoverage[]; uncovered: BuyingRole[] } {
  const since = now - RECENT_CONTACT_DAYS * 86_400_000;
  const covered: RoleCoverage[] = [];
  const uncovered: BuyingRole[] = [];
  for (const role of BUYING_ROLES) {
    const holders = stakeholders.filter((s) => s.roles.includes(role));
    if (holders.length === 0) uncovered.push(role);
    else
      covered.push({
        role,
        holders,
        recent: holders.some((s) => s.lastContactedAt !== null && Date.parse(s.lastContactedAt) >= since),
      });
  }
  return { covered, uncovered };
}
