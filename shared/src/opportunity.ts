import { z } from 'zod';

import { zDate, zId, zName, zPageQuery, zQueryBool, zTimestamp, zVersion } from './common';
import { isOpenStage, zOpportunityKind, zOpportunityStage, zOpportunityType } from './enums';
import { zCurrency } from './fields';

/** A deal. `amount` is in minor units (cents) of `currency`. */
export const zOpportunity = z.object({
  id: zId,
  accountId: zId,
  title: z.string(),
  type: zOpportunityType,
  kind: zOpportunityKind,
  termMonths: z.number().int().nullable(),
  productLineId: zId.nullable(),
  amount: z.number().int(),
  currency: z.string(),
  stage: zOpportunityStage,
  expectedCloseDate: zDate.nullable(),
  ownerId: zId.nullable(),
  nextStep: z.string(),
  /** When the stage became won or lost; null while open. */
  closedAt: zTimestamp.nullable(),
  /** Why it was won or lost; null while open. Earlier reasons stay in the stage history (the timeline). */
  closeReason: z.string().nullable(),
  /** A supply contract's first day; a contract won without one starts on the day it was won. */
  contractStartDate: zDate.nullable(),
  /** The contract's last day (start plus `termMonths` months, minus a day); null for orders or without a start. */
  contractEndDate: zDate.nullable(),
  /**
   * Set when someone other than the account's owner opened new business on a key account; the owner sees it
   * until they acknowledge it (`POST /opportunities/:id/acknowledge`). Null when never flagged.
   */
  flag: z
    .object({ flaggedAt: zTimestamp, acknowledgedAt: zTimestamp.nullable(), acknowledgedBy: zId.nullable() })
    .nullable(),
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
  version: zVersion,
});
export type Opportunity = z.infer<typeof zOpportunity>;

const opportunityFields = {
  title: zName,
  type: zOpportunityType,
  kind: zOpportunityKind,
  termMonths: z.number().int().min(1).max(600).nullable(),
  productLineId: zId.nullable(),
  amount: z
    .number()
    .int('Amount is in minor units (cents), a whole number')
    .min(0)
    .max(Number.MAX_SAFE_INTEGER),
  currency: zCurrency,
  stage: zOpportunityStage,
  expectedCloseDate: zDate.nullable(),
  ownerId: zId.nullable(),
  nextStep: z.string().trim().max(2000),
  /** Required (non-empty) when the stage becomes won or lost; cleared when the deal is reopened. */
  closeReason: z.string().trim().max(2000).nullable(),
  /** Only for contracts. */
  contractStartDate: zDate.nullable(),
};

export const CLOSE_REASON_RULE = 'Say why the opportunity was won or lost (closeReason)';
export const CONTRACT_START_RULE = 'Only a supply contract has a start date';

/**
 * The last day of a contract of `termMonths` months starting on `start` (both `YYYY-MM-DD`): the same day
 * `termMonths` later (the month's last day when it is shorter), minus one day.
 * @example contractEndDate('2027-01-01', 12) // '2027-12-31'
 * @example contractEndDate('2027-01-31', 1) // '2027-02-27'
 */
export function contractEndDate(start: string, termMonths: number): string {
  const [y = 0, m = 1, d = 1] = start.split('-').map(Number);
  const months = m - 1 + termMonths;
  const year = y + Math.floor(months / 12);
  const month = months % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const end = new Date(Date.UTC(year, month, Math.min(d, lastDay)) - 86_400_000);
  return end.toISOString().slice(0, 10);
}

export const TERM_RULE = 'A contract needs termMonths; an order has none';

/** True when kind and term agree: contracts have a term, orders do not. */
export function termMatchesKind(o: { kind: string; termMonths: number | null }): boolean {
  return o.kind === 'contract' ? o.termMonths !== null : o.termMonths === null;
}

export const zCreateOpportunityRequest = z
  .strictObject({
    accountId: zId,
    title: opportunityFields.title,
    type: opportunityFields.type.default('new_business'),
    kind: opportunityFields.kind.default('order'),
    termMonths: opportunityFields.termMonths.default(null),
    productLineId: opportunityFields.productLineId.default(null),
    amount: opportunityFields.amount.default(0),
    currency: opportunityFields.currency.default('EUR'),
    stage: opportunityFields.stage.default('qualify'),
    expectedCloseDate: opportunityFields.expectedCloseDate.default(null),
    ownerId: opportunityFields.ownerId.default(null),
    nextStep: opportunityFields.nextStep.default(''),
    closeReason: opportunityFields.closeReason.default(null),
    contractStartDate: opportunityFields.contractStartDate.default(null),
  })
  .refine(termMatchesKind, { message: TERM_RULE, path: ['termMonths'] })
  .refine((o) => isOpenStage(o.stage) || Boolean(o.closeReason), {
    message: CLOSE_REASON_RULE,
    path: ['closeReason'],
  })
  .refine((o) => o.kind === 'contract' || o.contractStartDate === null, {
    message: CONTRACT_START_RULE,
    path: ['contractStartDate'],
  });
export type CreateOpportunityRequest = z.infer<typeof zCreateOpportunityRequest>;

export const zUpdateOpportunityRequest = z
  .strictObject(opportunityFields)
  .partial()
  .extend({ version: zVersion });
export type UpdateOpportunityRequest = z.infer<typeof zUpdateOpportunityRequest>;

export const zOpportunityListQuery = zPageQuery.extend({
  accountId: zId.optional(),
  stage: zOpportunityStage.optional(),
  type: zOpportunityType.optional(),
  ownerId: zId.optional(),
  open: zQueryBool.optional(),
});
export type OpportunityListQuery = z.infer<typeof zOpportunityListQuery>;
