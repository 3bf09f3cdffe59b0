import { listOf, plural } from '@rapport/shared';

/*
 * API error messages meant for people (the `message` of `{ error: { code, message, details } }`). Codes and
 * details stay English and stable for programs; only these words follow the request's language.
 */

/** The records an error can name. */
const things = {
  account: 'Account',
  contact: 'Contact',
  opportunity: 'Opportunity',
  user: 'User',
  invite: 'Invite',
  token: 'Token',
  productLine: 'Product line',
  touch: 'Touch',
  accountPlan: 'Account plan',
  settings: 'Settings',
  exportFile: 'Export file',
};
export type Thing = keyof typeof things;

/** What an account still holds when it cannot be deleted. */
export interface Held {
  contacts: number;
  opportunities: number;
  touches: number;
  plans: number;
}

export const errors = {
  things,
  notFound: (what: Thing) => `${things[what]} not found`,
  mergedInto: (what: Thing, id: string, merged: string) => `${things[what]} ${id} was merged into ${merged}`,
  versionConflict: (what: Thing) =>
    `${things[what]} was changed by someone else; review the current version and apply your changes again`,
  forbidden: 'Your role does not allow this',
  noRoute: (method: string, path: string) => `No route for ${method} ${path}`,
  internal: 'Something went wrong on the server; it has been logged',
  badRequest: 'Bad request',
  malformedJson: 'Malformed JSON in request body',
  nulCharacter: 'Text may not contain the NUL character (\\u0000 or %00)',
  malformedForm: 'Malformed FormData request.',
  bodyTooLarge: (bytes: number) => `Request body is larger than ${bytes} bytes`,
  fileTooLarge: (bytes: number) => `The file is larger than ${bytes} bytes (RAPPORT_IMPORT_LIMIT)`,
  rateLimited: (seconds: number) => `Too many attempts; try again in ${seconds} seconds`,
  idempotency: {
    badKey: 'Idempotency-Key must be 1 to 200 visible ASCII characters',
    reused: 'This Idempotency-Key was already used for a different request; use a new key for a new request',
    running: 'The first request with this Idempotency-Key is still running; try again in a moment',
  },
  db: {
    unique: 'Another record holds one of these unique values (email, domain or slug)',
    reference: 'A referenced record was changed or deleted meanwhile; reload and try again',
    rule: 'The record breaks a rule of the data model (for example a key account without an owner)',
    unavailable: 'The database is unavailable; try again shortly',
  },
  auth: {
    noToken: 'Sign in first: send Authorization: Bearer <token>',
    badToken: 'This token is invalid, expired or revoked; sign in again',
    badLogin: 'Wrong email or password',
    deactivated: 'This account is deactivated; ask an admin',
    setupDone: 'Setup is already complete; sign in instead',
    badSetupToken: 'This setup token is not valid; use the link printed at start-up',
    setupExpired: 'This setup link has expired; restart the server to print a new one',
  },
  /** Why a role may not do something (403). */
  only: {
    acknowledge: "Only the account's owner or an admin acknowledges new business on this account",
    addUsers: 'Only admins add users',
    changeUsers: 'Only admins change users',
    resetPasswords: 'Only admins reset passwords',
    changeSettings: 'Only admins change settings',
    importData: 'Only admins import data',
    exportData: 'Only admins export data',
    readAudit: 'Only admins read the audit log',
    changeProducts: 'Only admins change the product catalogue',
    seeInvites: 'Only admins see invites',
    invite: 'Only admins invite users',
    withdrawInvites: 'Only admins withdraw invites',
    createOpportunities: 'Your role does not create opportunities',
    logTouches: 'Viewers do not log touches',
    changeStakeholders: 'Viewers cannot change stakeholders',
    createKeyAccounts: 'Only account managers and admins create key accounts',
    editAccount: 'Only the owner, assigned reps and admins edit this account',
    changeOwnership: 'Only the owner or an admin changes the owner or tier of this account',
    deleteAccount: 'Only the owner or an admin deletes this account',
    mergeAccounts: 'Only admins and the owning account manager merge accounts',
    editOpportunity:
      'Only the opportunity owner, the account team, coordinators and admins edit this opportunity',
    deleteOpportunity: 'Only the opportunity owner, the account owner or an admin deletes this opportunity',
    deleteTouch: 'Only whoever logged this touch, or an admin, removes it',
    editPlan: 'Only the account owner (an account manager) and admins edit its plan',
    deleteStakeholder: 'Only the account owner, the relationship owner or an admin deletes this stakeholder',
    personRights: "Only admins export or erase a person's data",
  },
  users: {
    emailTaken: (email: string) => `A user with email ${email} exists already`,
    notYourself: 'You cannot deactivate or demote yourself; ask another admin',
    lastAdminSelf:
      'You are the last active admin: make another user an admin first, then ask another admin to change you',
    lastAdmin: (name: string) => `${name} is the last active admin: make another user an admin first`,
    noActiveUser: (ids: string) => `No active user with id ${ids}`,
  },
  invites: {
    isUser: (email: string) => `${email} is a user already; change their role or reset their password`,
    isUserSignIn: (email: string) => `${email} is a user already: sign in instead`,
    emailIsUser: 'This email is a user already: sign in instead',
    reactivateFirst: (name: string) => `${name} is deactivated; reactivate them first`,
    alreadyUsed: 'This invite is used already',
    alreadyExpired: 'This invite is expired already',
    alreadyRevoked: 'This invite is revoked already',
    inviteUnknown:
      'This invite link is not valid: check that the whole link was copied, or ask your admin for a new one',
    resetUnknown:
      'This password reset link is not valid: check that the whole link was copied, or ask your admin for a new one',
    inviteUsed: 'This invite has been used already: sign in with your email and password',
    resetUsed: 'This password reset link has been used already: sign in, or ask your admin for a new link',
    inviteExpired: 'This invite link has expired: ask your admin for a new one',
    resetExpired: 'This password reset link has expired: ask your admin for a new one',
    inviteRevoked:
      'This invite link was withdrawn or replaced by a newer one: use the latest link, or ask your admin',
    resetRevoked:
      'This password reset link was withdrawn or replaced by a newer one: use the latest link, or ask your admin',
  },
  accounts: {
    keyNeedsOwner: 'A key account must have an owner (an account manager)',
    ownerNotManager: 'The owner of a key account must be an account manager',
    personalDomain: (domain: string) => `${domain} is a personal email domain and cannot identify an account`,
    ownDomain: (domain: string) => `${domain} is one of your company's own domains`,
    domainTaken: (domain: string, name: string) => `The domain ${domain} belongs to the account ${name}`,
    linkedInTaken: (slug: string) => `Another account has the LinkedIn page ${slug}`,
    plansClash: (periods: string) =>
      `Both accounts have a plan for ${periods}: merge those plans by hand first (keep one per period), then merge the accounts`,
    stillHas: (held: Held) => {
      const parts = [
        held.contacts > 0 && plural(held.contacts, 'contact'),
        held.opportunities > 0 && plural(held.opportunities, 'opportunity', 'opportunities'),
        held.touches > 0 && plural(held.touches, 'logged touch', 'logged touches'),
        held.plans > 0 && plural(held.plans, 'account plan'),
      ].filter((p): p is string => p !== false);
      return `This account still has ${listOf(parts)}; move or delete them, or merge this account into another one, first`;
    },
    mergeIntoItself: 'A record cannot be merged into itself',
    noAccount: (id: string) => `No account with id ${id}`,
    noAccountMerged: (id: string, merged: string) => `No account with id ${id} (merged into ${merged})`,
    noSuchAccount: 'No such account',
  },
  contacts: {
    emailTaken: (email: string, name: string) => `${email} belongs to ${name} already`,
    linkedInTaken: (slug: string) => `Another contact has the LinkedIn profile ${slug}`,
    reportsToSelf: 'A person cannot report to themselves',
    noContact: (id: string) => `No contact with id ${id}`,
    noContactMerged: (id: string, merged: string) => `No contact with id ${id} (merged into ${merged})`,
    noSuchContact: 'No such contact',
    managerElsewhere: 'The manager must be a contact of the same account',
    reportingLoop: 'This would make a reporting loop',
  },
  opportunities: {
    termRule: 'A contract needs termMonths; an order has none',
    closeReasonRule: 'Say why the opportunity was won or lost (closeReason)',
    contractStartRule: 'Only a supply contract has a start date',
    keepCloseReason: 'A won or lost opportunity keeps a close reason; reword it instead',
    onlyClosedHaveReason: 'Only a won or lost opportunity has a close reason',
    noProductLine: (id: string) => `No product line with id ${id}`,
  },
  products: {
    nameTaken: 'Another product line has this name',
    codeTaken: 'Another product line has this code',
  },
  plans: {
    notAnObjective: (id: string) =>
      `${id} is not an objective of this plan; leave the id out to add a new one`,
    notAnAction: (id: string) => `${id} is not an action of this plan; leave the id out to add a new one`,
  },
  touches: {
    badCursor: 'Not a cursor of this list; pass back the nextCursor you were given',
    inFuture: 'A touch is something that happened: it cannot be in the future',
    noMatch:
      'None of these participants is a known stakeholder, and no account was given: add a stakeholder or choose the account',
  },
  imports: {
    sendFile: 'Send the CSV file as the request body',
    emptyFile: 'The file is empty: it has no header row',
    needColumn: (preset: string, entity: string, headers: string) =>
      `${preset} ${entity} need a column ${headers}`,
    expectedColumns:
      'Expected the columns of a HubSpot, Salesforce or Rapport export of accounts, contacts or opportunities (see docs/import.md)',
    unknownColumns: (headers: string, expected: string) =>
      `Cannot tell what this file holds from its columns (${headers}). ${expected}`,
  },
  console: {
    signInFirst: 'Sign in first',
    adminsOnly: 'This page is for admins. You can manage your own tokens.',
    otherSite: 'This form was sent from another site, so it was refused',
    unknownSite:
      'This form did not say which site it was sent from, so it was refused; open the console page and send it from there',
    staleForm: 'This form is out of date or was not sent from the console; reload the page and try again',
    signOutAgain: 'Reload the page and sign out again',
    noPage: 'There is no such page in the console',
    formOnly:
      'This address takes a form sent from a console page, not a link, so nothing was done; go back to the page and use its button',
    unreadable: 'This request could not be read',
    backupSqliteOnly: 'Backups download on SQLite only; see the Backup page for PostgreSQL',
    uploadGone:
      'This upload is not here any more: it was imported, discarded or has expired (uploads are kept for an hour). Upload the file again',
    sendFormWithFile: 'Send the form with its file',
    noExportFile: (file: string) => `There is no export file ${file}`,
    fieldTooLong: (name: string) => `The form field "${name}" is too long`,
    formUnreadable: 'The form could not be read',
    oneFile: 'Send one file at a time',
    tooManyFields: 'The form has too many fields',
    endedEarly: 'The upload ended early; try again',
  },
};
