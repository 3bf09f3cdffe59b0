import type { Kysely } from 'kysely';

import { newId, nowIso } from '../lib/ids';
import type { Database } from './database';
import { readSettings } from './settings-repository';

/** Touches deleted per transaction, so a first run over years of history holds no long lock. */
const BATCH = 500;

export interface RetentionResult {
  /** The setting in force; null keeps touches forever and deletes nothing. */
  days: number | null;
  /** Touches that happened before this instant were deleted; null when nothing is kept for a limited time. */
  cutoff: string | null;
  deleted: number;
}

/**
 * Applies the touch retention setting (`touchRetentionDays`, issue 8): deletes touches that happened more
 * than that many days before `now`, and empties the before/after of their audit entries (who logged or
 * removed a touch, and when, stays; what it said goes). Records one `retention` audit entry when anything
 * went. Idempotent, so several server processes and a cron job may run it at the same time: each batch
 * deletes only what is still there and older than the cutoff.
 * @example await applyRetention(db.kysely, new Date());
 */
export async function applyRetention(db: Kysely<Database>, now: Date): Promise<RetentionResult> {
  const { touchRetentionDays: days } = await readSettings(db);
  if (days === null) return { days, cutoff: null, deleted: 0 };
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  let deleted = 0;
  for (;;) {
    const ids = (
      await db
        .selectFrom('touches')
        .select('id')
        .where('occurred_at', '<', cutoff)
        .orderBy('id')
        .limit(BATCH)
        .execute()
    ).map((r) => r.id);
    if (ids.length === 0) break;
    deleted += await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('audit_log')
        .set({ before: null, after: null })
        .where('entity', '=', 'touch')
        .where('entity_id', 'in', ids)
        .execute();
      // Participants and accounts go with the touch (ON DELETE CASCADE).
      const res = await trx
        .deleteFrom('touches')
        .where('id', 'in', ids)
        .where('occurred_at', '<', cutoff)
        .executeTakeFirst();
      return Number(res.numDeletedRows);
    });
  }
  if (deleted > 0) {
    await db
      .insertInto('audit_log')
      .values({
        id: newId(),
        at: nowIso(),
        user_id: null,
        action: 'retention',
        entity: 'touch',
        entity_id: 'retention',
        before: null,
        after: JSON.stringify({ days, cutoff, deleted }),
      })
      .execute();
  }
  return { days, cutoff, deleted };
}
