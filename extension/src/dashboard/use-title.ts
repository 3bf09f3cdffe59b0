import { isolate } from '@rapport/shared';
import { useEffect } from 'preact/hooks';

import { m } from '../i18n/dashboard';

/**
 * Sets the tab's title to "<title>: Rapport" while the view shows.
 * @example useTitle(account.name) // "Acme: Rapport"
 */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = m.dashboard.tabTitle(isolate(title));
  }, [title]);
}
