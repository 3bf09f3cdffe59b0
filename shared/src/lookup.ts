import { z } from 'zod';

import { zDate, zId, zTimestamp } from './common';
import {
  zAccountStatus,
  zAccountTier,
  zBuyingRole,
  zInfluence,
  zOpportunityKind,
  zOpportunityStage,
  zOpportunityType,
  zStance,
} from './enums';
import { zUserRef } from './user';

/** Most inputs of each kind in one lookup request. */
export const LOOKUP_MAX = 50;

/**
 * The extension's hot path: what Rapport knows about these addresses and LinkedIn pages.
 * Entries are raw strings as read from the page; ones that cannot be parsed come back with `reason: 'invalid'`.
 */
export const zLookupRequest = z
  .strictObject({
    emails: z.array(z.string().max(400)).max(LOOKUP_MAX).default([]),
    linkedin: z.array(z.string().max(400)).max(LOOKUP_MAX).default([]),
  })
  .refine((r) => r.emails.length + r.linkedin.length > 0, {
    message: 'Give at least one email address or LinkedIn URL',
    path: ['emails'],
  });
export type LookupRequest = z.infer<typeof zLookupRequest>;

/** How an input matched: the contact's email, the account's domain, a LinkedIn slug, a colleague, or nothing. */
export const LOOKUP_MATCHES = ['email', 'domain', 'linkedin', 'internal', 'none'] as const;
export const zLookupMatch = z.enum(LOOKUP_MATCHES);
export type LookupMatch = z.infer<typeof zLookupMatch>;

export const zLookupResult = z.object({
  input: z.string(),
  type: z.enum(['email', 'linkedin']),
  /** The normalised address or slug; null when the input could not be parsed. */
  normalized: z.string().nullable(),
  match: zLookupMatch,
  /** Why nothing matched: unparseable input, a webmail domain, or simply unknown. */
  reason: z.enum(['invalid', 'personal_domain', 'unknown']).nullable(),
  contactId: zId.nullable(),
  accountId: zId.nullable(),
});
export type LookupResult = z.infer<typeof zLookupResult>;

export const zLookupStakeholder = z.object({
  id: zId,
  name: z.string(),
  title: z.string().nullable(),
  emails: z.array(z.string()),
  linkedinSlug: z.string().nullable(),
  roles: z.array(zBuyingRole),
  stance: zStance.nullable(),
  influence: zInfluence.nullable(),
  reportsToId: zId.nullable(),
  relationshipOwner: zUserRef.nullable(),
  lastContactedAt: zTimestamp.nullable(),
});
export type LookupStakeholder = z.infer<typeof zLookupStakeholder>;

export const zLookupOpportunity = z.object({
  id: zId,
  title: z.string(),
  type: zOpportunityType,
  kind: zOpportunityKind,
  termMonths: z.number().int().nullable(),
  stage: zOpportunityStage,
  amount: z.number().int(),
  currency: z.string(),
  expectedCloseDate: zDate.nullable(),
  owner: zUserRef.nullable(),
  /** New business someone other than the owner opened on this key account, not yet acknowledged by the owner. */
  flagged: z.boolean(),
});
export type LookupOpportunity = z.infer<typeof zLookupOpportunity>;

/**
 * The caller's relation to an account: its owner, an assigned rep, someone else's account, or nobody's.
 * `message` is the line the overlay shows, e.g. "Key account, owned by Alice Rossi".
 */
export const zOwnership = z.object({
  relation: z.enum(['owner', 'rep', 'other', 'unowned']),
  message: z.string(),
});
export type Ownership = z.infer<typeof zOwnership>;

/** Most stakeholders returned per account in a lookup; `stakeholderCount` gives the total. */
export const LOOKUP_STAKEHOLDER_LIMIT = 100;

export const zLookupAccount = z.object({
  id: zId,
  name: z.string(),
  domains: z.array(z.string()),
  linkedinSlug: z.string().nullable(),
  status: zAccountStatus,
  tier: zAccountTier,
  industry: z.string().nullable(),
  owner: zUserRef.nullable(),
  reps: z.array(zUserRef),
  ownership: zOwnership,
  openOpportunities: z.array(zLookupOpportunity),
  stakeholders: z.array(zLookupStakeholder),
  stakeholderCount: z.number().int(),
});
export type LookupAccount = z.infer<typeof zLookupAccount>;

export const zLookupResponse = z.object({
  results: z.array(zLookupResult),
  /** Each matched account once. */
  accounts: z.array(zLookupAccount),
});
export type LookupResponse = z.infer<typeof zLookupResponse>;
