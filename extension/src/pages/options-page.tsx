import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

import { type Connection, type Status, sendToBackground } from '../messaging';
import { session } from '../storage';
import { PrivacySettings } from './privacy-settings';
import { SignInForm } from './sign-in-form';

type SignedIn = Extract<Status, { signedIn: true }>;

const ROLE_LABELS: Record<string, string> = {
  admin: 'Admin',
  account_manager: 'Account manager',
  sales_rep: 'Sales rep',
  coordinator: 'Sales coordinator',
  marketing: 'Marketing',
  viewer: 'Viewer',
};

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
        <p role="status">Loading…</p>
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
              Your session on {status.ended.serverUrl} has ended (it expired or was revoked). Sign in again.
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
  const signOut = async () => {
    setBusy(true);
    const res = await sendToBackground({ type: 'signOut' });
    setBusy(false);
    if (res.ok) onSignedOut(res.data);
  };
  const { user } = status;
  return (
    <section class="card" aria-labelledby="signed-in-title">
      <h2 id="signed-in-title" tabIndex={-1} ref={heading}>
        Signed in
      </h2>
      <dl class="facts">
        <dt>User</dt>
        <dd>
          {user.name} <span class="muted">({user.email})</span>
        </dd>
        <dt>Role</dt>
        <dd>{ROLE_LABELS[user.role] ?? user.role}</dd>
        <dt>Server</dt>
        <dd>{status.serverUrl}</dd>
        <dt>Connection</dt>
        <dd>
          <ConnectionState connection={connection} />
        </dd>
      </dl>
      <div class="actions">
        <button type="button" onClick={() => void onCheck()}>
          Check connection
        </button>
        <button type="button" onClick={() => void signOut()} aria-busy={busy}>
          Sign out
        </button>
      </div>
    </section>
  );
}

function ConnectionState({ connection }: { connection: Connection | 'checking' }) {
  if (connection === 'checking') return <span role="status">Checking…</span>;
  if (connection.ok) {
    return (
      <span role="status" class="ok">
        Connected
      </span>
    );
  }
  return (
    <span role="alert" class="error-text">
      {connection.error.message}
    </span>
  );
}
