import { describe, expect, it } from 'vitest';

import { ensureSetupToken } from '../auth/setup';
import { DIALECTS, testApp } from '../test/harness';

for (const dialect of DIALECTS) {
  describe(`setup (${dialect})`, () => {
    it('should create the first admin once with the printed token and refuse a second time', async () => {
      const t = await testApp(dialect);
      expect((await t.call('GET', '/api/v1/setup', null)).body).toEqual({ required: true });
      const token = await ensureSetupToken(t.db.kysely);
      expect(token).toBeTruthy();
      const wrong = await t.call('POST', '/api/v1/setup', null, {
        token: 'nope',
        name: 'Ada',
        email: 'ada@ourco.example',
        password: 'a long password',
      });
      expect(wrong.status).toBe(401);
      const ok = await t.call('POST', '/api/v1/setup', null, {
        token,
        name: 'Ada',
        email: 'Ada@OurCo.example',
        password: 'a long password',
      });
      expect(ok.status).toBe(201);
      expect(ok.body.user).toMatchObject({ email: 'ada@ourco.example', role: 'admin', active: true });
      const me = await t.app.request('/api/v1/me', { headers: { authorization: `Bearer ${ok.body.token}` } });
      expect(me.status).toBe(200);
      const again = await t.call('POST', '/api/v1/setup', null, {
        token,
        name: 'Eve',
        email: 'eve@ourco.example',
        password: 'a long password',
      });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('setup_not_available');
      expect((await t.call('GET', '/api/v1/setup', null)).body).toEqual({ required: false });
    });

    it('should reject a short password with the offending field', async () => {
      const t = await testApp(dialect);
      const token = await ensureSetupToken(t.db.kysely);
      const res = await t.call('POST', '/api/v1/setup', null, {
        token,
        name: 'Ada',
        email: 'ada@ourco.example',
        password: 'short',
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.issues).toEqual([expect.objectContaining({ path: 'password' })]);
    });
  });
}

describe('setup page', () => {
  it('should explain where the link comes from when opened without its token', async () => {
    const t = await testApp('sqlite');
    const res = await t.app.request('/setup');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Open the one-time link the server printed');
  });

  it('should create the admin from the plain form and refuse a wrong token without losing what was typed', async () => {
    const t = await testApp('sqlite');
    const token = await ensureSetupToken(t.db.kysely);
    const post = (fields: Record<string, string>) =>
      t.app.request('/setup', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const wrong = await post({
      token: 'nope',
      name: 'Ada',
      email: 'ada@ourco.example',
      password: 'a long password',
    });
    expect(wrong.status).toBe(400);
    const page = await wrong.text();
    expect(page).toContain('not valid');
    expect(page).toContain('value="ada@ourco.example"');
    const ok = await post({
      token: token ?? '',
      name: 'Ada',
      email: 'ada@ourco.example',
      password: 'a long password',
    });
    expect(ok.status).toBe(201);
    expect(await ok.text()).toContain('You are the administrator');
  });
});
