import type { LookupAccount, LookupResponse, LookupStakeholder, SearchHit } from '@rapport/shared';

import { m } from '../i18n';

/*
 * What the LinkedIn overlay shows, derived from lookup answers and page facts. Pure: no DOM, no messaging.
 */

/** The person on a profile page as Rapport knows them: their account and their stakeholder row. */
export interface ProfileMatch {
  account: LookupAccount;
  stakeholder: LookupStakeholder;
}

/**
 * The stakeholder a profile lookup (`in:<slug>`) found, or null for a person Rapport does not know.
 * @example profileMatch(await lookup({ linkedin: ['in:jane-doe'] }))?.account.name // 'Acme'
 */
export function profileMatch(lookup: LookupResponse): ProfileMatch | null {
  for (const r of lookup.results) {
    const account = lookup.accounts.find((a) => a.id === r.accountId);
    const stakeholder = account?.stakeholders.find((s) => s.id === r.contactId);
    if (account && stakeholder) return { account, stakeholder };
  }
  return null;
}

/**
 * The account a company lookup (`company:<slug>`) found, or null.
 * @example companyMatch(await lookup({ linkedin: ['company:acme'] }))?.tier // 'key'
 */
export function companyMatch(lookup: LookupResponse): LookupAccount | null {
  const id = lookup.results.find((r) => r.accountId)?.accountId;
  return lookup.accounts.find((a) => a.id === id) ?? null;
}

/** An account the person may be tagged to, and why it is offered. */
export interface AccountOption {
  id: string;
  name: string;
  /** A second line: why it is suggested, or the search hit's detail. */
  detail: string;
  /** Linked to the company's LinkedIn page, the same name, a similar name, or picked by searching. */
  match: 'linkedin' | 'exact' | 'similar' | 'search';
}

/**
 * Accounts to suggest for a person's current company: the one linked to its LinkedIn page first, then
 * accounts found by name (an exact name first), each once.
 * @example suggestAccounts(bySlug, hits, 'Acme').map((o) => o.name) // ['Acme', 'Acme Logistics']
 */
export function suggestAccounts(
  bySlug: Pick<LookupAccount, 'id' | 'name'> | null,
  nameHits: readonly SearchHit[],
  companyName: string | null,
  limit = 4,
): AccountOption[] {
  const key = (s: string) => s.trim().toLowerCase();
  const byName = nameHits
    .filter((h) => h.type === 'account')
    .map((h): AccountOption => {
      const exact = companyName !== null && key(h.name) === key(companyName);
      return { id: h.id, name: h.name, detail: h.detail, match: exact ? 'exact' : 'similar' };
    })
    .sort((a, b) => Number(b.match === 'exact') - Number(a.match === 'exact'));
  const out: AccountOption[] = bySlug
    ? [
        {
          id: bySlug.id,
          name: bySlug.name,
          detail: m.overlay.company.linkedSuggestion,
          match: 'linkedin',
        },
      ]
    : [];
  for (const o of byName) if (!out.some((x) => x.id === o.id)) out.push(o);
  return out.slice(0, limit);
}

/**
 * The suggestion to preselect: only a sure one (the company page's account, or the very same name), so a
 * merely similar name is never saved by accident.
 * @example preselect(suggestAccounts(null, hits, 'Acme'))?.match // 'exact'
 */
export function preselect(options: readonly AccountOption[]): AccountOption | null {
  const first = options[0];
  return first && (first.match === 'linkedin' || first.match === 'exact') ? first : null;
}
