import { useState } from 'preact/hooks';

import { m } from '../i18n';
import { FormActions } from './form-actions';
import type { SaveResult } from './stakeholder-form';

export interface AccountDraft {
  name: string;
  domain: string;
  /** The LinkedIn company page's slug, when the account is created from that page; the domain is optional then. */
  linkedinSlug?: string;
}

/**
 * A company name guessed from a domain: the label before the public suffix, capitalised.
 * @example nameFromDomain('eu.acme-industries.co.uk') // 'Acme Industries'
 */
export function nameFromDomain(domain: string): string {
  const labels = domain.split('.');
  const twoLevel = labels.length > 2 && /^(co|com|org|net|ac|gov)$/.test(labels[labels.length - 2] ?? '');
  const label = labels[labels.length - (twoLevel ? 3 : 2)] ?? domain;
  return label
    .split('-')
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

export interface CreateAccountFormProps {
  initial: AccountDraft;
  onSave: (draft: AccountDraft) => Promise<SaveResult>;
  onCancel: () => void;
}

/**
 * "Create account", prefilled: from an unknown email domain (Gmail), or from a LinkedIn company page (name,
 * website domain and the page's slug).
 */
export function CreateAccountForm({ initial, onSave, onCancel }: CreateAccountFormProps) {
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const fromLinkedin = initial.linkedinSlug !== undefined;

  async function submit(e: Event) {
    e.preventDefault();
    setSaving(true);
    const res = await onSave(draft);
    setSaving(false);
    setError(res.ok ? null : res.message);
  }

  return (
    <form class="rp-form" onSubmit={submit} aria-label={m.common.createAccount.label}>
      <h4 class="rp-section-title">{m.common.createAccount.heading}</h4>
      {error && (
        <p class="rp-error" role="alert">
          {error}
        </p>
      )}
      <label class="rp-field">
        <span>{m.common.createAccount.companyName}</span>
        <input
          value={draft.name}
          required
          onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
        />
      </label>
      <label class="rp-field">
        <span>
          {fromLinkedin ? m.common.createAccount.websiteDomain : m.common.createAccount.emailDomain}
        </span>
        <input
          value={draft.domain}
          required={!fromLinkedin}
          onInput={(e) => setDraft({ ...draft, domain: e.currentTarget.value })}
        />
      </label>
      {fromLinkedin && (
        <label class="rp-field">
          <span>{m.common.createAccount.linkedinPage}</span>
          <input
            value={draft.linkedinSlug}
            onInput={(e) => setDraft({ ...draft, linkedinSlug: e.currentTarget.value })}
          />
        </label>
      )}
      <FormActions
        saving={saving}
        label={m.common.createAccount.submit}
        savingLabel={m.common.createAccount.saving}
        onCancel={onCancel}
      />
    </form>
  );
}
