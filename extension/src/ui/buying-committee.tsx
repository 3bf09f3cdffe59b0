import type { BuyingRole } from '@rapport/shared';

import { m } from '../i18n';
import { RECENT_CONTACT_DAYS, type RoleCoverage } from '../overlay/coverage';
import { InfluenceBadge, StanceBadge } from './badges';
import { LABELS } from './format';

export interface BuyingCommitteeProps {
  covered: readonly RoleCoverage[];
  uncovered: readonly BuyingRole[];
  /** How many stakeholders the coverage was computed from, and how many the account has. */
  shown: number;
  total: number;
}

/** Who holds each buying role of the account, and which roles nobody holds yet. */
export function BuyingCommittee({ covered, uncovered, shown, total }: BuyingCommitteeProps) {
  return (
    <section aria-label={m.common.committee.title}>
      <h4 class="rp-section-title">{m.common.committee.title}</h4>
      {covered.length === 0 ? (
        <p class="rp-muted">{m.common.committee.none}</p>
      ) : (
        <ul class="rp-list">
          {covered.map(({ role, holders, recent }) => (
            <li key={role} class="rp-committee-role">
              <span class="rp-strong">{LABELS.role[role]}</span>
              {!recent && (
                <span class="rp-muted"> · {m.common.committee.noRecentContact(RECENT_CONTACT_DAYS)}</span>
              )}
              <ul class="rp-list rp-holders">
                {holders.map((s) => (
                  <li key={s.id} class="rp-holder">
                    <bdi>{s.name}</bdi>
                    {s.title && <span class="rp-muted"> · {s.title}</span>}
                    <span class="rp-badges">
                      {s.stance && <StanceBadge stance={s.stance} />}
                      {s.influence && <InfluenceBadge influence={s.influence} />}
                    </span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      <p class={uncovered.length > 0 ? 'rp-uncovered' : 'rp-muted'}>
        {uncovered.length > 0
          ? m.common.committee.uncovered(uncovered.map((r) => LABELS.role[r]).join(', '))
          : m.common.committee.allCovered}
      </p>
      {total > shown && <p class="rp-muted">{m.common.committee.basedOn(shown, total)}</p>}
    </section>
  );
}
