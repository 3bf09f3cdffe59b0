import type {
  Account,
  AccountListQuery,
  AccountStatus,
  AccountTier,
  CreateAccountRequest,
  Settings,
} from '@rapport/shared';
import { domainInList } from '@rapport/shared';
import { type Kysely, sql } from 'kysely';

import { ApiError, invalidField, uniqueConflict } from '../lib/errors';
import { newId, nowIso } from '../lib/ids';
import type { AccountRow, Database } from './database';
import { likeContains } from './paging';
import { ensureActiveUsers } from './references';

/** Loads accounts with their domains, slugs and reps, in the order of `ids` (missing ids are skipped). */
export async function loadAccounts(db: Kysely<Database>, ids: readonly string[]): Promise<Account[]> {
  if (ids.length === 0) return [];
  const [rows, domains, slugs, reps] = await Promise.all([
    db.selectFrom('accounts').selectAll().where('id', 'in', ids).execute(),
    db.selectFrom('account_domains').selectAll().where('account_id', 'in', ids).orderBy('domain').execute(),
    db.selectFrom('account_slugs').selectAll().where('account_id', 'in', ids).orderBy('slug').execute(),
    db.selectFrom('account_reps').selectAll().where('account_id', 'in', ids).orderBy('user_id').execute(),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const own = slugs.filter((s) => s.account_id === id);
    return [
      toAccount(row, {
        domains: domains.filter((d) => d.account_id === id).map((d) => d.domain),
        slug: own.find((s) => s.is_primary === 1)?.slug ?? null,
        aliases: own.filter((s) => s.is_primary === 0).map((s) => s.slug),
        repIds: reps.filter((r) => r.account_id === id).map((r) => r.user_id),
      }),
    ];
  });
}

export async function loadAccount(db: Kysely<Database>, id: string): Promise<Account | null> {
  return (await loadAccounts(db, [id]))[0] ?? null;
}

function toAccount(
  row: AccountRow,
  children: { domains: string[]; slug: string | null; aliases: string[]; repIds: string[] },
): Account {
  return {
    id: row.id,
    name: row.name,
    domains: children.domains,
    linkedinSlug: children.slug,
    linkedinAliases: children.aliases,
    status: row.status as AccountStatus,
    tier: row.tier as AccountTier,
    ownerId: row.owner_id,
    repIds: children.repIds,
    industry: row.industry,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** A page of account ids matching the filters, `limit + 1` long so the caller knows if more follow. */
export async function listAccountIds(
  db: Kysely<Database>,
  q: AccountListQuery,
  actorId: string,
): Promise<string[]> {
  let query = db
    .selectFrom('accounts')
    .select('accounts.id')
    .orderBy('accounts.id')
    .limit(q.limit + 1);
  if (q.cursor) query = query.where('accounts.id', '>', q.cursor);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.tier) query = query.where('tier', '=', q.tier);
  if (q.ownerId) query = query.where('owner_id', '=', q.ownerId);
  if (q.q) query = query.where(sql`lower(name)`, 'like', sql`${likeContains(q.q)} escape '\\'`);
  if (q.domain) {
    const domain = q.domain;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('account_domains')
          .select('domain')
          .whereRef('account_id', '=', 'accounts.id')
          .where('domain', '=', domain),
      ),
    );
  }
  const repId = q.repId ?? null;
  if (repId) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('account_reps')
          .select('user_id')
          .whereRef('account_id', '=', 'accounts.id')
          .where('user_id', '=', repId),
      ),
    );
  }
  if (q.mine) {
    query = query.where((eb) =>
      eb.or([
        eb('owner_id', '=', actorId),
        eb.exists(
          eb
            .selectFrom('account_reps')
            .select('user_id')
            .whereRef('account_id', '=', 'accounts.id')
            .where('user_id', '=', actorId),
        ),
      ]),
    );
  }
  return (await query.execute()).map((r) => r.id);
}

/** The fields of an account as they will be stored after a create or an update. */
export type AccountState = Omit<CreateAccountRequest, 'linkedinSlug'> & { linkedinSlug: string | null };

/**
 * Checks what the schema cannot: owner and reps are active users, a key account's owner is an account
 * manager (or admin), domains are not webmail or the company's own, and no other account holds a domain or slug.
 */
