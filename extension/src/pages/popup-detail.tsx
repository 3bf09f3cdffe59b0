import { useEffect, useId, useRef, useState } from 'preact/hooks';

import { m } from '../i18n/pages';
import type { RapportError, Result } from '../messaging';
import { ErrorNotice, LoadingCards, SignInNotice } from '../ui/panel';
import { AccountDetailView } from './account-detail';
import { ContactDetailView } from './contact-detail';
import { type AccountDetail, type ContactDetail, loadAccountDetail, loadContactDetail } from './popup-data';

/** A chosen search result, or an account or stakeholder opened from another detail. */
export type DetailTarget =
  | { kind: 'account'; id: string; name: string }
  | { kind: 'contact'; id: string; accountId: string; name: string };

type Loaded = { kind: 'account'; detail: AccountDetail } | { kind: 'contact'; detail: ContactDetail };
type State =
  | { phase: 'loading' }
  | { phase: 'error'; error: RapportError }
  | { phase: 'done'; loaded: Loaded };

export interface PopupDetailProps {
  target: DetailTarget;
  /** What "Back" returns to: the name of the detail this one was opened from, or null for the results. */
  backTo: string | null;
  /** False while a detail opened from this one covers it; it stays mounted, so "Back" finds it as it was. */
  visible: boolean;
  onBack: () => void;
  onOpen: (target: DetailTarget) => void;
  /** The session has ended: the popup reads its status again. */
  onSignedOut: () => void;
  /** Opens the options page to sign in. */
  onSignIn: () => void;
}

/**
 * The popup's detail of an account or a stakeholder: "Back", a heading that takes the focus on opening, and
 * the loading, error (sign in again, try again, open the merged account) and loaded states.
 */
export function PopupDetail(props: PopupDetailProps) {
  const { target, onOpen } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<State>({ phase: 'loading' });

  // The focus moves to what just opened, so a screen reader announces it and Tab continues from there.
  useEffect(() => heading.current?.focus(), []);

  useEffect(() => {
    let live = true;
    setState({ phase: 'loading' });
    void load(target).then((res) => {
      if (!live) return; // "Back" was pressed meanwhile
      setState(res.ok ? { phase: 'done', loaded: res.data } : { phase: 'error', error: res.error });
      if (!res.ok && (res.error.code === 'signed_out' || res.error.code === 'expired')) props.onSignedOut();
    });
    return () => {
      live = false;
    };
  }, [attempt]);

  const retry = () => {
    heading.current?.focus(); // "Try again" is about to go away
    setAttempt((n) => n + 1);
  };
  const loaded = state.phase === 'done' ? state.loaded : null;
  return (
    <section
      class="detail"
      hidden={!props.visible}
      aria-labelledby={headingId}
      aria-busy={state.phase === 'loading'}
    >
      <button type="button" class="link back" onClick={props.onBack}>
        {props.backTo === null ? m.pages.detail.backToResults : m.pages.detail.backTo(props.backTo)}
      </button>
      <h2 id={headingId} tabIndex={-1} ref={heading}>
        {loaded?.kind === 'account' ? loaded.detail.name : (loaded?.detail.contact.name ?? target.name)}
      </h2>
      {state.phase === 'loading' && (
        <LoadingCards
          label={
            target.kind === 'account' ? m.pages.detail.loadingAccount : m.pages.detail.loadingStakeholder
          }
        />
      )}
      {state.phase === 'error' && (
        <DetailError
          error={state.error}
          onRetry={retry}
          onSignIn={props.onSignIn}
          onOpenMerged={(id) => onOpen({ kind: 'account', id, name: m.pages.detail.mergedAccount })}
        />
      )}
      {loaded?.kind === 'account' && (
        <AccountDetailView
          detail={loaded.detail}
          onOpenStakeholder={(s) =>
            onOpen({ kind: 'contact', id: s.id, accountId: loaded.detail.id, name: s.name })
          }
        />
      )}
      {loaded?.kind === 'contact' && (
        <ContactDetailView
          detail={loaded.detail}
          onOpenAccount={() => onOpen({ kind: 'account', ...loaded.detail.account })}
        />
      )}
    </section>
  );
}

async function load(target: DetailTarget): Promise<Result<Loaded>> {
  if (target.kind === 'account') {
    const res = await loadAccountDetail(target.id);
    return res.ok ? { ok: true, data: { kind: 'account', detail: res.data } } : res;
  }
  const res = await loadContactDetail(target.id, target.accountId);
  return res.ok ? { ok: true, data: { kind: 'contact', detail: res.data } } : res;
}

/** What went wrong, with the one thing to do about it. */
function DetailError(props: {
  error: RapportError;
  onRetry: () => void;
  onSignIn: () => void;
  onOpenMerged: (id: string) => void;
}) {
  const { error } = props;
  if (error.code === 'signed_out' || error.code === 'expired') {
    return <SignInNotice expired={error.code === 'expired'} onOpenOptions={props.onSignIn} />;
  }
  const merged = (error.details as { mergedInto?: unknown } | undefined)?.mergedInto;
  if (error.code === 'conflict' && typeof merged === 'string') {
    return (
      <div class="rp-notice rp-notice-error" role="alert">
        <p>{error.message}</p>
        <button type="button" class="rp-button" onClick={() => props.onOpenMerged(merged)}>
          {m.pages.detail.openMerged}
        </button>
      </div>
    );
  }
  // Another try helps when the server or the network failed, not when the answer was a clear no.
  const transient = error.code === 'unreachable' || error.code === 'server';
  return <ErrorNotice message={error.message} onRetry={transient ? props.onRetry : undefined} />;
}
