import type { App } from '../app';
import type { TestUser } from '../test/harness';
import { registerSecret, registerSecretsIn } from '../test/secrets-in-logs';

/** A page as a browser got it: status, headers, the HTML, and where a redirect points. */
export interface Got {
  status: number;
  headers: Headers;
  html: string;
  location: string | null;
}

/** The visible text of some HTML, tags dropped and entities of the escaper decoded, spaces collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The value of the input named `name` in a page, or undefined. */
export function inputValue(html: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  const value = tag && /value="([^"]*)"/.exec(tag)?.[1];
  return value?.replace(/&amp;/g, '&').replace(/&quot;/g, '"');
}

/**
 * A tiny browser for console tests: keeps cookies, sends the Origin a browser sends with a form, and posts
 * forms with the CSRF value of the last page it loaded.
 * @example const b = consoleBrowser(t.app); await b.signIn(admin); await b.post('/admin/settings', { … })
 */
export function consoleBrowser(app: App, origin = 'http://localhost') {
  const jar = new Map<string, string>();
  let csrf: string | undefined;

  async function send(
    method: string,
    path: string,
    init: { form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Got> {
    const headers: Record<string, string> = { ...init.headers };
    if (jar.size > 0) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      if (!('origin' in headers)) headers.origin = origin;
    }
    const res = await app.request(path, {
      method,
      headers,
      ...(init.form && { body: new URLSearchParams(init.form).toString() }),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (name === 'rapport_console' || name === 'rapport_flash') registerSecret(value);
      if (/max-age=0/i.test(cookie) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    const html = await res.text();
    registerSecretsIn(html);
    csrf = inputValue(html, 'csrf') ?? csrf;
    return { status: res.status, headers: res.headers, html, location: res.headers.get('location') };
  }

  const browser = {
    cookies: jar,
    get: (path: string) => send('GET', path),
    /** Posts a form with the CSRF value of the last page loaded (unless `fields` sets one). */
    post: (path: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}) =>
      send('POST', path, { form: { ...(csrf !== undefined && { csrf }), ...fields }, headers }),
    /** Follows a redirect answer with a GET. */
    follow: async (got: Got) => {
      if (!got.location) throw new Error(`not a redirect: ${got.status} ${textOf(got.html).slice(0, 200)}`);
      return send('GET', got.location);
    },
    /** Signs in through the form and lands on the first page. */
    signIn: async (user: Pick<TestUser, 'email' | 'role'>, password = `password-${user.role}`) => {
      const got = await send('POST', '/admin/sign-in', { form: { email: user.email, password } });
      if (got.status !== 303)
        throw new Error(`sign-in failed: ${got.status} ${textOf(got.html).slice(0, 300)}`);
      let page = await browser.follow(got);
      while (page.status === 303) page = await browser.follow(page);
      return page;
    },
  };
  return browser;
}
