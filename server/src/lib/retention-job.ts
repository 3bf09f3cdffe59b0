import type { Db } from '../db/create-db';
import { applyRetention, type RetentionResult } from '../db/retention-repository';
import type { Logger } from './log';

/** Once a day: the retention setting is in days, so a finer schedule would delete nothing more. */
export const RETENTION_EVERY_MS = 24 * 60 * 60_000;

export interface RetentionJob {
  /** Applies the setting now (also what the timer calls); never throws, a failure is logged. */
  run(): Promise<RetentionResult | null>;
  /** Stops the timer and waits for a run in progress, so the database can close after it. */
  stop(): Promise<void>;
}

/**
 * The touch retention job of a server process (issue 8): runs on start and every 24 hours. Several processes
 * may run it; `applyRetention` is idempotent. `pnpm rapport retention apply` does the same from cron.
 * @example const job = startRetentionJob({ db, log }); … job.stop();
 */
export function startRetentionJob({
  db,
  log,
  now = () => new Date(),
  everyMs = RETENTION_EVERY_MS,
}: {
  db: Db;
  log: Logger;
  now?: () => Date;
  everyMs?: number;
}): RetentionJob {
  let running: Promise<RetentionResult | null> | null = null;
  const run = () => {
    running ??= applyRetention(db.kysely, now())
      .then(
        (result) => {
          if (result.deleted > 0) log.info('touch retention applied', { ...result });
          return result;
        },
        (err: unknown) => {
          log.error('touch retention failed', { error: String(err) });
          return null;
        },
      )
      .finally(() => {
        running = null;
      });
    return running;
  };
  void run();
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  return {
    run,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
