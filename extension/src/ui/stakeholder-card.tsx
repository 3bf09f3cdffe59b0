import type { BuyingRole, Influence, Stance } from '@rapport/shared';
import type { ComponentChildren } from 'preact';

import { m } from '../i18n';
import { InfluenceBadge, RoleBadge, StanceBadge } from './badges';
import { formatDate } from './format';

export interface StakeholderCardProps {
  name: string;
  title: string | null;
  accountName: string;
  roles: readonly BuyingRole[];
  stance: Stance | null;
  influence: Influence | null;
  /** The manager's name; null when nobody is set. */
  reportsTo: string | null;
  relationshipOwner: string | null;
  lastContactedAt: string | null;
  /** Opens the edit form; absent (no button) until the stakeholder's current version is known. */
  onEdit?: () => void;
  locale?: string;
  /** More about the stakeholder's account, below the facts (e.g. its signals). */
  children?: ComponentChildren;
  /** More buttons beside "Edit" (e.g. "Open account page"). */
  actions?: ComponentChildren;
}

/**
 * A known stakeholder, as seen on their LinkedIn profile: account, buying roles, stance and influence as
 * badges, reports-to, relationship owner and last contact, with "Edit".
 */
export function StakeholderCard(props: StakeholderCardProps) {
  const { name, title, accountName, roles, stance, influence, onEdit, locale, children, actions } = props;
  return (
    <article class="rp-card" aria-label={name}>
      <header class="rp-card-head">
        <h3 class="rp-card-title">{name}</h3>
        {title && <span class="rp-muted">{title}</span>}
      </header>
      <p class="rp-ownership">
        {m.common.stakeholder.at} <span class="rp-strong">{accountName}</span>
      </p>
      <p class="rp-badges">
        {roles.map((r) => (
          <RoleBadge key={r} role={r} />
        ))}
        {stance && <StanceBadge stance={stance} />}
        {influence && <InfluenceBadge influence={influence} />}
        {roles.length === 0 && !stance && !influence && (
          <span class="rp-muted">{m.common.stakeholder.noRole}</span>
        )}
      </p>
      <dl class="rp-facts">
        <dt>{m.common.stakeholder.reportsTo}</dt>
        <dd>{props.reportsTo ?? m.common.stakeholder.notSet}</dd>
        <dt>{m.common.stakeholder.relationshipOwner}</dt>
        <dd>{props.relationshipOwner ?? m.common.stakeholder.nobodyYet}</dd>
        <dt>{m.common.stakeholder.lastContacted}</dt>
        <dd>
          {props.lastContactedAt ? formatDate(props.lastContactedAt, locale) : m.common.stakeholder.never}
        </dd>
      </dl>
      {children}
      {(onEdit || actions) && (
        <div class="rp-actions">
          {onEdit && (
            <button type="button" class="rp-button" onClick={onEdit}>
              {m.common.edit}
            </button>
          )}
          {actions}
        </div>
      )}
    </article>
  );
}
