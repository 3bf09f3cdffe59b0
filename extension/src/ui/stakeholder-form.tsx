import type { BuyingRole, Influence, Stance } from '@rapport/shared';
import { useState } from 'preact/hooks';

import { m } from '../i18n';
import { FormActions } from './form-actions';
import { InfluenceSelect, RoleChecks, StanceSelect } from './stakeholder-fields';

export interface StakeholderDraft {
  name: string;
  email: string;
  title: string;
  roles: BuyingRole[];
  stance: Stance | null;
  influence: Influence | null;
}

/** What a save returns: nothing on success, else a message and the fields it concerns. */
export type SaveResult = { ok: true } | { ok: false; message: string; fields?: Record<string, string> };

export interface StakeholderFormProps {
  accountName: string;
  initial: Pick<StakeholderDraft, 'name' | 'email'>;
  onSave: (draft: StakeholderDraft) => Promise<SaveResult>;
  onCancel: () => void;
}

/** "Add as stakeholder": name and email prefilled from the thread; roles, stance and influence to choose. */
export function StakeholderForm({ accountName, initial, onSave, onCancel }: StakeholderFormProps) {
  const [draft, setDraft] = useState<StakeholderDraft>({
    ...initial,
    title: '',
    roles: [],
    stance: null,
    influence: null,
  });
  const [error, setError] = useState<{ message: string; fields?: Record<string, string> } | null>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof StakeholderDraft>(key: K, value: StakeholderDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  // Functional update: two quick clicks must not both start from the same old list.
  const toggleRole = (role: BuyingRole) =>
    setDraft((d) => ({
      ...d,
      roles: d.roles.includes(role) ? d.roles.filter((r) => r !== role) : [...d.roles, role],
    }));

  async function submit(e: Event) {
    e.preventDefault();
    setSaving(true);
    const res = await onSave(draft);
    setSaving(false);
    setError(res.ok ? null : { message: res.message, ...(res.fields ? { fields: res.fields } : {}) });
  }

  return (
    <form class="rp-form" onSubmit={submit} aria-label={m.common.addStakeholder.label(accountName)}>
      <h4 class="rp-section-title">{m.common.addStakeholder.heading(accountName)}</h4>
      {error && (
        <p class="rp-error" role="alert">
          {error.message}
        </p>
      )}
      <label class="rp-field">
        <span>{m.common.fields.name}</span>
        <input value={draft.name} required onInput={(e) => set('name', e.currentTarget.value)} />
      </label>
      <label class="rp-field">
        <span>{m.common.fields.email}</span>
        <input value={draft.email} type="email" onInput={(e) => set('email', e.currentTarget.value)} />
      </label>
      <label class="rp-field">
        <span>{m.common.fields.title}</span>
        <input value={draft.title} onInput={(e) => set('title', e.currentTarget.value)} />
      </label>
      <RoleChecks roles={draft.roles} onToggle={toggleRole} columns={1} />
      <StanceSelect value={draft.stance} onChange={(v) => set('stance', v)} />
      <InfluenceSelect value={draft.influence} onChange={(v) => set('influence', v)} />
      <FormActions
        saving={saving}
        label={m.common.addStakeholder.submit}
        savingLabel={m.common.saving}
        onCancel={onCancel}
      />
    </form>
  );
}
