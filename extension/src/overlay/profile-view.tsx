import type { Contact, UserRef } from '@rapport/shared';
import { useEffect, useState } from 'preact/hooks';

import type { LinkedinProfile } from '../extract/linkedin';
import { m } from '../i18n';
import { type Result, sendToBackground } from '../messaging';
import { OpenAccountPageButton } from '../ui/open-account-page';
import { usePendingWrites } from '../ui/pending-writes';
import { AccountSignals } from '../ui/signals';
import { StakeholderCard } from '../ui/stakeholder-card';
import { type TagSaveResult, TagStakeholderForm } from '../ui/tag-stakeholder-form';
import type { ProfileMatch } from './linkedin-model';
import {
  changesFromTag,
  contactFromTag,
  draftFromContact,
  reportsToName,
  type TagDraft,
  titleFromHeadline,
} from './tag-draft';

export interface ProfileViewProps {
  /** The profile slug from the URL: what the lookup used and what a new stakeholder is linked by. */
  slug: string;
  match: ProfileMatch | null;
  /** What the page shows (null until its top card has rendered). */
  profile: LinkedinProfile | null;
  me: UserRef | null;
  /** Looks the page up again after a save; resolves once the panel shows the answer. */
  onChanged: () => Promise<void>;
}

/** A profile page: the stakeholder's card with "Edit", or "Tag as stakeholder" for someone new. */
export function ProfileView({ slug, match, profile, me, onChanged }: ProfileViewProps) {
  const [editing, setEditing] = useState(false);
  // "Saved on this device" after a write the server did not take yet (issue 8); the panel lists it.
  const [queued, setQueued] = useState<string | null>(null);
  // The stakeholder as saved meanwhile, after a 409: the next save names its version (issue 8).
  const [fresh, setFresh] = useState<Contact | null>(null);
  const contacts = useAccountContacts(match);
  const { pending } = usePendingWrites();
  const tagWaiting = pending.some(
    (w) =>
      w.type === 'createContact' && (w.body as { linkedinSlug?: unknown } | undefined)?.linkedinSlug === slug,
  );
  // Only while something waits: once the queue has sent (or the server refused) the change, the note is stale.
  const queuedNote = queued && pending.length > 0 && (
    <p class="rp-notice" role="status" data-testid="rapport-queued">
      {queued}
    </p>
  );

  if (match) {
    const { account, stakeholder: s } = match;
    const contact = contacts?.find((c) => c.id === s.id);
    if (editing && contact) {
      return (
        <TagStakeholderForm
          mode={{ kind: 'edit', accountName: account.name, contactId: contact.id }}
          initial={draftFromContact(contact)}
          knownUsers={[...(me ? [me] : []), ...(s.relationshipOwner ? [s.relationshipOwner] : [])]}
          onSave={async (d) => {
            const base = fresh?.id === contact.id ? fresh : contact;
            const res = await sendToBackground({
              type: 'updateContact',
              id: contact.id,
              changes: changesFromTag(base, d),
              subject: base.name,
            });
            return finish(res, m.overlay.profile.changedReload, true);
          }}
          onCancel={() => {
            setFresh(null);
            setEditing(false);
          }}
          onReload={() => {
            setFresh(null);
            setEditing(false);
            void onChanged();
          }}
        />
      );
    }
    return (
      <>
        {queuedNote}
        <StakeholderCard
          name={s.name}
          title={s.title}
          accountName={account.name}
          roles={s.roles}
          stance={s.stance}
          influence={s.influence}
          reportsTo={reportsToName(s.reportsToId, account.stakeholders, contacts)}
          relationshipOwner={s.relationshipOwner?.name ?? null}
          lastContactedAt={s.lastContactedAt}
          onEdit={contact ? () => setEditing(true) : undefined}
          actions={<OpenAccountPageButton accountId={account.id} />}
        >
          {/* The account's signals, with this person as the one in view (a blocker or skeptic shows). */}
          <AccountSignals accountId={account.id} contactIds={[s.id]} scope={slug} revision={match} />
        </StakeholderCard>
      </>
    );
  }

  if (editing) {
    const company = profile?.company ?? null;
    const initial: TagDraft = {
      accountId: null,
      name: profile?.name ?? '',
      title: titleFromHeadline(profile?.headline ?? null, company?.name ?? null),
      roles: [],
      stance: null,
      influence: null,
      reportsToId: null,
      relationshipOwnerId: me?.id ?? null,
      notes: '',
    };
    return (
      <TagStakeholderForm
        mode={{ kind: 'tag', company }}
        initial={initial}
        knownUsers={me ? [me] : []}
        onSave={async (d) =>
          finish(await sendToBackground({ type: 'createContact', contact: contactFromTag(slug, d) }))
        }
        onLink={async (c) =>
          finish(
            await sendToBackground({
              type: 'updateContact',
              id: c.id,
              changes: { version: c.version, linkedinSlug: slug },
            }),
            m.overlay.profile.changedTryAgain,
          )
        }
        onCancel={() => setEditing(false)}
        onReload={() => setEditing(false)}
      />
    );
  }

  return (
    <div class="rp-card">
      {queuedNote}
      <p>
        <span class="rp-strong">{profile?.name ?? m.overlay.profile.thisPerson}</span>
        {m.overlay.profile.notStakeholderYet}
      </p>
      {profile?.company && <p class="rp-muted">{m.overlay.profile.worksAt(profile.company.name)}</p>}
      {tagWaiting ? (
        // Tagged while the server was away (issue 8): tagging again would make a second stakeholder.
        <p class="rp-muted">{m.common.pending.waitingOne}</p>
      ) : (
        <button
          type="button"
          class="rp-button rp-primary"
          disabled={!profile}
          onClick={() => setEditing(true)}
        >
          {m.overlay.profile.tag}
        </button>
      )}
    </div>
  );

  /** After a successful save, shows the fresh card; else the reason, keeping the form as typed. */
  async function finish(res: Result<unknown>, conflict?: string, merge = false): Promise<TagSaveResult> {
    if (!res.ok && res.error.code === 'pending') {
      // Kept in the queue: the form closes (a second save would be a second stakeholder).
      setQueued(res.error.message);
      setEditing(false);
      return { ok: true };
    }
    setQueued(null);
    if (!res.ok) {
      const current = currentOf(res.error.details);
      if (merge && res.error.code === 'conflict' && current) {
        setFresh(current);
        return { ok: false, message: m.common.merge.about, conflict: true, current };
      }
      return conflict && res.error.code === 'conflict'
        ? { ok: false, message: conflict, conflict: true }
        : { ok: false, message: res.error.message };
    }
    setFresh(null);
    await onChanged();
    setEditing(false);
    return { ok: true };
  }
}

/** The stored record of a 409 `version_conflict` (`details.current`), when it is one. */
function currentOf(details: unknown): Contact | null {
  const current = (details as { current?: unknown } | undefined)?.current;
  return current && typeof current === 'object' && 'version' in current && 'id' in current
    ? (current as Contact)
    : null;
}

/** The account's stakeholders with their versions (for "reports to" names and editing); null while loading. */
function useAccountContacts(match: ProfileMatch | null): Contact[] | null {
  const [contacts, setContacts] = useState<Contact[] | null>(null);
  const accountId = match?.account.id ?? null;
  useEffect(() => {
    setContacts(null);
    if (!accountId) return;
    let live = true;
    void sendToBackground({ type: 'listContacts', accountId }).then((res) => {
      if (live) setContacts(res.ok ? res.data : []);
    });
    return () => {
      live = false;
    };
    // A new lookup answer (after a save or reload) refetches, so versions stay current.
  }, [match]);
  return contacts;
}
