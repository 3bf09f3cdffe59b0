import type { LookupAccount, LookupOpportunity, LookupStakeholder, UserRef } from '@rapport/shared';
import { isolate } from '@rapport/shared';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

import { m } from '../i18n';
import { InfluenceBadge, RoleBadge, StanceBadge } from './badges';
import { formatAmount, formatDate, LABELS } from './format';

export interface AccountCardProps {
  account: LookupAccount;
  /**
   * Contacts of this account who take part in the open thread; without it (a LinkedIn company page) the
   * "In this conversation" section is left out.
   */
  presentContactIds?: readonly string[];
  locale?: string;
  /** False where the view around the card already names the account in its heading (the popup's detail). */
  showName?: boolean;
  /** More sections at the end of the card, e.g. the buying committee. */
  children?: ComponentChildren;
  /** Buttons at the foot of the card, e.g. "Open account page". */
  actions?: ComponentChildren;
  /**
   * Given to the account's owner and admins (see `mayAcknowledge`): acknowledges flagged new business and
   * resolves once the card shows the answer, with null, or with what went wrong.
   */
  onAcknowledge?: (opportunityId: string) => Promise<string | null>;
}

/**
 * True when the signed-in user may acknowledge new business a colleague opened on the account: its owner,
 * or an admin.
 * @example mayAcknowledge(account, me) ? acknowledge : undefined
 */
export function mayAcknowledge(account: LookupAccount, me: UserRef | null): boolean {
  return account.ownership.relation === 'owner' || me?.role === 'admin';
}

/**
 * One external account: who owns it (prominent when it is someone else's key account), the open deals, and
 * the stakeholders in this conversation with their buying roles, stance and influence.
 */
export function AccountCard({
  account,
  presentContactIds,
  locale,
  showName = true,
  children,
  actions,
  onAcknowledge,
}: AccountCardProps) {
  const present = account.stakeholders.filter((s) => presentContactIds?.includes(s.id));
  const warn = account.tier === 'key' && account.ownership.relation === 'other';
  return (
    <article class="rp-card" aria-label={account.name}>
      <header class="rp-card-head">
        {showName && <h3 class="rp-card-title">{account.name}</h3>}
        <span class={`rp-badge rp-tier-${account.tier}`}>
          {account.tier === 'key' ? m.common.card.keyAccount : m.common.card.standard}
        </span>
        <span class="rp-badge rp-status">{LABELS.status[account.status]}</span>
      </header>
      <p class={warn ? 'rp-ownership rp-ownership-warn' : 'rp-ownership'} role={warn ? 'note' : undefined}>
        {account.ownership.message}
      </p>
      {account.reps.length > 0 && (
        <p class="rp-muted">{m.common.card.assignedReps(account.reps.map((r) => r.name).join(', '))}</p>
      )}
      <section aria-label={m.common.card.openOpportunities}>
        <h4 class="rp-section-title">{m.common.card.openOpportunities}</h4>
        {account.openOpportunities.length === 0 ? (
          <p class="rp-muted">{m.common.card.noOpenOpportunities}</p>
        ) : (
          <ul class="rp-list">
            {account.openOpportunities.map((o) => (
              <OpportunityRow key={o.id} opportunity={o} locale={locale} onAcknowledge={onAcknowledge} />
            ))}
          </ul>
        )}
      </section>
      {presentContactIds && (
        <section aria-label={m.common.card.stakeholdersHere}>
          <h4 class="rp-section-title">{m.common.card.inThisConversation}</h4>
          {present.length === 0 ? (
            <p class="rp-muted">{m.common.card.noStakeholdersHere}</p>
          ) : (
            <ul class="rp-list">
              {present.map((s) => (
                <StakeholderRow key={s.id} stakeholder={s} locale={locale} />
              ))}
            </ul>
          )}
        </section>
      )}
      {children}
      {actions && <div class="rp-actions rp-card-actions">{actions}</div>}
    </article>
  );
}

type AckPhase = 'idle' | 'saving' | 'done' | { problem: string };

/** An open deal; flagged new business carries a badge, and "Acknowledge" for those who may. */
function OpportunityRow(props: {
  opportunity: LookupOpportunity;
  locale: string | undefined;
  onAcknowledge: AccountCardProps['onAcknowledge'];
}) {
  const { opportunity: o, locale, onAcknowledge } = props;
  const [phase, setPhase] = useState<AckPhase>('idle');
  const done = useRef<HTMLSpanElement>(null);
  // The button goes away once acknowledged: the keyboard focus moves to the line that says so.
  useEffect(() => {
    if (phase === 'done') done.current?.focus();
  }, [phase]);
  const acknowledge = async () => {
    if (!onAcknowledge || phase === 'saving') return;
    setPhase('saving');
    const problem = await onAcknowledge(o.id);
    setPhase(problem === null ? 'done' : { problem });
  };
  const titleId = `rp-opportunity-${o.id}`;
  return (
    <li class="rp-opportunity">
      <span class="rp-strong" id={titleId}>
        {o.title}
      </span>
      {o.flagged && phase !== 'done' && (
        <>
          {' '}
          <span class="rp-badge rp-flag">{m.common.card.flagged}</span>
        </>
      )}
      <span class="rp-muted">
        {' '}
        · {LABELS.type[o.type]} · {LABELS.stage[o.stage]} · {formatAmount(o.amount, o.currency, locale)}
        {o.expectedCloseDate ? ` · ${m.common.card.closes(formatDate(o.expectedCloseDate, locale))}` : ''}
        {o.flagged && o.owner ? ` · ${m.common.card.openedBy(isolate(o.owner.name))}` : ''}
      </span>
      {o.flagged && onAcknowledge && phase !== 'done' && (
        <span class="rp-opportunity-actions">
          <button
            type="button"
            class="rp-button"
            aria-describedby={titleId}
            aria-disabled={phase === 'saving' || undefined}
            onClick={() => void acknowledge()}
          >
            {phase === 'saving' ? m.common.card.acknowledging : m.common.card.acknowledge}
          </button>
          {typeof phase === 'object' && (
            <span class="rp-error" role="alert">
              {phase.problem}
            </span>
          )}
        </span>
      )}
      {phase === 'done' && (
        <span class="rp-muted rp-opportunity-actions" role="status" tabIndex={-1} ref={done}>
          {m.common.card.acknowledged}
        </span>
      )}
    </li>
  );
}

function StakeholderRow({ stakeholder: s, locale }: { stakeholder: LookupStakeholder; locale?: string }) {
  return (
    <li class="rp-stakeholder">
      <span class="rp-strong">{s.name}</span>
      {s.title && <span class="rp-muted"> · {s.title}</span>}
      <span class="rp-badges">
        {s.roles.map((r) => (
          <RoleBadge key={r} role={r} />
        ))}
        {s.stance && <StanceBadge stance={s.stance} />}
        {s.influence && <InfluenceBadge influence={s.influence} />}
      </span>
      <span class="rp-muted rp-contacted">
        {s.lastContactedAt
          ? m.common.card.lastContacted(formatDate(s.lastContactedAt, locale))
          : m.common.card.notContacted}
      </span>
    </li>
  );
}
