import type { LookupAccount, Signal, Signals, UserRef } from '@rapport/shared';
import { isolate } from '@rapport/shared';
import { useRef, useState } from 'preact/hooks';

import { m } from '../i18n/dashboard';
import { type RapportError, sendToBackground } from '../messaging';
import { websiteUrl } from '../pages/links';
import { formatAmount, formatDate, LABELS } from '../ui/format';
import { CommitteeSection } from './committee-section';
import { ErrorNotice, Loading } from './error-notice';
import { PAGE_LABELS } from './labels';
import { canAcknowledge, canEditPlan, canWrite } from './permissions';
import { PlanSection } from './plan-section';
import { accountHref, accountsHref } from './route';
import { RouteHeading } from './route-heading';
import { TimelineSection } from './timeline-section';
import { type Load, useLoad } from './use-load';
import { useTitle } from './use-title';

export interface AccountPageProps {
  accountId: string;
  /** The fiscal year from the URL; the current one when null. */
  initialPeriod: string | null;
  user: UserRef;
  /** How long a deleted touch can be taken back (ms). */
  undoMs?: number;
}

/**
 * One account, for looking rather than reading: who owns it, what needs attention (signals), the plan as a
 * chart with its objectives and actions, the buying committee as an org chart with its coverage, and the
 * timeline of touches and deal changes. Every section loads on its own, at once, and says when it fails.
 */
export function AccountPage({ accountId, initialPeriod, user, undoMs }: AccountPageProps) {
  const summary = useLoad(() => sendToBackground({ type: 'accountSummary', id: accountId }), [accountId]);
  const signals = useLoad(() => sendToBackground({ type: 'signals', accountId }), [accountId]);
  const coverage = useLoad(() => sendToBackground({ type: 'coverage', accountId }), [accountId]);
  const account = summary.state.data;
  useTitle(
    account?.name ??
      (summary.state.status === 'error'
        ? missingTitle(summary.state.error)
        : m.dashboard.account.loadingTitle),
  );

  if (summary.state.status === 'error' && !account) {
    return <AccountMissing error={summary.state.error} onRetry={summary.reload} />;
  }

  const owner = account ? account.owner : undefined;
  const refreshInsights = () => {
    void coverage.reload();
    void signals.reload();
  };

  return (
    <article class="rp-acct" aria-busy={summary.state.status === 'loading'}>
      <AccountHeader account={account} loading={summary.state.status === 'loading'} />
      {summary.state.status === 'error' && (
        <ErrorNotice
          error={summary.state.error}
          what={m.dashboard.account.couldNotRefresh}
          onRetry={summary.reload}
        />
      )}
      <div class="rp-acct-grid rp-acct-top">
        <SignalsSection
          signals={signals}
          account={account}
          mayAcknowledge={owner !== undefined && canAcknowledge(user, owner)}
          onAcknowledged={() => {
            void signals.reload();
            void summary.reload();
          }}
        />
        <OpportunitiesSection account={account} />
      </div>
      <PlanSection
        accountId={accountId}
        initialPeriod={initialPeriod}
        mayEdit={owner !== undefined && canEditPlan(user, owner)}
        ownerName={owner?.name ?? null}
        ready={owner !== undefined}
      />
      <CommitteeSection
        accountId={accountId}
        coverage={coverage}
        mayEdit={canWrite(user)}
        onChanged={() => {
          // Signals and the header's count of stakeholders may change with the committee.
          void signals.reload();
          void summary.reload();
        }}
      />
      <TimelineSection
        accountId={accountId}
        user={user}
        stakeholders={coverage.state.data?.stakeholders ?? []}
        mayLog={canWrite(user)}
        undoMs={undoMs}
        onChanged={refreshInsights}
      />
    </article>
  );
}

/** The account another one was merged into, from a 'conflict' (404) answer's details. */
function mergedIntoOf(error: RapportError): string | null {
  const mergedInto = (error.details as { mergedInto?: unknown } | undefined)?.mergedInto;
  return typeof mergedInto === 'string' ? mergedInto : null;
}

function missingTitle(error: RapportError): string {
  if (error.code !== 'conflict') return m.dashboard.account.account;
  return mergedIntoOf(error) ? m.dashboard.account.merged : m.dashboard.account.notFound;
}

