import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { type ServerProcess, startServe, tempDir } from './cli-process';

const running: ServerProcess[] = [];
const dirs: Array<() => void> = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
  for (const cleanup of dirs.splice(0)) cleanup();
});

async function serve(dbFile: string): Promise<ServerProcess> {
  const server = await startServe(dbFile);
  running.push(server);
  return server;
}

function freshDbFile(): string {
  const { dir, cleanup } = tempDir();
  dirs.push(cleanup);
  return join(dir, 'rapport.db');
}

async function post(url: string, body: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  const json: any = await res.json();
  return { status: res.status, body: json };
}

// Real processes that load the server's TypeScript through tsx: 1 to 3 s each on a busy machine.
describe('rapport serve', { timeout: 60_000 }, () => {
  it('should print a one-time setup link that creates the first admin, who can then sign in', async () => {
    const server = await serve(freshDbFile());
    expect(server.stdout()).toContain(`Rapport is listening on ${server.url}`);
    const link = /(http:\/\/\S+\/setup\?token=([\w-]+))/.exec(server.stdout());
    expect(link, server.stdout()).not.toBeNull();
    expect(server.stdout()).toContain('pnpm rapport user create --role admin');
    const setupToken = link?.[2] ?? '';

    const page = await fetch(link?.[1] ?? '');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Create the first administrator');

    const admin = { name: 'Ada Lovelace', email: 'ada@ourco.example', password: 'correct horse battery' };
    const setup = await post(`${server.url}/api/v1/setup`, { token: setupToken, ...admin });
    expect(setup.status).toBe(201);
    expect(setup.body.user).toMatchObject({ email: admin.email, role: 'admin' });

    const again = await post(`${server.url}/api/v1/setup`, { token: setupToken, ...admin });
    expect(again.status).toBe(409);

    const login = await post(`${server.url}/api/v1/auth/login`, {
      email: admin.email,
      password: admin.password,
    });
    expect(login.status).toBe(200);
    const me = await fetch(`${server.url}/api/v1/me`, {
      headers: { authorization: `Bearer ${login.body.token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: admin.email, name: admin.name, role: 'admin' });

    expect(await server.stop()).toBe(0);
    expect(server.stderr()).not.toMatch(/error/i);
  });

  it('should read JSON bodies off the socket: 413 over RAPPORT_BODY_LIMIT with or without Content-Length', async () => {
    const { dir, cleanup } = tempDir();
    dirs.push(cleanup);
    const server = await startServe(join(dir, 'rapport.db'), { RAPPORT_BODY_LIMIT: '2048' });
    running.push(server);
    const token = /setup\?token=([\w-]+)/.exec(server.stdout())?.[1];
    const big = JSON.stringify({ token, name: 'x'.repeat(3000), email: 'ada@ourco.example', password: 'p' });
    const sized = await fetch(`${server.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    const chunked = await fetch(`${server.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    for (const res of [sized, chunked]) {
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: unknown }).error).toMatchObject({
        code: 'payload_too_large',
        details: { limitBytes: 2048 },
      });
    }
    const malformed = await fetch(`${server.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"token":',
    });
    expect(malformed.status).toBe(400);
    const admin = { name: 'Ada', email: 'ada@ourco.example', password: 'correct horse battery' };
    expect((await post(`${server.url}/api/v1/setup`, { token, ...admin })).status).toBe(201);
  });

  it('should keep the data across a restart and print no setup link once an admin exists', async () => {
    const dbFile = freshDbFile();
    const first = await serve(dbFile);
    const token = /setup\?token=([\w-]+)/.exec(first.stdout())?.[1];
    const admin = { name: 'Ada', email: 'ada@ourco.example', password: 'correct horse battery' };
    expect((await post(`${first.url}/api/v1/setup`, { token, ...admin })).status).toBe(201);
    expect(await first.stop()).toBe(0);

    const second = await serve(dbFile);
    expect(second.stdout()).not.toContain('setup?token=');
    const login = await post(`${second.url}/api/v1/auth/login`, {
      email: admin.email,
      password: admin.password,
    });
    expect(login.status).toBe(200);
    expect(await second.stop()).toBe(0);
  });
});
