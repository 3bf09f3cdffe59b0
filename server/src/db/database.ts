import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The stored shape of every table, shared by SQLite and PostgreSQL. Timestamps are ISO 8601 text (UTC),
 * booleans are 0/1 integers and lists live in child tables, so both dialects store the same values.
 */
/** A nullable column that inserts may leave out (it is then null). */
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface Database {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  meta: MetaTable;
  settings: SettingsTable;
  product_lines: ProductLinesTable;
  accounts: AccountsTable;
  account_domains: AccountDomainsTable;
  account_slugs: AccountSlugsTable;
  account_reps: AccountRepsTable;
  contacts: ContactsTable;
  contact_emails: ContactEmailsTable;
  contact_slugs: ContactSlugsTable;
  contact_roles: ContactRolesTable;
  opportunities: OpportunitiesTable;
  audit_log: AuditLogTable;
  merged_ids: MergedIdsTable;
  search_documents: SearchDocumentsTable;
  account_plans: AccountPlansTable;
  plan_lines: PlanLinesTable;
  plan_objectives: PlanObjectivesTable;
  plan_actions: PlanActionsTable;
  touches: TouchesTable;
  touch_contacts: TouchContactsTable;
  touch_accounts: TouchAccountsTable;
  opportunity_stage_changes: OpportunityStageChangesTable;
  summary_stamps: SummaryStampsTable;
  idempotency_keys: IdempotencyKeysTable;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: string;
  active: number;
  password_hash: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}
export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserRowUpdate = Updateable<UsersTable>;

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  kind: string;
  token_hash: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}
export type ApiTokenRow = Selectable<ApiTokensTable>;

/** Small server-owned values, such as the hash of the one-time setup token. */
export interface MetaTable {
  key: string;
  value: string;
}

/** One row (id 1) holding the settings document as JSON. */
export interface SettingsTable {
  id: number;
  data: string;
  updated_at: string;
  version: number;
}

export interface ProductLinesTable {
  id: string;
  name: string;
  code: string | null;
  active: number;
  created_at: string;
  updated_at: string;
  version: number;
}
export type ProductLineRow = Selectable<ProductLinesTable>;

export interface AccountsTable {
  id: string;
  name: string;
  status: string;
  tier: string;
  owner_id: string | null;
  industry: string | null;
  notes: string;
  created_at: string;
  updated_at: string;
  version: number;
}
export type AccountRow = Selectable<AccountsTable>;
export type AccountRowUpdate = Updateable<AccountsTable>;

export interface AccountDomainsTable {
  domain: string;
  account_id: string;
}

/** Company page slugs; `is_primary` 1 for the account's own, 0 for aliases kept from merges. */
export interface AccountSlugsTable {
  slug: string;
  account_id: string;
  is_primary: number;
}

export interface AccountRepsTable {
  account_id: string;
  user_id: string;
}

export interface ContactsTable {
  id: string;
  account_id: string;
  name: string;
  title: string | null;
  stance: string | null;
  influence: string | null;
  reports_to_id: string | null;
  relationship_owner_id: string | null;
  last_contacted_at: string | null;
  notes: string;
  created_at: string;
  updated_at: string;
  version: number;
}
export type ContactRow = Selectable<ContactsTable>;
export type ContactRowUpdate = Updateable<ContactsTable>;

export interface ContactEmailsTable {
  email: string;
  contact_id: string;
}

/** Profile slugs; `is_primary` 1 for the contact's own, 0 for aliases kept from merges. */
export interface ContactSlugsTable {
  slug: string;
  contact_id: string;
  is_primary: number;
}

export interface ContactRolesTable {
  contact_id: string;
  role: string;
}

