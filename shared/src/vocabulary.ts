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

/**
 * How much of an open opportunity's amount counts toward a plan's weighted pipeline, per stage (won and
 * lost count nothing: won is actual revenue, lost is gone).
 */
export const STAGE_WEIGHTS: Readonly<Record<(typeof OPPORTUNITY_STAGES)[number], number>> = {
  qualify: 0.1,
  discover: 0.25,
  propose: 0.5,
  negotiate: 0.75,
  won: 0,
  lost: 0,
};

/** Kinds of touch: a logged email, or a call, meeting or note entered by hand. */
export const TOUCH_KINDS = ['email', 'call', 'meeting', 'note'] as const;

/** What an account-plan action is for (the AM's coordination work, see DOMAIN.md). */
export const ACTION_CATEGORIES = [
  'relationship',
  'marketing_communication',
  'product_customisation',
  'service_coordination',
  'other',
] as const;

export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;

export const OBJECTIVE_STATUSES = ['open', 'achieved', 'dropped'] as const;

/** Warnings about an account that the server computes; each says why and what to do next. */
export const SIGNAL_CODES = [
  'no_economic_buyer',
  'high_influence_not_contacted',
  'blocker_in_thread',
  'single_threaded',
  'contract_ending_without_renewal',
  'new_business_by_other',
] as const;
