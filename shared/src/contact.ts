import { z } from 'zod';

import { zId, zName, zNotes, zPageQuery, zTimestamp, zVersion } from './common';
import { zBuyingRole, zInfluence, zStance } from './enums';
import { uniqueList, zEmailInput, zProfileSlugInput } from './fields';

/** A stakeholder: a person at an account. */
export const zContact = z.object({
  id: zId,
  accountId: zId,
  name: z.string(),
  title: z.string().nullable(),
  emails: z.array(z.string()),
  linkedinSlug: z.string().nullable(),
  /** Further profile slugs kept from merged contacts; they match in lookups too. */
  linkedinAliases: z.array(z.string()),
  roles: z.array(zBuyingRole),
  stance: zStance.nullable(),
  influence: zInfluence.nullable(),
  reportsToId: zId.nullable(),
  relationshipOwnerId: zId.nullable(),
  lastContactedAt: zTimestamp.nullable(),
  notes: z.string(),
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
  version: zVersion,
});
export type Contact = z.infer<typeof zContact>;

const contactFields = {
  name: zName,
  title: z.string().trim().max(200).nullable(),
  emails: uniqueList(zEmailInput, 50),
  linkedinSlug: zProfileSlugInput.nullable(),
  roles: uniqueList(zBuyingRole, 8),
  stance: zStance.nullable(),
  influence: zInfluence.nullable(),
  reportsToId: zId.nullable(),
  relationshipOwnerId: zId.nullable(),
  lastContactedAt: z.iso.datetime({ offset: true }).nullable(),
  notes: zNotes,
};

export const zCreateContactRequest = z.strictObject({
  accountId: zId,
  name: contactFields.name,
  title: contactFields.title.default(null),
  emails: contactFields.emails.default([]),
  linkedinSlug: contactFields.linkedinSlug.default(null),
  roles: contactFields.roles.default([]),
  stance: contactFields.stance.default(null),
  influence: contactFields.influence.default(null),
  reportsToId: contactFields.reportsToId.default(null),
  relationshipOwnerId: contactFields.relationshipOwnerId.default(null),
  lastContactedAt: contactFields.lastContactedAt.default(null),
  notes: contactFields.notes.default(''),
});
export type CreateContactRequest = z.infer<typeof zCreateContactRequest>;

/** Partial update; to move a contact to another account use the move operation. */
export const zUpdateContactRequest = z.strictObject(contactFields).partial().extend({ version: zVersion });
export type UpdateContactRequest = z.infer<typeof zUpdateContactRequest>;

export const zContactListQuery = zPageQuery.extend({
  accountId: zId.optional(),
  q: z.string().max(200).optional(),
  role: zBuyingRole.optional(),
  stance: zStance.optional(),
  influence: zInfluence.optional(),
  email: zEmailInput.optional(),
  linkedinSlug: zProfileSlugInput.optional(),
  relationshipOwnerId: zId.optional(),
});
export type ContactListQuery = z.infer<typeof zContactListQuery>;

/** Move a contact to another account; its reports-to link (which must stay within one account) is cleared. */
export const zMoveContactRequest = z.strictObject({ accountId: zId, version: zVersion });
export type MoveContactRequest = z.infer<typeof zMoveContactRequest>;
