/**
 * English text used in more than one part of the extension: the shared UI (src/ui/: cards, signals, forms)
 * and the errors the extension composes itself (src/api/, src/messaging.ts; the server's own messages come
 * translated through Accept-Language). Italian in ../it/common.ts.
 */
export const common = {
  language: 'Language',
  languageAuto: (name: string) => `Browser default (${name})`,
  loading: 'Loading…',
  retry: 'Try again',
  cancel: 'Cancel',
  save: 'Save',
  close: 'Close',
  undo: 'Undo',
  edit: 'Edit',
  reload: 'Reload',
  saving: 'Saving…',
  signIn: 'Sign in',
  signInAgain: 'Sign in again',
  /** After a link's text, for screen readers. */
  opensInNewTab: ' (opens in a new tab)',
  /** The overlay's frame and its states. */
  panel: {
    sessionExpired: 'Your Rapport session expired.',
    notConnected: 'Rapport is not connected to your server.',
    lookingUpThread: 'Looking up the people in this conversation…',
  },
  /** An account's card. */
  card: {
    keyAccount: 'Key account',
    standard: 'Standard',
    assignedReps: (names: string) => `Assigned reps: ${names}`,
    openOpportunities: 'Open opportunities',
    noOpenOpportunities: 'No open opportunities.',
    stakeholdersHere: 'Stakeholders in this conversation',
    inThisConversation: 'In this conversation',
    noStakeholdersHere: 'No known stakeholders here yet.',
    flagged: 'New business by a colleague',
    closes: (date: string) => `closes ${date}`,
    openedBy: (name: string) => `opened by ${name}`,
    acknowledge: 'Acknowledge',
    acknowledging: 'Acknowledging…',
    acknowledged: 'Acknowledged',
    lastContacted: (date: string) => `Last contacted ${date}`,
    notContacted: 'Not contacted yet',
    openAccountPage: 'Open account page',
  },
  signals: {
    title: 'Signals',
    checking: 'Checking signals…',
    unavailable: (problem: string) => `Signals unavailable: ${problem}`,
    retry: 'Retry',
    nothing: 'Nothing needs attention.',
    why: 'Why',
    next: 'Next',
    /** Read after the severity badge by screen readers ("High priority:"). */
    priority: ' priority:',
  },
  committee: {
    title: 'Buying committee',
    none: 'No stakeholder holds a buying role yet.',
    noRecentContact: (days: number) => `no contact in ${days} days`,
    uncovered: (roles: string) => `Uncovered: ${roles}`,
    allCovered: 'Every buying role is covered.',
    basedOn: (shown: number, total: number) => `Based on ${shown} of ${total} stakeholders.`,
  },
  /** A stakeholder's facts, on cards and in forms. */
  stakeholder: {
    at: 'Stakeholder at',
    noRole: 'No buying role yet.',
    reportsTo: 'Reports to',
    notSet: 'Not set',
    relationshipOwner: 'Relationship owner',
    nobodyYet: 'Nobody yet',
    lastContacted: 'Last contacted',
    never: 'Never',
  },
  /** Form fields and the forms of the overlays. */
  fields: {
    name: 'Name',
    email: 'Email',
    title: 'Title',
    notes: 'Notes',
    buyingRoles: 'Buying roles',
    stance: 'Stance',
    influence: 'Influence',
    notKnown: 'Not known',
    nobody: 'Nobody',
    nobodyOrNotKnown: 'Nobody (or not known)',
    chooseAccountFirst: 'Choose the account first',
    account: 'Account',
  },
  createAccount: {
    label: 'Create an account',
    heading: 'New account',
    companyName: 'Company name',
    websiteDomain: 'Website domain',
    emailDomain: 'Email domain',
    linkedinPage: 'LinkedIn company page',
    submit: 'Create account',
    saving: 'Creating…',
  },
  addStakeholder: {
    label: (account: string) => `Add a stakeholder to ${account}`,
    heading: (account: string) => `Add to ${account}`,
    submit: 'Save stakeholder',
  },
  tagStakeholder: {
    tag: 'Tag as stakeholder',
    edit: (name: string) => `Edit ${name}`,
    chooseAccount: 'Choose the account this person works for.',
    twin: (name: string, account: string) => `${name} is already a stakeholder of ${account}`,
    thisAccount: 'this account',
    linkProfile: (name: string) => `Link this profile to ${name}`,
    submit: 'Save stakeholder',
  },
  linkAccount: {
    label: 'Link this page to an existing account',
    heading: 'Link to an existing account',
    intro: (slug: string) => `Choose the account this LinkedIn page (company/${slug}) belongs to.`,
    chooseAccount: 'Choose the account to link this page to.',
    noCompany: 'The company name has not loaded.',
    elsewhere: (account: string, page: string) =>
      `${account} is linked to the LinkedIn page ${page}; linking moves it to this page.`,
    submit: 'Link account',
    saving: 'Linking…',
  },
  accountPicker: {
    lookingFor: (company: string) => `Looking for the account of ${company}…`,
    noMatch: (company: string) => `No account matches ${company} yet.`,
    noCompany: 'No current company on this profile.',
    searchBelow: ' Search for one below.',
    find: 'Find another account',
    noSearchMatch: (query: string) => `No account matches “${query}”.`,
    options: 'Accounts',
  },
  /** A 409 field by field in the overlay's stakeholder form (issue 8). */
  merge: {
    about:
      'Someone else saved this stakeholder meanwhile. The form now holds the saved values; choose, field by field, whether to keep yours.',
    field: 'Field',
    theirs: 'Saved meanwhile',
    mine: 'Yours',
    choice: 'In the form',
    useMine: 'Use mine',
    useTheirs: 'Use theirs',
    useMineFor: (field: string) => `Use your ${field.toLowerCase()}`,
    useTheirsFor: (field: string) => `Use the ${field.toLowerCase()} saved meanwhile`,
    empty: 'empty',
    none: 'none',
  },
  /** The offline write queue (issue 8): writes kept on this device until the server takes them. */
  pending: {
    waitingOne: 'Waiting to be sent',
    saved: 'Saved on this device; Rapport will send it when the server answers.',
    savedSignIn: 'Saved on this device; Rapport will send it after you sign in again.',
    count: (n: number) => (n === 1 ? '1 change waiting to be sent' : `${n} changes waiting to be sent`),
    waitingServer: 'The server is not answering; Rapport keeps trying.',
    waitingSignIn: 'Sign in again to send them.',
    retryNow: 'Retry now',
    sending: 'Sending…',
    show: 'Show',
    hide: 'Hide',
    discard: 'Discard',
    discarded: (what: string) => `Discarded: ${what}.`,
    notSent: (what: string) => `Not sent: ${what}.`,
    youEntered: 'What you entered:',
    compare:
      'Someone saved this meanwhile. For each field you changed: the value saved meanwhile and yours. Choose which to keep, then apply.',
    applyChoices: 'Apply my choices',
    alreadySaved: 'What you changed is already saved.',
    dismiss: 'Dismiss',
    stillWaiting: (n: number) => (n === 1 ? '1 change is still waiting.' : `${n} changes are still waiting.`),
    signOutAsk: (n: number) => (n === 1 ? '1 change not sent yet.' : `${n} changes not sent yet.`),
    sendFirst: 'Send first',
    discardAndSignOut: 'Discard and sign out',
    what: {
      createContact: (name: string) => `Add stakeholder ${name}`,
      createAccount: (name: string) => `Add account ${name}`,
      updateContact: (name: string) => (name ? `Change stakeholder ${name}` : 'Change a stakeholder'),
      updateAccount: (name: string) => (name ? `Change account ${name}` : 'Change an account'),
      savePlan: (period: string) => `Save the account plan for ${period}`,
      logTouch: (subject: string) => (subject ? `Log email “${subject}”` : 'Log an email'),
      deleteTouch: (subject: string) =>
        subject ? `Remove logged email “${subject}”` : 'Remove a logged email',
      acknowledgeOpportunity: (title: string) =>
        title ? `Acknowledge new business “${title}”` : 'Acknowledge new business',
    },
  },
  /** Errors the extension composes (the server's own messages arrive in the person's language). */
  errors: {
    unexpected: 'Something went wrong in the Rapport extension; try again.',
    notAnswering: (server: string, status: number) =>
      `The server at ${server} is not answering (HTTP ${status}); try again later.`,
    notRapportHttp: (server: string, status: number) =>
      `${server} answered HTTP ${status}, not as a Rapport server. Check the server URL.`,
    sessionEnded: 'Your Rapport session has ended. Sign in again.',
    noDatabase: 'The Rapport server cannot reach its database; try again shortly.',
    serverNoDatabase: (server: string) =>
      `The Rapport server at ${server} cannot reach its database; try again shortly.`,
    timeout: (server: string, seconds: number) =>
      `The server at ${server} did not answer within ${seconds} s. Try again later.`,
    notAllowed: (server: string) =>
      `Rapport may not contact ${server}. Sign in again from the options page and allow access.`,
    unreachable: (server: string) =>
      `Could not reach ${server}. Check the server URL, that the server is running, and your connection.`,
    notRapport: (server: string) => `${server} did not answer as a Rapport server. Check the server URL.`,
    notRapportProbe: (server: string) =>
      `${server} answered, but it is not a Rapport server. Check the server URL.`,
    unknownShape: (server: string) =>
      `The server at ${server} answered in a form this extension does not know; update one of them.`,
    needPermission: (server: string) =>
      `Rapport needs your permission to contact ${server}. Click "Sign in" and allow access.`,
    wrongPassword: 'Wrong email or password',
    invalidSignIn: 'Enter a valid email address and your password.',
    signInFromOptions: 'Sign in from the Rapport options page.',
    notConnected: 'Rapport is not connected. Sign in from its options page.',
    noAnswer: 'Rapport did not answer; reload the page.',
    reloaded: 'Rapport was updated or reloaded; reload this page.',
    notRunning: 'Rapport is not running; reload the page or re-enable the extension.',
    serverUrlMissing: 'Enter the address of your Rapport server, e.g. https://rapport.example.com.',
    serverUrlScheme: 'The server URL must start with https:// (or http:// for a local server).',
    serverUrlInvalid: (typed: string) =>
      `"${typed}" is not a web address. Use one like https://rapport.example.com.`,
    serverUrlCredentials: 'Leave the user name and password out of the server URL; enter them below.',
  },
};
