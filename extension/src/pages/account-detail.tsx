import type { LookupStakeholder } from '@rapport/shared';

import { m } from '../i18n/pages';
import { committeeCoverage } from '../overlay/coverage';
import { AccountCard } from '../ui/account-card';
import { InfluenceBadge, RoleBadge, StanceBadge } from '../ui/badges';
import { BuyingCommittee } from '../ui/buying-committee';
import { ExternalLink } from './external-link';
import { linkedinCompanyUrl, websiteUrl } from './links';
import type { AccountDetail } from './popup-data';

export interface AccountDetailViewProps {
  detail: AccountDetail;
  /** Opens a stakeholder's detail. */
  onOpenStakeholder: (stakeholder: LookupStakeholder) => void;
}

/**
 * An account in the popup: its websites and company page, then the overlay's card (status, tier, owner,
 * reps, open deals) with every stakeholder and the buying committee's coverage.
 */
export function AccountDetailView({ detail: a, onOpenStakeholder }: AccountDetailViewProps) {
  return (
    <>
      <AccountLinks domains={a.domains} slug={a.linkedinSlug} />
      <AccountCard account={a} showName={false}>
        <StakeholderList
          stakeholders={a.stakeholders}
          total={a.stakeholderCount}
          onOpen={onOpenStakeholder}
        />
        <BuyingCommittee
          {...committeeCoverage(a.stakeholders)}
          shown={a.stakeholders.length}
          total={a.stakeholderCount}
        />
      </AccountCard>
    </>
  );
}

/** The account's websites and LinkedIn company page, each opening in a new tab. */
function AccountLinks({ domains, slug }: { domains: readonly string[]; slug: string | null }) {
  const sites = domains.flatMap((d) => {
    const href = websiteUrl(d);
    return href ? [{ href, label: d }] : [];
  });
  const company = slug ? linkedinCompanyUrl(slug) : null;
  if (sites.length === 0 && !company) {
    return <p class="muted small detail-links">{m.pages.detail.noLinks}</p>;
  }
  return (
    <ul class="detail-links" aria-label={m.pages.detail.links}>
      {sites.map((s) => (
        <li key={s.href}>
          <ExternalLink href={s.href}>{s.label}</ExternalLink>
        </li>
      ))}
      {company && (
        <li>
          <ExternalLink href={company}>{m.pages.detail.linkedinCompany}</ExternalLink>
        </li>
      )}
    </ul>
  );
}

function StakeholderList(props: {
  stakeholders: readonly LookupStakeholder[];
  total: number;
  onOpen: (stakeholder: LookupStakeholder) => void;
}) {
  const { stakeholders, total, onOpen } = props;
  return (
    <section aria-label={m.pages.detail.stakeholders}>
      <h4 class="rp-section-title">{m.pages.detail.stakeholders}</h4>
      {stakeholders.length === 0 ? (
        <p class="rp-muted">{m.pages.detail.noStakeholders}</p>
      ) : (
        <ul class="rp-list">
          {stakeholders.map((s) => (
            <li key={s.id} class="rp-stakeholder">
              <button type="button" class="link rp-strong" onClick={() => onOpen(s)}>
                {s.name}
              </button>
              {s.title && <span class="rp-muted"> · {s.title}</span>}
              <span class="rp-badges">
                {s.roles.map((r) => (
                  <RoleBadge key={r} role={r} />
                ))}
                {s.stance && <StanceBadge stance={s.stance} />}
                {s.influence && <InfluenceBadge influence={s.influence} />}
              </span>
            </li>
          ))}
        </ul>
      )}
      {total > stakeholders.length && (
        <p class="rp-muted">{m.pages.detail.showing(stakeholders.length, total)}</p>
      )}
    </section>
  );
}
