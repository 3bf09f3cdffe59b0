import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

import { m } from '../i18n/pages';
import { type Connection, type Status, sendToBackground } from '../messaging';
import { session } from '../storage';
import { LanguageChoice } from './language-choice';
import { PrivacySettings } from './privacy-settings';
import { SignInForm } from './sign-in-form';

type SignedIn = Extract<Status, { signedIn: true }>;

/**
 * The options page: the sign-in form, or who is signed in to which server with a live connection check and
 * "Sign out". Follows the stored session, so a session the server ends elsewhere shows here at once.
 */
export function OptionsPage() {
  const [status, setStatus] = useState<Status | null>(null);
  const [connection, setConnection] = useState<Connection | 'checking'>('checking');
  const [loadError, setLoadError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const load = async () => {
    const res = await sendToBackground({ type: 'status' });
    if (res.ok) setStatus(res.data);
    else setLoadError(res.error.message);
    return res.ok && res.data.signedIn;
  };
  /** Asks the server (`/healthz`, `/me`); a rejected token turns the page to signed out via the watcher. */
  const check = async () => {
    setConnection('checking');
    const res = await sendToBackground({ type: 'status', check: true });
    if (!res.ok) return setConnection({ ok: false, error: res.error });
    if (res.data.signedIn) {
      setStatus(res.data);
      setConnection(res.data.connection ?? { ok: true });
    }
  };

  useEffect(() => {
    void load().then((signedIn) => {
      if (signedIn) void check();
    });
    return session.watch((next, previous) => {
      void load();
      if (next && next.token !== previous?.token) void check();
    });
  }, []);

  /** After signing in or out, focus moves to the new state's heading so keyboard and screen reader follow. */
  const settle = (next: Status) => {
    setStatus(next);
    requestAnimationFrame(() => heading.current?.focus());
  };

  return (
    <main class="page">
      <header class="brand">
        <span class="logo" aria-hidden="true">
          R
        </span>
        <h1>Rapport</h1>
      </header>
      {loadError && (
        <p class="error" role="alert">
          {loadError}
        </p>
      )}
      {status === null ? (
        <p role="status">{m.common.loading}</p>
      ) : status.signedIn ? (
        <SignedInCard
          status={status}
          connection={connection}
          heading={heading}
          onCheck={check}
          onSignedOut={settle}
        />
      ) : (
        <>
          {status.ended && (
            <p class="notice" role="status">
              {m.pages.options.sessionEnded(status.ended.serverUrl)}
            </p>
          )}
          <SignInForm
            heading={heading}
            initialServerUrl={status.serverUrl ?? status.ended?.serverUrl ?? ''}
            initialEmail={status.ended?.email ?? ''}
            onSignedIn={settle}
          />
        </>
      )}
      <LanguageChoice />
      <PrivacySettings />
    </main>
  );
}

interface SignedInCardProps {
  status: SignedIn;
  connection: Connection | 'checking';
  heading: RefObject<HTMLHeadingElement | null>;
  onCheck: () => Promise<void>;
  onSignedOut: (status: Status) => void;
}

function SignedInCard({ status, connection, heading, onCheck, onSignedOut }: SignedInCardProps) {
  const [busy, setBusy] = useState(false);
  // Writes not sent yet (issue 8): asked before they are dropped with the session.
  const [unsent, setUnsent] = useState<string | null>(null);
  const signOut = async (pending?: 'send' | 'discard') => {
    setBusy(true);
    const res = await sendToBackground({ type: 'signOut', ...(pending ? { pending } : {}) });
    setBusy(false);
    if (res.ok) onSignedOut(res.data);
    else if (res.error.code === 'pending') setUnsent(res.error.message);
    else setUnsent(null);
  };
  const { user } = status;
  return (
    <section class="card" aria-labelledby="signed-in-title">
      <h2 id="signed-in-title" tabIndex={-1} ref={heading}>
        {m.pages.options.signedIn}
      </h2>
      <dl class="facts">
        <dt>{m.pages.options.user}</dt>
        <dd>
          <bdi>{user.name}</bdi> <span class="muted">({user.email})</span>
        </dd>
        <dt>{m.pages.options.role}</dt>
        <dd>{(m.pages.options.roles as Record<string, string>)[user.role] ?? user.role}</dd>
        <dt>{m.pages.options.server}</dt>
        <dd>{status.serverUrl}</dd>
        <dt>{m.pages.options.connection}</dt>
        <dd>
          <ConnectionState connection={connection} />
        </dd>
      </dl>
      <div class="actions">
        <button type="button" onClick={() => void onCheck()}>
          {m.pages.options.checkConnection}
        </button>
        <button type="button" onClick={() => void signOut()} aria-busy={busy}>
          {m.pages.options.signOut}
        </button>
      </div>
      {unsent && (
        <div class="notice" role="alert" data-testid="rapport-unsent">
          <p>{unsent}</p>
          <div class="actions">
            <button type="button" class="primary" onClick={() => void signOut('send')} aria-busy={busy}>
              {m.common.pending.sendFirst}
            </button>
            <button type="button" onClick={() => void signOut('discard')} aria-busy={busy}>
              {m.common.pending.discardAndSignOut}
            </button>
            <button type="button" onClick={() => setUnsent(null)}>
              {m.common.cancel}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function ConnectionState({ connection }: { connection: Connection | 'checking' }) {
  if (connection === 'checking') return <span role="status">{m.pages.options.checking}</span>;
  if (connection.ok) {
    return (
      <span role="status" class="ok">
        {m.pages.options.connected}
      </span>
    );
  }
  return (
    <span role="alert" class="error-text">
      {connection.error.message}
    </span>
  );
}
