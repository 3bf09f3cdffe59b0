import { storage } from '#imports';
import type { SiteId, SiteMode } from '../sites/registry';

/*
 * The person's choice per site: "automatically" (the content script is registered and runs on every page
 * load) or "only when I click" (nothing runs until the toolbar button is clicked on that page). Kept in
 * `local:` storage: the options page writes it, the background follows it (src/privacy/registration.ts), and
 * a running content script stops when its site is switched to "only when I click" (content-guard.ts).
 */

/** Every site starts automatically until the person chooses otherwise. */
export const DEFAULT_MODE: SiteMode = 'automatic';

/** Only the sites the person changed; every other site is `DEFAULT_MODE`. */
export type SiteModes = Partial<Record<SiteId, SiteMode>>;

export const siteModes = storage.defineItem<SiteModes>('local:siteModes', { fallback: {} });

/**
 * The mode of one site in a stored value (which may be null or from an older version).
 * @example modeOf({ linkedin: 'click' }, 'gmail') // 'automatic'
 */
export function modeOf(modes: SiteModes | null | undefined, id: SiteId): SiteMode {
  const mode = modes?.[id];
  return mode === 'click' || mode === 'automatic' ? mode : DEFAULT_MODE;
}

/**
 * Saves one site's mode, keeping the others.
 * @example await setSiteMode('linkedin', 'click');
 */
export async function setSiteMode(id: SiteId, mode: SiteMode): Promise<void> {
  const all = await siteModes.getValue();
  await siteModes.setValue({ ...all, [id]: mode });
}
