/*
 * The account page's routes live in the URL's hash, so the page works as a plain `dashboard.html` file of
 * the extension with no server-side routing: `#/` (or nothing) is "My accounts", `#/accounts/<id>` an
 * account. Either may carry `?period=2027` (a fiscal year).
 */

export type Route =
  | { name: 'accounts'; period: string | null }
  | { name: 'account'; id: string; period: string | null }
  | { name: 'unknown'; hash: string };

const PERIOD = /^\d{4}$/;
const ACCOUNT_PATH = /^\/accounts\/([^/]+)\/?$/;

/**
 * The route of a location hash.
 * @example parseRoute('#/accounts/abc?period=2027') // { name: 'account', id: 'abc', period: '2027' }
 */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [path = '', query = ''] = raw.split('?', 2);
  const found = new URLSearchParams(query).get('period');
  const period = found && PERIOD.test(found) ? found : null;
  if (path === '' || path === '/') return { name: 'accounts', period };
  const match = ACCOUNT_PATH.exec(path);
  if (match?.[1]) {
    try {
      const id = decodeURIComponent(match[1]);
      if (id.trim() !== '') return { name: 'account', id, period };
    } catch {
      // A malformed escape: not an account id we could have made.
    }
  }
  return { name: 'unknown', hash: raw };
}

/**
 * The hash of an account's page, with a period when given.
 * @example accountHref('abc', '2026') // '#/accounts/abc?period=2026'
 */
export function accountHref(id: string, period?: string | null): string {
  return `#/accounts/${encodeURIComponent(id)}${period ? `?period=${period}` : ''}`;
}

/**
 * The hash of "My accounts", with a period when given.
 * @example accountsHref() // '#/'
 */
export function accountsHref(period?: string | null): string {
  return period ? `#/?period=${period}` : '#/';
}
