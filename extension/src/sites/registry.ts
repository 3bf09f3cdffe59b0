import { GMAIL_MATCHES } from './gmail';
import { LINKEDIN_MATCHES } from './linkedin';

/*
 * The sites Rapport runs on, one entry each: where (match patterns), which built content script, and the key
 * of its plain-words "what is read, where it goes" text in the privacy catalog (`m.privacy.sites[id]`). The
 * background registers the scripts of the sites set to "automatically" and injects the others when the person
 * clicks the toolbar button (`src/sites/registration.ts`); the options page lists them (privacy-settings.tsx).
 * Plain data, no browser API: the e2e harness reads it too.
 */

export type SiteId = 'gmail' | 'outlook' | 'linkedin';

export interface Site {
  id: SiteId;
  /** The site's own name (a brand, the same in every language). */
  name: string;
  /** Match patterns of the pages the script runs on; WXT grants them as host permissions. */
  matches: readonly string[];
  /** The built script, relative to the extension root (`content-scripts/<entrypoint>.js`). */
  script: string;
}

/** Outlook on the web serves the same app on all three hosts (docs/issue-6-research.md §1). */
const OUTLOOK_MATCHES = [
  'https://outlook.office.com/*',
  'https://outlook.office365.com/*',
  'https://outlook.live.com/*',
];

export const SITES: readonly Site[] = [
  { id: 'gmail', name: 'Gmail', matches: GMAIL_MATCHES, script: 'content-scripts/gmail.js' },
  { id: 'outlook', name: 'Outlook', matches: OUTLOOK_MATCHES, script: 'content-scripts/outlook.js' },
  { id: 'linkedin', name: 'LinkedIn', matches: LINKEDIN_MATCHES, script: 'content-scripts/linkedin.js' },
];

/** How Rapport starts on a site: on every page load, or only when the person clicks the toolbar button. */
export type SiteMode = 'automatic' | 'click';

/** The id under which the background registers a site's content script ("rapport-gmail"). */
export function registrationId(site: Pick<Site, 'id'>): string {
  return `rapport-${site.id}`;
}

/** The site with this id, if any. */
export function siteById(id: string): Site | undefined {
  return SITES.find((site) => site.id === id);
}