/** An account that is not there: merged into another (with a link to it), deleted, or never existed. */
function AccountMissing({ error, onRetry }: { error: RapportError; onRetry: () => void }) {
  const mergedInto = mergedIntoOf(error);
  const notFound = error.code === 'conflict';
  return (
    <section class="rp-dash-section">
      <RouteHeading>{missingTitle(error)}</RouteHeading>
      {notFound ? (
        mergedInto ? (
          <p>
            {m.dashboard.account.mergedText}{' '}
            <a href={accountHref(mergedInto)}>{m.dashboard.account.openMerged}</a>.
          </p>
        ) : (
          <p>
            {m.dashboard.account.missingText} <a href={accountsHref()}>{m.dashboard.goToMyAccounts}</a>.
          </p>
        )
      ) : (
        <ErrorNotice error={error} what={m.dashboard.account.couldNotLoad} onRetry={onRetry} />
      )}
    </section>
  );
}

function AccountHeader({ account, loading }: { account: LookupAccount | null; loading: boolean }) {
  // One heading element, loading or not, so focus given to it after a navigation stays on it.
  const title = (
    <div class="rp-acct-title">
      <RouteHeading>
        {account ? account.name : loading ? m.dashboard.account.loading : m.dashboard.account.account}
      </RouteHeading>
      {account && (
        <p class="rp-acct-badges">
          <span class={`rp-tier rp-tier-${account.tier}`}>{PAGE_LABELS.tier[account.tier]}</span>
          <span class="rp-pill">{LABELS.status[account.status]}</span>
          {account.industry && <span class="rp-pill">{account.industry}</span>}
        </p>
      )}
    </div>
  );
  const crumbs = (
    <nav aria-label={m.dashboard.account.breadcrumb} class="rp-crumbs">
      <a href={accountsHref()}>{m.dashboard.myAccounts}</a> <span aria-hidden="true">›</span>
    </nav>
  );
  if (!account) {
    return (
      <header class="rp-acct-head">
        {crumbs}
        {title}
      </header>
    );
  }
  const sites = account.domains.map((domain) => ({ domain, href: websiteUrl(domain) }));
  return (
    <header class="rp-acct-head">
      {crumbs}
      {title}
      <p class={`rp-ownership rp-ownership-${account.ownership.relation}`}>{account.ownership.message}</p>
      <dl class="rp-facts">
        <div>
          <dt>{m.dashboard.account.owner}</dt>
          <dd>{account.owner ? account.owner.name : m.dashboard.nobodyYet}</dd>
        </div>
        <div>
          <dt>{m.dashboard.account.reps}</dt>
          <dd>
            {account.reps.length ? account.reps.map((r) => r.name).join(', ') : m.dashboard.account.noReps}
          </dd>
        </div>
        <div>
          <dt>{m.dashboard.account.domains}</dt>
          <dd>
            {sites.length === 0
              ? m.dashboard.account.noDomains
              : sites.map((site, i) => (
                  <span key={site.domain}>
                    {i > 0 && ', '}
                    {site.href ? (
                      <a href={site.href} target="_blank" rel="noopener noreferrer">
                        {site.domain}
                        <span class="rp-visually-hidden">{m.dashboard.newTab}</span>
                      </a>
                    ) : (
                      site.domain
                    )}
                  </span>
                ))}
          </dd>
        </div>
        <div>
          <dt>{m.dashboard.account.stakeholders}</dt>
          <dd>{account.stakeholderCount}</dd>
        </div>
      </dl>
    </header>
  );
}

