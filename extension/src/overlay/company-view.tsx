import type { LookupAccount } from '@rapport/shared';
import { useState } from 'preact/hooks';

import type { LinkedinCompany } from '../extract/linkedin';
import { sendToBackground } from '../messaging';
import { AccountCard } from '../ui/account-card';
import { BuyingCommittee } from '../ui/buying-committee';
import { CreateAccountForm } from '../ui/create-account-form';
import { committeeCoverage } from './coverage';

export interface CompanyViewProps {
  /** The company slug from the URL: what the lookup used and what a new account is linked by. */
  slug: string;
  account: LookupAccount | null;
  /** What the page shows (null until its heading has rendered). */
  company: LinkedinCompany | null;
  /** Looks the page up again after a save; resolves once the panel shows the answer. */
  onChanged: () => Promise<void>;
}

/** A company page: the account with its buying committee and open deals, or "Create account". */
export function CompanyView({ slug, account, company, onChanged }: CompanyViewProps) {
  const [creating, setCreating] = useState(false);

  if (account) {
    const coverage = committeeCoverage(account.stakeholders);
    return (
      <AccountCard account={account}>
        <BuyingCommittee {...coverage} shown={account.stakeholders.length} total={account.stakeholderCount} />
      </AccountCard>
    );
  }

  if (creating) {
    return (
      <CreateAccountForm
        initial={{ name: company?.name ?? '', domain: company?.websiteDomain ?? '', linkedinSlug: slug }}
        onSave={async (d) => {
          const res = await sendToBackground({
            type: 'createAccount',
            account: {
              name: d.name.trim(),
              domains: d.domain.trim() ? [d.domain.trim()] : [],
              linkedinSlug: d.linkedinSlug?.trim() || null,
            },
          });
          if (!res.ok) return { ok: false, message: res.error.message };
          await onChanged();
          setCreating(false);
          return { ok: true };
        }}
        onCancel={() => setCreating(false)}
      />
    );
  }

  return (
    <div class="rp-card">
      <p>
        <span class="rp-strong">{company?.name ?? 'This company'}</span> is not an account yet.
      </p>
      {company?.industry && <p class="rp-muted">{company.industry}</p>}
      <button type="button" class="rp-button rp-primary" onClick={() => setCreating(true)}>
        Create account
      </button>
    </div>
  );
}
