import { afterEach, describe, expect, it, vi } from 'vitest';

import { applyRetention } from '../db/retention-repository';
import { DIALECTS, testApp } from '../test/harness';
import { createLogger } from './log';
import { RETENTION_EVERY_MS, startRetentionJob } from './retention-job';

const NOW = new Date('2027-03-01T09:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

afterEach(() => {
  vi.useRealTimers();
});

for (const dialect of DIALECTS) {
  describe(`touch retention (${dialect})`, () => {
    async function setup() {
      const t = await testApp(dialect, {}, { now: () => NOW });
      const admin = await t.user('admin');
      const am = await t.user('account_manager');
      const acme = (await t.call('POST', '/api/v1/accounts', am, { name: 'Acme', domains: ['acme.com'] }))
        .body;
      const jane = (
        await t.call('POST', '/api/v1/contacts', am, {
          accountId: acme.id,
          name: 'Jane',
          emails: ['jane@acme.com'],
        })
      ).body;
      const log = async (days: number, subject: string) =>
        (
          await t.call('POST', '/api/v1/touches', am, {
            kind: 'call',
            subject,
            notes: `notes of ${subject}`,
            occurredAt: daysAgo(days),
            contactIds: [jane.id],
          })
        ).body;
      const old = await log(400, 'Old call');
      const recent = await log(10, 'Recent call');
      const lines: string[] = [];
      const logger = createLogger('info', (line) => {
        lines.push(line);
        return true;
      });
      const touches = async () =>
        (await t.call('GET', `/api/v1/touches?accountId=${acme.id}`, am)).body.items.map(
          (x: { subject: string }) => x.subject,
        );
      const settings = async (touchRetentionDays: number | null) => {
        const { version } = (await t.call('GET', '/api/v1/settings', admin)).body;
        return t.call('PATCH', '/api/v1/settings', admin, { touchRetentionDays, version });
      };
      return { t, admin, old, recent, logger, lines, touches, settings };
    }

    it('should keep touches forever by default', async () => {
      const { t, admin, logger, touches } = await setup();
      expect((await t.call('GET', '/api/v1/settings', admin)).body.touchRetentionDays).toBeNull();
      const job = startRetentionJob({ db: t.db, log: logger, now: () => NOW });
      expect(await job.run()).toEqual({ days: null, cutoff: null, deleted: 0 });
      await job.stop();
      expect(await touches()).toEqual(['Recent call', 'Old call']);
    });

    it('should delete touches older than the setting, empty their audit entries, and record it once', async () => {
      const { t, admin, old, recent, logger, lines, touches, settings } = await setup();
      expect((await settings(365)).status).toBe(200);
      const job = startRetentionJob({ db: t.db, log: logger, now: () => NOW });
      const first = await job.run();
      expect(first).toEqual({ days: 365, cutoff: daysAgo(365), deleted: 1 });
      expect(await job.run()).toMatchObject({ deleted: 0 });
      await job.stop();
      expect(await touches()).toEqual(['Recent call']);
      const audit = async (id: string) =>
        (await t.call('GET', `/api/v1/audit?entity=touch&entityId=${id}`, admin)).body.items;
      expect(await audit(old.id)).toMatchObject([{ action: 'create', before: null, after: null }]);
      expect((await audit(recent.id))[0].after.subject).toBe('Recent call');
      const records = await audit('retention');
      expect(records).toMatchObject([
        { action: 'retention', userId: null, after: { days: 365, deleted: 1 } },
      ]);
      expect(lines.join('')).toContain('touch retention applied');
    });

    it('should apply it again every 24 hours while the server runs', async () => {
      const { t, logger, touches, settings } = await setup();
      await settings(100);
      // Only the job's timer is faked; the database and its promises run for real.
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      let clock = NOW;
      const job = startRetentionJob({ db: t.db, log: logger, now: () => clock });
      await job.run(); // the run on start: the old touch (400 days) goes, the recent one (10 days) stays
      expect(await touches()).toEqual(['Recent call']);
      clock = new Date(NOW.getTime() + 95 * 86_400_000); // 95 days later the recent touch is 105 days old
      await vi.advanceTimersByTimeAsync(RETENTION_EVERY_MS);
      await job.stop(); // waits for the run the timer started
      expect(await touches()).toEqual([]);
    });

    it('should delete each touch once when several processes apply it together', async () => {
      const { t, settings, touches } = await setup();
      await settings(5);
      const results = await Promise.all([applyRetention(t.db.kysely, NOW), applyRetention(t.db.kysely, NOW)]);
      expect(results.reduce((sum, r) => sum + r.deleted, 0)).toBe(2);
      expect(await touches()).toEqual([]);
    });

    it('should refuse a retention that is not a whole number of days', async () => {
      const { settings } = await setup();
      for (const bad of [0, -3, 1.5, 40000]) {
        const res = await settings(bad);
        expect(res.status).toBe(400);
        expect(res.body.error.details.issues[0].path).toBe('touchRetentionDays');
      }
    });
  });
}
