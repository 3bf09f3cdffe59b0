import { z } from 'zod';

import { zId, zTimestamp } from './common';
import { zBuyingRole, zInfluence, zSignalCode, zStance } from './enums';
import { zLookupStakeholder } from './lookup';
import { zUserRef } from './user';

/*
 * What the server works out about an account's buying committee: coverage of the buying roles (with the org
 * chart's data) and signals, each saying why and what to do next. Issue 4.
 */

/** A stakeholder holding a buying role, and whether we were in touch within the coverage window. */
export const zCoverageHolder = z.object({
  contactId: zId,
  name: z.string(),
  title: z.string().nullable(),
  stance: zStance.nullable(),
  influence: zInfluence.nullable(),
  lastContactedAt: zTimestamp.nullable(),
  /** Last contacted within `windowDays` of `asOf`. */
  recent: z.boolean(),
  relationshipOwner: zUserRef.nullable(),
});
export type CoverageHolder = z.infer<typeof zCoverageHolder>;

/** One buying role: covered when some holder is `recent`. Holders most recently contacted first. */
export const zRoleCoverage = z.object({
  role: zBuyingRole,
  covered: z.boolean(),
  holders: z.array(zCoverageHolder),
});
export type RoleCoverage = z.infer<typeof zRoleCoverage>;

/**
 * A node of the account's org chart. `reportsToId` names another stakeholder of the same account, or is
 * null (no manager known, or the link pointed outside the account).
 */
export const zStakeholderNode = zLookupStakeholder
  .omit({ id: true, emails: true, linkedinSlug: true })
  .extend({ contactId: zId });
export type StakeholderNode = z.infer<typeof zStakeholderNode>;

/**
 * `GET /accounts/:id/coverage`: every buying role in the vocabulary's order, the uncovered ones (the org
 * chart's empty seats), and all the account's stakeholders by name.
 */
export const zCoverage = z.object({
  accountId: zId,
  /** The moment the answer was computed for. */
  asOf: zTimestamp,
  /** The coverage window (settings `coverageWindowDays`). */
  windowDays: z.number().int(),
  roles: z.array(zRoleCoverage),
  coveredCount: z.number().int(),
  uncoveredRoles: z.array(zBuyingRole),
  stakeholders: z.array(zStakeholderNode),
});
export type Coverage = z.infer<typeof zCoverage>;

export const SIGNAL_SEVERITIES = ['high', 'medium', 'low'] as const;
export const zSignalSeverity = z.enum(SIGNAL_SEVERITIES);
export type SignalSeverity = z.infer<typeof zSignalSeverity>;

/** A warning about the account: `why` in one sentence with names and dates, `next` what to do about it. */
export const zSignal = z.object({
  code: zSignalCode,
  severity: zSignalSeverity,
  title: z.string(),
  why: z.string(),
  next: z.string(),
  /** The stakeholders the signal names. */
  contactIds: z.array(zId),
  /** The opportunities the signal is about. */
  opportunityIds: z.array(zId),
});
export type Signal = z.infer<typeof zSignal>;

/** `GET /accounts/:id/signals`: highest severity first. */
export const zSignals = z.object({
  accountId: zId,
  asOf: zTimestamp,
  signals: z.array(zSignal),
});
export type Signals = z.infer<typeof zSignals>;

/** Most thread participants one signals request may name. */
export const SIGNALS_THREAD_LIMIT = 100;

/**
 * Ids given as `?contactIds=a,b` (or repeated): split on commas, blanks and duplicates dropped.
 * @example zIdList.parse('a, b,,a') // ['a', 'b']
 */
const zIdList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => [
    ...new Set(
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ])
  .pipe(z.array(zId).max(SIGNALS_THREAD_LIMIT, `At most ${SIGNALS_THREAD_LIMIT} contact ids`));

/**
 * The signals query: `contactIds` are the people in the thread being read; blockers and skeptics among them
 * (of this account) give `blocker_in_thread`. Unknown ids and other accounts' contacts are ignored.
 */
export const zSignalsQuery = z.object({ contactIds: zIdList.optional() });
export type SignalsQuery = z.infer<typeof zSignalsQuery>;
