import { render } from 'preact';

import { type ContentScriptContext, createShadowRootUi } from '#imports';
import { warmFormatters } from '../ui/format';

/**
 * The overlay's shadow-root host, created once per page up front so its stylesheet is loaded before anything
 * is shown (and the number and date formatters are built while the page is idle); mount and remove it as
 * the page changes. WXT resets the host with `all: initial`, so the panel docks itself (`styles.css`) at the
 * offsets given here, which keep the site's own controls reachable.
 * @example const panel = createPanelHost(ctx, { top: '72px', right: '24px' });
 */
export function createPanelHost(ctx: ContentScriptContext, offsets: { top: string; right: string }) {
  if (typeof requestIdleCallback === 'function') ctx.requestIdleCallback(warmFormatters, { timeout: 1000 });
  else ctx.setTimeout(warmFormatters, 0);
  return createShadowRootUi(ctx, {
    name: 'rapport-overlay',
    position: 'inline',
    anchor: 'body',
    append: 'last',
    onMount: (container) => {
      container.style.setProperty('--rp-top', offsets.top);
      container.style.setProperty('--rp-right', offsets.right);
      return container;
    },
    onRemove: (container) => {
      if (container) render(null, container);
    },
  });
}
