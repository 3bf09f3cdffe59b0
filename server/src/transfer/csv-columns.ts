import { fold } from './csv-values';

/**
 * Which column of a CRM export means which of our fields, per entity and per source. Headers are compared
 * folded (lower case, letters and digits only), so `Account ID`, `AccountId` and `account_id` are one header.
 * The names are those of HubSpot's export files (property labels: "Record ID", "Company Domain Name", "Deal
 * Stage", "Associated Company IDs"…), of Salesforce reports and Data Loader / Data Export files (field labels
 * such as "Account Name" and "Close Date", and API names such as `AccountId` and `StageName`) and our own
 * (the API's field names). docs/import.md has the table.
 */

export const IMPORT_ENTITIES = ['accounts', 'contacts', 'opportunities'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

export const IMPORT_PRESETS = ['hubspot', 'salesforce', 'rapport'] as const;
export type ImportPreset = (typeof IMPORT_PRESETS)[number];

export const PRESET_LABELS: Record<ImportPreset, string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  rapport: 'Rapport',
};

export type AccountField =
  | 'externalId'
  | 'name'
  | 'domains'
  | 'website'
  | 'linkedin'
  | 'status'
  | 'tier'
  | 'owner'
  | 'industry'
  | 'notes';

export type ContactField =
  | 'externalId'
  | 'name'
  | 'firstName'
  | 'lastName'
  | 'emails'
  | 'linkedin'
  | 'title'
  | 'accountExternalId'
  | 'accountName'
  | 'accountDomain'
  | 'roles'
  | 'stance'
  | 'influence'
  | 'relationshipOwner'
  | 'notes';

export type OpportunityField =
  | 'externalId'
  | 'title'
  | 'accountExternalId'
  | 'accountName'
  | 'accountDomain'
  | 'amount'
  | 'currency'
  | 'stage'
  | 'closeDate'
  | 'type'
  | 'kind'
  | 'termMonths'
  | 'owner'
  | 'nextStep'
  | 'closeReason'
  | 'contractStartDate';

export interface FieldsOf {
  accounts: AccountField;
  contacts: ContactField;
  opportunities: OpportunityField;
}
export type AnyField = FieldsOf[ImportEntity];

type Preset<F extends string> = Partial<Record<F, readonly string[]>>;

/** Per entity and source: our field → the headers that carry it (as written in the exports). */
export const PRESETS: { [E in ImportEntity]: Record<ImportPreset, Preset<FieldsOf[E]>> } = {
  accounts: {
    hubspot: {
      externalId: ['Record ID', 'Company ID'],
      name: ['Company name', 'Name'],
      domains: ['Company Domain Name', 'Additional Domains'],
      website: ['Website URL', 'Website'],
      linkedin: ['LinkedIn Company Page'],
      status: ['Lifecycle Stage'],
      owner: ['Company owner'],
      industry: ['Industry'],
      notes: ['Description'],
    },
    salesforce: {
      externalId: ['Account ID', 'Id'],
      name: ['Account Name', 'Name'],
      website: ['Website'],
      status: ['Type', 'Account Type'],
      owner: ['Account Owner', 'Owner', 'Owner Email'],
      industry: ['Industry'],
      notes: ['Description', 'Account Description'],
    },
    rapport: {
      externalId: ['id'],
      name: ['name'],
      domains: ['domains', 'domain'],
      linkedin: ['linkedinSlug', 'linkedin'],
      status: ['status'],
      tier: ['tier'],
      owner: ['ownerEmail', 'owner', 'ownerId'],
      industry: ['industry'],
      notes: ['notes'],
    },
  },
  contacts: {
    hubspot: {
      externalId: ['Record ID', 'Contact ID'],
      firstName: ['First Name'],
      lastName: ['Last Name'],
      emails: ['Email', 'Additional email addresses'],
      linkedin: ['LinkedIn URL', 'LinkedIn Profile', 'LinkedIn'],
      title: ['Job Title'],
      accountExternalId: [
        'Associated Company IDs',
        'Associated Company ID',
        'Associated Company IDs (Primary)',
        'Primary Associated Company ID',
        'Company ID',
      ],
      accountName: ['Associated Company', 'Associated Company (Primary)', 'Company Name'],
      accountDomain: ['Company Domain Name'],
      relationshipOwner: ['Contact owner'],
    },
    salesforce: {
      externalId: ['Contact ID', 'Id'],
      name: ['Full Name', 'Contact Name', 'Name'],
      firstName: ['First Name', 'FirstName'],
      lastName: ['Last Name', 'LastName'],
      emails: ['Email'],
      title: ['Title'],
      accountExternalId: ['Account ID'],
      accountName: ['Account Name', 'Account'],
      relationshipOwner: ['Contact Owner', 'Owner', 'Owner Email'],
      notes: ['Description'],
    },
    rapport: {
      externalId: ['id'],
      name: ['name'],
      emails: ['emails', 'email'],
      linkedin: ['linkedinSlug', 'linkedin'],
      title: ['title'],
      accountExternalId: ['accountId'],
      accountName: ['accountName', 'account'],
      accountDomain: ['accountDomain'],
      roles: ['roles'],
      stance: ['stance'],
      influence: ['influence'],
      relationshipOwner: ['relationshipOwnerEmail', 'relationshipOwner', 'relationshipOwnerId'],
      notes: ['notes'],
    },
  },
  opportunities: {
    hubspot: {
      externalId: ['Record ID', 'Deal ID'],
      title: ['Deal Name'],
      accountExternalId: [
        'Associated Company IDs',
        'Associated Company ID',
        'Associated Company IDs (Primary)',
        'Primary Associated Company ID',
      ],
      accountName: ['Associated Company', 'Associated Company (Primary)', 'Company Name'],
      amount: ['Amount', 'Amount in company currency'],
      currency: ['Currency', 'Deal Currency Code'],
      stage: ['Deal Stage'],
      closeDate: ['Close Date'],
      type: ['Deal Type'],
      owner: ['Deal owner'],
      nextStep: ['Next step'],
      closeReason: ['Closed Lost Reason', 'Closed Won Reason'],
    },
    salesforce: {
      externalId: ['Opportunity ID', 'Id'],
      title: ['Opportunity Name', 'Name'],
      accountExternalId: ['Account ID'],
      accountName: ['Account Name', 'Account'],
      amount: ['Amount'],
      currency: ['Opportunity Currency', 'Amount Currency', 'Currency', 'CurrencyIsoCode'],
      stage: ['Stage', 'StageName'],
      closeDate: ['Close Date', 'CloseDate'],
      type: ['Type', 'Opportunity Type'],
      owner: ['Opportunity Owner', 'Owner', 'Owner Email'],
      nextStep: ['Next Step', 'NextStep'],
      closeReason: ['Loss Reason', 'Closed Lost Reason', 'Win Reason'],
    },
    rapport: {
      externalId: ['id'],
      title: ['title'],
      accountExternalId: ['accountId'],
      accountName: ['accountName', 'account'],
      accountDomain: ['accountDomain'],
      amount: ['amount'],
      currency: ['currency'],
      stage: ['stage'],
      closeDate: ['expectedCloseDate', 'closeDate'],
      type: ['type'],
      kind: ['kind'],
      termMonths: ['termMonths'],
      owner: ['ownerEmail', 'owner', 'ownerId'],
      nextStep: ['nextStep'],
      closeReason: ['closeReason'],
      contractStartDate: ['contractStartDate'],
    },
  },
};

