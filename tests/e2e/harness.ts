import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';

import { DEMO_PASSWORD } from '../../server/src/cli/demo-data';
import { cliEnv, ROOT, runCli, type ServerProcess, startServe, tempDir } from '../api/cli-process';

export { DEMO_PASSWORD };

/*
 * End-to-end tests drive the built extension in real Chromium against a real Rapport server process.
 *
 * Extensions load in Debian's Chromium (156) with Playwright's plain `headless: true`: since Chromium 132
 * `--headless` is the new headless mode (the old one, which had no extensions, moved to a separate
 * chrome-headless-shell), and unbranded Chromium still honours `--load-extension` (branded Chrome 137+
 * ignores it). Playwright adds `--disable-extensions` to its defaults; `--disable-extensions-except=DIR`
 * overrides that for our directory. Debian's /usr/bin/chromium wrapper appends its own (empty)
 * `--load-extension=`, but ours comes later on the command line and the last value wins. `--no-sandbox`
 * because CI runs as root.
 */

/** Where WXT writes the Chrome build (`pnpm --filter @rapport/extension build`). */
export const EXTENSION_DIR = join(ROOT, 'extension', '.output', 'chrome-mv3');
/** Debian's Chromium: `apt-get install -y chromium`. */
export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots of each state, for people to look at; gitignored. */
export const ARTIFACTS_DIR = join(ROOT, 'tests', 'e2e', 'artifacts');
/** The saved site pages (redacted HTML) that e2e tests serve at the sites' real URLs. */
export const FIXTURES_DIR = join(ROOT, 'tests', 'fixtures');

/** What to do where Chromium is missing; the global setup fails with this (browser tests never skip). */
export const INSTALL_CHROMIUM = 'apt-get install -y chromium';

/**
 * Builds the extension with WXT into `EXTENSION_DIR` and checks the manifest is there; throws with the
 * build's output when it fails. Takes a few seconds; the e2e global setup calls it once per run.
 * @example buildExtension();
 */
export function buildExtension(): void {
  const res = spawnSync('pnpm', ['--filter', '@rapport/extension', 'build'], {
    cwd: ROOT,
    // Plain text: the output ends up in an error message.
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (res.status !== 0) {
    throw new Error(
      `Building the extension failed (pnpm --filter @rapport/extension build, exit ${res.status ?? res.error?.message}):\n` +
        `${res.stdout}\n${res.stderr}`,
    );
  }
  assertExtensionBuilt();
}

/** Throws a message that says how to build when `EXTENSION_DIR` holds no manifest. */
export function assertExtensionBuilt(dir = EXTENSION_DIR): void {
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`No built extension at ${dir}. Build it first: pnpm --filter @rapport/extension build`);
  }
}

/** The built manifest, to find entrypoints (options page, content scripts) the way Chromium will. */
export function builtManifest(dir = EXTENSION_DIR): ChromeManifest {
  assertExtensionBuilt(dir);
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ChromeManifest;
}

export interface ChromeManifest {
  manifest_version: number;
  name: string;
  version: string;
  background?: { service_worker?: string };
  options_ui?: { page: string };
  options_page?: string;
  action?: { default_popup?: string };
  content_scripts?: { matches: string[]; js?: string[] }[];
  host_permissions?: string[];
}

/** Throws the install command when Chromium is missing or does not start; returns its version line. */
export function checkChromium(path = CHROMIUM): string {
  if (!existsSync(path)) {
    throw new Error(
      `Chromium is missing at ${path}; the browser tests need it. Install Debian's package (as root):\n\n` +
        `  ${INSTALL_CHROMIUM}\n\n` +
        '(`npm test` does this by itself when it runs as root with apt-get.)',
    );
  }
  const res = spawnSync(path, ['--version'], { encoding: 'utf8' });
  const version = /Chromium [\d.]+/.exec(res.stdout)?.[0];
  if (res.status !== 0 || !version) {
    throw new Error(
      `${path} does not start (exit ${res.status}): ${res.stderr || res.error?.message}\n` +
        `Reinstall it: ${INSTALL_CHROMIUM}`,
    );
  }
  return version;
}

