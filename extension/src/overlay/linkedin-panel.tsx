import type { LookupAccount, UserRef } from '@rapport/shared';
import { isolate } from '@rapport/shared';

import type { LinkedinCompany, LinkedinProfile } from '../extract/linkedin';
import { m } from '../i18n';
import type { RapportError } from '../messaging';
import { ErrorNotice, LoadingCards, Panel, SignInNotice } from '../ui/panel';
import { CompanyView } from './company-view';
import type { ProfileMatch } from './linkedin-model';
import { ProfileView } from './profile-view';

/** What the lookup said about the page in view, or why there is no answer. */
export type LinkedinState =
  | { kind: 'loading' }
  | { kind: 'error'; error: RapportError }
  | { kind: 'profile'; slug: string; match: ProfileMatch | null }
  | { kind: 'company'; slug: string; account: LookupAccount | null };

export interface LinkedinPanelProps {
  state: LinkedinState;
  /** What the page shows; each is null until rendered, and on the other kind of page. */
  profile: LinkedinProfile | null;
  company: LinkedinCompany | null;
  /** The signed-in user: the default relationship owner. */
  me: UserRef | null;
  collapsed: boolean;
  onToggle: () => void;
  onRetry: () => void;
  onOpenOptions: () => void;
  /** Looks the page up again after a save; resolves once the panel shows the answer. */
  onChanged: () => Promise<void>;
}

/** The LinkedIn overlay: a stakeholder or an account, the forms to add them, and every state in between. */
export function LinkedinPanel(props: LinkedinPanelProps) {
  const { state } = props;
  const signIn =
    state.kind === 'error' && (state.error.code === 'signed_out' || state.error.code === 'expired');
  return (
    <Panel collapsed={props.collapsed} onToggle={props.onToggle} summary={summaryOf(state)}>
      {state.kind === 'loading' && <LoadingCards label={m.overlay.profile.lookingUp} />}
      {state.kind === 'error' &&
        (signIn ? (
          <SignInNotice expired={state.error.code === 'expired'} onOpenOptions={props.onOpenOptions} />
        ) : (
          <ErrorNotice message={state.error.message} onRetry={props.onRetry} />
        ))}
      {state.kind === 'profile' && (
        // Keyed by slug: another person's page never keeps an open form or the last person's data.
        <ProfileView
          key={state.slug}
          slug={state.slug}
          match={state.match}
          profile={props.profile?.slug === state.slug ? props.profile : null}
          me={props.me}
          onChanged={props.onChanged}
        />
      )}
      {state.kind === 'company' && (
        <CompanyView
          key={state.slug}
          slug={state.slug}
          account={state.account}
          company={props.company?.slug === state.slug ? props.company : null}
          me={props.me}
          onChanged={props.onChanged}
        />
      )}
    </Panel>
  );
}

function summaryOf(state: LinkedinState): string {
  switch (state.kind) {
    case 'loading':
      return m.overlay.summary.lookingUp;
    case 'error':
      return state.error.code === 'signed_out' || state.error.code === 'expired'
        ? m.overlay.summary.signIn
        : m.overlay.summary.problem;
    case 'profile':
      return state.match
        ? m.overlay.summary.stakeholderAt(isolate(state.match.account.name))
        : m.overlay.summary.notStakeholder;
    case 'company':
      return state.account
        ? state.account.tier === 'key'
          ? m.overlay.summary.keyAccount
          : m.overlay.summary.account
        : m.overlay.summary.notAccount;
  }
}
