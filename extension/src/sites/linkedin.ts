/*
 * LinkedIn adapter: where Rapport runs, the DOM hooks it reads, and the extract calls built on them.
 * LinkedIn hashes most class names and rebuilt its profile page in 2025, so the extractors lean on the URL,
 * headings, ARIA labels, `data-view-name`/`componentkey` attributes and document structure, with the few
 * long-lived classes only as fallbacks. Saved, redacted pages live in tests/fixtures/linkedin/ and
 * `linkedin.test.ts` counts every selector on them. `src/extract/linkedin.ts` reads these constants only
 * inside its functions, so the import cycle between the two modules is harmless.
 */

export const LINKEDIN_MATCHES = ['https://www.linkedin.com/*'];

/** Profile name, classic layout: the top card's `h1` (`h1.text-heading-xlarge`), the only one in `main`. */
export const PROFILE_NAME = 'main h1';

/** Profile top card, 2025 layout: `data-view-name="profile-top-card"` or a `componentkey` naming "Topcard". */
export const PROFILE_TOP_CARD =
  'main [data-view-name="profile-top-card"], main section[componentkey*="Topcard"]';

/** The name in that top card: its first heading (an `h2` in the 2025 layout). */
export const PROFILE_TOP_CARD_NAME = [
  'main [data-view-name="profile-top-card"] h1',
  'main [data-view-name="profile-top-card"] h2',
  'main section[componentkey*="Topcard"] h1',
  'main section[componentkey*="Topcard"] h2',
].join(', ');

/** Headline, classic layout (`div.text-body-medium.break-words`); else the first plain line of the card. */
export const PROFILE_HEADLINE = 'main .text-body-medium';

/** Classic top-card button "Current company: <name>. Click to skip to experience card" (English UI). */
export const PROFILE_CURRENT_COMPANY = 'main [aria-label^="Current company:"]';

/** Experience section, classic layout: the empty anchor `div#experience` opening its `section`. */
export const EXPERIENCE_ANCHOR = 'main #experience';

/** Experience section, 2025 layout: a `componentkey` naming "ExperienceTopLevelSection". */
export const EXPERIENCE_SECTION = 'main section[componentkey*="ExperienceTopLevelSection"]';

/** A link to a company page (slug or numeric id); only trusted inside an Experience entry. */
export const COMPANY_LINK = 'a[href*="/company/"]';

/** Text LinkedIn doubles for screen readers next to an `aria-hidden` copy; read once, so skipped. */
export const SCREEN_READER_TEXT = '.visually-hidden';

/** Company page name: the top card's `h1` (`h1.org-top-card-summary__title`), the only one in `main`. */
export const COMPANY_NAME = 'main h1';

/** Company details, About module and /about/ tab: `dt` labels ("Website", "Industry"…) each before a `dd`. */
export const COMPANY_DETAIL_TERM = 'main dl dt';

/** Company top-card facts; the first is the industry (`.org-top-card-summary-info-list__info-item`). */
export const COMPANY_INFO_ITEM = 'main .org-top-card-summary-info-list__info-item';

/** Outbound links opened in a new tab, e.g. the top card's "Visit website" (often via /redir/redirect). */
export const EXTERNAL_LINK = 'main a[href][target="_blank"]';

export { extractCompany, extractProfile, pageKind } from '../extract/linkedin';

/* Test URLs:
 * 1. https://www.linkedin.com/in/<someone>/ (a classic and a 2025-layout profile if both are rolled out):
 *    name, headline and current company appear in the panel; "Tag as stakeholder" suggests the account
 *    whose LinkedIn page is the current company's.
 * 2. A profile whose current employer has no LinkedIn page: the company name shows, with no link.
 * 3. Click "People also viewed": the panel follows the URL (pushState) and never shows the old person.
 * 4. https://www.linkedin.com/company/<slug>/ and /company/<slug>/about/: the account card, or "Create
 *    account" prefilled with name, website domain and slug, or "Link to an existing account" (an account of
 *    the same name preselected; Cancel returns to both choices), after which the account card shows.
 * 5. /feed/, /jobs/, /search/: no panel.
 */
