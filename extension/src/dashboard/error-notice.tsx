import { m } from '../i18n/dashboard';
import { type RapportError, sendToBackground } from '../messaging';

export interface ErrorNoticeProps {
  error: RapportError;
  /** What failed, e.g. "Could not load the plan"; the server's message follows. */
  what?: string;
  /** Offers "Try again" where trying again can help (network, server). */
  onRetry?: () => void;
}

/**
 * An error a person can act on: the server's own message, then what to do. A session that ended gets
 * "Sign in again" (the options page), a signed-out extension "Sign in", a network or server failure
 * "Try again".
 * @example {load.state.status === 'error' && <ErrorNotice error={load.state.error} onRetry={load.reload} />}
 */
export function ErrorNotice({ error, what, onRetry }: ErrorNoticeProps) {
  // Not a failure: the write is kept on this device and sent later (issue 8); the page lists it.
  if (error.code === 'pending') {
    return (
      <div class="rp-dash-notice" role="status">
        <p>{error.message}</p>
      </div>
    );
  }
  const signIn = error.code === 'expired' || error.code === 'signed_out';
  const retry =
    onRetry && (error.code === 'unreachable' || error.code === 'server' || error.code === 'conflict');
  return (
    <div class="rp-dash-error" role="alert">
      <p>
        {what ? <strong>{what}: </strong> : null}
        {error.message}
      </p>
      {(signIn || retry) && (
        <p class="rp-dash-error-actions">
          {signIn && (
            <button
              type="button"
              class="rp-dash-button rp-dash-primary"
              onClick={() => void sendToBackground({ type: 'openOptions' })}
            >
              {error.code === 'expired' ? m.dashboard.errors.signInAgain : m.dashboard.errors.signIn}
            </button>
          )}
          {retry && (
            <button type="button" class="rp-dash-button" onClick={onRetry}>
              {m.common.retry}
            </button>
          )}
        </p>
      )}
    </div>
  );
}

/**
 * A section's "Loading …" line, announced politely.
 * @example <Loading>Loading the plan…</Loading>
 */
export function Loading({ children }: { children: string }) {
  return (
    <p class="rp-dash-loading" role="status">
      {children}
    </p>
  );
}
