import type { AccountTier, ActionCategory, ActionStatus, ObjectiveStatus, TouchKind } from '@rapport/shared';

import { LABELS } from '../ui/format';

/**
 * Words the account page shows for the plan's and the timeline's values (the overlay's words for roles,
 * stances and stages are in `../ui/format.ts`).
 */
export const PAGE_LABELS = {
  tier: { key: 'Key account', standard: 'Standard' } satisfies Record<AccountTier, string>,
  category: {
    relationship: 'Relationship',
    marketing_communication: 'Marketing communication',
    product_customisation: 'Product customisation proposal',
    service_coordination: 'Service coordination',
    other: 'Other',
  } satisfies Record<ActionCategory, string>,
  actionStatus: {
    planned: 'Planned',
    in_progress: 'In progress',
    done: 'Done',
    cancelled: 'Cancelled',
  } satisfies Record<ActionStatus, string>,
  objectiveStatus: { open: 'Open', achieved: 'Achieved', dropped: 'Dropped' } satisfies Record<
    ObjectiveStatus,
    string
  >,
  touchKind: { email: 'Email', call: 'Call', meeting: 'Meeting', note: 'Note' } satisfies Record<
    TouchKind,
    string
  >,
  /** The same words as the overlay's signal badges. */
  severity: LABELS.severity,
};
