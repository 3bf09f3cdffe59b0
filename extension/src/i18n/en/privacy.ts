/** English text of the privacy area; Italian in ../it/privacy.ts (same keys, checked by tsc and i18n.test.ts). */
export const privacy = {
  title: 'Privacy',
  intro:
    'For each site, choose when Rapport may read the page. With “Only when I click”, no Rapport script runs on that site until you click the Rapport button in the browser toolbar; Rapport then works on that page until you reload it or leave the site.',
  modeLegend: (site: string) => `When Rapport runs on ${site}`,
  automatic: 'Automatically',
  automaticHint: 'Rapport starts by itself on every page of the site.',
  onClick: 'Only when I click',
  onClickHint: 'Nothing runs on the site until you click the Rapport button on a page.',
  readsHeading: 'What Rapport reads',
  sentHeading: 'Where it is sent',
  sites: {
    gmail: {
      reads:
        'In the open conversation, the names and email addresses in the message headers (sender, To, Cc), and the recipients of an email you are writing. The subject and date only when you press “Log this email”. Never the text of your messages.',
      sent: 'The addresses of people outside your company, to find their accounts and stakeholders; with “Log this email”, also the subject, date and participants.',
    },
    outlook: {
      reads:
        'In the open message, the names and email addresses in its header (sender, To, Cc), and the recipients of an email you are writing. The subject and date only when you press “Log this email”. Never the text of your messages.',
      sent: 'The addresses of people outside your company, to find their accounts and stakeholders; with “Log this email”, also the subject, date and participants.',
    },
    linkedin: {
      reads:
        'On a profile, its address, the name, the headline and the current employer; on a company page, its address, name, website and industry. Never your messages or your feed.',
      sent: 'The profile or company address, to find the stakeholder or account; the name, headline and employer only when you tag the person or create the account.',
    },
  },
  sentTo: (serverUrl: string) =>
    `Only to your own Rapport server, ${serverUrl}. Nothing is sent to anyone else, and nothing at all while you are signed out.`,
  sentToNoServer:
    'Only to your own Rapport server, once you sign in. Nothing is sent to anyone else, and nothing at all while you are signed out.',
  savedAutomatic: (site: string) => `Saved: Rapport starts by itself on ${site} from the next page you open.`,
  savedOnClick: (site: string) =>
    `Saved: Rapport no longer runs on ${site} until you click its toolbar button on a page.`,
  saveFailed: 'The choice could not be saved. Try again.',
  shortcut:
    'You can also start Rapport with a keyboard shortcut: set one for “Activate the extension” in your browser’s extension shortcuts (chrome://extensions/shortcuts in Chrome, Manage Extension Shortcuts in Firefox’s add-ons page).',
  // The popup, opened on a page of a site set to "Only when I click".
  runningHere: (site: string) => `Rapport is running on this ${site} page.`,
  runningUntil: 'Until you reload the page or leave the site.',
  noAccess: (site: string) =>
    `Rapport could not read this ${site} page: the browser did not give it access. Reload the page, then click the Rapport button again.`,
  startFailed: (site: string) =>
    `Rapport could not start on this ${site} page. Reload the page, then click the Rapport button again.`,
};
