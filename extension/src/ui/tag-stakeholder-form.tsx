import type { BuyingRole, Contact, UserRef } from '@rapport/shared';
import { isolate } from '@rapport/shared';
import { useEffect, useRef, useState } from 'preact/hooks';

import { m } from '../i18n';
import type { AccountOption } from '../overlay/linkedin-model';
import { draftFromContact, sameNameContact, type TagDraft } from '../overlay/tag-draft';
import { AccountPicker } from './account-picker';
import { changedFields, FieldMerge, type MergeField, withField } from './field-merge';
import { FormActions } from './form-actions';
import { InfluenceSelect, PersonSelect, RoleChecks, StanceSelect } from './stakeholder-fields';
import { useContacts, useUsers } from './use-people';

/**
 * What a save returns: nothing on success, else a message; `conflict` offers "Reload", and with `current`
 * (the stakeholder as saved meanwhile) the form shows the conflict field by field.
 */
export type TagSaveResult =
  | { ok: true }
  | { ok: false; message: string; conflict?: boolean; current?: Contact };

export interface TagStakeholderFormProps {
  /** Tagging picks the account; editing keeps it (moving a stakeholder is another operation). */
  mode:
    | { kind: 'tag'; company: { name: string; slug: string | null } | null }
    | { kind: 'edit'; accountName: string; contactId: string };
  initial: TagDraft;
  /** Colleagues known before the list arrives: the signed-in user and the current relationship owner. */
  knownUsers: readonly UserRef[];
  onSave: (draft: TagDraft & { accountId: string }) => Promise<TagSaveResult>;
  /** Tagging only: links the profile to a stakeholder of that name who has none yet, instead of a new one. */
  onLink?: (contact: Contact) => Promise<TagSaveResult>;
  onCancel: () => void;
  /** After a conflict: drop the edits and show the stakeholder as it is now. */
  onReload: () => void;
}

/**
 * "Tag as stakeholder" (and "Edit"): account, buying roles, stance, influence, reports-to (the account's
 * stakeholders), relationship owner (colleagues) and notes. A failed save keeps everything typed.
 */
