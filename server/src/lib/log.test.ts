import { describe, expect, it } from 'vitest';

import { createLogger } from './log';

const TOKEN = `rpt_${'A1b2C3d4'.repeat(5)}xyz`;

function logged(f: (log: ReturnType<typeof createLogger>) => void): string {
  const lines: string[] = [];
  f(createLogger('debug', (line) => lines.push(line)));
  return lines.join('');
}

describe('the server log', () => {
  it('should redact Authorization and Cookie headers, at any depth', () => {
    const out = logged((log) =>
      log.warn('request failed', {
        headers: { authorization: `Bearer ${TOKEN}`, cookie: 'rapport_console=abcdefghijkl123' },
        Authorization: `Bearer ${TOKEN}`,
        nested: [{ csrf: 'c5a9f0e1d2c3b4a5' }],
      }),
    );
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('abcdefghijkl123');
    expect(out).not.toContain('c5a9f0e1d2c3b4a5');
    expect(JSON.parse(out).headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]' });
  });

  it('should redact token= query values, bearer tokens and session cookies inside text', () => {
    const out = logged((log) =>
      log.error(`GET /admin/invite?token=${TOKEN}&x=1 failed`, {
        url: `/setup?token=s3cr3tSetupValue99`,
        error: `Error: bad header "Bearer ${TOKEN}" with cookie rapport_console=zzzzzzzzzzzz9; path=/admin`,
        form: 'name=Ada&token=inviteSecret123456',
      }),
    );
    for (const secret of [TOKEN, 's3cr3tSetupValue99', 'zzzzzzzzzzzz9', 'inviteSecret123456']) {
      expect(out).not.toContain(secret);
    }
    const line = JSON.parse(out);
    expect(line.msg).toBe('GET /admin/invite?token=[redacted]&x=1 failed');
    expect(line.url).toBe('/setup?token=[redacted]');
    expect(line.form).toBe('name=Ada&token=[redacted]');
  });

  it('should keep what is not secret', () => {
    const line = JSON.parse(
      logged((log) => log.info('request', { method: 'GET', path: '/api/v1/me', status: 200 })),
    );
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'GET',
      path: '/api/v1/me',
      status: 200,
    });
  });
});