export async function checkAccount(
  db: Kysely<Database>,
  state: AccountState,
  settings: Settings,
  selfId: string | null,
) {
  if (state.tier === 'key' && state.ownerId === null) {
    throw invalidField('ownerId', (m) => m.errors.accounts.keyNeedsOwner);
  }
  await ensureActiveUsers(db, 'ownerId', [state.ownerId]);
  await ensureActiveUsers(db, 'repIds', state.repIds);
  if (state.tier === 'key' && state.ownerId) {
    const owner = await db
      .selectFrom('users')
      .select('role')
      .where('id', '=', state.ownerId)
      .executeTakeFirst();
    if (owner && owner.role !== 'account_manager' && owner.role !== 'admin') {
      throw invalidField('ownerId', (m) => m.errors.accounts.ownerNotManager);
    }
  }
  for (const domain of state.domains) {
    if (domainInList(domain, settings.personalDomains)) {
      throw invalidField('domains', (m) => m.errors.accounts.personalDomain(domain));
    }
    if (domainInList(domain, settings.companyDomains)) {
      throw invalidField('domains', (m) => m.errors.accounts.ownDomain(domain));
    }
  }
  if (state.domains.length > 0) {
    const taken = await db
      .selectFrom('account_domains')
      .innerJoin('accounts', 'accounts.id', 'account_domains.account_id')
      .select(['domain', 'account_id', 'accounts.name'])
      .where('domain', 'in', state.domains)
      .where('account_id', '!=', selfId ?? '')
      .executeTakeFirst();
    if (taken) {
      throw uniqueConflict((m) => m.errors.accounts.domainTaken(taken.domain, taken.name), {
        field: 'domains',
        domain: taken.domain,
        accountId: taken.account_id,
      });
    }
  }
  if (state.linkedinSlug) {
    const taken = await db
      .selectFrom('account_slugs')
      .select(['slug', 'account_id'])
      .where('slug', '=', state.linkedinSlug)
      .where('account_id', '!=', selfId ?? '')
      .executeTakeFirst();
    if (taken) {
      throw uniqueConflict((m) => m.errors.accounts.linkedInTaken(taken.slug), {
        field: 'linkedinSlug',
        accountId: taken.account_id,
      });
    }
  }
}

/** An account's own columns, as stored. */
function columnsOf(state: AccountState) {
  return {
    name: state.name,
    status: state.status,
    tier: state.tier,
    owner_id: state.ownerId,
    industry: state.industry,
    notes: state.notes,
  };
}

/** Inserts a checked account with its children; returns its id. */
export async function insertAccount(db: Kysely<Database>, state: AccountState): Promise<string> {
  const now = nowIso();
  const id = newId();
  await db
    .insertInto('accounts')
    .values({ id, ...columnsOf(state), created_at: now, updated_at: now, version: 1 })
    .execute();
  await writeAccountChildren(db, id, state, null);
  return id;
}

/**
 * Writes a checked account (`next`) over the stored `before` if it is still at `version`, with its children,
 * as `version + 1`. False, with nothing written, when another write changed it first: the caller answers 409.
 * @example if (!(await updateAccount(trx, before, next, version))) throw versionConflict('account', before)
 */
