import type { CreateTouchResponse, Influence, Stance, UserRef } from '@rapport/shared';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

import type { Participant } from '../extract/gmail';
import { m } from '../i18n';
import type { RapportError, Result } from '../messaging';
import type { PendingWrite } from '../storage';
import { AccountCard, mayAcknowledge } from '../ui/account-card';
import { CreateAccountForm, nameFromDomain } from '../ui/create-account-form';
import { OpenAccountPageButton } from '../ui/open-account-page';
import { ErrorNotice, LoadingCards, Panel, SignInNotice } from '../ui/panel';
import { usePendingWrites } from '../ui/pending-writes';
import { AccountSignals } from '../ui/signals';
import { type SaveResult, type StakeholderDraft, StakeholderForm } from '../ui/stakeholder-form';
import { LogEmail, type LogPhase } from './log-email';
import type { ThreadLog, ThreadView } from './thread-model';

export type PanelState =
  /** `blank`: the previous conversation's cards are gone and the answer is due any moment (no skeleton yet). */
  | { kind: 'loading'; blank?: boolean }
  | { kind: 'error'; error: RapportError }
  | {
      kind: 'ready';
      view: ThreadView;
      /** The conversation and people in view: signals asked for another key are never shown. */
      key: string;
      /** A new number for every lookup answer (after a write, too): signals are asked for again. */
      revision: number;
      /** What "Log this email" records; null in a compose window or when nobody in the thread matched. */
      thread: ThreadLog | null;
    };

export interface ThreadPanelProps {
  state: PanelState;
  collapsed: boolean;
  onToggle: () => void;
  onRetry: () => void;
  onOpenOptions: () => void;
  onAddStakeholder: (accountId: string, draft: StakeholderDraft) => Promise<SaveResult>;
  onCreateAccount: (draft: { name: string; domain: string }) => Promise<SaveResult>;
  /** The signed-in user: the owner's or an admin's cards offer "Acknowledge". */
  me: UserRef | null;
  /** Acknowledges flagged new business; resolves once the cards show it, with null or the problem. */
  onAcknowledge: (opportunityId: string) => Promise<string | null>;
  onLogEmail: (thread: ThreadLog) => Promise<Result<CreateTouchResponse>>;
  onUndoLog: (touch: CreateTouchResponse) => Promise<Result<null>>;
  /** Lines the site adds below the cards (Outlook: people shown by name only), when the cards show. */
  footer?: ComponentChildren;
}

type Editing =
  | { kind: 'stakeholder'; accountId: string; accountName: string; person: Participant }
  | { kind: 'account'; domain: string; name: string }
  | null;

/** The Gmail overlay: one card per external account, add/create actions, and every state in between. */
/** The addresses of stakeholders added while the server was away, still waiting to be sent (lower case). */
function pendingEmails(pending: readonly PendingWrite[]): Set<string> {
  const out = new Set<string>();
  for (const w of pending) {
    if (w.type !== 'createContact') continue;
    const emails = (w.body as { emails?: unknown } | undefined)?.emails;
    for (const e of Array.isArray(emails) ? emails : []) if (typeof e === 'string') out.add(e.toLowerCase());
  }
  return out;
}

