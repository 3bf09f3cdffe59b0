import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

import type { Env } from '../env';
import { cookieOptions, FLASH_COOKIE } from './session';

/**
 * The message shown once after a POST redirects (POST/redirect/GET). A secret made by that POST (a new token,
 * an invite or reset link) rides along, so it is shown once on the page the browser lands on and never again.
 */
export interface Flash {
  kind: 'success' | 'error';
  text: string;
  secret?: { label: string; value: string; note: string };
}

/** The flash cookie lives two minutes: long enough for the redirect, short enough not to linger. */
const FLASH_SECONDS = 120;

/** Redirects (303) to `location` with a flash message for the next page. */
export function redirectWithFlash(c: Context, env: Env, location: string, flash: Flash): Response {
  const value = Buffer.from(JSON.stringify(flash)).toString('base64url');
  setCookie(c, FLASH_COOKIE, value, cookieOptions(c, env, FLASH_SECONDS));
  return c.redirect(location, 303);
}

/** Reads and clears the flash cookie; null when there is none (or it is not ours). */
export function takeFlash(c: Context, env: Env): Flash | null {
  const raw = getCookie(c, FLASH_COOKIE);
  if (!raw) return null;
  deleteCookie(c, FLASH_COOKIE, cookieOptions(c, env, 0));
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Flash;
    return typeof parsed.text === 'string' ? parsed : null;
  } catch {
    return null;
  }
}
