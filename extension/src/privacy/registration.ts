import { type Browser, browser } from '#imports';
import { registrationId, SITES } from '../sites/registry';
import { modeOf, type SiteModes, siteModes } from './site-modes';

/*
 * Background: keeps the registered content scripts in line with the person's choice. The content scripts are
 * built with WXT's `registration: 'runtime'`, so the manifest has none; a site set to "automatically" gets
 * its script registered with `scripting.registerContentScripts` (id `rapport-<site>`, kept across browser
 * sessions), a site set to "only when I click" gets none, and nothing of ours runs there until the person
 * clicks (start-here.ts). Registration fails when the id exists, so a changed entry is unregistered first.
 */

export type Registration = Browser.scripting.RegisteredContentScript;

/** When registered scripts run: as the manifest's content scripts did (the default). */
const RUN_AT = 'document_idle';

/**
 * The registrations the person's choice asks for: one per site in "automatically".
 * @example wantedRegistrations({ linkedin: 'click' }).map((r) => r.id) // ['rapport-gmail', 'rapport-outlook']
 */
export function wantedRegistrations(modes: SiteModes | null | undefined): Registration[] {
  return SITES.filter((site) => modeOf(modes, site.id) === 'automatic').map((site) => ({
    id: registrationId(site),
    matches: [...site.matches],
    js: [site.script],
    runAt: RUN_AT,
    persistAcrossSessions: true,
  }));
}

export interface SyncPlan {
  /** Our ids to unregister: no longer wanted, or registered with other matches or files. */
  unregister: string[];
  /** What to register (after unregistering). */
  register: Registration[];
}

/**
 * What to change so that `registered` becomes `wanted`; registrations that are not ours are left alone,
 * and one already registered as wanted is not touched (pages loading meanwhile still get it).
 * @example planSync(wantedRegistrations({}), []) // registers every site
 */
export function planSync(wanted: readonly Registration[], registered: readonly Registration[]): SyncPlan {
  const ours = new Set(SITES.map(registrationId));
  const current = new Map(registered.filter((r) => ours.has(r.id)).map((r) => [r.id, r]));
  const target = new Map(wanted.map((r) => [r.id, r]));
  const unchanged = (id: string) => {
    const [a, b] = [current.get(id), target.get(id)];
    return a !== undefined && b !== undefined && sameRegistration(a, b);
  };
  return {
    unregister: [...current.keys()].filter((id) => !unchanged(id)),
    register: wanted.filter((r) => !unchanged(r.id)),
  };
}

/** Chrome may answer paths with a leading slash; compare them without. */
const files = (list: readonly string[] | undefined) =>
  (list ?? []).map((path) => path.replace(/^\//, '')).join('\n');

function sameRegistration(a: Registration, b: Registration): boolean {
  return (
    files(a.js) === files(b.js) &&
    files(a.css) === files(b.css) &&
    [...(a.matches ?? [])].sort().join('\n') === [...(b.matches ?? [])].sort().join('\n') &&
    (a.runAt ?? RUN_AT) === (b.runAt ?? RUN_AT) &&
    (a.allFrames ?? false) === (b.allFrames ?? false)
  );
}

export interface SyncResult {
  /** Ids registered or left registered as wanted. */
  registered: string[];
  /** Sites whose registration failed, with the browser's reason (e.g. a script missing from this build). */
  failed: { id: string; error: string }[];
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Reads the person's choice and registers or unregisters the content scripts to match it. Calls run one
 * after another (a second sync while one runs would register the same id twice). Each site is registered on
 * its own, so one failing (a script missing from the build) does not keep the others from running.
 * @example browser.runtime.onStartup.addListener(() => void syncRegistrations());
 */
export function syncRegistrations(): Promise<SyncResult> {
  const run = queue.then(syncNow, syncNow);
  queue = run.catch(() => undefined);
  return run;
}

async function syncNow(): Promise<SyncResult> {
  const wanted = wantedRegistrations(await siteModes.getValue());
  const registered = await browser.scripting.getRegisteredContentScripts();
  const plan = planSync(wanted, registered);
  if (plan.unregister.length) await browser.scripting.unregisterContentScripts({ ids: plan.unregister });
  const failed: SyncResult['failed'] = [];
  for (const script of plan.register) {
    try {
      await browser.scripting.registerContentScripts([script]);
    } catch (err) {
      failed.push({ id: script.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  if (failed.length) console.warn('[rapport] content scripts not registered', failed);
  const failedIds = new Set(failed.map((f) => f.id));
  return { registered: wanted.map((r) => r.id).filter((id) => !failedIds.has(id)), failed };
}

/**
 * Background: syncs now (every start of the service worker), when the extension is installed or updated
 * (Chrome drops dynamic registrations on update), at browser start, and whenever the person changes a site's
 * mode. Call once, synchronously, from the background's main.
 */
export function keepRegistrationsInSync(): void {
  const sync = () => void syncRegistrations();
  browser.runtime.onInstalled.addListener(sync);
  browser.runtime.onStartup.addListener(sync);
  siteModes.watch(sync);
  sync();
}
