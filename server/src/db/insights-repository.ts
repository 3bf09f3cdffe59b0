import {
  BUYING_ROLES,
  type BuyingRole,
  type Influence,
  type OpportunityStage,
  type Stance,
  type UserRef,
  type UserRole,
} from '@rapport/shared';
import type { Kysely } from 'kysely';

import type { Committee, CommitteeOpportunity } from '../lib/insights';
import type { Database } from './database';

/**
 * One account's buying committee as coverage and signals need it: the account and its owner, every
 * stakeholder with roles and relationship owner, and (with `opportunities`) the won contracts, renewals and
 * flagged new business. Five statements whatever the committee's size (four without opportunities); null
 * when no account has that id.
 * @example (await loadCommittee(db, 'a1', { opportunities: false }))?.members.length // 12
 */
export async function loadCommittee(
  db: Kysely<Database>,
  accountId: string,
  { opportunities: withOpportunities }: { opportunities: boolean },
): Promise<Committee | null> {
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'name', 'tier', 'owner_id'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!account) return null;
  const [contacts, roles, opportunities] = await Promise.all([
    db
      .selectFrom('contacts')
      .select([
        'id',
        'name',
        'title',
        'stance',
        'influence',
        'reports_to_id',
        'relationship_owner_id',
        'last_contacted_at',
      ])
      .where('account_id', '=', accountId)
      .execute(),
    db
      .selectFrom('contact_roles as r')
      .innerJoin('contacts as c', 'c.id', 'r.contact_id')
      .select(['r.contact_id', 'r.role'])
      .where('c.account_id', '=', accountId)
      .execute(),
    withOpportunities ? selectCommitteeOpportunities(db, accountId) : Promise.resolve([]),
  ]);
  const users = await selectUserRefs(db, [
    account.owner_id,
    ...contacts.map((c) => c.relationship_owner_id),
    ...opportunities.map((o) => o.opened_by ?? o.owner_id),
  ]);
  const ref = (id: string | null) => (id ? (users.get(id) ?? null) : null);
  const inAccount = new Set(contacts.map((c) => c.id));
  const held = new Map<string, Set<string>>();
  for (const r of roles) held.set(r.contact_id, (held.get(r.contact_id) ?? new Set()).add(r.role));
  return {
    account: {
      id: account.id,
      name: account.name,
      tier: account.tier,
      ownerId: account.owner_id,
      owner: ref(account.owner_id),
    },
    members: contacts.map((c) => ({
      id: c.id,
      name: c.name,
      title: c.title,
      roles: BUYING_ROLES.filter((r) => held.get(c.id)?.has(r)) as BuyingRole[],
      stance: c.stance as Stance | null,
      influence: c.influence as Influence | null,
      // The org chart stays within the account: a manager elsewhere (or gone) is no link.
      reportsToId: c.reports_to_id && inAccount.has(c.reports_to_id) ? c.reports_to_id : null,
      relationshipOwner: ref(c.relationship_owner_id),
      lastContactedAt: c.last_contacted_at,
    })),
    opportunities: opportunities.map(
      (o): CommitteeOpportunity => ({
        id: o.id,
        title: o.title,
        type: o.type,
        kind: o.kind,
        stage: o.stage as OpportunityStage,
        termMonths: o.term_months,
        amount: Number(o.amount),
        currency: o.currency,
        closedAt: o.closed_at,
        contractStartDate: o.contract_start_date,
        flaggedAt: o.flagged_at,
        acknowledgedAt: o.acknowledged_at,
        openedBy: ref(o.opened_by ?? o.owner_id),
      }),
    ),
  };
}

/**
 * The opportunities signals read: won contracts (their end), renewals (open or won) and new business
 * flagged for the owner and not acknowledged yet, each with whoever recorded its first stage.
 */
function selectCommitteeOpportunities(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('opportunities as o')
    .select([
      'o.id',
      'o.title',
      'o.type',
      'o.kind',
      'o.stage',
      'o.term_months',
      'o.amount',
      'o.currency',
      'o.owner_id',
      'o.closed_at',
      'o.contract_start_date',
      'o.flagged_at',
      'o.acknowledged_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('opportunity_stage_changes as s')
        .select('s.user_id')
        .whereRef('s.opportunity_id', '=', 'o.id')
        .orderBy('s.at')
        .orderBy('s.id')
        .limit(1)
        .as('opened_by'),
    )
    .where('o.account_id', '=', accountId)
    .where((eb) =>
      eb.or([
        eb.and([eb('o.kind', '=', 'contract'), eb('o.stage', '=', 'won')]),
        eb.and([eb('o.type', '=', 'renewal'), eb('o.stage', '!=', 'lost')]),
        eb.and([eb('o.flagged_at', 'is not', null), eb('o.acknowledged_at', 'is', null)]),
      ]),
    )
    .orderBy('o.id')
    .execute();
}

/** The colleagues named, as `{ id, name, email, role }`; one statement, none when no id is given. */
async function selectUserRefs(
  db: Kysely<Database>,
  ids: readonly (string | null)[],
): Promise<Map<string, UserRef>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role'])
    .where('id', 'in', wanted)
    .execute();
  return new Map(
    rows.map((u) => [u.id, { id: u.id, name: u.name, email: u.email, role: u.role as UserRole }]),
  );
}
