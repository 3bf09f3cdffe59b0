import { z } from 'zod';

import { zId, zName, zNotes, zPageQuery, zQueryBool, zTimestamp, zVersion } from './common';
import { zAccountStatus, zAccountTier } from './enums';
import { uniqueList, zCompanySlugInput, zDomainInput } from './fields';

export const zAccount = z.object({
  id: zId,
  name: z.string(),
  domains: z.array(z.string()),
  linkedinSlug: z.string().nullable(),
  /** Further company slugs kept from merged accounts; they match in lookups too. */
  linkedinAliases: z.array(z.string()),
  status: zAccountStatus,
  tier: zAccountTier,
  ownerId: zId.nullable(),
  repIds: z.array(zId),
  industry: z.string().nullable(),
  notes: z.string(),
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
  version: zVersion,
});
export type Account = z.infer<typeof zAccount>;

const accountFields = {
  name: zName,
  domains: uniqueList(zDomainInput, 100),
  linkedinSlug: zCompanySlugInput.nullable(),
  status: zAccountStatus,
  tier: zAccountTier,
  ownerId: zId.nullable(),
  repIds: uniqueList(zId, 100),
  industry: z.string().trim().max(200).nullable(),
  notes: zNotes,
};

const KEY_NEEDS_OWNER = 'A key account must have an owner (an account manager)';

export const zCreateAccountRequest = z
  .strictObject({
    name: accountFields.name,
    domains: accountFields.domains.default([]),
    linkedinSlug: accountFields.linkedinSlug.default(null),
    status: accountFields.status.default('prospect'),
    tier: accountFields.tier.default('standard'),
    ownerId: accountFields.ownerId.default(null),
    repIds: accountFields.repIds.default([]),
    industry: accountFields.industry.default(null),
    notes: accountFields.notes.default(''),
  })
  .refine((a) => a.tier !== 'key' || a.ownerId !== null, { message: KEY_NEEDS_OWNER, path: ['ownerId'] });
export type CreateAccountRequest = z.infer<typeof zCreateAccountRequest>;

/** Partial update; `version` must be the version the client last read. */
export const zUpdateAccountRequest = z.strictObject(accountFields).partial().extend({ version: zVersion });
export type UpdateAccountRequest = z.infer<typeof zUpdateAccountRequest>;
export { KEY_NEEDS_OWNER };

export const zAccountListQuery = zPageQuery.extend({
  q: z.string().max(200).optional(),
  status: zAccountStatus.optional(),
  tier: zAccountTier.optional(),
  ownerId: zId.optional(),
  repId: zId.optional(),
  domain: zDomainInput.optional(),
  mine: zQueryBool.optional(),
});
export type AccountListQuery = z.infer<typeof zAccountListQuery>;

/** Merge `sourceId` into the account in the path: everything of the source moves over, the source goes. */
export const zMergeRequest = z.strictObject({ sourceId: zId, version: zVersion });
export type MergeRequest = z.infer<typeof zMergeRequest>;
