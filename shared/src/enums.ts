import { z } from 'zod';

/** Roles a Rapport user can hold. Order is from most to least privileged. */
export const USER_ROLES = [
  'admin',
  'account_manager',
  'sales_rep',
  'coordinator',
  'marketing',
  'viewer',
] as const;
export const zUserRole = z.enum(USER_ROLES);
export type UserRole = z.infer<typeof zUserRole>;

export const ACCOUNT_STATUSES = ['prospect', 'customer', 'former_customer'] as const;
export const zAccountStatus = z.enum(ACCOUNT_STATUSES);
export type AccountStatus = z.infer<typeof zAccountStatus>;

export const ACCOUNT_TIERS = ['key', 'standard'] as const;
export const zAccountTier = z.enum(ACCOUNT_TIERS);
export type AccountTier = z.infer<typeof zAccountTier>;

export const BUYING_ROLES = [
  'economic_buyer',
  'technical_decision_maker',
  'purchasing',
  'executive_sponsor',
  'influencer',
  'end_user',
  'gatekeeper',
  'legal',
] as const;
export const zBuyingRole = z.enum(BUYING_ROLES);
export type BuyingRole = z.infer<typeof zBuyingRole>;

export const STANCES = ['champion', 'supporter', 'neutral', 'skeptic', 'blocker'] as const;
export const zStance = z.enum(STANCES);
export type Stance = z.infer<typeof zStance>;

export const INFLUENCES = ['high', 'medium', 'low'] as const;
export const zInfluence = z.enum(INFLUENCES);
export type Influence = z.infer<typeof zInfluence>;

export const OPPORTUNITY_TYPES = ['new_business', 'expansion', 'renewal'] as const;
export const zOpportunityType = z.enum(OPPORTUNITY_TYPES);
export type OpportunityType = z.infer<typeof zOpportunityType>;

/** An ad-hoc order, or a supply contract with a term in months. */
export const OPPORTUNITY_KINDS = ['order', 'contract'] as const;
export const zOpportunityKind = z.enum(OPPORTUNITY_KINDS);
export type OpportunityKind = z.infer<typeof zOpportunityKind>;

export const OPPORTUNITY_STAGES = ['qualify', 'discover', 'propose', 'negotiate', 'won', 'lost'] as const;
export const zOpportunityStage = z.enum(OPPORTUNITY_STAGES);
export type OpportunityStage = z.infer<typeof zOpportunityStage>;

/** Stages that count as closed; every other stage is "open". */
export const CLOSED_STAGES: readonly OpportunityStage[] = ['won', 'lost'];

/** @example isOpenStage('propose') // true */
export function isOpenStage(stage: OpportunityStage): boolean {
  return !CLOSED_STAGES.includes(stage);
}