export interface OpportunitiesTable {
  id: string;
  account_id: string;
  title: string;
  type: string;
  kind: string;
  term_months: number | null;
  product_line_id: string | null;
  amount: number;
  currency: string;
  stage: string;
  expected_close_date: string | null;
  owner_id: string | null;
  next_step: string;
  /** When the stage became won or lost (null while open). */
  closed_at: Nullable<string>;
  close_reason: Nullable<string>;
  /** A won supply contract's first day (`YYYY-MM-DD`); its end is this plus `term_months`. */
  contract_start_date: Nullable<string>;
  /** Set when someone other than the owner opened new business on a key account. */
  flagged_at: Nullable<string>;
  acknowledged_at: Nullable<string>;
  acknowledged_by: Nullable<string>;
  created_at: string;
  updated_at: string;
  version: number;
}
export type OpportunityRow = Selectable<OpportunitiesTable>;
export type OpportunityRowUpdate = Updateable<OpportunitiesTable>;

export interface AuditLogTable {
  id: string;
  at: string;
  user_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  before: string | null;
  after: string | null;
}

/** Ids of records merged away, pointing at the record that absorbed them. */
export interface MergedIdsTable {
  old_id: string;
  new_id: string;
  entity: string;
  merged_at: string;
}

/**
 * One row per account and per contact with the text search matches on; kept in step by `reindex`.
 * `detail` is the hit's second line, `terms` its emails, domains and slugs (lower case, space-separated).
 * SQLite adds a `doc_id` rowid and indexes it with FTS5 (`search_fts`); PostgreSQL adds a generated
 * `search_text` with a pg_trgm GIN index. Neither extra column is read or written through this type.
 */
export interface SearchDocumentsTable {
  entity: string;
  entity_id: string;
  account_id: string;
  name: string;
  detail: string;
  terms: string;
}

/** One account's plan for one period (a fiscal year, e.g. `2027`); amounts in `currency` minor units. */
export interface AccountPlansTable {
  id: string;
  account_id: string;
  period: string;
  currency: string;
  created_at: string;
  updated_at: string;
  version: number;
}
export type AccountPlanRow = Selectable<AccountPlansTable>;

/** A revenue target per product line; actual and pipeline are computed from opportunities. */
export interface PlanLinesTable {
  plan_id: string;
  product_line_id: string;
  target: number;
  /** The line's place in the plan as the account manager ordered it (migration 2026_11_29_00_10_00). */
  position: ColumnType<number, number | undefined, number>;
}

export interface PlanObjectivesTable {
  id: string;
  plan_id: string;
  position: number;
  text: string;
  status: string;
}

export interface PlanActionsTable {
  id: string;
  plan_id: string;
  position: number;
  title: string;
  category: string;
  owner_id: string | null;
  due_date: string | null;
  status: string;
}

/** An email, call, meeting or note; never a message body. */
export interface TouchesTable {
  id: string;
  kind: string;
  subject: string;
  occurred_at: string;
  user_id: string | null;
  link: string | null;
  source_key: string | null;
  notes: string;
  created_at: string;
  updated_at: string;
  version: number;
}
export type TouchRow = Selectable<TouchesTable>;

export interface TouchContactsTable {
  touch_id: string;
  contact_id: string;
}

export interface TouchAccountsTable {
  touch_id: string;
  account_id: string;
}

export interface OpportunityStageChangesTable {
  id: string;
  opportunity_id: string;
  from_stage: string | null;
  to_stage: string;
  at: string;
  user_id: string | null;
  /** The close reason, on a change to won or lost (migration 2026_11_29_12). */
  reason: Nullable<string>;
}
export type OpportunityStageChangeRow = Selectable<OpportunityStageChangesTable>;

/**
 * A change counter per account (`*`: colleagues' names, emails and roles), bumped by triggers on every write
 * that changes what the account's lookup summary shows; the summary cache compares it (lookup-cache.ts).
 */
/** Answers to writes sent with an `Idempotency-Key` (lib/idempotency.ts); `status` null while running. */
export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  request_hash: string;
  status: number | null;
  content_type: string | null;
  body: string | null;
  created_at: string;
}

export interface SummaryStampsTable {
  account_id: string;
  stamp: number;
}
