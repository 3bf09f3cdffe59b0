import type { AccountTier, ActionCategory, ActionStatus, ObjectiveStatus, TouchKind } from '@rapport/shared';

import { m } from '../i18n/dashboard';
import { LABELS } from '../ui/format';

/**
 * Words the account page shows for the plan's and the timeline's values, in the current language
 * (`../i18n/en/dashboard.ts` and its translations; the overlay's words for roles, stances and stages are
 * `LABELS` in `../ui/format.ts`). Getters, so a caller always reads the language chosen now.
 */
export const PAGE_LABELS = {
  get tier(): Record<AccountTier, string> {
    return m.dashboard.labels.tier;
  },
  get category(): Record<ActionCategory, string> {
    return m.dashboard.labels.category;
  },
  get actionStatus(): Record<ActionStatus, string> {
    return m.dashboard.labels.actionStatus;
  },
  get objectiveStatus(): Record<ObjectiveStatus, string> {
    return m.dashboard.labels.objectiveStatus;
  },
  get touchKind(): Record<TouchKind, string> {
    return m.dashboard.labels.touchKind;
  },
  /** The same words as the overlay's signal badges. */
  get severity() {
    return LABELS.severity;
  },
};
