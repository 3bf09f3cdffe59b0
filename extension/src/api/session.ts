import { zLoginResponse, zUser } from '@rapport/shared';

import { browser, storage } from '#imports';
import { m } from '../i18n/deploy';
import { readManagedPolicy } from '../managed-policy';
import { announceSessionChange, type Connection, type RapportError, type Status } from '../messaging';
import { endedSession, type Session, serverUrl, session, settingsCache } from '../storage';
import { api, send } from './client';
import { apiError, fail, fromHttp, RapportFailure, toRapportError } from './errors';
import { isPreGranted, normalizeServerUrl, originPattern } from './server-url';
import { liveSession } from './session-store';

/**
 * Checks that `origin` is a Rapport server: `GET /healthz` must answer `{ ok: true }`.
 * @example await probeServer('http://localhost:8787') // throws 'unreachable' or 'not_rapport' otherwise
 */
export async function probeServer(origin: string): Promise<void> {
  const { body } = await send(origin, '/healthz', { timeoutMs: 5000 });
  const ok = (body as { ok?: unknown } | undefined)?.ok;
  if (typeof ok !== 'boolean') {
    fail('not_rapport', m.common.errors.notRapportProbe(origin));
  }
  if (!ok) fail('server', m.common.errors.serverNoDatabase(origin));
}

/**
 * Signs in: normalises the URL, checks the host permission (the options page asked for it) and `/healthz`,
 * then `POST /auth/login`. Stores the session and answers the new status.
 * @example await signIn({ serverUrl: 'rapport.example.com', email, password })
 */
export async function signIn(input: { serverUrl: string; email: string; password: string }): Promise<Status> {
  const url = normalizeServerUrl(input.serverUrl);
  if (!url.ok)
    return fail('validation', url.message, { issues: [{ path: 'serverUrl', message: url.message }] });
  const origin = url.origin;
  const policy = await readManagedPolicy();
  if (policy.locked && policy.serverUrl && origin !== policy.serverUrl) {
    const message = m.deploy.lockedServer(policy.serverUrl);
    fail('validation', message, { issues: [{ path: 'serverUrl', message }] });
  }
  if (!isPreGranted(origin) && !(await browser.permissions.contains({ origins: [originPattern(origin)] }))) {
    fail('forbidden', m.common.errors.needPermission(origin));
  }
  await probeServer(origin);
  const { status, body } = await send(origin, '/api/v1/auth/login', {
    method: 'POST',
    body: { email: input.email.trim(), password: input.password },
  });
  // The server's words ("Wrong email or password", "This account is deactivated; ask an admin").
  if (status === 401) fail('validation', sentence(apiError(body)?.message ?? m.common.errors.wrongPassword));
  if (status === 400) {
    fail('validation', m.common.errors.invalidSignIn, apiError(body)?.details);
  }
  if (status !== 200) throw new RapportFailure(fromHttp(status, body, origin));
  const login = zLoginResponse.safeParse(body);
  if (!login.success) return fail('not_rapport', m.common.errors.notRapport(origin));
  const { id, name, email, role } = login.data.user;
  const fresh: Session = {
    serverUrl: origin,
    token: login.data.token,
    user: { id, name, email, role },
    expiresAt: login.data.expiresAt,
  };
  const previous = await session.getValue();
  await storage.setItems([
    { item: session, value: fresh },
    { item: serverUrl, value: origin },
    { item: endedSession, value: null },
    { item: settingsCache, value: null },
  ]);
  // A session this one replaces is revoked, not left valid on its server (best effort).
  if (previous) void revoke(previous);
  void announceSessionChange();
  return readStatus(false);
}

function revoke(old: Session): Promise<unknown> {
  return api(old, '/auth/logout', null, { method: 'POST', timeoutMs: 3000 }).catch(() => undefined);
}

/**
 * Signs out: revokes the token on the server (best effort: a server that is down cannot keep us signed in)
 * and forgets the session and cached settings. The server URL stays to prefill the form.
 */
export async function signOut(): Promise<Status> {
  const current = await session.getValue();
  if (current) await revoke(current);
  await storage.setItems([
    { item: session, value: null },
    { item: endedSession, value: null },
    { item: settingsCache, value: null },
  ]);
  void announceSessionChange();
  return readStatus(false);
}

/**
 * The connection state. With `check`, also asks the server (`/healthz`, then `/me`, which refreshes the
 * stored name and role); a rejected token ends the session and the answer is signed out, with `ended` set.
 */
export async function readStatus(check: boolean): Promise<Status> {
  const current = await liveSession();
  if (!current) {
    return { signedIn: false, serverUrl: await serverUrl.getValue(), ended: await endedSession.getValue() };
  }
  const base = {
    signedIn: true as const,
    serverUrl: current.serverUrl,
    user: current.user,
    expiresAt: current.expiresAt,
  };
  if (!check) return base;
  let connection: Connection = { ok: true };
  try {
    await probeServer(current.serverUrl);
    const me = await api(current, '/me', zUser);
    const user = { id: me.id, name: me.name, email: me.email, role: me.role };
    await session.setValue({ ...current, user });
    return { ...base, user, connection };
  } catch (err) {
    const error: RapportError = toRapportError(err);
    if (error.code === 'expired') return readStatus(false);
    connection = { ok: false, error };
  }
  return { ...base, connection };
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
