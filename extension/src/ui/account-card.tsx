import type { LookupAccount, LookupStakeholder } from '@rapport/shared';
import type { ComponentChildren } from 'preact';

import { InfluenceBadge, RoleBadge, StanceBadge } from './badges';
import { formatAmount, formatDate, LABELS } from './format';

export interface AccountCardProps {
  account: LookupAccount;
  /**
   * Contacts of this account who take part in the open thread; without it (a LinkedIn company page) the
   * "In this conversation" section is left out.
   */
  presentContactIds?: readonly string[];
  locale?: string;
  /** False where the view around the card already names the account in its heading (the popup's detail). */
  showName?: boolean;
  /** More sections at the end of the card, e.g. the buying committee. */
  children?: ComponentChildren;
}

/**
 * One external account: who owns it (prominent when it is someone else's key account), the open deals, and
 * the stakeholders in this conversation with their buying roles, stance and influence.
 */
export function AccountCard({
  account,
  presentContactIds,
  locale,
  showName = true,
  children,
}: AccountCardProps) {
  const present = account.stakeholders.filter((s) => presentContactIds?.includes(s.id));
  const warn = account.tier === 'key' && account.ownership.relation === 'other';
  return (
    <article class="rp-card" aria-label={account.name}>
      <header class="rp-card-head">
        {showName && <h3 class="rp-card-title">{account.name}</h3>}
        <span class={`rp-badge rp-tier-${account.tier}`}>
          {account.tier === 'key' ? 'Key account' : 'Standard'}
        </span>
        <span class="rp-badge rp-status">{LABELS.status[account.status]}</span>
      </header>
      <p class={warn ? 'rp-ownership rp-ownership-warn' : 'rp-ownership'} role={warn ? 'note' : undefined}>
        {account.ownership.message}
      </p>
      {account.reps.length > 0 && (
        <p class="rp-muted">Assigned reps: {account.reps.map((r) => r.name).join(', ')}</p>
      )}
      <section aria-label="Open opportunities">
        <h4 class="rp-section-title">Open opportunities</h4>
        {account.openOpportunities.length === 0 ? (
          <p class="rp-muted">No open opportunities.</p>
        ) : (
          <ul class="rp-list">
            {account.openOpportunities.map((o) => (
              <li key={o.id} class="rp-opportunity">
                <span class="rp-strong">{o.title}</span>
                <span class="rp-muted">
                  {' '}
                  · {LABELS.type[o.type]} · {LABELS.stage[o.stage]} ·{' '}
                  {formatAmount(o.amount, o.currency, locale)}
                  {o.expectedCloseDate ? ` · closes ${formatDate(o.expectedCloseDate, locale)}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {presentContactIds && (
        <section aria-label="Stakeholders in this conversation">
          <h4 class="rp-section-title">In this conversation</h4>
          {present.length === 0 ? (
            <p class="rp-muted">No known stakeholders here yet.</p>
          ) : (
            <ul class="rp-list">
              {present.map((s) => (
                <StakeholderRow key={s.id} stakeholder={s} />
              ))}
            </ul>
          )}
        </section>
      )}
      {children}
    </article>
  );
}

function StakeholderRow({ stakeholder: s }: { stakeholder: LookupStakeholder }) {
  return (
    <li class="rp-stakeholder">
      <span class="rp-strong">{s.name}</span>
      {s.title && <span class="rp-muted"> · {s.title}</span>}
      <span class="rp-badges">
        {s.roles.map((r) => (
          <RoleBadge key={r} role={r} />
        ))}
        {s.stance && <StanceBadge stance={s.stance} />}
        {s.influence && <InfluenceBadge influence={s.influence} />}
      </span>
    </li>
  );
}
