import type { UserRef } from '@rapport/shared';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

import { m } from '../i18n/dashboard';
import { type RapportError, type Status, sendToBackground } from '../messaging';
import { session } from '../storage';
import { PendingWrites } from '../ui/pending-writes';
import { AccountPage } from './account-page';
import { ErrorNotice, Loading } from './error-notice';
import { LeaveDialog } from './leave-dialog';
import { LeaveGuardContext, useGuardedRoute } from './leave-guard';
import { MyAccounts } from './my-accounts';
import { accountsHref, type Route } from './route';
import { NavigationFocus, RouteHeading } from './route-heading';
import { useTitle } from './use-title';

export interface DashboardAppProps {
  /** How long a deleted touch can be taken back before it is deleted on the server (tests shorten it). */
  undoMs?: number;
}

/**
 * The full-page account page of the extension (`dashboard.html`): "My accounts" at `#/` and an account at
 * `#/accounts/<id>`. Follows the hash, moves focus to the new view's heading on navigation, asks before a
 * navigation would drop unsaved work (`useLeaveGuard`), and asks the background again when the session
 * changes (signing in elsewhere, or the server ending it).
 * @example render(<DashboardApp />, document.getElementById('app'))
 */
export function DashboardApp({ undoMs }: DashboardAppProps) {
  const [status, setStatus] = useState<Status | null>(null);
  const [failure, setFailure] = useState<RapportError | null>(null);
  const { route, navigated, guard, question } = useGuardedRoute();

  const loadStatus = async () => {
    const res = await sendToBackground({ type: 'status' });
    if (res.ok) {
      setStatus(res.data);
      setFailure(null);
    } else setFailure(res.error);
  };

  useEffect(() => {
    void loadStatus();
    return session.watch(() => void loadStatus());
  }, []);

  return (
    <NavigationFocus.Provider value={navigated}>
      <LeaveGuardContext.Provider value={guard}>
        <div class="rp-dash-app">
          <button type="button" class="rp-dash-skip" onClick={skipToMain}>
            {m.dashboard.app.skip}
          </button>
          <header class="rp-dash-top">
            <a class="rp-dash-brand" href={accountsHref()}>
              Rapport
            </a>
            <nav aria-label="Rapport">
              <a
                href={accountsHref()}
                class="rp-dash-nav"
                aria-current={route.name === 'accounts' ? 'page' : undefined}
              >
                {m.dashboard.myAccounts}
              </a>
            </nav>
            {status?.signedIn && (
              <p class="rp-dash-who">
                <bdi>{status.user.name}</bdi>{' '}
                <span class="rp-dash-muted">· {new URL(status.serverUrl).host}</span>
              </p>
            )}
          </header>
          <main id="rp-main" class="rp-dash-main" tabIndex={-1}>
            {/* Changes kept on this device until the server takes them (issue 8). */}
            <PendingWrites />
            {failure ? (
              <Page title="Rapport">
                <ErrorNotice
                  error={failure}
                  what={m.dashboard.app.couldNotStart}
                  onRetry={() => void loadStatus()}
                />
              </Page>
            ) : !status ? (
              <Loading>{m.dashboard.app.connecting}</Loading>
            ) : !status.signedIn ? (
              <SignedOut status={status} />
            ) : (
              <RouteView route={route} user={status.user} undoMs={undoMs} />
            )}
          </main>
          {question && <LeaveDialog question={question} />}
        </div>
      </LeaveGuardContext.Provider>
    </NavigationFocus.Provider>
  );
}

/** The hash is the router's, so "skip to content" moves focus rather than linking to `#rp-main`. */
function skipToMain() {
  document.getElementById('rp-main')?.focus();
}

function RouteView({ route, user, undoMs }: { route: Route; user: UserRef; undoMs?: number }) {
  if (route.name === 'accounts') {
    return <MyAccounts key={`accounts:${route.period}`} user={user} initialPeriod={route.period} />;
  }
  if (route.name === 'account') {
    return (
      <AccountPage
        key={`${route.id}:${route.period}`}
        accountId={route.id}
        initialPeriod={route.period}
        user={user}
        undoMs={undoMs}
      />
    );
  }
  return (
    <Page title={m.dashboard.app.notFound}>
      <p>
        {m.dashboard.app.noPageBefore}
        <code>#{route.hash}</code>
        {m.dashboard.app.noPageAfter} <a href={accountsHref()}>{m.dashboard.goToMyAccounts}</a>.
      </p>
    </Page>
  );
}

/** A simple view: its title in the tab and as the focusable heading. */
export function Page({ title, children }: { title: string; children: ComponentChildren }) {
  useTitle(title);
  return (
    <section class="rp-dash-section">
      <RouteHeading>{title}</RouteHeading>
      {children}
    </section>
  );
}

function SignedOut({ status }: { status: Extract<Status, { signedIn: false }> }) {
  const ended = status.ended;
  return (
    <Page title={ended ? m.dashboard.app.signedOut : m.dashboard.app.connect}>
      <p>{ended ? m.dashboard.app.sessionEnded(ended.serverUrl) : m.dashboard.app.notConnected}</p>
      <button
        type="button"
        class="rp-dash-button rp-dash-primary"
        onClick={() => void sendToBackground({ type: 'openOptions' })}
      >
        {ended ? m.dashboard.app.signInAgain : m.dashboard.app.openOptions}
      </button>
    </Page>
  );
}
