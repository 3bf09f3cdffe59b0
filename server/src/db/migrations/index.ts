import type { Migration } from 'kysely';

import * as createCore from './2026_11_27_00_00_00_create_core';
import * as createSearch from './2026_11_27_00_01_00_create_search';
import * as createPlansAndTouches from './2026_11_29_00_00_00_create_plans_and_touches';
import * as addPlanLinePosition from './2026_11_29_00_10_00_add_plan_line_position';
import * as addStageChangeReason from './2026_11_29_12_00_00_add_stage_change_reason';
import * as createExternalIds from './2026_11_30_12_00_00_create_external_ids';
import * as createInvites from './2026_12_01_00_00_00_create_invites';
import * as createSummaryStamps from './2026_12_07_00_00_00_create_summary_stamps';
import * as createIdempotencyKeys from './2026_12_07_12_00_00_create_idempotency_keys';
import * as guardSearchFold from './2026_12_08_00_00_00_guard_search_fold';

/**
 * Every migration, by name, imported statically: Kysely's FileMigrationProvider reads the folder at run time,
 * which fails under vitest ("Unknown file extension .ts"). Add each new migration here.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_27_00_00_00_create_core': createCore,
  '2026_11_27_00_01_00_create_search': createSearch,
  '2026_11_29_00_00_00_create_plans_and_touches': createPlansAndTouches,
  '2026_11_29_00_10_00_add_plan_line_position': addPlanLinePosition,
  '2026_11_29_12_00_00_add_stage_change_reason': addStageChangeReason,
  '2026_11_30_12_00_00_create_external_ids': createExternalIds,
  '2026_12_01_00_00_00_create_invites': createInvites,
  '2026_12_07_00_00_00_create_summary_stamps': createSummaryStamps,
  '2026_12_07_12_00_00_create_idempotency_keys': createIdempotencyKeys,
  '2026_12_08_00_00_00_guard_search_fold': guardSearchFold,
};
