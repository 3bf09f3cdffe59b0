import type { BuyingRole, Influence, Stance } from '@rapport/shared';

import { LABELS } from './format';

/** A buying role, e.g. "Economic buyer". */
export function RoleBadge({ role }: { role: BuyingRole }) {
  return <span class="rp-badge rp-role">{LABELS.role[role]}</span>;
}

/** How the person stands toward us; colour follows the stance, the text says it too. */
export function StanceBadge({ stance }: { stance: Stance }) {
  return <span class={`rp-badge rp-stance rp-stance-${stance}`}>{LABELS.stance[stance]}</span>;
}

export function InfluenceBadge({ influence }: { influence: Influence }) {
  return <span class={`rp-badge rp-influence rp-influence-${influence}`}>{LABELS.influence[influence]}</span>;
}