export interface RapportServer extends ServerProcess {
  dbFile: string;
  /** Signs in with a password (the demo one by default) and returns the session token. */
  signIn(email: string, password?: string): Promise<string>;
  /** One JSON request to `/api/v1…`; `token` null sends none. */
  api<T = unknown>(method: string, path: string, token: string | null, body?: unknown): Promise<ApiResult<T>>;
  /** Stops the server and removes its database. */
  close(): Promise<void>;
}

export interface ApiResult<T> {
  status: number;
  body: T;
}

/**
 * Starts a real `rapport serve` on a temporary SQLite file and a free loopback port, loaded with the demo
 * organisation (`pnpm rapport demo`) unless `demo: false`.
 * @example
 * const server = await startRapport();
 * const token = await server.signIn('lena@northpeak.example');
 */
export async function startRapport(options: { demo?: boolean } = {}): Promise<RapportServer> {
  const { dir, cleanup } = tempDir();
  const dbFile = join(dir, 'rapport.db');
  let server: ServerProcess;
  try {
    if (options.demo !== false) {
      const res = await runCli(['demo'], cliEnv(dbFile));
      if (res.code !== 0) throw new Error(`pnpm rapport demo failed (exit ${res.code}):\n${res.stderr}`);
    }
    server = await startServe(dbFile);
  } catch (err) {
    cleanup();
    throw err;
  }

  async function api<T>(method: string, path: string, token: string | null, body?: unknown) {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  return {
    ...server,
    dbFile,
    api,
    async signIn(email, password = DEMO_PASSWORD) {
      const res = await api<{ token: string }>('POST', '/auth/login', null, { email, password });
      if (res.status !== 200) throw new Error(`Sign-in of ${email} failed: ${JSON.stringify(res.body)}`);
      return res.body.token;
    },
    async close() {
      await server.stop();
      cleanup();
    },
  };
}

export interface ExtensionBrowser {
  context: BrowserContext;
  /** The extension's id, from its service worker's URL. */
  extensionId: string;
  /** The extension's background service worker. */
  worker: Worker;
  /** `chrome-extension://<id>/<path>`. */
  extensionUrl(path: string): string;
  /** Requests the network guard refused (anything not loopback and not served by a fixture route). */
  blocked: string[];
  /** Closes Chromium and removes its profile. */
  close(): Promise<void>;
}

/** Chromium switches for an unpacked extension in headless Debian Chromium; see the comment at the top. */
export function chromiumArgs(extensionDir: string): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
}

/**
 * Launches headless Chromium with the built extension in a fresh profile and waits for its service worker.
 * Every request outside loopback is refused unless a route serves it (`serveHtml`, `serveSite`), so a
 * test never reaches a live site.
 * @example
 * const browser = await launchExtension();
 * await serveHtml(browser.context, 'https://mail.google.com/**', '<h1>Inbox</h1>');
 */
export async function launchExtension(
  options: { extensionDir?: string; viewport?: { width: number; height: number } } = {},
): Promise<ExtensionBrowser> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  assertExtensionBuilt(extensionDir);
  const profile = mkdtempSync(join(tmpdir(), 'rapport-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: chromiumArgs(extensionDir),
      viewport: options.viewport ?? { width: 1280, height: 800 },
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };

  const blocked: string[] = [];
  // Registered first, so consulted last: fixture routes added later take precedence.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (loopback || !url.protocol.startsWith('http')) return route.continue();
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });

  let worker: Worker;
  try {
    const isOurs = (w: Worker) => w.url().startsWith('chrome-extension://');
    worker =
      context.serviceWorkers().find(isOurs) ??
      (await context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 15_000 }));
  } catch (err) {
    await close();
    throw new Error(
      `The extension's service worker did not start within 15 s (is ${extensionDir} a valid MV3 build?): ${String(err)}`,
    );
  }
  try {
    // Pages opened before the background registered the content scripts would get no overlay.
    await waitForRegistrations(worker, expectedRegistrations(extensionDir));
  } catch (err) {
    await close();
    throw err;
  }
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    extensionUrl: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    blocked,
    close,
  };
}

/** The part of the `chrome` global the registration checks read (tests/ has no chrome types). */
type ScriptingGlobal = {
  chrome: { scripting: { getRegisteredContentScripts(): Promise<{ id: string; matches?: string[] }[]> } };
};

