/*
 * The console's Import and export pages (server/src/admin/pages/transfer*.tsx), and the import report's own
 * words (server/src/transfer/): why a row or record was rejected, the notes after a snapshot import and why a
 * snapshot cannot be imported at all. Reports keep these as functions of the catalog until they are shown,
 * so the API answers in the request's language, the console in the viewer's, and the CLI in English.
 */

/** A snapshot table that a record refers to, as a reason names it ("no account abc"). */
type Table = 'users' | 'accounts' | 'contacts' | 'product_lines' | (string & {});

const TABLES: Record<string, string> = {
  users: 'user',
  accounts: 'account',
  contacts: 'contact',
  product_lines: 'product line',
};

export const transfer = {
  title: 'Import and export',
  labels: {
    file: 'File',
    kind: 'What to import',
    entity: 'What the file holds',
    preset: 'Exported from',
    dateOrder: 'Dates such as 03/04/2026 are',
    decimal: 'Amounts are written as',
    currency: 'Currency of amounts that name none',
  },
  fromColumns: 'Tell from the columns',
  fromFile: 'Tell from the file',
  entities: {
    accounts: 'Accounts (companies)',
    contacts: 'Contacts',
    opportunities: 'Opportunities (deals)',
  },
  /** How a file was read: "Read as accounts from a HubSpot export". */
  entityNames: { accounts: 'accounts', contacts: 'contacts', opportunities: 'opportunities' },
  dayFirst: 'Day first: 3 April 2026',
  monthFirst: 'Month first: March 4, 2026',
  decimalPoint: '1,234.56 (decimal point)',
  decimalComma: '1.234,56 (decimal comma)',
  /** The sections of a report ("accounts", "users"), as the count table names them. */
  records: {
    users: 'users',
    settings: 'settings',
    productLines: 'product lines',
    accounts: 'accounts',
    contacts: 'contacts',
    opportunities: 'opportunities',
    accountPlans: 'account plans',
    touches: 'touches',
    mergedIds: 'merged ids',
    externalIds: 'external ids',
    auditLog: 'audit log',
  },
  countRecords: 'Records',
  wouldCreate: 'Would be created',
  created: 'Created',
  wouldUpdate: 'Would be updated',
  updated: 'Updated',
  unchanged: 'Unchanged',
  rejected: 'Rejected',
  rejectedRows: 'Rejected rows',
  rejectedRecords: 'Rejected records',
  lineHint: 'Line numbers count the header as line 1, as a spreadsheet does.',
  line: 'Line',
  record: 'Record',
  why: 'Why',
  andMore: (more: string) => `and ${more} more. Fix these first, or import the file from a terminal with`,
  andMoreAfter: 'to list them all.',
  columns: 'Columns',
  column: 'Column',
  columnInFile: 'Column in the file',
  readInto: 'Read into',
  ignored: 'ignored',
  checkingAgain: 'Checking every row again before writing',
  importing: 'Importing',
  checking: 'Checking the file (a dry run: nothing is written)',
  progress: (doing: string, done: string, csv: boolean, percent: number | null) =>
    `${doing}: ${done} ${csv ? 'rows' : 'records'} so far${percent === null ? '' : ` (${percent}% of the file)`}.`,
  intro:
    'Bring records in from a CSV export of HubSpot, Salesforce or Rapport, move a whole server with a JSON snapshot, and download everything. Every import starts with a dry run that writes nothing.',
  csvTitle: 'Import a CSV file',
  csvHint:
    'Accounts, contacts or opportunities. Rows match existing records by their id in the other system, domain, email or LinkedIn address, so importing the same file again changes nothing.',
  decimalHint: 'By default a decimal comma in files separated by semicolons, else a decimal point.',
  currencyHint: 'An ISO 4217 code such as EUR; empty: the default currency in Settings.',
  uploadCheck: 'Upload and check (dry run)',
  snapshotTitle: 'Import a JSON snapshot',
  snapshotFrom: 'A snapshot from',
  snapshotExport: 'Export',
  snapshotHere: '(here or',
  snapshotLoads: ') loads everything, with its ids and history,',
  snapshotEmptyOnly: 'into an empty server only',
  snapshotRest:
    ': no accounts, contacts, opportunities, plans or touches yet, and no user but you. To add records to a server with data, import CSV files instead.',
  passwords: 'Passwords:',
  passwordsRest:
    'a snapshot holds none. You keep yours (if the snapshot has a user with your email, you become that user); everyone else needs a password reset link from the Users page before they can sign in.',
  exportTitle: 'Export',
  exportAbout:
    'Everything the server holds, users without passwords or tokens. Each download is in the audit log.',
  downloadSnapshot: 'Download the JSON snapshot',
  exportHint: 'For another Rapport server. The same as',
  csvFiles: 'CSV files, one per table',
  fileLine: 'File',
  bytes: (n: string, one: boolean) => `${n} ${one ? 'byte' : 'bytes'}`,
  progressLabel: 'Progress',
  updatesItself: 'This page updates by itself; you may leave it and come back.',
  uploadAgain: 'Upload a file again',
  importedSkipped: (n: string, one: boolean) =>
    `Imported: the good rows were written, ${n} ${one ? 'rejected row was' : 'rejected rows were'} skipped.`,
  imported: 'Imported.',
  nothingWritten: (n: string, one: boolean, csv: boolean) =>
    `Nothing was written: ${n} ${csv ? (one ? 'row is' : 'rows are') : one ? 'record is' : 'records are'} rejected now.`,
  fileDeleted: 'The file was deleted from the server.',
  whatWasDone: 'What was done',
  backToTransfer: 'Back to Import and export',
  readAs: 'Read as',
  fromA: 'from a',
  exportWord: 'export.',
  dryRunTitle: 'Dry run: what the import would do',
  nothingYet: 'Nothing has been written yet.',
  importTitle: 'Import',
  asChecked: 'Import this file as checked.',
  perRow: ' Each row is written with its audit entry; a row that fails is left out whole.',
  allOrNothing: ' All or nothing.',
  importSubmit: 'Import',
  someRejected: (n: string, one: boolean) =>
    `${n} ${one ? 'row is' : 'rows are'} rejected. Fix the file and upload it again, or import the other rows now and the fixed rows later (rows imported already then count as unchanged).`,
  importGood: 'Import the good rows, skip the rejected',
  snapshotRejected: (n: string, one: boolean) =>
    `A snapshot is imported all or nothing: with ${n} ${one ? 'rejected record' : 'rejected records'} it cannot be imported.`,
  discard: 'Cancel and delete the file',
  csvPageTitle: 'Import a CSV file',
  snapshotPageTitle: 'Import a snapshot',
  databaseBusy: 'The database is busy; try again in a moment.',
  failed: 'Something went wrong on the server; it has been logged.',
  chooseFile: 'Choose a file to import',
  emptyFile: 'The file is empty',
  importedAlready: 'This file was imported already; nothing was done twice.',
  notReady: 'This file is not ready to import.',
  snapshotHasRejected: 'A snapshot with rejected records cannot be imported; nothing was written.',
  wait: 'Wait until the work on this file is done.',
  deleted: (name: string | null) => `${name ?? 'The file'} was deleted from the server.`,
  /** Why an import rejected a row of a CSV file or a record of a snapshot. */
  reasons: {
    // Cells (dates and amounts)
    notADate: (value: string) => `"${value}" is not a date`,
    notAnAmount: (value: string) => `"${value}" is not an amount`,
    negativeAmount: (value: string) => `"${value}" is negative; an amount is zero or more`,
    tooManyDecimals: (value: string, currency: string, digits: number) =>
      `"${value}" has more decimals than ${currency} allows (${digits})`,
    tooLarge: (value: string) => `"${value}" is too large`,
    notMinorUnits: (value: string) => `"${value}" is not a whole number of minor units (cents)`,
    // Rows
    empty: (label: string) => `${label} is empty`,
    /** After "Column:", for a required value that is missing. */
    isEmpty: 'is empty',
    invalidRow: 'Invalid row',
    invalidOpportunity: 'Invalid opportunity',
    noName: (labels: string[]) =>
      `No name: ${labels.join(' and ')} ${labels.length > 1 ? 'are' : 'is'} empty`,
    unknownStage: (stage: string, stages: string) =>
      `"${stage}" is not a stage we know; use one of ${stages} (or Salesforce's and HubSpot's default stage names)`,
    notValidCsv: (why: string) => `Not valid CSV: ${why}`,
    unreadableRow: 'unreadable row',
    quoteNotClosed:
      'Not valid CSV: a quoted value that starts here is never closed, so the rest of the file was not read',
    repeats: (line: number, same: string) =>
      `Repeats line ${line} (same ${same}) with different values; keep one of the two rows`,
    /** What two rows share ("same domain a.com"). */
    sameKey: {
      externalId: (preset: string, id: string) => `${preset} id ${id}`,
      domain: (domain: string) => `domain ${domain}`,
      email: (email: string) => `email ${email}`,
      linkedin: (slug: string) => `LinkedIn ${slug}`,
      title: 'account and title',
      name: 'name',
    },
    notWritten: (why: string) => `Not written: ${why}`,
    // Matching rows to stored records
    owner: (why: string) => `Owner: ${why}`,
    relationshipOwner: (why: string) => `Relationship owner: ${why}`,
    usersCalled: (n: number, name: string) => `${n} users are called "${name}"; use their email`,
    userDeactivated: (name: string) => `the user "${name}" is deactivated`,
    noUser: (name: string) =>
      `no user "${name}" (by email or name); add the user first or leave the column empty`,
    domainsOfSeveral: (names: string[]) =>
      `Its domains belong to different accounts (${names.map((n) => `"${n}"`).join(' and ')}); merge them first or split the row`,
    accountsCalled: (n: number, name: string) =>
      `${n} accounts are called "${name}"; add a domain or an id column to tell them apart`,
    accountsCalledRef: (n: number, name: string) =>
      `${n} accounts are called "${name}"; add the account's id or domain to tell them apart`,
    noAccountMatches: (ref: { externalId?: string; name?: string; domain?: string }) =>
      `No account matches ${[
        ref.externalId && `id ${ref.externalId}`,
        ref.name && `"${ref.name}"`,
        ref.domain && `domain ${ref.domain}`,
      ]
        .filter(Boolean)
        .join(', ')}; import the accounts first`,
    matchingAccount: (name: string) => `The matching account "${name}"`,
    linkedElsewhere: (what: string, preset: string, other: string, id: string) =>
      `${what} is ${preset} record ${other}, not ${id}`,
    emailsOfSeveral: 'Its email addresses belong to different people; merge them first or split the row',
    peopleCalled: (n: number, name: string) =>
      `${n} people at this account are called "${name}"; add an email or an id column`,
    matchingPerson: (name: string) => `The matching person "${name}"`,
    someoneElse: 'someone else',
    noAccountForContact: 'No account: the row names no company and no account has its email domain',
    opportunitiesCalled: (n: number, title: string) =>
      `${n} opportunities of this account are called "${title}"; add an id column`,
    matchingOpportunity: (title: string) => `The opportunity "${title}" of this account`,
    noAccountForOpportunity: 'No account: the row names no account',
    // Snapshot records
    stakeholderReportsToSelf: 'A stakeholder cannot report to themselves',
    moreProblems: (n: number) => `… and ${n} more problems`,
    missingBefore: (field: string, table: Table, ids: string) =>
      `${field}: no ${TABLES[table] ?? table} ${ids} in the snapshot before this record`,
    databaseRefused: (why: string) => `the database refused it: ${why}`,
    noManager: (manager: string, id: string) =>
      `reportsToId: no contact ${manager} in the snapshot (id ${id})`,
    countsDiffer: (section: string, expected: number, found: number) =>
      `counts.${section} says ${expected} records but the file holds ${found}; the file was changed or cut`,
    noSection: (section: string, expected: number) =>
      `counts.${section} says ${expected} records but the file has no "${section}" section`,
  },
  /** What the admin should know after a snapshot import. */
  notes: {
    youAreUser: (email: string, id: string) =>
      `You (${email}) are the snapshot's user ${id} now, with your password and sessions.`,
    extraAdmin: (email: string) =>
      `The snapshot has no user with your email (${email}); you stay an extra admin beside its users.`,
    noPasswords: (n: number) =>
      `${n} user${n === 1 ? '' : 's'} came without a password (an export holds no secrets): send each a ` +
      'one-time link from the admin console (Users → Reset password) or POST /api/v1/users/:id/password-reset. ' +
      'With no admin able to sign in yet, first run: pnpm rapport token create --email <admin email> --name setup',
  },
  /** Why a snapshot cannot be imported at all. */
  snapshot: {
    /** `role`: the role's name ("Sales rep"); null for a deactivated user. */
    wouldLockOut: (email: string, role: string | null) =>
      `In the snapshot, ${email} ${role === null ? 'is deactivated' : `has the role ${role}`}, not an active admin: importing would lock you out. Import it from the command line instead (pnpm rapport import <file>) into a server without users`,
    /** `found`: how many records of each section ("users", "productLines") the server holds. */
    hasData: (found: [number, string][]) =>
      `This server has data already (${found.map(([n, section]) => `${n} ${section}`).join(', ')}); a snapshot loads only into a new, empty server. Start a new server (or database) and import there.`,
    unknownSection: (section: string, sections: string) =>
      `Unknown section "${section}" in data; this server reads ${sections} (a newer Rapport made this file?)`,
    sectionTwice: (section: string, twice: boolean, sections: string) =>
      `Section "${section}" comes ${twice ? 'twice' : 'out of order'}; sections come in this order: ${sections}`,
    notAnExport: (format: string, expected: string) =>
      `This file is not a Rapport export (its "format" is ${format}, not "${expected}")`,
    newerVersion: (version: number, ours: number) =>
      `This export has format version ${version}, made by a newer Rapport; upgrade this server first (it reads version ${ours})`,
    badEnvelope: (issues: string) => `The export's envelope is invalid: ${issues}`,
  },
};
