import { z } from 'zod';

import { zVersion } from './common';
import { uniqueList, zCurrency, zDomainInput } from './fields';
import { DEFAULT_PERSONAL_DOMAINS } from './normalize';

/** Extra browser origins (besides extension origins) allowed to call the API, e.g. a web app. */
const zOrigin = z
  .string()
  .trim()
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'An origin is scheme://host[:port], with no path')
  .transform((v) => v.toLowerCase());

const zMonth = z.number().int().min(1, 'A month is 1 to 12').max(12, 'A month is 1 to 12');
const zWindowDays = z.number().int().min(1).max(3650);
/** Days touches are kept (issue 8); null keeps them forever. At most a hundred years. */
const zRetentionDays = z.number().int().min(1).max(36500).nullable();

export const zSettingsData = z.object({
  /** The company's own email domains: addresses there are colleagues, shown as `internal`. */
  companyDomains: uniqueList(zDomainInput, 100).default([]),
  /** Webmail domains that never identify an account. */
  personalDomains: uniqueList(zDomainInput, 1000).default([...DEFAULT_PERSONAL_DOMAINS]),
  allowedOrigins: uniqueList(zOrigin, 50).default([]),
  /** The month (1 = January) the fiscal year starts in; plan period `2027` starts in that month of 2027. */
  fiscalYearStartMonth: zMonth.default(1),
  /** A buying role is covered when its holder was contacted within this many days. */
  coverageWindowDays: zWindowDays.default(90),
  /** The currency new plans and opportunities use unless told otherwise (ISO 4217). */
  defaultCurrency: zCurrency.default('EUR'),
  /**
   * Touches (emails, calls, meetings, notes) older than this many days are deleted once a day, with their
   * words in the audit log (docs/privacy.md); null, the default, keeps them forever.
   */
  touchRetentionDays: zRetentionDays.default(null),
});
export type SettingsData = z.infer<typeof zSettingsData>;

export const zSettings = z.object({
  companyDomains: z.array(z.string()),
  personalDomains: z.array(z.string()),
  allowedOrigins: z.array(z.string()),
  fiscalYearStartMonth: z.number().int(),
  coverageWindowDays: z.number().int(),
  defaultCurrency: z.string(),
  touchRetentionDays: z.number().int().nullable(),
  version: zVersion,
});
export type Settings = z.infer<typeof zSettings>;

export const zUpdateSettingsRequest = z
  .strictObject({
    companyDomains: uniqueList(zDomainInput, 100),
    personalDomains: uniqueList(zDomainInput, 1000),
    allowedOrigins: uniqueList(zOrigin, 50),
    fiscalYearStartMonth: zMonth,
    coverageWindowDays: zWindowDays,
    defaultCurrency: zCurrency,
    touchRetentionDays: zRetentionDays,
  })
  .partial()
  .extend({ version: zVersion });
export type UpdateSettingsRequest = z.infer<typeof zUpdateSettingsRequest>;