/**
 * The ids of the content scripts registered in the browser now (`scripting.getRegisteredContentScripts`,
 * asked in the service worker): the sites set to "automatically" (privacy mode, issue 6).
 * @example expect(await registeredScripts(browser.worker)).not.toContain('rapport-linkedin');
 */
export async function registeredScripts(worker: Worker): Promise<string[]> {
  const scripts = await worker.evaluate(() =>
    (globalThis as unknown as ScriptingGlobal).chrome.scripting.getRegisteredContentScripts(),
  );
  return scripts.map((script) => script.id).sort();
}

/**
 * The registrations of a fresh profile (every site "automatically"): one per content script in the build,
 * `content-scripts/<site>.js` registered as `rapport-<site>` (extension/src/sites/registry.ts).
 */
export function expectedRegistrations(extensionDir = EXTENSION_DIR): string[] {
  return readdirSync(join(extensionDir, 'content-scripts'))
    .filter((file) => file.endsWith('.js'))
    .map((file) => `rapport-${file.slice(0, -'.js'.length)}`)
    .sort();
}

/**
 * Waits until the background has registered `ids` (and nothing else of ours). The content scripts are
 * registered at runtime (WXT `registration: 'runtime'`), not by the manifest, so a page opened before the
 * background's first sync would get no overlay. Also after a site's mode changes.
 * @example await waitForRegistrations(browser.worker, ['rapport-gmail']);
 */
export async function waitForRegistrations(worker: Worker, ids: readonly string[], timeoutMs = 10_000) {
  const wanted = [...ids].sort().join(',');
  const started = Date.now();
  let seen: string[] = [];
  while (Date.now() - started < timeoutMs) {
    seen = await registeredScripts(worker);
    if (seen.join(',') === wanted) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `The extension registered [${seen.join(', ')}] after ${timeoutMs} ms, not [${wanted}] (src/privacy/registration.ts)`,
  );
}

/**
 * Serves `html` for every URL matching `pattern` (a Playwright glob), e.g. Gmail at its real address.
 * @example await serveHtml(context, 'https://mail.google.com/**', '<div role="main">…</div>');
 */
export async function serveHtml(context: BrowserContext, pattern: string, html: string): Promise<void> {
  await context.route(pattern, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
}

/**
 * Serves a site at its real origin from `tests/fixtures/`: `/__fixtures__/<file>` by path (the fixtures'
 * shared scripts, and the pages their single-page navigation fetches), every other path from
 * `fileFor(pathname)`. A missing file answers `fallbackHtml` when given, else 404. `rewrite` may change each
 * page (not script) on the way, e.g. per benchmark run.
 * @example await serveSite(context, 'https://mail.google.com', () => 'gmail/thread.html');
 */
export async function serveSite(
  context: BrowserContext,
  origin: string,
  fileFor: (pathname: string) => string | null,
  options: { fallbackHtml?: string; rewrite?: (html: string) => string } = {},
): Promise<void> {
  await context.route(`${origin}/**`, (route) => {
    const { pathname } = new URL(route.request().url());
    const relative = pathname.startsWith('/__fixtures__/')
      ? pathname.slice('/__fixtures__/'.length)
      : fileFor(pathname);
    const file = relative ? join(FIXTURES_DIR, relative) : null;
    if (!file || !existsSync(file)) {
      return options.fallbackHtml === undefined
        ? route.fulfill({ status: 404, body: 'not found' })
        : route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: options.fallbackHtml });
    }
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.js')) {
      return route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: text });
    }
    const body = options.rewrite ? options.rewrite(text) : text;
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
  });
}

/**
 * Saves a PNG of the page as `tests/e2e/artifacts/<name>.png` and returns its path. Name states after what
 * they show (`gmail-thread-key-account`), so the folder reads as a story. `fullPage` takes the whole
 * scrolling page rather than the window (a long page such as the account page).
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
  return file;
}

/**
 * Collects a page's console errors and uncaught exceptions from now on, for "no console errors on the host
 * page" checks.
 * @example const errors = watchErrors(page); … expect(errors).toEqual([]);
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  return errors;
}
