import type { Account } from '@rapport/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import { m } from '../i18n';
import { type Result, sendToBackground } from '../messaging';
import type { AccountOption } from '../overlay/linkedin-model';
import { AccountPicker } from './account-picker';
import { FormActions } from './form-actions';

export interface LinkAccountFormProps {
  /** The LinkedIn company page's slug: what the chosen account is linked by. */
  slug: string;
  /** The company name the page shows (null until its heading has rendered): accounts of that name come first. */
  companyName: string | null;
  /** After the server saved the link: shows the account (resolves once the panel does). */
  onLinked: () => Promise<void>;
  onCancel: () => void;
}

/**
 * "Link to an existing account": pick an account Rapport already has (created from an email, say) and give it
 * this company page. Reads the chosen account first, so the save names the version the person saw and a note
 * can say when the account is linked to another page, which the save replaces.
 */
export function LinkAccountForm({ slug, companyName, onLinked, onCancel }: LinkAccountFormProps) {
  const [picked, setPicked] = useState<AccountOption | null>(null);
  const [account, setAccount] = useState<Account | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // The read of the picked account, so a save can wait for it and a late answer for an older pick is dropped.
  const reading = useRef<Promise<Result<Account>> | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const alert = useRef<HTMLParagraphElement>(null);
  // Opened from a button that is now gone: keep the keyboard focus in the panel.
  useEffect(() => {
    heading.current?.focus();
  }, []);
  useEffect(() => {
    if (error) alert.current?.scrollIntoView?.({ block: 'nearest' });
  }, [error]);

  function read(id: string): Promise<Result<Account>> {
    const answer = sendToBackground({ type: 'getAccount', id });
    reading.current = answer;
    setAccount(null);
    void answer.then((res) => {
      if (reading.current !== answer) return; // another account was picked meanwhile
      if (res.ok) setAccount(res.data);
      else setError(res.error.message);
    });
    return answer;
  }

  const choose = (o: AccountOption) => {
    setPicked(o);
    setError(null);
    void read(o.id);
  };

  async function submit(e: Event) {
    e.preventDefault();
    if (!picked || !reading.current) return setError(m.common.linkAccount.chooseAccount);
    setSaving(true);
    let current = await reading.current;
    if (!current.ok) current = await read(picked.id); // the first read failed: try it again now
    if (!current.ok) {
      setSaving(false);
      return setError(current.error.message);
    }
    const { id, version } = current.data;
    const res = await sendToBackground({
      type: 'updateAccount',
      id,
      changes: { version, linkedinSlug: slug },
    });
    if (res.ok) {
      await onLinked();
      return;
    }
    setSaving(false);
    setError(res.error.message);
    // Changed (or linked elsewhere) meanwhile: read it again, so the note is current and a retry can save.
    if (res.error.code === 'conflict') void read(id);
  }

  const elsewhere = account?.linkedinSlug && account.linkedinSlug !== slug ? account.linkedinSlug : null;
  return (
    <form class="rp-form" onSubmit={submit} aria-label={m.common.linkAccount.label}>
      <h4 class="rp-section-title" tabIndex={-1} ref={heading}>
        {m.common.linkAccount.heading}
      </h4>
      <p class="rp-muted">{m.common.linkAccount.intro(slug)}</p>
      {error && (
        <p class="rp-error" role="alert" ref={alert}>
          {error}
        </p>
      )}
      <AccountPicker
        company={companyName ? { name: companyName, slug: null } : null}
        value={picked}
        onChange={choose}
        noCompany={m.common.linkAccount.noCompany}
      />
      {elsewhere && account && (
        <p class="rp-notice" role="note">
          {m.common.linkAccount.elsewhere(account.name, elsewhere)}
        </p>
      )}
      <FormActions
        saving={saving}
        label={m.common.linkAccount.submit}
        savingLabel={m.common.linkAccount.saving}
        onCancel={onCancel}
      />
    </form>
  );
}
