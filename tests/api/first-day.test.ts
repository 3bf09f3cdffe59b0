import { join } from 'node:path';

import { zLookupResponse } from '@rapport/shared';
import { afterEach, describe, expect, it } from 'vitest';

import { type ServerProcess, startServe, tempDir } from './cli-process';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/**
 * The "done when", end to end over HTTP against the real server process on a SQLite file: the first
 * admin, a key account with two domains and an owner, two stakeholders, and a lookup from a subdomain.
 */
describe('a self-hosting admin on day one', { timeout: 60_000 }, () => {
  it('should find the key account, its owner and stakeholders for an address at a subdomain', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const server: ServerProcess = await startServe(join(dir, 'rapport.db'));
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
      const json: any = res.status === 204 ? null : await res.json();
      return { status: res.status, body: json };
    }

    const setupToken = /setup\?token=([\w-]+)/.exec(server.stdout())?.[1];
    const setup = await api('POST', '/setup', null, {
      token: setupToken,
      name: 'Ada Admin',
      email: 'ada@ourco.example',
      password: 'correct horse battery',
    });
    expect(setup.status).toBe(201);
    const login = await api('POST', '/auth/login', null, {
      email: 'ADA@ourco.example',
      password: 'correct horse battery',
    });
    expect(login.status).toBe(200);
    const admin = login.body.token as string;

    const marta = await api('POST', '/users', admin, {
      email: 'marta@ourco.example',
      name: 'Marta Rossi',
      role: 'account_manager',
      password: 'another long password',
    });
    expect(marta.status).toBe(201);
    const luca = await api('POST', '/users', admin, {
      email: 'luca@ourco.example',
      name: 'Luca Verdi',
      role: 'sales_rep',
      password: 'yet another password',
    });
    expect(
      (await api('PATCH', '/settings', admin, { version: 1, companyDomains: ['ourco.example'] })).status,
    ).toBe(200);

    const account = await api('POST', '/accounts', admin, {
      name: 'Acme Industries',
      domains: ['acme.com', 'acme-industries.it'],
      status: 'customer',
      tier: 'key',
      ownerId: marta.body.id,
    });
    expect(account.status).toBe(201);
    const cfo = await api('POST', '/contacts', admin, {
      accountId: account.body.id,
      name: 'Giulia Neri',
      title: 'CFO',
      emails: ['giulia.neri@acme.com'],
      roles: ['economic_buyer'],
      stance: 'supporter',
      influence: 'high',
      relationshipOwnerId: marta.body.id,
    });
    const buyer = await api('POST', '/contacts', admin, {
      accountId: account.body.id,
      name: 'Paolo Gallo',
      title: 'Purchasing manager',
      emails: ['p.gallo@acme-industries.it'],
      roles: ['purchasing'],
      stance: 'skeptic',
      influence: 'medium',
      reportsToId: cfo.body.id,
    });
    expect([cfo.status, buyer.status]).toEqual([201, 201]);

    const rep = await api('POST', '/auth/login', null, {
      email: 'luca@ourco.example',
      password: 'yet another password',
    });
    expect(luca.status).toBe(201);
    const lookup = await api('POST', '/lookup', rep.body.token, {
      emails: [
        'someone.new@eu.sales.acme.com',
        'Giulia.Neri@acme.com',
        'marta@ourco.example',
        'friend@gmail.com',
      ],
    });
    expect(lookup.status).toBe(200);
    const body = zLookupResponse.parse(lookup.body);
    expect(body.results.map((r) => [r.match, r.accountId])).toEqual([
      ['domain', account.body.id],
      ['email', account.body.id],
      ['internal', null],
      ['none', null],
    ]);
    expect(body.results[1]?.contactId).toBe(cfo.body.id);
    expect(body.accounts).toHaveLength(1);
    const acme = body.accounts[0];
    expect(acme).toMatchObject({
      name: 'Acme Industries',
      tier: 'key',
      owner: { name: 'Marta Rossi', email: 'marta@ourco.example', role: 'account_manager' },
      ownership: { relation: 'other', message: 'Key account, owned by Marta Rossi' },
      stakeholderCount: 2,
    });
    expect(acme?.stakeholders.map((s) => [s.name, s.roles, s.stance, s.influence])).toEqual([
      ['Giulia Neri', ['economic_buyer'], 'supporter', 'high'],
      ['Paolo Gallo', ['purchasing'], 'skeptic', 'medium'],
    ]);
  });
});
