import { z } from 'zod';

import {
  ACCOUNT_STATUSES,
  ACCOUNT_TIERS,
  BUYING_ROLES,
  INFLUENCES,
  OPPORTUNITY_KINDS,
  OPPORTUNITY_STAGES,
  OPPORTUNITY_TYPES,
  STANCES,
  USER_ROLES,
} from './vocabulary';

export {
  ACCOUNT_STATUSES,
  ACCOUNT_TIERS,
  BUYING_ROLES,
  CLOSED_STAGES,
  INFLUENCES,
  isOpenStage,
  OPPORTUNITY_KINDS,
  OPPORTUNITY_STAGES,
  OPPORTUNITY_TYPES,
  STANCES,
  USER_ROLES,
} from './vocabulary';

/** Roles a Rapport user can hold. Order is from most to least privileged. */
export const zUserRole = z.enum(USER_ROLES);
export type UserRole = z.infer<typeof zUserRole>;

export const zAccountStatus = z.enum(ACCOUNT_STATUSES);
export type AccountStatus = z.infer<typeof zAccountStatus>;

export const zAccountTier = z.enum(ACCOUNT_TIERS);
export type AccountTier = z.infer<typeof zAccountTier>;

export const zBuyingRole = z.enum(BUYING_ROLES);
export type BuyingRole = z.infer<typeof zBuyingRole>;

export const zStance = z.enum(STANCES);
export type Stance = z.infer<typeof zStance>;

export const zInfluence = z.enum(INFLUENCES);
export type Influence = z.infer<typeof zInfluence>;

export const zOpportunityType = z.enum(OPPORTUNITY_TYPES);
export type OpportunityType = z.infer<typeof zOpportunityType>;

/** An ad-hoc order, or a supply contract with a term in months. */
export const zOpportunityKind = z.enum(OPPORTUNITY_KINDS);
export type OpportunityKind = z.infer<typeof zOpportunityKind>;

export const zOpportunityStage = z.enum(OPPORTUNITY_STAGES);
export type OpportunityStage = z.infer<typeof zOpportunityStage>;
