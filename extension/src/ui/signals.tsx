import type { Signal, SignalSeverity } from '@rapport/shared';
import { useEffect, useState } from 'preact/hooks';

import { m } from '../i18n';
import { type RapportError, sendToBackground } from '../messaging';
import { LABELS } from './format';

/** The signals of one account as the card shows them. */
export type SignalsState =
  | { kind: 'loading' }
  | { kind: 'ready'; signals: Signal[] }
  | { kind: 'error'; error: RapportError };

const RANK: Record<SignalSeverity, number> = { high: 0, medium: 1, low: 2 };

/**
 * Highest severity first, keeping the server's order within a severity.
 * @example bySeverity(signals)[0]?.severity // 'high'
 */
export function bySeverity(signals: readonly Signal[]): Signal[] {
  return signals
    .map((signal, i) => ({ signal, i }))
    .sort((a, b) => RANK[a.signal.severity] - RANK[b.signal.severity] || a.i - b.i)
    .map(({ signal }) => signal);
}

/**
 * Fetches an account's signals once the card is on screen. An answer is kept with what it was asked for
 * (`scope`, the account and the contacts), so a card of another thread or page never shows it, even for a
 * moment; a new `revision` (the account was looked up again, e.g. after logging an email) asks again and
 * keeps the current list until the new one arrives.
 * @example const { state, retry } = useSignals(account.id, presentContactIds, threadKey, account);
 */
export function useSignals(
  accountId: string,
  contactIds: readonly string[] | undefined,
  scope: string,
  revision?: unknown,
): { state: SignalsState; retry: () => void } {
  const ids = contactIds ? [...new Set(contactIds)] : null;
  const key = JSON.stringify([scope, accountId, ids]);
  const [held, setHeld] = useState<{ key: string; state: SignalsState } | null>(null);
  const [attempt, setAttempt] = useState(0);
  // `key` stands for the account, the ids and the scope; a new `revision` or `attempt` asks again.
  useEffect(() => {
    let live = true;
    void sendToBackground({ type: 'signals', accountId, ...(ids ? { contactIds: ids } : {}) }).then((res) => {
      if (!live) return;
      const state: SignalsState = res.ok
        ? { kind: 'ready', signals: bySeverity(res.data.signals) }
        : { kind: 'error', error: res.error };
      setHeld({ key, state });
    });
    return () => {
      live = false;
    };
  }, [key, revision, attempt]);
  return {
    state: held?.key === key ? held.state : { kind: 'loading' },
    retry: () => {
      setHeld(null);
      setAttempt((n) => n + 1);
    },
  };
}

export interface AccountSignalsProps {
  accountId: string;
  /**
   * The stakeholders of this account in the thread or on the profile in view (for "a blocker in this
   * thread"); left out on a company page.
   */
  contactIds?: readonly string[];
  /** What is in view (the thread, the page): answers asked for something else are never shown. */
  scope: string;
  /** Changes when the account was looked up again: the signals are asked for again. */
  revision?: unknown;
}

/**
 * The account's signals under a small "Signals" heading: each title with its severity in words, and why and
 * what to do next behind a disclosure, so the card stays calm. A failure stays inside this section.
 */
export function AccountSignals({ accountId, contactIds, scope, revision }: AccountSignalsProps) {
  const { state, retry } = useSignals(accountId, contactIds, scope, revision);
  return (
    <section
      class="rp-signals"
      aria-label={m.common.signals.title}
      aria-busy={state.kind === 'loading' || undefined}
    >
      <h4 class="rp-section-title">{m.common.signals.title}</h4>
      {state.kind === 'loading' && <p class="rp-muted rp-appear-late">{m.common.signals.checking}</p>}
      {state.kind === 'error' && (
        <p class="rp-muted">
          {m.common.signals.unavailable(state.error.message)}{' '}
          <button type="button" class="rp-link-button" onClick={retry}>
            {m.common.signals.retry}
          </button>
        </p>
      )}
      {state.kind === 'ready' &&
        (state.signals.length === 0 ? (
          <p class="rp-muted">{m.common.signals.nothing}</p>
        ) : (
          <ul class="rp-list">
            {state.signals.map((s) => (
              <SignalItem
                key={`${s.code}:${s.contactIds.join(',')}:${s.opportunityIds.join(',')}`}
                signal={s}
              />
            ))}
          </ul>
        ))}
    </section>
  );
}

function SignalItem({ signal: s }: { signal: Signal }) {
  return (
    <li class={`rp-signal rp-signal-${s.severity}`}>
      <details>
        <summary>
          <SeverityBadge severity={s.severity} /> <span class="rp-strong">{s.title}</span>
        </summary>
        <dl class="rp-facts rp-signal-detail">
          <dt>{m.common.signals.why}</dt>
          <dd>{s.why}</dd>
          <dt>{m.common.signals.next}</dt>
          <dd>{s.next}</dd>
        </dl>
      </details>
    </li>
  );
}

/** How urgent a signal is, in a word (the colour only repeats it). */
export function SeverityBadge({ severity }: { severity: SignalSeverity }) {
  return (
    <span class={`rp-badge rp-severity rp-severity-${severity}`}>
      {LABELS.severity[severity]}
      <span class="rp-visually-hidden">{m.common.signals.priority}</span>
    </span>
  );
}
