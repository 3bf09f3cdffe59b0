import { useEffect, useState } from 'preact/hooks';

import { browser } from '#imports';
import { m } from '../i18n/pages';
import { type Status, sendToBackground } from '../messaging';
import { session } from '../storage';
import { PendingWrites } from '../ui/pending-writes';
import { QuickSearch } from './quick-search';

function openOptions() {
  void browser.runtime.openOptionsPage().then(() => window.close());
}

/**
 * The toolbar popup: who is connected to which server, and a quick search of accounts and contacts whose
 * results open their detail (an account's owner, deals and stakeholders; a stakeholder's roles and contacts).
 */
export function PopupPage() {
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    const res = await sendToBackground({ type: 'status' });
    if (res.ok) setStatus(res.data);
    else setError(res.error.message);
  };
  useEffect(() => {
    void load();
    return session.watch(() => void load());
  }, []);

  if (error) {
    return (
      <main class="popup-main">
        <p role="alert" class="error">
          {error}
        </p>
      </main>
    );
  }
  if (!status) return <main class="popup-main" aria-busy="true" />;
  if (!status.signedIn) {
    return (
      <main class="popup-main">
        <h1 class="popup-title">Rapport</h1>
        <p>
          {status.ended ? m.pages.popup.sessionEnded(status.ended.serverUrl) : m.pages.popup.notConnected}
        </p>
        <button type="button" class="primary" onClick={openOptions}>
          {status.ended ? m.common.signInAgain : m.pages.popup.openOptions}
        </button>
        {/* Changes made before the session ended wait for the next sign-in (issue 8). */}
        <PendingWrites />
      </main>
    );
  }
  return (
    <main class="popup-main">
      <header class="popup-head">
        <p class="who">
          {m.pages.popup.signedInAs}
          <strong>{status.user.name}</strong>
          <span class="muted">{m.pages.popup.atHost(new URL(status.serverUrl).host)}</span>
        </p>
        <button type="button" class="link" onClick={openOptions}>
          {m.pages.popup.options}
        </button>
      </header>
      <PendingWrites />
      <QuickSearch onSignedOut={() => void load()} onSignIn={openOptions} />
    </main>
  );
}
