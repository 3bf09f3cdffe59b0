import { z } from 'zod';

import { zId } from './common';
import { zAccountStatus, zAccountTier } from './enums';
import { zSignal } from './insights';
import { zPlanPeriod } from './plan';
import { zUserRef } from './user';

/** `GET /portfolio?period=2027`: the caller's accounts (owned, or assigned as a rep). */
export const zPortfolioQuery = z.object({ period: zPlanPeriod.optional() });
export type PortfolioQuery = z.infer<typeof zPortfolioQuery>;

export const zPortfolioItem = z.object({
  account: z.object({
    id: zId,
    name: z.string(),
    tier: zAccountTier,
    status: zAccountStatus,
    owner: zUserRef.nullable(),
  }),
  /** How the caller is tied to the account. */
  relation: z.enum(['owner', 'rep']),
  /** The period's plan figures in the plan's currency (minor units); attainment is actual / target. */
  plan: z.object({
    currency: z.string(),
    target: z.number().int(),
    actual: z.number().int(),
    pipeline: z.number().int(),
    /** Actual as a share of target (0.84 = 84 %); null without a target. */
    attainment: z.number().nullable(),
    /** 0 when no plan was saved for the period. */
    version: z.number().int(),
  }),
  signals: z.object({
    high: z.number().int(),
    medium: z.number().int(),
    low: z.number().int(),
    /** The most severe signal, to show in a list row. */
    top: zSignal.nullable(),
  }),
});
export type PortfolioItem = z.infer<typeof zPortfolioItem>;

export const zPortfolio = z.object({
  period: zPlanPeriod,
  asOf: z.string(),
  items: z.array(zPortfolioItem),
});
export type Portfolio = z.infer<typeof zPortfolio>;
