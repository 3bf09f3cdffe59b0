import preact from '@preact/preset-vite';
import { defineConfig, type UserManifest } from 'wxt';

/**
 * The Firefox add-on id. Admins name it in policies.json (`3rdparty.Extensions`, `ExtensionSettings`), so it
 * is readable and must never change; `.invalid` is a reserved domain nobody else can own (docs/browsers.md).
 */
export const GECKO_ID = 'rapport@rapport.invalid';

/**
 * Firefox 140 (an ESR, what managed fleets run) is the first to read `data_collection_permissions`; it also
 * grants MV3 host permissions at install (127+) and has `optional_host_permissions` (128+). On Android that
 * key came in 142.
 */
const FIREFOX_MIN_VERSION = '140.0';
const FIREFOX_ANDROID_MIN_VERSION = '142.0';

/** Chrome's policy schema, which only the Chrome build names and ships. */
const MANAGED_SCHEMA = 'schema.json';

/** What a browser's manifest gets on top of the shared keys: the Firefox id, Chrome's policy schema. */
function browserSpecific(browser: string): UserManifest {
  if (browser === 'firefox') {
    return {
      browser_specific_settings: {
        gecko: {
          id: GECKO_ID,
          strict_min_version: FIREFOX_MIN_VERSION,
          // What leaves the device, to the person's own Rapport server only (docs/browsers.md): addresses and
          // names of the people in a thread or on a profile, the page's LinkedIn URL and an email's subject
          // when they log it, and the email and password they sign in with.
          data_collection_permissions: {
            required: [
              'personallyIdentifyingInfo',
              'websiteContent',
              'personalCommunications',
              'authenticationInfo',
            ],
          },
        },
        gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
      },
    };
  }
  // Chrome (and Edge): the settings an admin can set by policy (public/schema.json). Firefox has no schema:
  // it hands the extension whatever policies.json says, and src/managed-policy.ts checks it.
  return { storage: { managed_schema: MANAGED_SCHEMA } };
}

/**
 * The extension pages' Content Security Policy (popup, options, account page, background), the same for
 * Chrome and Firefox and stricter than MV3's default: scripts and styles only from the package (no inline
 * script, no eval, no WebAssembly), no plugins, no <base>, forms never submit anywhere. `connect-src` stays
 * open to http(s) because the background talks to the person's own server, wherever it is (the options page
 * sets it). Firefox's default would add `upgrade-insecure-requests`, which a plain-http server on the LAN
 * cannot answer. docs/security.md explains each directive; packaging.test.ts checks both built manifests.
 */
export const EXTENSION_PAGES_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  'connect-src http: https:',
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// WXT has no Preact module; the Vite preset handles JSX and aliases.
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  // The packaging test builds and zips into a temporary folder, away from the build other tests load.
  outDir: process.env.RAPPORT_EXTENSION_OUT_DIR || '.output',
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    // public/_locales/<lang>/messages.json: the name and description in the browser's language.
    default_locale: 'en',
    name: '__MSG_extensionName__',
    description: '__MSG_extensionDescription__',
    // scripting + activeTab: privacy mode registers content scripts per site or injects them on a click.
    permissions: ['storage', 'scripting', 'activeTab', 'alarms'],
    host_permissions: ['http://localhost/*', 'http://127.0.0.1/*'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // A shortcut may open the popup (which counts as the click of "only when I click"); declared so Firefox
    // lists it in its shortcut settings too. No suggested key: no clash with a site's own shortcuts.
    commands: { _execute_action: {} },
    content_security_policy: { extension_pages: EXTENSION_PAGES_CSP },
    ...browserSpecific(browser),
  }),
  hooks: {
    // Firefox reads no managed_schema (policies.json values come as they are), so its build leaves it out.
    'build:publicAssets': (wxt, files) => {
      if (wxt.config.browser !== 'firefox') return;
      const schema = files.findIndex((file) => file.relativeDest === MANAGED_SCHEMA);
      if (schema >= 0) files.splice(schema, 1);
    },
  },
  zip: {
    // rapport-<version>-chrome.zip, rapport-<version>-firefox.zip and rapport-<version>-sources.zip.
    name: 'rapport',
    // The sources zip (Firefox's review builds from it) needs the workspace around the extension: the
    // lockfile and the shared package. Everything else stays out; see docs/browsers.md for the list.
    sourcesRoot: '..',
    includeSources: ['docs/browsers.md'],
    excludeSources: [
      'server/**',
      'tests/**',
      'deploy/**',
      'docs/**',
      'scripts/**',
      'data/**',
      'coverage/**',
      '**/*.db',
      '**/*.db-*',
      '**/test-*.ts',
      '**/*-test-kit.tsx',
      '**/*-test-data.ts',
      '**/vitest.*',
    ],
  },
});
