/**
 * English text of the Gmail and LinkedIn overlays (src/overlay/); Italian in ../it/overlay.ts (same keys,
 * checked by tsc and i18n.test.ts).
 */
export const overlay = {
  /** The short summary in the panel's header. */
  summary: {
    lookingUp: 'Looking up…',
    signIn: 'Sign in',
    problem: 'Problem',
    accounts: (n: number) => (n === 1 ? '1 account' : `${n} accounts`),
    stakeholderAt: (account: string) => `Stakeholder at ${account}`,
    notStakeholder: 'Not a stakeholder yet',
    keyAccount: 'Key account',
    account: 'Account',
    notAccount: 'Not an account yet',
  },
  /** The error an overlay keeps while signed out (the panel shows "Sign in" instead). */
  signInToRapport: 'Sign in to Rapport',
  /** Gmail: the cards of one conversation. */
  thread: {
    addAsStakeholder: 'Add as stakeholder',
    /** Follows the domain, in bold: "acme.example is not an account yet (Jane, Bob)." */
    notAccountYet: (people: string) => ` is not an account yet (${people}).`,
    createAccount: 'Create account',
    personal: (names: string) => `Personal addresses: ${names}`,
    nobodyOutside: 'Nobody outside your company in this conversation.',
  },
  /** Gmail: "Log this email" and what follows it. */
  log: {
    logThis: 'Log this email',
    logging: 'Logging…',
    hint: 'Records the subject, date, people and link. Never the message.',
    logged: (accounts: string) => `Logged to ${accounts}.`,
    loggedNowhere: 'Logged to Rapport.',
    alreadyLogged: (accounts: string) => `Already logged to ${accounts}; added anyone new.`,
    alreadyLoggedNowhere: 'Already logged; added anyone new.',
    untracked: (emails: string) => `Not stakeholders yet, so not tracked: ${emails}`,
    undoing: 'Undoing…',
    undoAgain: 'Try undo again',
    couldNotUndo: 'Could not undo',
    notLogged: 'Not logged',
    removed: 'Removed from the log.',
    openAccount: (name: string) => `Open ${name}`,
  },
  /** LinkedIn: a company page. */
  company: {
    thisCompany: 'This company',
    /** Follows the company's name, in bold. */
    notAccountYet: ' is not an account yet.',
    createAccount: 'Create account',
    linkToExisting: 'Link to an existing account',
    /** Why an account is suggested first in the account picker. */
    linkedSuggestion: 'Linked to this LinkedIn company page',
  },
  /** LinkedIn: a profile page. */
  profile: {
    lookingUp: 'Looking up this page…',
    thisPerson: 'This person',
    /** Follows the person's name, in bold. */
    notStakeholderYet: ' is not a stakeholder yet.',
    worksAt: (company: string) => `Works at ${company}`,
    tag: 'Tag as stakeholder',
    changedReload: 'Someone changed this stakeholder; reload to see their changes.',
    changedTryAgain: 'Someone changed this stakeholder meanwhile; try again.',
  },
};
