import { afterEach, describe, expect, it, vi } from 'vitest';

import { createApp } from '../app';
import { DIALECTS, testApp } from '../test/harness';
import { ensureSetupToken, SETUP_TOKEN_DAYS } from './setup';

const admin = (token: string | null, name: string) => ({
  token: token ?? '',
  name,
  email: `${name.toLowerCase()}@ourco.example`,
  password: 'a long password',
});

afterEach(() => {
  vi.useRealTimers();
});

for (const dialect of DIALECTS) {
  describe(`setup tokens of several instances (${dialect})`, () => {
    // Each instance that starts on an empty database prints its own link (issue 5).
    it.each([
      ['the first', 0],
      ['the last', 1],
    ])('should complete setup with %s printed token and then refuse the other one', async (_, winner) => {
      const t = await testApp(dialect);
      const tokens = [await ensureSetupToken(t.db.kysely), await ensureSetupToken(t.db.kysely)];
      expect(tokens[0]).not.toBe(tokens[1]);
      const ok = await t.call('POST', '/api/v1/setup', null, admin(tokens[winner] ?? null, 'Ada'));
      expect(ok.status).toBe(201);
      expect(ok.body.user).toMatchObject({ email: 'ada@ourco.example', role: 'admin' });
      const other = await t.call('POST', '/api/v1/setup', null, admin(tokens[1 - winner] ?? null, 'Eve'));
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe('setup_not_available');
      const users = await t.db.kysely.selectFrom('users').select('email').execute();
      expect(users).toEqual([{ email: 'ada@ourco.example' }]);
      // A restart after setup prints no link and leaves no setup token behind.
      expect(await ensureSetupToken(t.db.kysely)).toBeNull();
      const left = await t.db.kysely
        .selectFrom('meta')
        .select('key')
        .where('key', 'like', 'setup%')
        .execute();
      expect(left).toEqual([]);
    });

    it('should create exactly one admin when two instances complete setup with different tokens at once', async () => {
      const t = await testApp(dialect);
      const second = createApp({ db: t.db, env: t.env });
      const tokens = [await ensureSetupToken(t.db.kysely), await ensureSetupToken(t.db.kysely)];
      const post = (app: typeof second, token: string | null, name: string) =>
        app.request('/api/v1/setup', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(admin(token, name)),
        });
      const results = await Promise.all([
        post(t.app, tokens[0] ?? null, 'Ada'),
        post(second, tokens[1] ?? null, 'Eve'),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      const users = await t.db.kysely.selectFrom('users').select('role').execute();
      expect(users).toEqual([{ role: 'admin' }]);
      const setups = await t.db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'setup');
      expect(await setups.execute()).toHaveLength(1);
    });

    it('should refuse an expired link while a newer one still works', async () => {
      const t = await testApp(dialect);
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() - (SETUP_TOKEN_DAYS + 1) * 86_400_000);
      const old = await ensureSetupToken(t.db.kysely);
      vi.useRealTimers();
      const expired = await t.call('POST', '/api/v1/setup', null, admin(old, 'Ada'));
      expect(expired.status).toBe(401);
      expect(expired.body.error.message).toContain('expired');
      const fresh = await ensureSetupToken(t.db.kysely);
      expect((await t.call('POST', '/api/v1/setup', null, admin(fresh, 'Ada'))).status).toBe(201);
    });
  });
}
