import {
  ACCOUNT_STATUSES,
  type AccountStatus,
  BUYING_ROLES,
  OPPORTUNITY_STAGES,
  type OpportunityStage,
  type OpportunityType,
  zUpdateAccountRequest,
  zUpdateContactRequest,
  zUpdateOpportunityRequest,
} from '@rapport/shared';
import type { z } from 'zod';

import { type Text, textIn } from '../i18n';
import type { AnyField, ImportEntity, Mapping } from './csv-columns';
import { type DateOrder, fold, type Parsed, parseAmount, parseDate, splitList } from './csv-values';
import { issuesIn } from './issues';

/** How cells are read: the file's conventions and the defaults for what it leaves out. */
export interface ValueOptions {
  dateOrder: DateOrder;
  decimal: ',' | '.';
  /** The currency of amounts that name none (the option, else the settings' default currency). */
  currency: string;
}

/** How a row names an account: by its id in the source, its name or a domain. */
export interface AccountRef {
  externalId?: string;
  name?: string;
  domain?: string;
}

export const zAccountFields = zUpdateAccountRequest.omit({ version: true });
export const zContactFields = zUpdateContactRequest.omit({ version: true });
export const zOpportunityFields = zUpdateOpportunityRequest.omit({ version: true });
export type AccountFields = z.output<typeof zAccountFields>;
export type ContactFields = z.output<typeof zContactFields>;
export type OpportunityFields = z.output<typeof zOpportunityFields>;

/** What one row says, validated and normalised; only the fields its cells fill (blank cells say nothing). */
export type Given =
  | { entity: 'accounts'; externalId: string | null; fields: AccountFields; owner: string | null }
  | {
      entity: 'contacts';
      externalId: string | null;
      fields: ContactFields;
      account: AccountRef;
      relationshipOwner: string | null;
    }
  | {
      entity: 'opportunities';
      externalId: string | null;
      fields: OpportunityFields;
      account: AccountRef;
      owner: string | null;
      /** Whether the file gave the currency (a column or a sign in the amount), not only the default. */
      currencyGiven: boolean;
    };

/** The cells of a row by field: scalars from the first non-blank column, lists from all of them. */
function cellsOf(mapping: Mapping, cells: readonly string[]) {
  const values = new Map<AnyField, string[]>();
  for (const column of mapping.columns) {
    if (!column.field) continue;
    const cell = (cells[column.index] ?? '').trim();
    if (!cell) continue;
    values.set(column.field, [...(values.get(column.field) ?? []), cell]);
  }
  return {
    one: (field: AnyField) => values.get(field)?.[0] ?? null,
    list: (field: AnyField) => (values.get(field) ?? []).flatMap(splitList),
    has: (field: AnyField) => values.has(field),
  };
}

/** The header a field came from, to name it in a reason. */
function labelOf(mapping: Mapping, field: string): string {
  const aliases: Record<string, AnyField[]> = {
    domains: ['domains', 'website'],
    linkedinSlug: ['linkedin'],
    expectedCloseDate: ['closeDate'],
    ownerId: ['owner'],
    title: ['title'],
  };
  const fields = aliases[field] ?? [field as AnyField];
  const column = mapping.columns.find((c) => c.field !== null && fields.includes(c.field));
  return column?.header ?? field;
}

/** "Header: why", the header a field came from and why its value was refused. */
const atColumn = (mapping: Mapping, field: string, why: Text): Text => {
  const label = labelOf(mapping, field);
  return (m) => `${label}: ${textIn(why, m)}`;
};

/**
 * The first zod issue as "Header: message", in the reader's language (`raw` is parsed again with `schema` for
 * a language other than English, see `issuesIn`).
 */
function reasonOf(mapping: Mapping, schema: z.ZodType, raw: unknown, error: z.ZodError): Text {
  const first = error.issues[0];
  if (!first) return (m) => m.transfer.reasons.invalidRow;
  return atColumn(mapping, String(first.path[0] ?? ''), (m) => {
    const message = issuesIn(schema, raw, error.issues, m)[0]?.message ?? first.message;
    return message === 'Required' || message === m.validation.issue.required
      ? m.transfer.reasons.isEmpty
      : message;
  });
}

