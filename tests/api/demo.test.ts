import { join } from 'node:path';

import { USER_ROLES, zLookupResponse } from '@rapport/shared';
import { afterEach, describe, expect, it } from 'vitest';

import { DEMO_PASSWORD as PASSWORD } from '../../server/src/cli/demo-data';
import { cliEnv, runCli, type ServerProcess, startServe, tempDir } from './cli-process';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

// `pnpm rapport demo` on a SQLite file, then the real server on that file: what a newcomer does first.
describe('rapport demo', { timeout: 60_000 }, () => {
  it('should load the demo once, print the sign-ins, and show a rep who owns a key account', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const dbFile = join(dir, 'rapport.db');

    const first = await runCli(['demo'], cliEnv(dbFile));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('Loaded the demo organisation');
    const rows = first.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^EMAIL\s+PASSWORD\s+ROLE\s+NAME$/);
    for (const role of USER_ROLES) {
      expect(first.stdout).toMatch(new RegExp(`@northpeak\\.example\\s+${PASSWORD}\\s+${role}\\s`));
    }

    // Run again: nothing changes, the same sign-ins are printed.
    const second = await runCli(['demo'], cliEnv(dbFile));
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('already');
    expect(second.stdout).toBe(first.stdout);

    const server: ServerProcess = await startServe(dbFile);
    cleanups.push(() => server.stop());
    async function api(method: string, path: string, token: string | null, body?: unknown) {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
      const json: any = await res.json();
      return { status: res.status, body: json };
    }
    const signIn = async (email: string) => {
      const res = await api('POST', '/auth/login', null, { email, password: PASSWORD });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.token as string;
    };
    // The demo users exist, so the server offers no setup link.
    expect(server.stdout()).not.toContain('setup?token=');

    // Lena, a sales rep who is not assigned to Kestrel, writes to someone new there.
    const lena = await signIn('lena@northpeak.example');
    const lookup = await api('POST', '/lookup', lena, {
      emails: [
        'new.buyer@kestrel-aero.example',
        'helena.brandt@kestrel-aero.example',
        'someone@nordics.orbis-logistics.example',
        'marta@northpeak.example',
      ],
    });
    expect(lookup.status).toBe(200);
    const answer = zLookupResponse.parse(lookup.body);
    const [byDomain, byEmail, subsidiary, colleague] = answer.results;
    expect(byDomain).toMatchObject({ match: 'domain' });
    expect(byEmail).toMatchObject({ match: 'email', accountId: byDomain?.accountId });
    expect(colleague).toMatchObject({ match: 'internal' });
    const kestrel = answer.accounts.find((a) => a.id === byDomain?.accountId);
    expect(kestrel).toMatchObject({
      name: 'Kestrel Aerostructures',
      tier: 'key',
      owner: { name: 'Marta Rossi', role: 'account_manager' },
      ownership: { relation: 'other', message: 'Key account, owned by Marta Rossi' },
    });
    expect(kestrel?.openOpportunities.map((o) => o.title).sort()).toEqual([
      'Bearings supply contract 2026–2028',
      'Linear guides for the A-line retrofit',
    ]);
    expect(kestrel?.stakeholders.find((s) => s.name === 'Helena Brandt')).toMatchObject({
      roles: expect.arrayContaining(['economic_buyer', 'executive_sponsor']),
      stance: 'supporter',
      influence: 'high',
    });
    // The subsidiary on a subdomain of the group's domain is its own account, not the group.
    expect(answer.accounts.find((a) => a.id === subsidiary?.accountId)?.name).toBe('Orbis Logistics Nordics');

    // Search finds what the demo wrote (the index is right), once each after two runs.
    const search = await api('GET', '/search?q=kestrel', lena);
    expect(search.status).toBe(200);
    expect(
      search.body.items.filter((h: { type: string; name: string }) => h.name === 'Kestrel Aerostructures'),
    ).toHaveLength(1);

    // Nothing is duplicated, and the audit log records the loading (by the command line: no user).
    const ada = await signIn('ada@northpeak.example');
    const users = await api('GET', '/users', ada);
    expect(users.body.items).toHaveLength(8);
    const accounts = await api('GET', '/accounts?limit=200', ada);
    expect(accounts.body.items).toHaveLength(7);
    const audit = await api('GET', `/audit?entity=account&entityId=${kestrel?.id}`, ada);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'create', userId: null })]);
  });
});
