import { storage } from '#imports';
import { m } from '../i18n';
import { announceSessionChange } from '../messaging';
import { endedSession, type Session, session, settingsCache } from '../storage';
import { fail } from './errors';

/**
 * The stored session, or null. A token past its expiry is not worth sending: it is ended here, as the
 * server would end it.
 */
export async function liveSession(): Promise<Session | null> {
  const current = await session.getValue();
  if (!current?.expiresAt || Date.parse(current.expiresAt) > Date.now()) return current;
  await expireSession(current);
  return null;
}

/**
 * The current session, or a typed failure: 'expired' when the server ended it (so the overlay says "Sign in
 * again"), else 'signed_out'. Nothing is sent anywhere without one.
 * @example const s = await currentSession(); await api(s, '/me', zUser)
 */
export async function currentSession(): Promise<Session> {
  const current = await liveSession();
  if (current) return current;
  if (await endedSession.getValue()) fail('expired', m.common.errors.sessionEnded);
  return fail('signed_out', m.common.errors.notConnected);
}

/** Forgets a session the server rejected, unless a newer sign-in has replaced it meanwhile. */
export async function expireSession(rejected: Session): Promise<void> {
  const current = await session.getValue();
  if (current?.token !== rejected.token) return;
  await storage.setItems([
    { item: session, value: null },
    { item: settingsCache, value: null },
    {
      item: endedSession,
      value: { serverUrl: rejected.serverUrl, email: rejected.user.email, at: new Date().toISOString() },
    },
  ]);
  void announceSessionChange(); // open overlays say "Sign in again" rather than show what they last knew
}
