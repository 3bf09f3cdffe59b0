/*
 * The server URL a person types, made into an origin, and the host permission that origin needs. Pure: the
 * options page uses it before asking for the permission, the background before signing in.
 */

import { m } from '../i18n';

export type ServerUrl = { ok: true; origin: string } | { ok: false; message: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const LOOPBACK = new Set(['localhost', '127.0.0.1']);

/**
 * Normalises a typed server address to its origin: adds `https://` when there is no scheme (`http://` for
 * localhost and 127.0.0.1, where local servers run), lower-cases the host, drops a default port, any path,
 * query, fragment and trailing slash. Refuses other schemes and embedded credentials.
 * @example normalizeServerUrl('Rapport.Example.com/login/') // { ok: true, origin: 'https://rapport.example.com' }
 * @example normalizeServerUrl('localhost:8787') // { ok: true, origin: 'http://localhost:8787' }
 */
export function normalizeServerUrl(input: string): ServerUrl {
  const typed = input.trim();
  if (!typed) return { ok: false, message: m.common.errors.serverUrlMissing };
  const scheme = SCHEME.exec(typed)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http' && scheme !== 'https') {
    return { ok: false, message: m.common.errors.serverUrlScheme };
  }
  const hostPart = typed.replace(SCHEME, '').split(/[/?#]/, 1)[0] ?? '';
  const local = LOOPBACK.has(hostPart.replace(/:\d*$/, '').toLowerCase());
  let url: URL;
  try {
    url = new URL(scheme ? typed : `${local ? 'http' : 'https'}://${typed}`);
  } catch {
    return { ok: false, message: m.common.errors.serverUrlInvalid(typed) };
  }
  if (url.username || url.password) return { ok: false, message: m.common.errors.serverUrlCredentials };
  if (!url.hostname || /\s/.test(url.hostname)) {
    return { ok: false, message: m.common.errors.serverUrlInvalid(typed) };
  }
  return { ok: true, origin: url.origin };
}

/** True for the local origins whose host permission the manifest grants (`http://localhost/*`, `http://127.0.0.1/*`). */
export function isPreGranted(origin: string): boolean {
  const url = new URL(origin);
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
}

/**
 * The host permission pattern for an origin. Match patterns carry no port (Firefox rejects one, Chrome
 * matches every port without one).
 * @example originPattern('https://rapport.example.com:8443') // 'https://rapport.example.com/*'
 */
export function originPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}
