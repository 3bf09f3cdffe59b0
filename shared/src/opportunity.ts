import { z } from 'zod';

import { zDate, zId, zName, zPageQuery, zQueryBool, zTimestamp, zVersion } from './common';
import { zOpportunityKind, zOpportunityStage, zOpportunityType } from './enums';
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
};

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
  })
  .refine(termMatchesKind, { message: TERM_RULE, path: ['termMonths'] });
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
