import type { CreateTouchResponse } from '@rapport/shared';
import { isolate } from '@rapport/shared';
import { useEffect, useRef } from 'preact/hooks';

import { intlLocale, m } from '../i18n';
import type { RapportError, Result } from '../messaging';
import { OpenAccountPageButton } from '../ui/open-account-page';
import type { ThreadLog } from './thread-model';

/** Where "Log this email" stands for one conversation. */
export type LogPhase =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'logged'; touch: CreateTouchResponse }
  | { kind: 'undoing'; touch: CreateTouchResponse }
  | { kind: 'undone' }
  | { kind: 'log_failed'; error: RapportError }
  | { kind: 'undo_failed'; touch: CreateTouchResponse; error: RapportError }
  /** Kept on this device to be sent when the server answers (issue 8): logging again is not offered. */
  | { kind: 'queued'; message: string };

export interface LogEmailProps {
  thread: ThreadLog;
  phase: LogPhase;
  /** Keeps the phase of this conversation (the panel holds it, so it survives a refresh of the cards). */
  onPhase: (phase: LogPhase) => void;
  /** Logs the conversation; the overlay reads the page and refreshes the cards (last contacted). */
  onLog: (thread: ThreadLog) => Promise<Result<CreateTouchResponse>>;
  /** Deletes the touch just logged. */
  onUndo: (touch: CreateTouchResponse) => Promise<Result<null>>;
  onOpenOptions: () => void;
}

/**
 * "Log this email": records the conversation as a touch (subject, date, participants, link; never a body)
 * on the accounts of its people, then says where it went, with "Undo" and the account page. Logging a
 * thread again adds anyone new to the same touch, and says so.
 */
export function LogEmail({ thread, phase, onPhase, onLog, onUndo, onOpenOptions }: LogEmailProps) {
  // The button the person pressed goes away: after each step the focus moves to what replaced it.
  const acted = useRef(false);
  const logButton = useRef<HTMLButtonElement>(null);
  const status = useRef<HTMLDivElement>(null);
  const retryButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!acted.current) return;
    if (phase.kind === 'logged') status.current?.focus();
    else if (phase.kind === 'undone') logButton.current?.focus();
    else if (phase.kind === 'log_failed' || phase.kind === 'undo_failed') retryButton.current?.focus();
  }, [phase.kind]);

  const log = async () => {
    if (phase.kind === 'saving') return;
    acted.current = true;
    onPhase({ kind: 'saving' });
    const res = await onLog(thread);
    if (!res.ok && res.error.code === 'pending') onPhase({ kind: 'queued', message: res.error.message });
    else onPhase(res.ok ? { kind: 'logged', touch: res.data } : { kind: 'log_failed', error: res.error });
  };
  const undo = async (touch: CreateTouchResponse) => {
    acted.current = true;
    onPhase({ kind: 'undoing', touch });
    const res = await onUndo(touch);
    onPhase(res.ok ? { kind: 'undone' } : { kind: 'undo_failed', touch, error: res.error });
  };

  if (phase.kind === 'logged' || phase.kind === 'undoing' || phase.kind === 'undo_failed') {
    const { touch } = phase;
    const accounts = thread.accounts.filter((a) => touch.accountIds.includes(a.id));
    const names = new Intl.ListFormat(intlLocale(), { type: 'conjunction' }).format(
      accounts.map((a) => a.name),
    );
    return (
      <div class="rp-log">
        <div class="rp-log-status" role="status" tabIndex={-1} ref={status}>
          <p>
            {touch.created
              ? names
                ? m.overlay.log.logged(names)
                : m.overlay.log.loggedNowhere
              : names
                ? m.overlay.log.alreadyLogged(names)
                : m.overlay.log.alreadyLoggedNowhere}
          </p>
          {touch.unmatchedEmails.length > 0 && (
            <p class="rp-muted">{m.overlay.log.untracked(touch.unmatchedEmails.join(', '))}</p>
          )}
        </div>
        {phase.kind === 'undo_failed' && (
          <ErrorLine error={phase.error} what={m.overlay.log.couldNotUndo} onOpenOptions={onOpenOptions} />
        )}
        <div class="rp-actions">
          {/* Undo only removes a touch this click created: an earlier one may be a colleague's. */}
          {touch.created && (
            <button
              type="button"
              class="rp-button"
              ref={phase.kind === 'undo_failed' ? retryButton : undefined}
              aria-disabled={phase.kind === 'undoing' || undefined}
              onClick={() => phase.kind !== 'undoing' && void undo(touch)}
            >
              {phase.kind === 'undoing'
                ? m.overlay.log.undoing
                : phase.kind === 'undo_failed'
                  ? m.overlay.log.undoAgain
                  : m.common.undo}
            </button>
          )}
          {accounts.map((a) => (
            <OpenAccountPageButton
              key={a.id}
              accountId={a.id}
              label={
                accounts.length === 1
                  ? m.common.card.openAccountPage
                  : m.overlay.log.openAccount(isolate(a.name))
              }
            />
          ))}
        </div>
      </div>
    );
  }

  if (phase.kind === 'queued') {
    return (
      <div class="rp-log">
        <p class="rp-muted" role="status">
          {phase.message}
        </p>
      </div>
    );
  }

  const saving = phase.kind === 'saving';
  return (
    <div class="rp-log">
      {phase.kind === 'undone' && (
        <p class="rp-muted" role="status">
          {m.overlay.log.removed}
        </p>
      )}
      {phase.kind === 'log_failed' && (
        <ErrorLine error={phase.error} what={m.overlay.log.notLogged} onOpenOptions={onOpenOptions} />
      )}
      <button
        type="button"
        class="rp-button rp-primary"
        ref={phase.kind === 'log_failed' ? retryButton : logButton}
        aria-disabled={saving || undefined}
        onClick={() => void log()}
      >
        {saving
          ? m.overlay.log.logging
          : phase.kind === 'log_failed'
            ? m.common.retry
            : m.overlay.log.logThis}
      </button>
      {phase.kind === 'idle' && <p class="rp-muted rp-hint">{m.overlay.log.hint}</p>}
    </div>
  );
}

/** The server's message; "Sign in again" when the session is gone (retrying would not help). */
function ErrorLine(props: { error: RapportError; what: string; onOpenOptions: () => void }) {
  const { error, what, onOpenOptions } = props;
  const signIn = error.code === 'expired' || error.code === 'signed_out';
  return (
    <div class="rp-notice rp-notice-error" role="alert">
      <p>
        {what}: {error.message}
      </p>
      {signIn && (
        <button type="button" class="rp-button" onClick={onOpenOptions}>
          {error.code === 'expired' ? m.common.signInAgain : m.common.signIn}
        </button>
      )}
    </div>
  );
}
