/**
 * The domain's vocabulary as plain constants, without zod, so browser bundles that only need the words
 * (the extension's content scripts) stay small. `enums.ts` builds the schemas from these.
 */

export const USER_ROLES = [
  'admin',
  'account_manager',
  'sales_rep',
  'coordinator',
  'marketing',
  'viewer',
] as const;

export const ACCOUNT_STATUSES = ['prospect', 'customer', 'former_customer'] as const;

export const ACCOUNT_TIERS = ['key', 'standard'] as const;

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

export const STANCES = ['champion', 'supporter', 'neutral', 'skeptic', 'blocker'] as const;

export const INFLUENCES = ['high', 'medium', 'low'] as const;

export const OPPORTUNITY_TYPES = ['new_business', 'expansion', 'renewal'] as const;

export const OPPORTUNITY_KINDS = ['order', 'contract'] as const;

export const OPPORTUNITY_STAGES = ['qualify', 'discover', 'propose', 'negotiate', 'won', 'lost'] as const;

/** Stages that count as closed; every other stage is "open". */
export const CLOSED_STAGES: readonly (typeof OPPORTUNITY_STAGES)[number][] = ['won', 'lost'];

/** @example isOpenStage('propose') // true */
export function isOpenStage(stage: (typeof OPPORTUNITY_STAGES)[number]): boolean {
  return !CLOSED_STAGES.includes(stage);
}