export function ThreadPanel(props: ThreadPanelProps) {
  const { state, collapsed, onToggle } = props;
  const [editing, setEditing] = useState<Editing>(null);
  // Held here, not in the button's component, so it outlives a refresh of the cards and an open form.
  const [logs, setLogs] = useState<Readonly<Record<string, LogPhase>>>({});
  const waitingEmails = pendingEmails(usePendingWrites().pending);
  const thread = state.kind === 'ready' ? state.thread : null;
  const summary =
    state.kind === 'loading'
      ? m.overlay.summary.lookingUp
      : state.kind === 'error'
        ? state.error.code === 'signed_out' || state.error.code === 'expired'
          ? m.overlay.summary.signIn
          : m.overlay.summary.problem
        : m.overlay.summary.accounts(state.view.accounts.length);

  const saved = (res: SaveResult) => {
    if (res.ok) setEditing(null);
    return res;
  };

  return (
    <Panel collapsed={collapsed} onToggle={onToggle} summary={summary}>
      {state.kind === 'loading' && !state.blank && <LoadingCards />}
      {state.kind === 'error' &&
        (state.error.code === 'signed_out' || state.error.code === 'expired' ? (
          <SignInNotice expired={state.error.code === 'expired'} onOpenOptions={props.onOpenOptions} />
        ) : (
          <ErrorNotice message={state.error.message} onRetry={props.onRetry} />
        ))}
      {state.kind === 'ready' && editing?.kind === 'stakeholder' && (
        <StakeholderForm
          accountName={editing.accountName}
          initial={{ name: editing.person.name ?? '', email: editing.person.email }}
          onSave={async (d) => saved(await props.onAddStakeholder(editing.accountId, d))}
          onCancel={() => setEditing(null)}
        />
      )}
      {state.kind === 'ready' && editing?.kind === 'account' && (
        <CreateAccountForm
          initial={{ name: editing.name, domain: editing.domain }}
          onSave={async (d) => saved(await props.onCreateAccount(d))}
          onCancel={() => setEditing(null)}
        />
      )}
      {state.kind === 'ready' && editing === null && (
        <>
          {state.view.accounts.map(({ account, presentContactIds, newPeople }) => (
            <div key={account.id}>
              <AccountCard
                account={account}
                presentContactIds={presentContactIds}
                onAcknowledge={mayAcknowledge(account, props.me) ? props.onAcknowledge : undefined}
                actions={<OpenAccountPageButton accountId={account.id} />}
              >
                <AccountSignals
                  accountId={account.id}
                  contactIds={presentContactIds}
                  scope={state.key}
                  revision={state.revision}
                />
              </AccountCard>
              {newPeople.map((p) => (
                <p key={p.email} class="rp-person">
                  <span>{p.name ?? p.email}</span>{' '}
                  {waitingEmails.has(p.email.toLowerCase()) ? (
                    // Added while the server was away (issue 8): adding again would make a second one.
                    <span class="rp-muted">{m.common.pending.waitingOne}</span>
                  ) : (
                    <button
                      type="button"
                      class="rp-button"
                      onClick={() =>
                        setEditing({
                          kind: 'stakeholder',
                          accountId: account.id,
                          accountName: account.name,
                          person: p,
                        })
                      }
                    >
                      {m.overlay.thread.addAsStakeholder}
                    </button>
                  )}
                </p>
              ))}
            </div>
          ))}
          {state.view.unknownDomains.map((d) => (
            <div key={d.domain} class="rp-card">
              <p>
                <span class="rp-strong">{d.domain}</span>
                {m.overlay.thread.notAccountYet(d.people.map((p) => p.name ?? p.email).join(', '))}
              </p>
              <button
                type="button"
                class="rp-button"
                onClick={() =>
                  setEditing({ kind: 'account', domain: d.domain, name: nameFromDomain(d.domain) })
                }
              >
                {m.overlay.thread.createAccount}
              </button>
            </div>
          ))}
          {state.view.personal.length > 0 && (
            <p class="rp-muted">
              {m.overlay.thread.personal(state.view.personal.map((p) => p.name ?? p.email).join(', '))}
            </p>
          )}
          {state.view.accounts.length === 0 &&
            state.view.unknownDomains.length === 0 &&
            state.view.personal.length === 0 &&
            !props.footer && <p class="rp-muted">{m.overlay.thread.nobodyOutside}</p>}
          {thread && (
            <LogEmail
              key={thread.id}
              thread={thread}
              phase={logs[thread.id] ?? { kind: 'idle' }}
              onPhase={(phase) => setLogs((all) => ({ ...all, [thread.id]: phase }))}
              onLog={props.onLogEmail}
              onUndo={props.onUndoLog}
              onOpenOptions={props.onOpenOptions}
            />
          )}
          {props.footer}
        </>
      )}
    </Panel>
  );
}

/** The contact to create from a stakeholder draft. */
export function contactFromDraft(accountId: string, d: StakeholderDraft) {
  return {
    accountId,
    name: d.name,
    emails: d.email ? [d.email] : [],
    title: d.title || null,
    roles: d.roles,
    stance: d.stance as Stance | null,
    influence: d.influence as Influence | null,
  };
}