const STATUS_WORDS: [RegExp, AccountStatus][] = [
  [/former|churn|lost|inactive|excustomer/, 'former_customer'],
  [/customer|client/, 'customer'],
  [/prospect|lead|subscriber|opportunity|new/, 'prospect'],
];

/**
 * An account status from what a CRM calls it (HubSpot lifecycle stages, Salesforce account types, ours);
 * null for a value that says nothing about it ("Partner", "Other"), which then changes nothing.
 */
export function statusOf(value: string): AccountStatus | null {
  const v = fold(value);
  const exact = ACCOUNT_STATUSES.find((s) => fold(s) === v);
  if (exact) return exact;
  return STATUS_WORDS.find(([re]) => re.test(v))?.[1] ?? null;
}

const STAGES: Record<string, OpportunityStage> = {
  prospecting: 'qualify',
  qualification: 'qualify',
  appointmentscheduled: 'qualify',
  qualifiedtobuy: 'qualify',
  lead: 'qualify',
  new: 'qualify',
  needsanalysis: 'discover',
  valueproposition: 'discover',
  iddecisionmakers: 'discover',
  perceptionanalysis: 'discover',
  presentationscheduled: 'discover',
  decisionmakerboughtin: 'discover',
  discovery: 'discover',
  proposalpricequote: 'propose',
  proposal: 'propose',
  quote: 'propose',
  negotiationreview: 'negotiate',
  negotiation: 'negotiate',
  contractsent: 'negotiate',
  closedwon: 'won',
  closedlost: 'lost',
};

/** Our stage for a CRM's stage name (Salesforce's and HubSpot's default pipelines, and ours). */
export function stageOf(value: string): OpportunityStage | null {
  const v = fold(value);
  const exact = OPPORTUNITY_STAGES.find((s) => s === v) ?? STAGES[v];
  if (exact) return exact;
  if (/won/.test(v)) return 'won';
  if (/lost/.test(v)) return 'lost';
  return null;
}

/** Our opportunity type for a CRM's (Salesforce "New Customer", "Existing Customer - Upgrade"; HubSpot "New Business"). */
export function typeOf(value: string): OpportunityType | null {
  const v = fold(value);
  if (/renew/.test(v)) return 'renewal';
  if (/^new/.test(v)) return 'new_business';
  if (/existing|upgrade|upsell|crosssell|expansion|replacement|downgrade/.test(v)) return 'expansion';
  return null;
}

/**
 * Reads one row into what it says about a record, or a reason to refuse it. Cells are validated with the
 * same shared schemas the API uses, so an imported value is one the API would accept.
 */