function SignalsSection(props: {
  signals: Load<Signals>;
  account: LookupAccount | null;
  mayAcknowledge: boolean;
  onAcknowledged: () => void;
}) {
  const { signals, account, mayAcknowledge, onAcknowledged } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const [failure, setFailure] = useState<RapportError | null>(null);
  const data = signals.state.data;

  const titleOf = (id: string) => account?.openOpportunities.find((o) => o.id === id)?.title ?? null;
  const acknowledge = async (id: string) => {
    setBusy(id);
    setFailure(null);
    const res = await sendToBackground({ type: 'acknowledgeOpportunity', id });
    setBusy(null);
    if (!res.ok) {
      setFailure(res.error);
      return;
    }
    setDone(m.dashboard.signals.acknowledged(isolate(res.data.title)));
    // The button goes away with the signal: keep the keyboard's place at the section.
    heading.current?.focus();
    onAcknowledged();
  };

  return (
    <section
      class="rp-dash-card rp-signals"
      aria-labelledby="rp-signals-h"
      aria-busy={signals.state.status === 'loading'}
    >
      <h2 id="rp-signals-h" ref={heading} tabIndex={-1}>
        {m.dashboard.signals.heading}
      </h2>
      {signals.state.status === 'error' && (
        <ErrorNotice
          error={signals.state.error}
          what={m.dashboard.signals.couldNotLoad}
          onRetry={signals.reload}
        />
      )}
      {!data && signals.state.status === 'loading' && <Loading>{m.dashboard.signals.loading}</Loading>}
      {data && data.signals.length === 0 && <p class="rp-dash-empty">{m.dashboard.signals.none}</p>}
      {data && data.signals.length > 0 && (
        <ul class="rp-signal-list">
          {data.signals.map((signal) => (
            <SignalItem
              key={`${signal.code}:${signal.contactIds.join(',')}:${signal.opportunityIds.join(',')}`}
              signal={signal}
              titleOf={titleOf}
              busy={busy}
              onAcknowledge={mayAcknowledge ? acknowledge : undefined}
            />
          ))}
        </ul>
      )}
      {failure && <ErrorNotice error={failure} what={m.dashboard.signals.couldNotAcknowledge} />}
      <p class="rp-dash-status" role="status">
        {done}
      </p>
    </section>
  );
}

function SignalItem(props: {
  signal: Signal;
  titleOf: (id: string) => string | null;
  busy: string | null;
  onAcknowledge?: (opportunityId: string) => void;
}) {
  const { signal, titleOf, busy, onAcknowledge } = props;
  const flagged = signal.code === 'new_business_by_other' ? signal.opportunityIds : [];
  return (
    <li class={`rp-signal rp-signal-${signal.severity}`}>
      <p class="rp-signal-title">
        <span class={`rp-severity rp-severity-${signal.severity}`}>
          {PAGE_LABELS.severity[signal.severity]}
        </span>{' '}
        <strong>{signal.title}</strong>
      </p>
      <p class="rp-signal-why">{signal.why}</p>
      <p class="rp-signal-next">
        <strong>{m.dashboard.signals.next}</strong> {signal.next}
      </p>
      {onAcknowledge && flagged.length > 0 && (
        <ul class="rp-ack-list">
          {flagged.map((id) => {
            const title = titleOf(id);
            return (
              <li key={id}>
                {title && <span>{title}</span>}
                <button
                  type="button"
                  class="rp-dash-button"
                  disabled={busy === id}
                  aria-label={
                    title ? m.dashboard.signals.acknowledgeTitled(title) : m.dashboard.signals.acknowledgeThis
                  }
                  onClick={() => onAcknowledge(id)}
                >
                  {busy === id ? m.dashboard.signals.acknowledging : m.dashboard.signals.acknowledge}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </li>
  );
}

function OpportunitiesSection({ account }: { account: LookupAccount | null }) {
  const deals = account?.openOpportunities ?? [];
  return (
    <section class="rp-dash-card rp-deals" aria-labelledby="rp-deals-h">
      <h2 id="rp-deals-h">{m.dashboard.deals.heading}</h2>
      {!account ? (
        <Loading>{m.dashboard.deals.loading}</Loading>
      ) : deals.length === 0 ? (
        <p class="rp-dash-empty">{m.dashboard.deals.none}</p>
      ) : (
        <ul class="rp-deal-list">
          {deals.map((deal) => (
            <li key={deal.id} class="rp-deal">
              <p class="rp-deal-title">
                <strong>{deal.title}</strong>
                {deal.flagged && <span class="rp-flag">{m.dashboard.deals.flagged}</span>}
              </p>
              <p class="rp-dash-muted">
                {LABELS.type[deal.type]} · {LABELS.stage[deal.stage]} ·{' '}
                {formatAmount(deal.amount, deal.currency)}
                {deal.expectedCloseDate &&
                  ` · ${m.dashboard.deals.closes(formatDate(deal.expectedCloseDate))}`}
                {deal.owner && ` · ${deal.owner.name}`}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
