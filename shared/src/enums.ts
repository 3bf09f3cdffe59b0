import { z } from 'zod';

import {
  ACCOUNT_STATUSES,
  ACCOUNT_TIERS,
  ACTION_CATEGORIES,
  ACTION_STATUSES,
  BUYING_ROLES,
  INFLUENCES,
  OBJECTIVE_STATUSES,
  OPPORTUNITY_KINDS,
  OPPORTUNITY_STAGES,
  OPPORTUNITY_TYPES,
  SIGNAL_CODES,
  STANCES,
  TOUCH_KINDS,
  USER_ROLES,
} from './vocabulary';

export {
  ACCOUNT_STATUSES,
  ACCOUNT_TIERS,
  ACTION_CATEGORIES,
  ACTION_STATUSES,
  BUYING_ROLES,
  CLOSED_STAGES,
  INFLUENCES,
  isOpenStage,
  OBJECTIVE_STATUSES,
  OPPORTUNITY_KINDS,
  OPPORTUNITY_STAGES,
  OPPORTUNITY_TYPES,
  SIGNAL_CODES,
  STAGE_WEIGHTS,
  STANCES,
  TOUCH_KINDS,
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

export const zTouchKind = z.enum(TOUCH_KINDS);
export type TouchKind = z.infer<typeof zTouchKind>;

export const zActionCategory = z.enum(ACTION_CATEGORIES);
export type ActionCategory = z.infer<typeof zActionCategory>;

export const zActionStatus = z.enum(ACTION_STATUSES);
export type ActionStatus = z.infer<typeof zActionStatus>;

export const zObjectiveStatus = z.enum(OBJECTIVE_STATUSES);
export type ObjectiveStatus = z.infer<typeof zObjectiveStatus>;

export const zSignalCode = z.enum(SIGNAL_CODES);
export type SignalCode = z.infer<typeof zSignalCode>;
