/**
 * Pure normalisers for the identifiers Rapport matches on: email addresses, domains and LinkedIn slugs.
 * The extension and the server both use them, so what the extension reads and what the server stores
 * compare equal.
 */

type UrlLike = { hostname: string; pathname: string };
// `URL` exists in browsers and Node alike; reach it through globalThis so this package needs no DOM/Node types.
const UrlCtor = (globalThis as unknown as { URL: new (input: string) => UrlLike }).URL;

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Lower-cases a domain and converts IDN to punycode; strips scheme, path, port, a leading `www.`, `@`
 * and trailing dots. Returns null when it is not a plausible domain with at least two labels.
 * @example normalizeDomain('https://www.Acme.COM./about') // 'acme.com'
 */
export function normalizeDomain(input: string): string | null {
  let s = input.trim().toLowerCase();
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^@/, '');
  s = s.split(/[/?#]/, 1)[0] ?? '';
  const host = asciiHost(s);
  return host ? host.replace(/^www\.(?=.+\..+)/, '') : null;
}

/** A host name URL would return as it is: lower-case ASCII labels (punycode ones excepted: URL checks them). */
const PLAIN_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)+\.*$/;

/** IDN to punycode, lower case, no trailing dot; null unless a plausible host name with two labels. */
function asciiHost(input: string): string | null {
  if (!input || /[\s@/?#\\]/.test(input)) return null;
  let host = input;
  // Parsing a URL per address was a tenth of a lookup's CPU; most addresses are plain names (issue 7).
  if (!PLAIN_HOST.test(input) || input.includes('xn--')) {
    try {
      host = new UrlCtor(`http://${input}`).hostname;
    } catch {
      return null;
    }
  }
  host = host.replace(/\.+$/, '');
  const labels = host.split('.');
  if (labels.length < 2 || host.length > 253) return null;
  if (!labels.every((l) => LABEL.test(l))) return null;
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '')) return null; // an IP address, not a domain
  return host;
}

/**
 * Normalises an email address: trims, drops `mailto:` and angle brackets, lower-cases, and normalises the
 * domain. Plus-addressing is kept (see {@link emailWithoutPlus}). Returns null when it is not an address.
 * @example normalizeEmail(' <Jane.Doe@Sub.ACME.com> ') // 'jane.doe@sub.acme.com'
 */
export function normalizeEmail(input: string): string | null {
  let s = input.trim();
  const angle = /<([^<>]+)>/.exec(s);
  if (angle?.[1]) s = angle[1];
  // A mailto: link may carry `?subject=…`; the address ends there.
  if (/^mailto:/i.test(s)) s = s.slice('mailto:'.length).split('?', 1)[0] ?? '';
  s = s.trim().toLowerCase();
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1 || s.length > 320) return null;
  const local = s.slice(0, at);
  if (
    local.length > 64 ||
    /[\s<>()[\],;:"@]/.test(local) ||
    local.startsWith('.') ||
    local.endsWith('.') ||
    local.includes('..')
  ) {
    return null;
  }
  const domain = asciiHost(s.slice(at + 1));
  if (!domain) return null;
  return `${local}@${domain}`;
}

/** The domain part of a normalised email address. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/**
 * The address without its `+tag`, or null when it has none.
 * @example emailWithoutPlus('jane+crm@acme.com') // 'jane@acme.com'
 */
export function emailWithoutPlus(email: string): string | null {
  const at = email.lastIndexOf('@');
  const plus = email.indexOf('+');
  if (plus <= 0 || plus > at) return null;
  return `${email.slice(0, plus)}${email.slice(at)}`;
}

/**
 * A domain and each parent domain with at least two labels, most specific first.
 * @example domainSuffixes('eu.mail.acme.com') // ['eu.mail.acme.com', 'mail.acme.com', 'acme.com']
 */
export function domainSuffixes(domain: string): string[] {
  const labels = domain.split('.');
  const out: string[] = [];
  for (let i = 0; i <= labels.length - 2; i++) out.push(labels.slice(i).join('.'));
  return out;
}

/**
 * True when `domain` is one of `list` or a subdomain of one.
 * @example domainInList('eu.acme.com', ['acme.com']) // true
 */
export function domainInList(domain: string, list: readonly string[]): boolean {
  const set = new Set(list);
  return domainSuffixes(domain).some((d) => set.has(d));
}

export type LinkedinRef = { kind: 'profile' | 'company' | 'any'; slug: string };

const SLUG = /^[\p{L}\p{N}_-]{2,100}$/u;

/**
 * Parses a LinkedIn profile or company URL, or a bare slug, into a normalised slug. Handles country and
 * mobile hosts, `/mwlite/` paths, query strings, trailing paths and percent-encoding. A bare slug has kind
 * `any`; `company:slug` and `in:slug` force a kind.
 * @example parseLinkedin('https://it.linkedin.com/in/Jane-Doe-1a2b/?locale=it_IT') // { kind: 'profile', slug: 'jane-doe-1a2b' }
 */
export function parseLinkedin(input: string): LinkedinRef | null {
  const s = input.trim();
  if (!s) return null;
  const prefixed = /^(company|in):(.+)$/i.exec(s);
  if (prefixed?.[1] && prefixed[2]) {
    const slug = cleanSlug(prefixed[2]);
    return slug ? { kind: prefixed[1].toLowerCase() === 'company' ? 'company' : 'profile', slug } : null;
  }
  if (!/linkedin\.com/i.test(s)) {
    const slug = cleanSlug(s);
    return slug && !s.includes('/') ? { kind: 'any', slug } : null;
  }
  let url: UrlLike;
  try {
    url = new UrlCtor(/^[a-z]+:\/\//i.test(s) ? s : `https://${s}`);
  } catch {
    return null;
  }
  if (!/(^|\.)linkedin\.com$/i.test(url.hostname)) return null;
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts[0] === 'mwlite') parts.shift();
  const [section, raw] = parts;
  if (!raw) return null;
  const kind = section === 'in' || section === 'pub' ? 'profile' : section === 'company' ? 'company' : null;
  if (!kind) return null;
  const slug = cleanSlug(raw);
  return slug ? { kind, slug } : null;
}

function cleanSlug(raw: string): string | null {
  let s = raw.trim();
  try {
    s = decodeURIComponent(s);
  } catch {
    return null;
  }
  s = s.toLowerCase().replace(/\/+$/, '');
  return SLUG.test(s) ? s : null;
}

/** Webmail and consumer domains that never identify a company account. Admins can extend the list. */
export const DEFAULT_PERSONAL_DOMAINS: readonly string[] = [
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.it',
  'hotmail.co.uk',
  'live.com',
  'live.it',
  'msn.com',
  'outlook.it',
  'yahoo.com',
  'yahoo.it',
  'yahoo.co.uk',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  't-online.de',
  'libero.it',
  'virgilio.it',
  'tiscali.it',
  'alice.it',
  'tin.it',
  'fastwebnet.it',
  'orange.fr',
  'free.fr',
  'wanadoo.fr',
  'laposte.net',
  'btinternet.com',
  'comcast.net',
  'verizon.net',
  'att.net',
  'yandex.ru',
  'yandex.com',
  'mail.ru',
  'qq.com',
  '163.com',
  '126.com',
  'zoho.com',
  'fastmail.com',
  'hey.com',
  'tutanota.com',
  'mail.com',
];
