import { browser } from '#imports';
import { normalizeServerUrl } from './api/server-url';

/*
 * What an organisation set by enterprise policy (`storage.managed`): Chrome reads it from its policy files,
 * registry or the Admin console and checks it against public/schema.json; Firefox reads policies.json
 * (`3rdparty.Extensions`) and checks nothing, so every value is checked here. README "Deploying to a team by
 * policy" shows both; docs/browsers.md says where each browser differs.
 */

export interface ManagedPolicy {
  /** The organisation's Rapport server as an origin, or null when no (usable) policy sets one. */
  serverUrl: string | null;
  /** People cannot change the server URL. True whenever `serverUrl` is set, unless `lockServerUrl` is false. */
  locked: boolean;
  /** A `serverUrl` value that is not a web address, as the policy wrote it (to pass on to IT); else null. */
  invalid: string | null;
}

export const NO_POLICY: ManagedPolicy = { serverUrl: null, locked: false, invalid: null };

/**
 * Reads the policy. Nothing provisioned is no policy: Chrome answers `{}`, Firefox rejects ("Managed storage
 * manifest not found"), and a browser without managed storage has no `storage.managed` at all.
 * @example const { serverUrl, locked } = await readManagedPolicy();
 */
export async function readManagedPolicy(): Promise<ManagedPolicy> {
  try {
    const managed = browser.storage?.managed;
    return managed ? parseManagedPolicy(await managed.get()) : NO_POLICY;
  } catch {
    return NO_POLICY;
  }
}

/**
 * Makes the policy's values usable: `serverUrl` normalised like a typed one (an address that is not one is
 * reported, not used), `lockServerUrl` false (or "false", or 0, as a Firefox policy or registry may write
 * it) to only prefill the field.
 * @example parseManagedPolicy({ serverUrl: 'rapport.example.com' }) // { serverUrl: 'https://rapport.example.com', locked: true, invalid: null }
 */
export function parseManagedPolicy(raw: unknown): ManagedPolicy {
  const values = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const typed = values.serverUrl;
  if (typeof typed !== 'string' || !typed.trim()) return NO_POLICY;
  const url = normalizeServerUrl(typed);
  if (!url.ok) return { ...NO_POLICY, invalid: typed.trim() };
  const unlock = values.lockServerUrl;
  return {
    serverUrl: url.origin,
    locked: !(unlock === false || unlock === 'false' || unlock === 0),
    invalid: null,
  };
}

/**
 * Calls `onChange` with the new policy when an admin changes it. Chrome tells at once; Firefox reads its
 * policies at start-up only, so there a change shows after a browser restart.
 * @example const stop = watchManagedPolicy(setPolicy);
 */
export function watchManagedPolicy(onChange: (policy: ManagedPolicy) => void): () => void {
  const listener = (_changes: unknown, area: string) => {
    if (area === 'managed') void readManagedPolicy().then(onChange);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