/** Fields a file must have a column for, per entity (a contact's name may come as first and last name). */
const REQUIRED: { [E in ImportEntity]: FieldsOf[E][][] } = {
  accounts: [['name']],
  contacts: [['name'], ['firstName'], ['lastName']],
  opportunities: [['title']],
};

/** One column of the file and the field it feeds (null: not imported). */
export interface ColumnMapping {
  header: string;
  index: number;
  field: AnyField | null;
}

export interface Mapping {
  entity: ImportEntity;
  preset: ImportPreset;
  columns: ColumnMapping[];
}

/** Maps the headers with one preset; every header is used at most once, the first column wins a field. */
export function mapHeaders(headers: readonly string[], entity: ImportEntity, preset: ImportPreset): Mapping {
  const byHeader = new Map<string, AnyField>();
  for (const [field, names] of Object.entries(PRESETS[entity][preset]) as [AnyField, string[]][]) {
    for (const name of names) if (!byHeader.has(fold(name))) byHeader.set(fold(name), field);
  }
  const columns = headers.map((header, index) => ({
    header,
    index,
    field: byHeader.get(fold(header)) ?? null,
  }));
  return { entity, preset, columns };
}

function usable(mapping: Mapping): boolean {
  const fields = new Set(mapping.columns.map((c) => c.field));
  return (REQUIRED[mapping.entity] as AnyField[][]).some((need) => need.every((f) => fields.has(f)));
}

/**
 * Picks the entity and source a file is from by its headers: the mapping that uses most columns among those
 * that carry the entity's required field. `entity` and `preset` narrow the choice. Null when none fits.
 * @example detectMapping(['Record ID', 'Deal Name', 'Deal Stage', 'Amount']) // hubspot opportunities
 */
export function detectMapping(
  headers: readonly string[],
  wanted: { entity?: ImportEntity; preset?: ImportPreset } = {},
): Mapping | null {
  let best: { mapping: Mapping; score: number } | null = null;
  for (const entity of wanted.entity ? [wanted.entity] : IMPORT_ENTITIES) {
    for (const preset of wanted.preset ? [wanted.preset] : IMPORT_PRESETS) {
      const mapping = mapHeaders(headers, entity, preset);
      if (!usable(mapping)) continue;
      const score = mapping.columns.filter((c) => c.field !== null).length;
      if (!best || score > best.score) best = { mapping, score };
    }
  }
  return best?.mapping ?? null;
}

/** The headers a file of this entity needs, for an error message. */
export function requiredHeaders(entity: ImportEntity, preset: ImportPreset): string {
  const preset_ = PRESETS[entity][preset] as Preset<AnyField>;
  return (REQUIRED[entity] as AnyField[][])
    .map((need) => need.map((f) => `"${preset_[f]?.[0] ?? f}"`).join(' and '))
    .join(' or ');
}
