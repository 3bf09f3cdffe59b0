import { useEffect, useId, useState } from 'preact/hooks';

import { m } from '../i18n';
import { sendToBackground } from '../messaging';
import { type AccountOption, companyMatch, preselect, suggestAccounts } from '../overlay/linkedin-model';
import { AccountSearch } from './account-search';

export interface AccountPickerProps {
  /** The person's current company as read from the page; suggestions come from it. */
  company: { name: string; slug: string | null } | null;
  value: AccountOption | null;
  onChange: (account: AccountOption) => void;
  /** Said when there is no company to suggest from (before " Search for one below."). */
  noCompany?: string;
}

/**
 * Which account a person belongs to: suggestions from their current company (its LinkedIn page's account,
 * then accounts of that name) as radio buttons, and a search box for any other account. A sure suggestion
 * is preselected; everything works with the keyboard (arrows and Enter in the search box).
 */
export function AccountPicker({
  company,
  value,
  onChange,
  noCompany = m.common.accountPicker.noCompany,
}: AccountPickerProps) {
  const suggestions = useAccountSuggestions(company);
  const [picked, setPicked] = useState<AccountOption[]>([]);
  useEffect(() => {
    const sure = suggestions && preselect(suggestions);
    if (!value && sure) onChange(sure);
  }, [suggestions]);

  const options = [...(suggestions ?? [])];
  for (const o of [...picked, ...(value ? [value] : [])])
    if (!options.some((x) => x.id === o.id)) options.push(o);
  const name = useId();
  return (
    <fieldset class="rp-field">
      <legend>{m.common.fields.account}</legend>
      {suggestions === null && (
        <p class="rp-muted">{m.common.accountPicker.lookingFor(company?.name ?? '')}</p>
      )}
      {suggestions?.length === 0 && options.length === 0 && (
        <p class="rp-muted">
          {company ? m.common.accountPicker.noMatch(company.name) : noCompany}
          {m.common.accountPicker.searchBelow}
        </p>
      )}
      {options.map((o) => (
        <label key={o.id} class="rp-radio">
          <input type="radio" name={name} checked={value?.id === o.id} onChange={() => onChange(o)} />
          <span>
            <span class="rp-strong">{o.name}</span>
            {o.detail && <span class="rp-muted"> · {o.detail}</span>}
          </span>
        </label>
      ))}
      <AccountSearch
        onPick={(o) => {
          setPicked((p) => [o, ...p.filter((x) => x.id !== o.id)]);
          onChange(o);
        }}
      />
    </fieldset>
  );
}

/** Suggestions for a company: null while they load. Lookup and search run in parallel. */
function useAccountSuggestions(company: AccountPickerProps['company']): AccountOption[] | null {
  const [options, setOptions] = useState<AccountOption[] | null>(company ? null : []);
  useEffect(() => {
    if (!company) return setOptions([]);
    let live = true;
    setOptions(null);
    const slug = company.slug;
    void Promise.all([
      slug ? sendToBackground({ type: 'lookup', linkedin: [`company:${slug}`] }) : null,
      sendToBackground({ type: 'search', q: company.name, kind: 'account', limit: 5 }),
    ]).then(([bySlug, byName]) => {
      if (!live) return;
      const linked = bySlug?.ok ? companyMatch(bySlug.data) : null;
      setOptions(suggestAccounts(linked, byName.ok ? byName.data.items : [], company.name));
    });
    return () => {
      live = false;
    };
  }, [company?.name, company?.slug]);
  return options;
}