export function TagStakeholderForm(props: TagStakeholderFormProps) {
  const { mode, onSave, onLink } = props;
  const [draft, setDraft] = useState<TagDraft>(props.initial);
  const [account, setAccount] = useState<AccountOption | null>(null);
  const [error, setError] = useState<{ message: string; conflict?: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  // After a 409 with the stored record: the user's values kept aside, the saved ones, the fields they changed.
  const [merge, setMerge] = useState<{ mine: TagDraft; theirs: TagDraft; fields: MergeField[] } | null>(null);
  const alert = useRef<HTMLDivElement>(null);
  // The Save button is at the bottom of a long form: bring the reason into view.
  useEffect(() => {
    if (error) alert.current?.scrollIntoView?.({ block: 'nearest' });
  }, [error]);
  const contacts = useContacts(draft.accountId, mode.kind === 'edit' ? mode.contactId : null);
  const users = useUsers(props.knownUsers);
  const set = <K extends keyof TagDraft>(key: K, value: TagDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  // Functional update: two quick clicks must not both start from the same old list.
  const toggleRole = (role: BuyingRole) =>
    setDraft((d) => ({
      ...d,
      roles: d.roles.includes(role) ? d.roles.filter((r) => r !== role) : [...d.roles, role],
    }));
  const chooseAccount = (o: AccountOption) => {
    setAccount(o);
    // A manager must be a stakeholder of the same account.
    setDraft((d) => (d.accountId === o.id ? d : { ...d, accountId: o.id, reportsToId: null }));
  };

  const twin = mode.kind === 'tag' && onLink ? sameNameContact(contacts, draft.name) : null;

  async function save(run: () => Promise<TagSaveResult>) {
    setSaving(true);
    const typed = draft;
    const res = await run();
    setSaving(false);
    setError(res.ok ? null : res);
    if (!res.ok && res.current) {
      // The form takes the saved values (the next save names their version); the user's stay beside them.
      const theirs = draftFromContact(res.current);
      const fields = changedFields(merge?.theirs ?? props.initial, typed);
      setMerge({ mine: typed, theirs, fields });
      setDraft(theirs);
    }
  }
  const nameOf = (id: string | null) =>
    id === null
      ? m.common.fields.nobody
      : ([...contacts, ...users].find((p) => p.id === id)?.name ?? m.common.stakeholder.notSet);
  async function submit(e: Event) {
    e.preventDefault();
    const accountId = draft.accountId;
    if (!accountId) return setError({ message: m.common.tagStakeholder.chooseAccount });
    await save(() => onSave({ ...draft, accountId }));
  }

  const label =
    mode.kind === 'tag'
      ? m.common.tagStakeholder.tag
      : m.common.tagStakeholder.edit(isolate(props.initial.name));
  return (
    <form class="rp-form" onSubmit={submit} aria-label={label}>
      <h4 class="rp-section-title">{label}</h4>
      {error && (
        <div class="rp-error" role="alert" ref={alert}>
          <p>{error.message}</p>
          {merge && merge.fields.length > 0 && (
            <FieldMerge
              {...merge}
              draft={draft}
              nameOf={nameOf}
              onPick={(field, from) => setDraft((d) => withField(d, from, field))}
            />
          )}
          {error.conflict && (
            <button type="button" class="rp-button" onClick={props.onReload}>
              {m.common.reload}
            </button>
          )}
        </div>
      )}
      {mode.kind === 'tag' ? (
        <AccountPicker company={mode.company} value={account} onChange={chooseAccount} />
      ) : (
        <p>
          {m.common.stakeholder.at} <span class="rp-strong">{mode.accountName}</span>
        </p>
      )}
      {twin && onLink && (
        <div class="rp-notice" role="note">
          <p>
            {m.common.tagStakeholder.twin(twin.name, account?.name ?? m.common.tagStakeholder.thisAccount)}
            {twin.title ? ` (${twin.title})` : ''}.
          </p>
          <button
            type="button"
            class="rp-button"
            disabled={saving}
            onClick={() => void save(() => onLink(twin))}
          >
            {m.common.tagStakeholder.linkProfile(isolate(twin.name))}
          </button>
        </div>
      )}
      <label class="rp-field">
        <span>{m.common.fields.name}</span>
        <input value={draft.name} required onInput={(e) => set('name', e.currentTarget.value)} />
      </label>
      <label class="rp-field">
        <span>{m.common.fields.title}</span>
        <input value={draft.title} onInput={(e) => set('title', e.currentTarget.value)} />
      </label>
      <RoleChecks roles={draft.roles} onToggle={toggleRole} />
      <StanceSelect value={draft.stance} onChange={(v) => set('stance', v)} />
      <InfluenceSelect value={draft.influence} onChange={(v) => set('influence', v)} />
      <PersonSelect
        label={m.common.stakeholder.reportsTo}
        none={draft.accountId ? m.common.fields.nobodyOrNotKnown : m.common.fields.chooseAccountFirst}
        people={contacts}
        value={draft.reportsToId}
        disabled={!draft.accountId}
        onChange={(id) => set('reportsToId', id)}
      />
      <PersonSelect
        label={m.common.stakeholder.relationshipOwner}
        none={m.common.fields.nobody}
        people={users}
        value={draft.relationshipOwnerId}
        onChange={(id) => set('relationshipOwnerId', id)}
      />
      <label class="rp-field">
        <span>{m.common.fields.notes}</span>
        <textarea rows={3} value={draft.notes} onInput={(e) => set('notes', e.currentTarget.value)} />
      </label>
      <FormActions
        saving={saving}
        label={m.common.tagStakeholder.submit}
        savingLabel={m.common.saving}
        onCancel={props.onCancel}
      />
    </form>
  );
}