export async function updateAccount(
  db: Kysely<Database>,
  before: Account,
  next: AccountState,
  version: number,
): Promise<boolean> {
  const res = await db
    .updateTable('accounts')
    .set({ ...columnsOf(next), updated_at: nowIso(), version: version + 1 })
    .where('id', '=', before.id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  await writeAccountChildren(db, before.id, next, before);
  return true;
}

/**
 * Replaces domains, the primary slug and reps with those of `state` (`before` = the stored account, or null
 * when new). Alias slugs from merges stay; a slug that was an alias of this account becomes its primary.
 */
export async function writeAccountChildren(
  db: Kysely<Database>,
  id: string,
  state: AccountState,
  before: Account | null,
) {
  if (!before || before.domains.join() !== state.domains.join()) {
    await db.deleteFrom('account_domains').where('account_id', '=', id).execute();
    if (state.domains.length > 0) {
      await db
        .insertInto('account_domains')
        .values(state.domains.map((domain) => ({ domain, account_id: id })))
        .execute();
    }
  }
  if (!before || before.linkedinSlug !== state.linkedinSlug) {
    await db.deleteFrom('account_slugs').where('account_id', '=', id).where('is_primary', '=', 1).execute();
    if (state.linkedinSlug) {
      await db
        .deleteFrom('account_slugs')
        .where('account_id', '=', id)
        .where('slug', '=', state.linkedinSlug)
        .execute();
      await db
        .insertInto('account_slugs')
        .values({ slug: state.linkedinSlug, account_id: id, is_primary: 1 })
        .execute();
    }
  }
  if (!before || before.repIds.join() !== state.repIds.join()) {
    await db.deleteFrom('account_reps').where('account_id', '=', id).execute();
    if (state.repIds.length > 0) {
      await db
        .insertInto('account_reps')
        .values(state.repIds.map((user_id) => ({ account_id: id, user_id })))
        .execute();
    }
  }
}

/** The state an account has today, to merge a partial update into. */
export function stateOf(a: Account): AccountState {
  return {
    name: a.name,
    domains: a.domains,
    linkedinSlug: a.linkedinSlug,
    status: a.status,
    tier: a.tier,
    ownerId: a.ownerId,
    repIds: a.repIds,
    industry: a.industry,
    notes: a.notes,
  };
}

const STATUS_RANK: Record<string, number> = { prospect: 0, former_customer: 1, customer: 2 };

/**
 * Merges `source` into `target`: contacts, opportunities, touches, account plans, domains and reps move over,
 * the source's LinkedIn slugs become aliases, empty fields are filled from the source, and the source is
 * deleted with its id recorded in `merged_ids`. Nothing of the source is lost; its audit history stays under
 * its old id. When both accounts have a plan for the same period it refuses (409 naming the periods) before
 * changing anything: two plans cannot be merged without the account manager deciding the targets.
 */
export async function mergeAccountInto(
  db: Kysely<Database>,
  target: Account,
  source: Account,
): Promise<void> {
  const clashes = await db
    .selectFrom('account_plans as s')
    .innerJoin('account_plans as t', 't.period', 's.period')
    .select('s.period')
    .where('s.account_id', '=', source.id)
    .where('t.account_id', '=', target.id)
    .orderBy('s.period')
    .execute();
  if (clashes.length > 0) {
    const periods = clashes.map((c) => c.period);
    throw new ApiError(409, 'conflict', (m) => m.errors.accounts.plansClash(periods.join(', ')), { periods });
  }
  const now = nowIso();
  await db
    .deleteFrom('touch_accounts')
    .where('account_id', '=', source.id)
    .where(
      'touch_id',
      'in',
      db.selectFrom('touch_accounts').select('touch_id').where('account_id', '=', target.id),
    )
    .execute();
  await db
    .updateTable('touch_accounts')
    .set({ account_id: target.id })
    .where('account_id', '=', source.id)
    .execute();
  await db
    .updateTable('account_plans')
    .set({ account_id: target.id })
    .where('account_id', '=', source.id)
    .execute();
  await db
    .updateTable('contacts')
    .set({ account_id: target.id })
    .where('account_id', '=', source.id)
    .execute();
  await db
    .updateTable('opportunities')
    .set({ account_id: target.id })
    .where('account_id', '=', source.id)
    .execute();
  await db
    .updateTable('account_domains')
    .set({ account_id: target.id })
    .where('account_id', '=', source.id)
    .execute();
  await db
    .updateTable('account_slugs')
    .set({ account_id: target.id, is_primary: target.linkedinSlug ? 0 : sql<number>`is_primary` })
    .where('account_id', '=', source.id)
    .execute();
  const newReps = source.repIds.filter((id) => !target.repIds.includes(id) && id !== target.ownerId);
  if (newReps.length > 0) {
    await db
      .insertInto('account_reps')
      .values(newReps.map((user_id) => ({ account_id: target.id, user_id })))
      .execute();
  }
  const tier = target.tier === 'key' || source.tier === 'key' ? 'key' : 'standard';
  const ownerId = target.ownerId ?? source.ownerId;
  await db
    .updateTable('accounts')
    .set({
      status:
        (STATUS_RANK[source.status] ?? 0) > (STATUS_RANK[target.status] ?? 0) ? source.status : target.status,
      tier: ownerId ? tier : target.tier,
      owner_id: ownerId,
      industry: target.industry ?? source.industry,
      notes: [target.notes, source.notes].filter(Boolean).join('\n\n'),
      updated_at: now,
      version: target.version + 1,
    })
    .where('id', '=', target.id)
    .execute();
  await db.deleteFrom('account_reps').where('account_id', '=', source.id).execute();
  await db.deleteFrom('accounts').where('id', '=', source.id).execute();
  await db.updateTable('merged_ids').set({ new_id: target.id }).where('new_id', '=', source.id).execute();
  await db
    .insertInto('merged_ids')
    .values({ old_id: source.id, new_id: target.id, entity: 'account', merged_at: now })
    .execute();
}
