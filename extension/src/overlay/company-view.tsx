import type { LookupAccount, UserRef } from '@rapport/shared';
import { useEffect, useRef, useState } from 'preact/hooks';

import type { LinkedinCompany } from '../extract/linkedin';
import { m } from '../i18n';
import { sendToBackground } from '../messaging';
import { AccountCard, mayAcknowledge } from '../ui/account-card';
import { BuyingCommittee } from '../ui/buying-committee';
import { CreateAccountForm } from '../ui/create-account-form';
import { LinkAccountForm } from '../ui/link-account-form';
import { OpenAccountPageButton } from '../ui/open-account-page';
import { AccountSignals } from '../ui/signals';
import { committeeCoverage } from './coverage';

export interface CompanyViewProps {
  /** The company slug from the URL: what the lookup used and what a new account is linked by. */
  slug: string;
  account: LookupAccount | null;
  /** What the page shows (null until its heading has rendered). */
  company: LinkedinCompany | null;
  /** The signed-in user: the account's owner and admins may acknowledge flagged new business. */
  me: UserRef | null;
  /** Looks the page up again after a save; resolves once the panel shows the answer. */
  onChanged: () => Promise<void>;
}

/** What an unknown company page offers: the two choices, or the form of one of them. */
type Mode = 'choose' | 'create' | 'link';

/**
 * A company page: the account with its buying committee and open deals, or "Create account" and "Link to an
 * existing account" (for an account made elsewhere, e.g. from Gmail, without this page).
 */
export function CompanyView({ slug, account, company, me, onChanged }: CompanyViewProps) {
  const [mode, setMode] = useState<Mode>('choose');
  // After Cancel the keyboard focus returns to the button that opened the form (it was gone meanwhile).
  const cancelled = useRef<Exclude<Mode, 'choose'> | null>(null);
  const createButton = useRef<HTMLButtonElement>(null);
  const linkButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (mode !== 'choose' || !cancelled.current) return;
    (cancelled.current === 'link' ? linkButton : createButton).current?.focus();
    cancelled.current = null;
  }, [mode]);
  const cancel = (from: Exclude<Mode, 'choose'>) => () => {
    cancelled.current = from;
    setMode('choose');
  };
  /** Acknowledges flagged new business, then looks the page up again (the flag goes away). */
  const acknowledge = async (id: string) => {
    const res = await sendToBackground({ type: 'acknowledgeOpportunity', id });
    if (!res.ok) return res.error.message;
    await onChanged();
    return null;
  };
  /** After a save: the lookup answers with the account, so the card replaces the form. */
  const saved = async () => {
    await onChanged();
    setMode('choose');
  };

  if (account) {
    const coverage = committeeCoverage(account.stakeholders);
    return (
      <AccountCard
        account={account}
        onAcknowledge={mayAcknowledge(account, me) ? acknowledge : undefined}
        actions={<OpenAccountPageButton accountId={account.id} />}
      >
        <BuyingCommittee {...coverage} shown={account.stakeholders.length} total={account.stakeholderCount} />
        {/* A company page has no thread: no contacts to name. */}
        <AccountSignals accountId={account.id} scope={slug} revision={account} />
      </AccountCard>
    );
  }

  if (mode === 'create') {
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
          await saved();
          return { ok: true };
        }}
        onCancel={cancel('create')}
      />
    );
  }

  if (mode === 'link') {
    return (
      <LinkAccountForm
        slug={slug}
        companyName={company?.name ?? null}
        onLinked={saved}
        onCancel={cancel('link')}
      />
    );
  }

  return (
    <div class="rp-card">
      <p>
        <span class="rp-strong">{company?.name ?? m.overlay.company.thisCompany}</span>
        {m.overlay.company.notAccountYet}
      </p>
      {company?.industry && <p class="rp-muted">{company.industry}</p>}
      <div class="rp-actions">
        <button
          type="button"
          class="rp-button rp-primary"
          ref={createButton}
          onClick={() => setMode('create')}
        >
          {m.overlay.company.createAccount}
        </button>
        <button type="button" class="rp-button" ref={linkButton} onClick={() => setMode('link')}>
          {m.overlay.company.linkToExisting}
        </button>
      </div>
    </div>
  );
}
