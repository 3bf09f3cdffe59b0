import { describe, expect, it } from 'vitest';

import { consoleBrowser, textOf } from '../admin/test-kit';
import { DIALECTS, testApp } from '../test/harness';

const MINUTE = 60_000;

/** A test app whose clock (`deps.now`, which the rate limits follow) moves only when told to. */
async function clocked(dialect: (typeof DIALECTS)[number], env: Parameters<typeof testApp>[1] = {}) {
  let at = Date.parse('2027-03-01T09:00:00Z');
  const t = await testApp(dialect, { RAPPORT_TRUST_PROXY: true, ...env }, { now: () => new Date(at) });
  const advance = (ms: number) => {
    at += ms;
  };
  /** A JSON request from a client address (behind the trusted proxy, the last X-Forwarded-For entry). */
  const from = async (ip: string, method: string, path: string, body: unknown, token?: string) => {
    const res = await t.app.request(path, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': ip,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as any };
  };
  return { t, advance, from };
}

/** A 429 as the API answers it: Retry-After in seconds within the window, and the error shape. */
function expectLimited(res: { status: number; headers: Headers; body: unknown }, windowMs: number) {
  expect(res.status).toBe(429);
  const retry = Number(res.headers.get('retry-after'));
  expect(retry).toBeGreaterThan(0);
  expect(retry).toBeLessThanOrEqual(windowMs / 1000);
  expect((res.body as { error: unknown }).error).toMatchObject({
    code: 'rate_limited',
    message: `Too many attempts; try again in ${retry} seconds`,
    details: { retryAfterSeconds: retry },
  });
}

for (const dialect of DIALECTS) {
  describe(`rate limits (${dialect})`, () => {
    it('should refuse sign-in to one account after 10 wrong passwords, the right one too, until the window ends', async () => {
      const { t, advance, from } = await clocked(dialect);
      const rep = await t.user('sales_rep');
      for (let i = 0; i < 10; i++) {
        const ip = `10.0.0.${i + 1}`; // many addresses: the limit is per account as well
        const wrong = await from(ip, 'POST', '/api/v1/auth/login', {
          email: rep.email,
          password: 'not it at all',
        });
        expect(wrong.status).toBe(401);
      }
      const right = { email: rep.email, password: 'password-sales_rep' };
      expectLimited(await from('10.0.1.1', 'POST', '/api/v1/auth/login', right), 15 * MINUTE);
      // Someone else signs in meanwhile.
      const other = await t.user('viewer');
      const theirs = { email: other.email, password: 'password-viewer' };
      expect((await from('10.0.1.1', 'POST', '/api/v1/auth/login', theirs)).status).toBe(200);
      advance(15 * MINUTE);
      expect((await from('10.0.1.1', 'POST', '/api/v1/auth/login', right)).status).toBe(200);
    });

    it('should refuse sign-in from one address over its limit, for any account, until the window ends', async () => {
      const { t, advance, from } = await clocked(dialect, { RAPPORT_LOGIN_LIMIT_PER_ADDRESS: 3 });
      const users = [await t.user('viewer'), await t.user('marketing'), await t.user('coordinator')];
      const login = (ip: string, u: (typeof users)[number]) =>
        from(ip, 'POST', '/api/v1/auth/login', { email: u.email, password: `password-${u.role}` });
      for (const u of users) expect((await login('192.0.2.7', u)).status).toBe(200);
      const fourth = await t.user('viewer');
      expectLimited(await login('192.0.2.7', fourth), 15 * MINUTE);
      expect((await login('192.0.2.8', fourth)).status).toBe(200);
      advance(15 * MINUTE - 1000);
      expectLimited(await login('192.0.2.7', fourth), 15 * MINUTE);
      advance(1000);
      expect((await login('192.0.2.7', fourth)).status).toBe(200);
    });

    it("should show the console's sign-in form a readable 429 and let the person in after the window", async () => {
      const { t, advance } = await clocked(dialect);
      const admin = await t.user('admin');
      const b = consoleBrowser(t.app);
      for (let i = 0; i < 10; i++) {
        const got = await b.post('/admin/sign-in', { email: admin.email, password: 'wrong password' });
        expect(got.status).toBe(401);
      }
      const limited = await b.post('/admin/sign-in', { email: admin.email, password: 'password-admin' });
      expect(limited.status).toBe(429);
      const retry = Number(limited.headers.get('retry-after'));
      expect(retry).toBeGreaterThan(0);
      expect(textOf(limited.html)).toContain(`Too many attempts; try again in ${retry} seconds`);
      // The API shares the count: the same account is limited there too.
      const api = await t.call('POST', '/api/v1/auth/login', null, {
        email: admin.email,
        password: 'password-admin',
      });
      expect(api.status).toBe(429);
      advance(15 * MINUTE);
      expect((await b.signIn(admin)).status).toBe(200);
    });

    it('should limit personal tokens made per user (API and console together) and lift it after an hour', async () => {
      const { t, advance, from } = await clocked(dialect);
      const rep = await t.user('sales_rep');
      for (let i = 0; i < 19; i++) {
        expect((await from('10.1.0.1', 'POST', '/api/v1/tokens', { name: `t${i}` }, rep.token)).status).toBe(
          201,
        );
      }
      const b = consoleBrowser(t.app);
      await b.signIn(rep);
      await b.get('/admin/tokens');
      expect((await b.post('/admin/tokens', { name: 'twentieth' })).status).toBe(303);
      await b.get('/admin/tokens');
      const page = await b.post('/admin/tokens', { name: 'one too many' });
      expect(page.status).toBe(429);
      const retry = Number(page.headers.get('retry-after'));
      expect(retry).toBeGreaterThan(0);
      expect(textOf(page.html)).toContain(`Too many attempts; try again in ${retry} seconds`);
      expectLimited(await from('10.1.0.2', 'POST', '/api/v1/tokens', { name: 'x' }, rep.token), 60 * MINUTE);
      const made = await t.db.kysely
        .selectFrom('api_tokens')
        .select('id')
        .where('kind', '=', 'personal')
        .execute();
      expect(made).toHaveLength(20);
      advance(60 * MINUTE);
      expect((await from('10.1.0.2', 'POST', '/api/v1/tokens', { name: 'later' }, rep.token)).status).toBe(
        201,
      );
    });

    it('should limit personal tokens made from one address across users', async () => {
      const { t, advance, from } = await clocked(dialect);
      const users = [
        await t.user('viewer'),
        await t.user('marketing'),
        await t.user('coordinator'),
        await t.user('admin'),
      ];
      for (const u of users) {
        for (let i = 0; i < 15; i++) {
          expect(
            (await from('198.51.100.4', 'POST', '/api/v1/tokens', { name: `t${i}` }, u.token)).status,
          ).toBe(201);
        }
      }
      const fifth = await t.user('sales_rep');
      expectLimited(
        await from('198.51.100.4', 'POST', '/api/v1/tokens', { name: 'x' }, fifth.token),
        60 * MINUTE,
      );
      expect((await from('198.51.100.5', 'POST', '/api/v1/tokens', { name: 'x' }, fifth.token)).status).toBe(
        201,
      );
      advance(60 * MINUTE);
      expect((await from('198.51.100.4', 'POST', '/api/v1/tokens', { name: 'y' }, fifth.token)).status).toBe(
        201,
      );
    });

    it('should limit tries of invite and reset links per address and per link', async () => {
      const { t, advance, from } = await clocked(dialect);
      const admin = await t.user('admin');
      const invited = await t.call('POST', '/api/v1/invites', admin, {
        email: 'new@ourco.example',
        role: 'viewer',
      });
      const token = invited.body.token as string;
      // One address guessing links: ten unknown links, then even the right one waits.
      for (let i = 0; i < 10; i++) {
        const guess = {
          token: `rpt_${String(i).padStart(43, 'x')}`,
          name: 'Mallory',
          password: 'a long password',
        };
        expect((await from('203.0.113.9', 'POST', '/api/v1/invites/accept', guess)).status).toBe(404);
      }
      const accept = { token, name: 'Nina', password: 'a long password' };
      expectLimited(await from('203.0.113.9', 'POST', '/api/v1/invites/accept', accept), 15 * MINUTE);
      // The console's link form shares the count and says so in words.
      const b = consoleBrowser(t.app);
      const page = await b.post(
        '/admin/invite',
        { token, name: 'Nina', password: 'a long password', passwordRepeat: 'a long password' },
        { 'x-forwarded-for': '203.0.113.9' },
      );
      expect(page.status).toBe(429);
      expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(textOf(page.html)).toContain('Too many attempts; try again in');
      expect((await from('203.0.113.10', 'POST', '/api/v1/invites/accept', accept)).status).toBe(201);

      // One reset link tried from many addresses: limited per link.
      const target = await t.user('viewer');
      const reset = await t.call('POST', `/api/v1/users/${target.id}/password-reset`, admin);
      const link = { token: reset.body.token as string, password: 'short' };
      for (let i = 0; i < 10; i++) {
        expect((await from(`100.64.0.${i + 1}`, 'POST', '/api/v1/password-reset', link)).status).toBe(400);
      }
      const good = { token: link.token, password: 'a long new password' };
      // Validation comes first (a malformed request is a 400 whoever sends it): those ten were not counted.
      expect((await from('100.64.2.1', 'POST', '/api/v1/password-reset', good)).status).toBe(200);
      // Used now: tries of it from new addresses are refused as used, and the eleventh use of the link waits.
      for (let i = 0; i < 9; i++) {
        expect((await from(`100.64.3.${i + 1}`, 'POST', '/api/v1/password-reset', good)).status).toBe(409);
      }
      expectLimited(await from('100.64.4.1', 'POST', '/api/v1/password-reset', good), 15 * MINUTE);
      advance(15 * MINUTE);
      expect((await from('100.64.4.1', 'POST', '/api/v1/password-reset', good)).status).toBe(409);
    });
  });
}