export function readRow(mapping: Mapping, cells: readonly string[], options: ValueOptions): Parsed<Given> {
  const row = cellsOf(mapping, cells);
  const externalId = row.one('externalId');
  const reject = (reason: Text) => ({ ok: false as const, reason });
  const empty = (field: string) => {
    const label = labelOf(mapping, field);
    return reject((m) => m.transfer.reasons.empty(label));
  };
  switch (mapping.entity) {
    case 'accounts': {
      const raw: Record<string, unknown> = {};
      const name = row.one('name');
      if (!name) return empty('name');
      raw.name = name;
      const domains = [...row.list('domains'), ...row.list('website')];
      if (domains.length > 0) raw.domains = domains;
      if (row.has('linkedin')) raw.linkedinSlug = row.list('linkedin')[0];
      const status = row.one('status');
      if (status && statusOf(status)) raw.status = statusOf(status);
      const tier = row.one('tier');
      if (tier) raw.tier = fold(tier);
      for (const f of ['industry', 'notes'] as const) if (row.has(f)) raw[f] = row.one(f);
      const parsed = zAccountFields.safeParse(raw);
      if (!parsed.success) return reject(reasonOf(mapping, zAccountFields, raw, parsed.error));
      return {
        ok: true,
        value: { entity: 'accounts', externalId, fields: parsed.data, owner: row.one('owner') },
      };
    }
    case 'contacts': {
      const raw: Record<string, unknown> = {};
      const name =
        row.one('name') ?? ([row.one('firstName'), row.one('lastName')].filter(Boolean).join(' ') || null);
      if (!name) {
        const labels = mapping.columns.filter((c) =>
          ['name', 'firstName', 'lastName'].includes(c.field ?? ''),
        );
        const headers = labels.map((c) => c.header);
        return reject((m) => m.transfer.reasons.noName(headers));
      }
      raw.name = name;
      if (row.has('emails')) raw.emails = row.list('emails');
      if (row.has('linkedin')) raw.linkedinSlug = row.list('linkedin')[0];
      if (row.has('roles')) {
        raw.roles = row.list('roles').map((r) => BUYING_ROLES.find((b) => fold(b) === fold(r)) ?? r);
      }
      for (const f of ['title', 'notes'] as const) if (row.has(f)) raw[f] = row.one(f);
      for (const f of ['stance', 'influence'] as const) if (row.has(f)) raw[f] = row.one(f)?.toLowerCase();
      const parsed = zContactFields.safeParse(raw);
      if (!parsed.success) return reject(reasonOf(mapping, zContactFields, raw, parsed.error));
      return {
        ok: true,
        value: {
          entity: 'contacts',
          externalId,
          fields: parsed.data,
          account: accountRefOf(row),
          relationshipOwner: row.one('relationshipOwner'),
        },
      };
    }
    case 'opportunities': {
      const raw: Record<string, unknown> = {};
      const title = row.one('title');
      if (!title) return empty('title');
      raw.title = title;
      const stage = row.one('stage');
      if (stage) {
        const ours = stageOf(stage);
        if (!ours) {
          const stages = OPPORTUNITY_STAGES.join(', ');
          return reject(atColumn(mapping, 'stage', (m) => m.transfer.reasons.unknownStage(stage, stages)));
        }
        raw.stage = ours;
      }
      const type = row.one('type');
      if (type && typeOf(type)) raw.type = typeOf(type);
      const kind = row.one('kind');
      if (kind) raw.kind = fold(kind);
      const term = row.one('termMonths');
      if (term) raw.termMonths = /^\d+$/.test(term) ? Number(term) : term;
      const currencyCell = row.one('currency');
      let currencyGiven = currencyCell !== null;
      if (currencyCell) raw.currency = currencyCell;
      const amount = row.one('amount');
      if (amount) {
        if (mapping.preset === 'rapport') {
          // Our own files carry amounts as the API does: whole minor units.
          if (!/^\d+$/.test(amount)) {
            return reject(atColumn(mapping, 'amount', (m) => m.transfer.reasons.notMinorUnits(amount)));
          }
          raw.amount = Number(amount);
        } else {
          const parsed = parseAmount(amount, {
            decimal: options.decimal,
            currency: (named) => (currencyCell ?? named ?? options.currency).toUpperCase(),
          });
          if (!parsed.ok) return reject(atColumn(mapping, 'amount', parsed.reason));
          raw.amount = parsed.value.minor;
          if (!currencyCell && parsed.value.currency) {
            raw.currency = parsed.value.currency;
            currencyGiven = true;
          }
        }
      }
      for (const [field, target] of [
        ['closeDate', 'expectedCloseDate'],
        ['contractStartDate', 'contractStartDate'],
      ] as const) {
        const cell = row.one(field);
        if (!cell) continue;
        const date = parseDate(cell, options.dateOrder);
        if (!date.ok) return reject(atColumn(mapping, field, date.reason));
        raw[target] = date.value;
      }
      for (const f of ['nextStep', 'closeReason'] as const) if (row.has(f)) raw[f] = row.one(f);
      const parsed = zOpportunityFields.safeParse(raw);
      if (!parsed.success) return reject(reasonOf(mapping, zOpportunityFields, raw, parsed.error));
      return {
        ok: true,
        value: {
          entity: 'opportunities',
          externalId,
          fields: parsed.data,
          account: accountRefOf(row),
          owner: row.one('owner'),
          currencyGiven,
        },
      };
    }
  }
}

function accountRefOf(row: ReturnType<typeof cellsOf>): AccountRef {
  const ref: AccountRef = {};
  // "Associated Company IDs" may list several companies; the first is the primary one.
  const id = row.list('accountExternalId')[0];
  if (id) ref.externalId = id;
  const name = row.one('accountName');
  if (name) ref.name = name;
  const domain = row.one('accountDomain');
  if (domain) ref.domain = domain;
  return ref;
}

/** The entity a mapping is for, as the audit log and the report name it. */
export const AUDIT_ENTITY = {
  accounts: 'account',
  contacts: 'contact',
  opportunities: 'opportunity',
} as const satisfies Record<ImportEntity, string>;
