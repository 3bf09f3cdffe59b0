import {
  zAccountStatus,
  zAccountTier,
  zActionCategory,
  zActionStatus,
  zBuyingRole,
  zDate,
  zId,
  zInfluence,
  zObjectiveStatus,
  zOpportunityKind,
  zOpportunityStage,
  zOpportunityType,
  zPlanPeriod,
  zStance,
  zTimestamp,
  zTouchKind,
  zUserRole,
  zVersion,
} from '@rapport/shared';
import { z } from 'zod';
import type { Messages } from '../i18n';

/*
 * What an export holds, table by table, in one place: the JSON snapshot, the CSV files and the snapshot import
 * all read these specs, so a column is exported, validated and imported alike or not at all. `snapshot.test.ts`
 * compares them with the migrated schema: a new table or column must be added here (or to EXCLUDED_TABLES /
 * EXCLUDED_COLUMNS with a reason), or that test fails.
 */

/** How one stored column appears in JSON (camelCase key) and CSV (its own name). */
export interface Column {
  /** The JSON value's schema, checked on import. */
  schema: z.ZodType;
  /** Stored value → JSON value. */
  out(value: unknown): unknown;
  /** Validated JSON value → stored value. */
  in(value: unknown): unknown;
  /** Stored as a number: sorted as one (text sorts byte by byte on both databases). */
  numeric?: boolean;
}

const same = (v: unknown) => v;
const asNumber = (v: unknown) => (v === null ? null : Number(v));

/** Text (or any value stored as it is shown). */
const text = (schema: z.ZodType = z.string().max(1_000_000)): Column => ({ schema, out: same, in: same });
const nullable = (schema: z.ZodType = z.string().max(1_000_000)): Column => text(schema.nullable());
/** Integers; PostgreSQL's int8 comes back as a number already, SQLite's as a number too. */
const int = (
  schema: z.ZodType = z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
): Column => ({
  schema,
  out: asNumber,
  in: same,
  numeric: true,
});
/** A 0/1 integer shown as a boolean. */
const bool: Column = {
  schema: z.boolean(),
  out: (v) => Number(v) === 1,
  in: (v) => (v ? 1 : 0),
  numeric: true,
};
/** A JSON document stored as text, shown parsed (audit entries' before and after). */
const json: Column = {
  schema: z.unknown(),
  out: (v) => (v === null ? null : JSON.parse(String(v))),
  in: (v) => (v === null || v === undefined ? null : JSON.stringify(v)),
};

