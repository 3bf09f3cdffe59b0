import type { ComponentChildren } from 'preact';

import { m } from '../i18n';
import { PendingWrites, usePendingWrites } from './pending-writes';

export interface PanelProps {
  collapsed: boolean;
  onToggle: () => void;
  /** A short summary shown in the header, e.g. "2 accounts" or "Sign in again". */
  summary: string;
  children: ComponentChildren;
}

/**
 * The overlay's frame: a header button that collapses and expands it (keyboard and screen-reader friendly),
 * and the body. Positioning is the host adapter's job; the panel never covers the page's own controls.
 */
export function Panel({ collapsed, onToggle, summary, children }: PanelProps) {
  // Writes kept on this device (issue 8): counted in the header, so a collapsed panel still says so.
  const waiting = usePendingWrites().pending.length;
  return (
    <section class="rp-panel" aria-label="Rapport" data-collapsed={collapsed || undefined}>
      <button
        type="button"
        class="rp-panel-head"
        aria-expanded={!collapsed}
        aria-controls="rp-panel-body"
        onClick={onToggle}
      >
        <span class="rp-logo" aria-hidden="true">
          R
        </span>
        <span class="rp-panel-title">Rapport</span>
        <span class="rp-panel-summary">{summary}</span>
        {waiting > 0 && (
          <span class="rp-pending-badge" title={m.common.pending.count(waiting)}>
            <span aria-hidden="true">{waiting}</span>
            <span class="rp-visually-hidden">{m.common.pending.count(waiting)}</span>
          </span>
        )}
        <span class="rp-chevron" aria-hidden="true">
          {collapsed ? '▸' : '▾'}
        </span>
      </button>
      {!collapsed && (
        <div id="rp-panel-body" class="rp-panel-body">
          <PendingWrites />
          {children}
        </div>
      )}
    </section>
  );
}

/** Shown when the extension is not signed in or the session expired: never a silent failure. */
export function SignInNotice({ expired, onOpenOptions }: { expired: boolean; onOpenOptions: () => void }) {
  return (
    <div class="rp-notice" role="status">
      <p>{expired ? m.common.panel.sessionExpired : m.common.panel.notConnected}</p>
      <button type="button" class="rp-button" onClick={onOpenOptions}>
        {expired ? m.common.signInAgain : m.common.signIn}
      </button>
    </div>
  );
}

/** A problem the user can act on, with an optional retry. */
export function ErrorNotice({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div class="rp-notice rp-notice-error" role="alert">
      <p>{message}</p>
      {onRetry && (
        <button type="button" class="rp-button" onClick={onRetry}>
          {m.common.retry}
        </button>
      )}
    </div>
  );
}

/** Placeholder cards while the lookup runs (the panel keeps its size, so the page does not jump). */
export function LoadingCards({ label = m.common.panel.lookingUpThread }: { label?: string }) {
  return (
    <div class="rp-loading" role="status" aria-live="polite">
      <span class="rp-visually-hidden">{label}</span>
      <div class="rp-skeleton" />
      <div class="rp-skeleton" />
    </div>
  );
}
