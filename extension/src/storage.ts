import type { UserRef } from '@rapport/shared';

import { storage } from '#imports';

/*
 * Everything the extension keeps between browser sessions. `local:` storage belongs to one browser profile
 * and is not synced, so a session token never leaves the machine it was issued to. It is readable by the
 * extension's own pages, service worker and content scripts (which run isolated from the host page), never
 * by the web page itself. Only the background reads the token: others ask it through `src/messaging.ts`.
 */

/** A signed-in session; the token is only ever sent to the `serverUrl` that issued it. */
export interface Session {
  /** The server's origin, e.g. `https://rapport.example.com` (no trailing slash, no path). */
  serverUrl: string;
  token: string;
  user: UserRef;
  /** When the server will reject the token (ISO timestamp); null for a token that lasts until revoked. */
  expiresAt: string | null;
}

/** Settings the content scripts need to tell colleagues and webmail from accounts. */
export interface CachedSettings {
  companyDomains: string[];
  personalDomains: string[];
  /** When they were fetched (epoch ms), so the background knows when to refresh them. */
  fetchedAt: number;
  /** The server they came from; a cache from another server is ignored. */
  serverUrl: string;
}

/** Why the last session ended without the person asking: the server rejected the token. */
export interface EndedSession {
  serverUrl: string;
  email: string;
  /** When it was noticed (ISO timestamp). */
  at: string;
}

/** The server URL last entered in the options page; kept after sign-out to prefill the form. */
export const serverUrl = storage.defineItem<string | null>('local:serverUrl', { fallback: null });

/** The current session (token, user, expiry), or null when signed out. */
export const session = storage.defineItem<Session | null>('local:session', { fallback: null });

/** Set when the server rejected the token (401) so the overlay says "Sign in again"; cleared at sign-in/out. */
export const endedSession = storage.defineItem<EndedSession | null>('local:endedSession', { fallback: null });

/** The server's company and personal domains with their fetch time; cleared at sign-out. */
export const settingsCache = storage.defineItem<CachedSettings | null>('local:settingsCache', {
  fallback: null,
});

/** Whether the overlay panel is collapsed, per Rapport user id (two people may share a browser profile). */
export const panelCollapsed = storage.defineItem<Record<string, boolean>>('local:panelCollapsed', {
  fallback: {},
});

/**
 * Whether this user last left the overlay panel collapsed.
 * @example if (await isPanelCollapsed(user.id)) …
 */
export async function isPanelCollapsed(userId: string): Promise<boolean> {
  return (await panelCollapsed.getValue())[userId] ?? false;
}

/**
 * Remembers the panel state for this user only.
 * @example await setPanelCollapsed(user.id, true)
 */
export async function setPanelCollapsed(userId: string, collapsed: boolean): Promise<void> {
  const all = await panelCollapsed.getValue();
  await panelCollapsed.setValue({ ...all, [userId]: collapsed });
}

/** The writes the queue may hold (issue 8): each is a request type of `src/messaging.ts`. */
export type QueuedWriteType =
  | 'createAccount'
  | 'createContact'
  | 'updateContact'
  | 'updateAccount'
  | 'savePlan'
  | 'logTouch'
  | 'deleteTouch'
  | 'acknowledgeOpportunity';

/**
 * A write the server did not take yet (unreachable, or the session ended): only the request itself, sent
 * again as it was, with the same `Idempotency-Key` (`id`), so the server applies it once.
 */
export interface PendingWrite {
  /** The Idempotency-Key, made once when the person acted. */
  id: string;
  type: QueuedWriteType;
  /** The server and user (email) it was made for; another user signed in does not send it. */
  serverUrl: string;
  user: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below `/api/v1`, e.g. `/contacts`. */
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  /** A few words saying what it is (a name, a subject), as the person typed them. */
  subject: string;
  /** When the person acted (epoch ms). */
  createdAt: number;
  /** Failed attempts so far, and when the next one is due (epoch ms); the queue's head sets the pace. */
  attempts: number;
  nextAt: number;
}

/** A queued write the server refused for good (400, 403, 404, 409, 422): kept so the person sees why. */
export interface RejectedWrite {
  write: PendingWrite;
  code: string;
  message: string;
  /** The server's details (e.g. `current` for a 409). */
  details?: unknown;
  at: number;
}

/** Writes waiting to be sent, oldest first (issue 8); cleared at sign-out after asking. */
export const pendingWrites = storage.defineItem<PendingWrite[]>('local:pendingWrites', { fallback: [] });

/** Queued writes the server refused, until the person dismisses them; cleared at sign-out. */
export const rejectedWrites = storage.defineItem<RejectedWrite[]>('local:rejectedWrites', { fallback: [] });
