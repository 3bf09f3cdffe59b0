import type { BuyingRole, Contact, Influence, Stance, UpdateContactRequest } from '@rapport/shared';

import type { NewContact } from '../messaging';

/*
 * The "Tag as stakeholder" / "Edit" form's data and the requests made from it. Pure.
 */

/**
 * A job title guessed from a LinkedIn headline: its first part, without "at <company>".
 * @example titleFromHeadline('Head of Procurement at Castellan Foods | Cold chain', 'Castellan Foods') // 'Head of Procurement'
 */
export function titleFromHeadline(headline: string | null, company: string | null): string {
  const first = (headline ?? '').split(/\s+[|•]\s+/)[0]?.trim() ?? '';
  const withoutCompany = first.split(/\s+(?:at|@)\s+|\s+·\s+/i)[0]?.trim() ?? '';
  const title = company && withoutCompany.toLowerCase() === company.toLowerCase() ? '' : withoutCompany;
  return title.slice(0, 200);
}

/** What the "Tag as stakeholder" and "Edit" form holds. */
export interface TagDraft {
  accountId: string | null;
  name: string;
  title: string;
  roles: BuyingRole[];
  stance: Stance | null;
  influence: Influence | null;
  reportsToId: string | null;
  relationshipOwnerId: string | null;
  notes: string;
}

/**
 * The contact to create for a tagged LinkedIn person; the slug links the profile to the stakeholder.
 * @example contactFromTag('jane-doe', draft) // { accountId: 'a1', name: 'Jane Doe', linkedinSlug: 'jane-doe', … }
 */
export function contactFromTag(slug: string, d: TagDraft & { accountId: string }): NewContact {
  return {
    accountId: d.accountId,
    name: d.name.trim(),
    title: d.title.trim() || null,
    linkedinSlug: slug,
    roles: d.roles,
    stance: d.stance,
    influence: d.influence,
    reportsToId: d.reportsToId,
    relationshipOwnerId: d.relationshipOwnerId,
    notes: d.notes,
  };
}

/** The form's starting point for editing an existing stakeholder. */
export function draftFromContact(c: Contact): TagDraft {
  return {
    accountId: c.accountId,
    name: c.name,
    title: c.title ?? '',
    roles: [...c.roles],
    stance: c.stance,
    influence: c.influence,
    reportsToId: c.reportsToId,
    relationshipOwnerId: c.relationshipOwnerId,
    notes: c.notes,
  };
}

/**
 * Only the fields the person changed, with the version they started from (a stale one answers 'conflict').
 * @example changesFromTag(contact, { ...draftFromContact(contact), stance: 'champion' }) // { version: 3, stance: 'champion' }
 */
export function changesFromTag(c: Contact, d: TagDraft): UpdateContactRequest {
  const before = draftFromContact(c);
  const after: TagDraft = { ...d, name: d.name.trim(), title: d.title.trim() };
  const changes: UpdateContactRequest = { version: c.version };
  if (after.name !== before.name) changes.name = after.name;
  if (after.title !== before.title) changes.title = after.title || null;
  if ([...after.roles].sort().join() !== [...before.roles].sort().join()) changes.roles = after.roles;
  if (after.stance !== before.stance) changes.stance = after.stance;
  if (after.influence !== before.influence) changes.influence = after.influence;
  if (after.reportsToId !== before.reportsToId) changes.reportsToId = after.reportsToId;
  if (after.relationshipOwnerId !== before.relationshipOwnerId)
    changes.relationshipOwnerId = after.relationshipOwnerId;
  if (after.notes !== before.notes) changes.notes = after.notes;
  return changes;
}

/** The name of whom a stakeholder reports to: from the lookup's stakeholders, else the account's contacts. */
export function reportsToName(
  id: string | null,
  stakeholders: readonly { id: string; name: string }[],
  contacts: readonly { id: string; name: string }[] | null,
): string | null {
  if (!id) return null;
  const found = stakeholders.find((s) => s.id === id) ?? contacts?.find((c) => c.id === id);
  return found?.name ?? (contacts ? 'Unknown' : '…');
}

/**
 * A stakeholder of the account with the same name and no LinkedIn profile yet: probably this person, added
 * from email, whom the profile should be linked to rather than duplicated.
 * @example sameNameContact(contacts, 'Elena  Marchetti')?.id // 'c_elena'
 */
export function sameNameContact<T extends Pick<Contact, 'name' | 'linkedinSlug'>>(
  contacts: readonly T[],
  name: string,
): T | null {
  const key = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const wanted = key(name);
  return (wanted && contacts.find((c) => !c.linkedinSlug && key(c.name) === wanted)) || null;
}