const id = text(zId);
const idOrNull = nullable(zId);
const timestamp = text(zTimestamp);
const timestampOrNull = nullable(zTimestamp);
const dateOrNull = nullable(zDate);
const currency = text(z.string().regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code such as EUR'));
const stamps = { created_at: timestamp, updated_at: timestamp, version: int(zVersion) };

/**
 * A list that lives in a child table: `values` is a list of one column's values (an account's domains),
 * `rows` a list of objects (an opportunity's stage history), `slugs` the LinkedIn slugs as the API shows them
 * (`linkedinSlug`, the primary one, and `linkedinAliases`, kept from merges).
 */
export interface Child {
  kind: 'values' | 'rows' | 'slugs';
  /** JSON key (for `slugs`: `linkedinSlug`, with `linkedinAliases` beside it). */
  key: string;
  table: string;
  parentColumn: string;
  /** `values` and `slugs`: the one value column; `rows`: every column but the parent's. */
  columns: Record<string, Column>;
  /**
   * Child rows' order within a parent, so two exports of the same data are the same text; `-col` sorts
   * descending. Columns not in `columns` (such as `is_primary`) are numbers.
   */
  orderBy: string[];
  /** `values`: the CSV column of the parent's file, values joined by `;`. `rows`: the CSV file's name. */
  csv: string;
  /** Most children per parent (a guard against a runaway file, far above what the API allows). */
  max: number;
}

export interface Section {
  /** The key under `data` in the JSON snapshot. */
  key: string;
  table: string;
  /** The CSV file (without `.csv`). */
  csv: string;
  /** The primary key, for keyset paging. */
  keyColumns: string[];
  columns: Record<string, Column>;
  children: Child[];
  /** Checks across fields (the JSON key of the field at fault, and why in a catalog's language). */
  check?: (record: Record<string, unknown>) => { path: string; message: (m: Messages) => string } | null;
  /** The server may hold a row already (settings, created with defaults on first read): replace it. */
  replaceExisting?: boolean;
}

const values = (
  key: string,
  table: string,
  parentColumn: string,
  column: string,
  schema: z.ZodType,
  csv: string,
): Child => ({
  kind: 'values',
  key,
  table,
  parentColumn,
  columns: { [column]: text(schema) },
  orderBy: [column],
  csv,
  max: 10_000,
});

const slugs = (table: string, parentColumn: string): Child => ({
  kind: 'slugs',
  key: 'linkedinSlug',
  table,
  parentColumn,
  columns: { slug: text(z.string().min(1).max(200)) },
  orderBy: ['-is_primary', 'slug'],
  csv: 'linkedin_slug',
  max: 10_000,
});

const rows = (
  key: string,
  table: string,
  parentColumn: string,
  columns: Record<string, Column>,
  orderBy: string[],
): Child => ({ kind: 'rows', key, table, parentColumn, columns, orderBy, csv: table, max: 100_000 });

/** In the order a snapshot is written and imported: every record after the records it refers to. */
export const SECTIONS: Section[] = [
  {
    key: 'users',
    table: 'users',
    csv: 'users',
    keyColumns: ['id'],
    columns: {
      id,
      email: text(z.string().min(3).max(320).includes('@')),
      name: text(z.string().min(1).max(1000)),
      role: text(zUserRole),
      active: bool,
      ...stamps,
    },
    children: [],
  },
  {
    key: 'settings',
    table: 'settings',
    csv: 'settings',
    keyColumns: ['id'],
    columns: {
      id: int(z.literal(1)),
      data: { ...json, schema: z.record(z.string(), z.unknown()) },
      updated_at: timestamp,
      version: int(zVersion),
    },
    children: [],
    replaceExisting: true,
  },
  {
    key: 'productLines',
    table: 'product_lines',
    csv: 'product_lines',
    keyColumns: ['id'],
    columns: { id, name: text(z.string().min(1).max(1000)), code: nullable(), active: bool, ...stamps },
    children: [],
  },
  {
    key: 'accounts',
    table: 'accounts',
    csv: 'accounts',
    keyColumns: ['id'],
    columns: {
      id,
      name: text(z.string().min(1).max(1000)),
      status: text(zAccountStatus),
      tier: text(zAccountTier),
      owner_id: idOrNull,
      industry: nullable(),
      notes: text(),
      ...stamps,
    },
    children: [
      values('domains', 'account_domains', 'account_id', 'domain', z.string().min(1).max(253), 'domains'),
      slugs('account_slugs', 'account_id'),
      values('repIds', 'account_reps', 'account_id', 'user_id', zId, 'rep_ids'),
    ],
    check: (r) =>
      r.tier === 'key' && r.ownerId === null
        ? { path: 'ownerId', message: (m) => m.errors.accounts.keyNeedsOwner }
        : null,
  },
  {
    key: 'contacts',
    table: 'contacts',
    csv: 'contacts',
    keyColumns: ['id'],
    columns: {
      id,
      account_id: id,
      name: text(z.string().min(1).max(1000)),
      title: nullable(),
      stance: nullable(zStance),
      influence: nullable(zInfluence),
      reports_to_id: idOrNull,
      relationship_owner_id: idOrNull,
      last_contacted_at: timestampOrNull,
      notes: text(),
      ...stamps,
    },
    children: [
      values(
        'emails',
        'contact_emails',
        'contact_id',
        'email',
        z.string().min(3).max(320).includes('@'),
        'emails',
      ),
      slugs('contact_slugs', 'contact_id'),
      values('roles', 'contact_roles', 'contact_id', 'role', zBuyingRole, 'roles'),
    ],
    check: (r) =>
      r.reportsToId !== null && r.reportsToId === r.id
        ? { path: 'reportsToId', message: (m) => m.transfer.reasons.stakeholderReportsToSelf }
        : null,
  },
  {
    key: 'opportunities',
    table: 'opportunities',
    csv: 'opportunities',
    keyColumns: ['id'],
    columns: {
      id,
      account_id: id,
      title: text(z.string().min(1).max(1000)),
      type: text(zOpportunityType),
      kind: text(zOpportunityKind),
      term_months: int(z.number().int().min(0).nullable()),
      product_line_id: idOrNull,
      amount: int(),
      currency,
      stage: text(zOpportunityStage),
      expected_close_date: dateOrNull,
      owner_id: idOrNull,
      next_step: text(),
      closed_at: timestampOrNull,
      close_reason: nullable(),
      contract_start_date: dateOrNull,
      flagged_at: timestampOrNull,
      acknowledged_at: timestampOrNull,
      acknowledged_by: idOrNull,
      ...stamps,
    },
    children: [
      rows(
        'stageHistory',
        'opportunity_stage_changes',
        'opportunity_id',
        {
          id,
          from_stage: nullable(zOpportunityStage),
          to_stage: text(zOpportunityStage),
          at: timestamp,
          user_id: idOrNull,
          reason: nullable(),
        },
        ['at', 'id'],
      ),
    ],
  },
  {
    key: 'accountPlans',
    table: 'account_plans',
    csv: 'account_plans',
    keyColumns: ['id'],
    columns: { id, account_id: id, period: text(zPlanPeriod), currency, ...stamps },
    children: [
      rows(
        'lines',
        'plan_lines',
        'plan_id',
        { product_line_id: id, target: int(), position: int(z.number().int()) },
        ['position', 'product_line_id'],
      ),
      rows(
        'objectives',
        'plan_objectives',
        'plan_id',
        { id, position: int(z.number().int()), text: text(), status: text(zObjectiveStatus) },
        ['position', 'id'],
      ),
      rows(
        'actions',
        'plan_actions',
        'plan_id',
        {
          id,
          position: int(z.number().int()),
          title: text(),
          category: text(zActionCategory),
          owner_id: idOrNull,
          due_date: dateOrNull,
          status: text(zActionStatus),
        },
        ['position', 'id'],
      ),
    ],
  },
  {
    key: 'touches',
    table: 'touches',
    csv: 'touches',
    keyColumns: ['id'],
    columns: {
      id,
      kind: text(zTouchKind),
      subject: text(),
      occurred_at: timestamp,
      user_id: idOrNull,
      link: nullable(),
      source_key: nullable(),
      notes: text(),
      ...stamps,
    },
    children: [
      values('contactIds', 'touch_contacts', 'touch_id', 'contact_id', zId, 'contact_ids'),
      values('accountIds', 'touch_accounts', 'touch_id', 'account_id', zId, 'account_ids'),
    ],
  },
  {
    key: 'mergedIds',
    table: 'merged_ids',
    csv: 'merged_ids',
    keyColumns: ['old_id'],
    columns: { old_id: id, new_id: id, entity: text(z.string().min(1).max(100)), merged_at: timestamp },
    children: [],
  },
  {
    key: 'externalIds',
    table: 'external_ids',
    csv: 'external_ids',
    keyColumns: ['entity', 'source', 'external_id'],
    columns: {
      entity: text(z.string().min(1).max(100)),
      source: text(z.string().min(1).max(200)),
      external_id: text(z.string().min(1).max(1000)),
      record_id: id,
      created_at: timestamp,
    },
    children: [],
  },
  {
    key: 'auditLog',
    table: 'audit_log',
    csv: 'audit_log',
    keyColumns: ['id'],
    columns: {
      id,
      at: timestamp,
      user_id: idOrNull,
      // Plain text, not the current enums: the log keeps what older versions wrote too.
      action: text(z.string().min(1).max(100)),
      entity: text(z.string().min(1).max(100)),
      entity_id: text(z.string().min(1).max(200)),
      before: json,
      after: json,
    },
    children: [],
  },
];

/**
 * Tables that are not exported, and why. Anything else in the schema is data and must be in SECTIONS.
 */
export const EXCLUDED_TABLES: Record<string, string> = {
  api_tokens: 'secrets (token hashes); users sign in again on the new server',
  meta: "the server's own values, such as the one-time setup token's hash",
  invites:
    'one-time invite and password-reset links (hashed secrets that expire); send new ones from the new server',
  search_documents: 'derived from accounts and contacts; the import rebuilds it',
  search_fts: 'SQLite full-text index of search_documents',
  search_vocab: 'SQLite full-text index of search_documents',
  summary_stamps:
    "change counters of the lookup's account-summary cache; triggers keep them on the new server",
  idempotency_keys:
    'answers kept a day so that retried writes apply once; clients retry against the new server afresh',
  kysely_migration: 'migration bookkeeping; the new server runs its own',
  kysely_migration_lock: 'migration bookkeeping',
};

/** Columns left out of an exported table, and why. */
export const EXCLUDED_COLUMNS: Record<string, Record<string, string>> = {
  users: { password_hash: 'a secret: imported users set a new password (docs/moving-data.md)' },
};

/** `owner_id` → `ownerId`. */
export function camel(column: string): string {
  return column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** The CSV files of an export, by name (without `.csv`), in the order they are written. */
export const CSV_FILES: string[] = SECTIONS.flatMap((s) => [
  s.csv,
  ...s.children.filter((c) => c.kind === 'rows').map((c) => c.csv),
]);

/** Every stored (table, column) the specs cover, parent columns of children included. */
export function coveredColumns(): Map<string, Set<string>> {
  const covered = new Map<string, Set<string>>();
  const add = (table: string, columns: string[]) =>
    covered.set(table, new Set([...(covered.get(table) ?? []), ...columns]));
  for (const s of SECTIONS) {
    add(s.table, Object.keys(s.columns));
    for (const c of s.children) {
      add(c.table, [
        c.parentColumn,
        ...Object.keys(c.columns),
        ...(c.kind === 'slugs' ? ['is_primary'] : []),
      ]);
    }
  }
  return covered;
}
