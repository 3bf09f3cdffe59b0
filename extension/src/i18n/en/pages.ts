/**
 * English text of the extension's own pages (src/pages/: the toolbar popup, the options page and sign-in);
 * Italian in ../it/pages.ts (same keys, checked by tsc and i18n.test.ts).
 */
export const pages = {
  popup: {
    sessionEnded: (server: string) =>
      `Your session on ${server} has ended. Sign in again to see account context.`,
    notConnected: 'Rapport is not connected to your server yet.',
    openOptions: 'Open options to sign in',
    /** Followed by the user's name in bold, then `atHost`. */
    signedInAs: 'Signed in as ',
    atHost: (host: string) => ` at ${host}`,
    options: 'Options',
  },
  search: {
    label: 'Search accounts and stakeholders',
    placeholder: 'Name, domain, email or LinkedIn',
    results: 'Results',
    searching: 'Searching…',
    noMatch: (query: string) => `No account or stakeholder matches “${query}”.`,
    count: (n: number) => `${n} ${n === 1 ? 'result' : 'results'}; use the arrow keys and Enter.`,
    kind: { account: 'Account', contact: 'Stakeholder' },
  },
  detail: {
    backToResults: 'Back to results',
    backTo: (name: string) => `Back to ${name}`,
    loadingAccount: 'Loading the account…',
    loadingStakeholder: 'Loading the stakeholder…',
    mergedAccount: 'Merged account',
    openMerged: 'Open the merged account',
    accountMerged: 'This account was merged into another account.',
    accountGone: 'This account no longer exists in Rapport. Search again.',
    stakeholderGone: (account: string) =>
      `This stakeholder is no longer at ${account}: they were moved, merged or deleted. Search again.`,
    formerColleague: 'A former colleague',
    noLinks: 'No website or LinkedIn page on record.',
    links: 'Websites and LinkedIn',
    linkedinCompany: 'LinkedIn company page',
    stakeholders: 'Stakeholders',
    noStakeholders: 'No stakeholders yet.',
    showing: (shown: number, total: number) =>
      `Showing ${shown} of ${total} stakeholders, highest influence first.`,
    noRoleStanceInfluence: 'No buying role, stance or influence yet.',
    email: 'Email',
    noEmail: 'None on record',
    linkedin: 'LinkedIn',
    linkedinProfile: 'LinkedIn profile',
    notLinked: 'Not linked',
  },
  options: {
    /** The tab's title. */
    title: 'Rapport: connect to your server',
    sessionEnded: (server: string) =>
      `Your session on ${server} has ended (it expired or was revoked). Sign in again.`,
    signedIn: 'Signed in',
    user: 'User',
    role: 'Role',
    server: 'Server',
    connection: 'Connection',
    checkConnection: 'Check connection',
    signOut: 'Sign out',
    checking: 'Checking…',
    connected: 'Connected',
    /** The user's role in Rapport (the API's values stay snake_case). */
    roles: {
      admin: 'Admin',
      account_manager: 'Account manager',
      sales_rep: 'Sales rep',
      coordinator: 'Sales coordinator',
      marketing: 'Marketing',
      viewer: 'Viewer',
    },
    languageHint: 'The language of Rapport’s pages and of its panel on Gmail, Outlook and LinkedIn.',
  },
  signIn: {
    heading: 'Sign in',
    serverUrl: 'Server URL',
    serverUrlHint:
      "The address of your team's Rapport server. Rapport asks your browser for access to that server only.",
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    enterEmail: 'Enter the email address you sign in to Rapport with.',
    enterPassword: 'Enter your password.',
    permissionDenied: (server: string) =>
      `Rapport needs your permission to contact ${server}. Sign in again and choose "Allow".`,
    permissionRefused: (reason: string) => `The browser refused the permission request: ${reason}`,
  },
};
