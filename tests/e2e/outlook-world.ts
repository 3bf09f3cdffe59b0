import type { ExtensionBrowser } from './harness';
import { serveSite } from './harness';

/*
 * The Outlook fixtures (tests/fixtures/outlook/) at Outlook's real addresses. The people and companies are the
 * Gmail fixtures' (`seedGmailWorld` gives the server Castellan Foods with Elena Marchetti, and our own
 * brightwave.example), so both sites run against the same seeded server.
 */

export const OFFICE = 'https://outlook.office.com';
export const OFFICE_365 = 'https://outlook.office365.com';
export const LIVE = 'https://outlook.live.com';

/** The conversation of reading-pane.html, and the second one the message list opens (reading-pane-2.html). */
export const PANE_1 = `${OFFICE}/mail/inbox/id/AAQkAGFkZTc0NzQ2LWNhc3RlbGxhbi0wMDAxAAQAEJx7Q3hR2s1Nl0yT`;
export const PANE_2_PATH = '/mail/inbox/id/AAQkAGFkZTc0NzQ2LW5vcnJsYW5kLTAwMDIABBAQc2FyYTJRbG5kcXZpc3Q';
export const CONV_1 = 'AAQkAGFkZTc0NzQ2LWNhc3RlbGxhbi1jb252LTAx';
/** Full-page compose (compose.html). */
export const COMPOSE = `${OFFICE}/mail/deeplink/compose`;
/** The Italian reading pane with an inline reply (reading-pane-it.html). */
export const PANE_IT = `${OFFICE_365}/mail/inbox/id/AAQkAGFkZTc0NzQ2LWl0YWxpYW5vLTAwMDMABBAQZWxlbmFpdGFsaWFubw`;

/**
 * Serves the three Outlook hosts from the fixtures: `/__fixtures__/<file>` by path (navigation.js and the panes
 * it swaps in), `/mail/deeplink/compose` as compose.html, `/mail/inbox/id/<second conversation>` as
 * reading-pane-2.html, everything else as `page` (reading-pane.html unless given; per host when given),
 * optionally rewritten per request.
 */
export async function serveOutlook(
  browser: ExtensionBrowser,
  pages: Partial<Record<string, string>> = {},
  rewrite?: (html: string) => string,
): Promise<void> {
  for (const origin of [OFFICE, OFFICE_365, LIVE]) {
    const fileFor = (pathname: string) => {
      if (pathname.startsWith('/mail/deeplink/compose')) return 'outlook/compose.html';
      if (pathname === PANE_2_PATH) return 'outlook/reading-pane-2.html';
      return pages[origin] ?? 'outlook/reading-pane.html';
    };
    await serveSite(browser.context, origin, fileFor, rewrite ? { rewrite } : {});
  }
}
