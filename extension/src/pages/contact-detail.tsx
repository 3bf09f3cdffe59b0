import { m } from '../i18n/pages';
import { InfluenceBadge, RoleBadge, StanceBadge } from '../ui/badges';
import { formatDate } from '../ui/format';
import { ExternalLink } from './external-link';
import { linkedinProfileUrl, mailtoUrl } from './links';
import type { ContactDetail } from './popup-data';

export interface ContactDetailViewProps {
  detail: ContactDetail;
  /** Opens the stakeholder's account. */
  onOpenAccount: () => void;
}

/**
 * A stakeholder in the popup: title and account, buying roles, stance and influence as badges, how to reach
 * them, who they report to, who owns the relationship and when someone was last in touch.
 */
export function ContactDetailView({ detail, onOpenAccount }: ContactDetailViewProps) {
  const { contact: c, account } = detail;
  const profile = c.linkedinSlug ? linkedinProfileUrl(c.linkedinSlug) : null;
  return (
    <article class="rp-card" aria-label={c.name}>
      {c.title && <p class="contact-title">{c.title}</p>}
      <p class="rp-ownership">
        {m.common.stakeholder.at}{' '}
        <button type="button" class="link rp-strong" onClick={onOpenAccount}>
          {account.name}
        </button>
      </p>
      <p class="rp-badges">
        {c.roles.map((r) => (
          <RoleBadge key={r} role={r} />
        ))}
        {c.stance && <StanceBadge stance={c.stance} />}
        {c.influence && <InfluenceBadge influence={c.influence} />}
        {c.roles.length === 0 && !c.stance && !c.influence && (
          <span class="rp-muted">{m.pages.detail.noRoleStanceInfluence}</span>
        )}
      </p>
      <dl class="rp-facts">
        <dt>{m.pages.detail.email}</dt>
        <dd>
          {c.emails.length === 0 ? (
            <span class="rp-muted">{m.pages.detail.noEmail}</span>
          ) : (
            c.emails.map((email) => {
              const href = mailtoUrl(email);
              return (
                <span key={email} class="contact-email">
                  {href ? <ExternalLink href={href}>{email}</ExternalLink> : email}
                </span>
              );
            })
          )}
        </dd>
        <dt>{m.pages.detail.linkedin}</dt>
        <dd>
          {profile ? (
            <ExternalLink href={profile}>{m.pages.detail.linkedinProfile}</ExternalLink>
          ) : (
            <span class="rp-muted">{m.pages.detail.notLinked}</span>
          )}
        </dd>
        <dt>{m.common.stakeholder.reportsTo}</dt>
        <dd>{detail.reportsTo ?? m.common.stakeholder.notSet}</dd>
        <dt>{m.common.stakeholder.relationshipOwner}</dt>
        <dd>{detail.relationshipOwner ?? m.common.stakeholder.nobodyYet}</dd>
        <dt>{m.common.stakeholder.lastContacted}</dt>
        <dd>{c.lastContactedAt ? formatDate(c.lastContactedAt) : m.common.stakeholder.never}</dd>
      </dl>
    </article>
  );
}
