import type {
  CreateTouchRequest,
  OpportunityStage,
  OpportunityType,
  Page,
  Settings,
  TimelineEntry,
  Touch,
  TouchKind,
  TouchListQuery,
  UserRole,
} from '@rapport/shared';
import { domainInList, emailDomain, emailWithoutPlus, normalizeEmail } from '@rapport/shared';
import { type Kysely, sql } from 'kysely';

import { en, type Messages } from '../i18n';
import { ApiError, invalidField } from '../lib/errors';
import { newId, nowIso } from '../lib/ids';
import type { Database, TouchRow } from './database';
import { ensureAccountExists, mergedInto } from './references';

/** Loads touches with their author, contacts (by name) and accounts, in the order of `ids`. */
export async function loadTouches(db: Kysely<Database>, ids: readonly string[]): Promise<Touch[]> {
  if (ids.length === 0) return [];
  const [rows, contacts, accounts] = await Promise.all([
    db
      .selectFrom('touches as t')
      .leftJoin('users as u', 'u.id', 't.user_id')
      .selectAll('t')
      .select(['u.name as user_name', 'u.email as user_email', 'u.role as user_role'])
      .where('t.id', 'in', ids)
      .execute(),
    db
      .selectFrom('touch_contacts as tc')
      .innerJoin('contacts as c', 'c.id', 'tc.contact_id')
      .select(['tc.touch_id', 'c.id', 'c.name'])
      .where('tc.touch_id', 'in', ids)
      .orderBy('c.name')
      .orderBy('c.id')
      .execute(),
    db.selectFrom('touch_accounts').selectAll().where('touch_id', 'in', ids).orderBy('account_id').execute(),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [
      {
        id: row.id,
        kind: row.kind as TouchKind,
        subject: row.subject,
        occurredAt: row.occurred_at,
        link: row.link,
        notes: row.notes,
        user:
          row.user_id && row.user_name !== null && row.user_email !== null
            ? { id: row.user_id, name: row.user_name, email: row.user_email, role: row.user_role as UserRole }
            : null,
        contacts: contacts.filter((c) => c.touch_id === id).map((c) => ({ id: c.id, name: c.name })),
        accountIds: accounts.filter((a) => a.touch_id === id).map((a) => a.account_id),
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        version: row.version,
      },
    ];
  });
}

export async function loadTouch(db: Kysely<Database>, id: string): Promise<Touch | null> {
  return (await loadTouches(db, [id]))[0] ?? null;
}

/**
 * Lists that run newest first page on `(at, id)`, not on the id alone. The cursor is the last entry's time in
 * base-36 milliseconds and its id, e.g. `mi1x2k3l0_mi1x2k3l0q8f3k2z9a1b4c`, which fits the id pattern.
 */
export function encodeCursor(at: string, id: string): string {
  return `${Date.parse(at).toString(36)}_${id}`;
}

function decodeCursor(cursor: string): { at: string; id: string } {
  const m = /^(-?[0-9a-z]+)_(.+)$/.exec(cursor);
  const ms = m?.[1] ? Number.parseInt(m[1], 36) : Number.NaN;
  const at = Number.isFinite(ms) ? new Date(ms) : null;
  if (!m?.[2] || !at || Number.isNaN(at.getTime())) {
    throw invalidField('cursor', (m) => m.errors.touches.badCursor);
  }
  return { at: at.toISOString(), id: m[2] };
}

/** Touches matching the filters, newest first (`occurred_at`, then id). */
export async function listTouches(db: Kysely<Database>, q: TouchListQuery): Promise<Page<Touch>> {
  let query = db
    .selectFrom('touches as t')
    .select(['t.id', 't.occurred_at'])
    .orderBy('t.occurred_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(q.limit + 1);
  if (q.kind) query = query.where('t.kind', '=', q.kind);
  const { accountId, contactId } = q;
  if (accountId) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('touch_accounts as ta')
          .select('ta.touch_id')
          .whereRef('ta.touch_id', '=', 't.id')
          .where('ta.account_id', '=', accountId),
      ),
    );
  }
  if (contactId) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('touch_contacts as tc')
          .select('tc.touch_id')
          .whereRef('tc.touch_id', '=', 't.id')
          .where('tc.contact_id', '=', contactId),
      ),
    );
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    query = query.where((eb) =>
      eb.or([
        eb('t.occurred_at', '<', c.at),
        eb.and([eb('t.occurred_at', '=', c.at), eb('t.id', '<', c.id)]),
      ]),
    );
  }
  const rows = await query.execute();
  const shown = rows.slice(0, q.limit);
  const last = shown[shown.length - 1];
  return {
    items: await loadTouches(
      db,
      shown.map((r) => r.id),
    ),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.occurred_at, last.id) : null,
  };
}

/** Who a touch involves: checked contact and account ids, and the addresses that matched nobody. */
export interface Participants {
  contactIds: string[];
  /** The given accounts and those of the contacts. */
  accountIds: string[];
  unmatchedEmails: string[];
}

/**
 * Resolves a touch's participants. Addresses match stakeholders as in a lookup (normalised, then without a
 * `+tag`); colleagues' addresses (the company's domains) are skipped, other unknown or unreadable ones are
 * reported. Given contact and account ids must exist (400 otherwise, naming a merge when that is why).
 */
export async function resolveParticipants(
  db: Kysely<Database>,
  settings: Settings,
  req: Pick<CreateTouchRequest, 'contactIds' | 'emails' | 'accountIds'>,
): Promise<Participants> {
  // Each address as its candidates (as given, then without its `+tag`); null when unreadable, [] for a colleague.
  const wanted = req.emails.map((raw) => {
    const email = normalizeEmail(raw);
    if (!email) return { raw: raw.trim(), candidates: null };
    if (domainInList(emailDomain(email), settings.companyDomains)) return { raw: email, candidates: [] };
    return { raw: email, candidates: [...new Set([email, emailWithoutPlus(email) ?? email])] };
  });
  const keys = [...new Set(wanted.flatMap((w) => w.candidates ?? []))];
  const hits =
    keys.length === 0
      ? []
      : await db
          .selectFrom('contact_emails as e')
          .innerJoin('contacts as c', 'c.id', 'e.contact_id')
          .select(['e.email', 'c.id', 'c.account_id'])
          .where('e.email', 'in', keys)
          .execute();
  const byEmail = new Map(hits.map((h) => [h.email, h]));
  const contacts = new Map<string, string>();
  const unmatched: string[] = [];
  for (const { raw, candidates } of wanted) {
    if (candidates?.length === 0) continue;
    const hit = candidates?.map((e) => byEmail.get(e)).find((h) => h !== undefined);
    if (hit) contacts.set(hit.id, hit.account_id);
    else unmatched.push(raw);
  }
  if (req.contactIds.length > 0) {
    const rows = await db
      .selectFrom('contacts')
      .select(['id', 'account_id'])
      .where('id', 'in', req.contactIds)
      .execute();
    const missing = req.contactIds.find((id) => !rows.some((r) => r.id === id));
    if (missing) {
      const merged = await mergedInto(db, missing);
      const details = (m: Messages) => ({
        issues: [{ path: 'contactIds', message: m.errors.contacts.noSuchContact }],
        ...(merged ? { mergedInto: merged } : {}),
      });
      throw new ApiError(
        400,
        'validation_failed',
        (m) =>
          merged ? m.errors.contacts.noContactMerged(missing, merged) : m.errors.contacts.noContact(missing),
        details(en),
        undefined,
        details,
      );
    }
    for (const r of rows) contacts.set(r.id, r.account_id);
  }
  for (const id of req.accountIds) await ensureAccountExists(db, 'accountIds', id);
  return {
    contactIds: [...contacts.keys()],
    accountIds: [...new Set([...req.accountIds, ...contacts.values()])],
    unmatchedEmails: [...new Set(unmatched)],
  };
}

/** The touch a source key (an email thread) was logged as, if any. */
export function findBySourceKey(db: Kysely<Database>, sourceKey: string): Promise<TouchRow | undefined> {
  return db.selectFrom('touches').selectAll().where('source_key', '=', sourceKey).executeTakeFirst();
}

/** Inserts a touch with its contacts and accounts; a second touch with the same source key fails (unique). */
export async function insertTouch(
  db: Kysely<Database>,
  touch: {
    kind: TouchKind;
    subject: string;
    occurredAt: string;
    userId: string | null;
    link: string | null;
    sourceKey: string | null;
    notes: string;
  },
  participants: Pick<Participants, 'contactIds' | 'accountIds'>,
): Promise<string> {
  const id = newId();
  const now = nowIso();
  await db
    .insertInto('touches')
    .values({
      id,
      kind: touch.kind,
      subject: touch.subject,
      occurred_at: touch.occurredAt,
      user_id: touch.userId,
      link: touch.link,
      source_key: touch.sourceKey,
      notes: touch.notes,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .execute();
  await addParticipants(db, id, participants);
  return id;
}

/** Links contacts and accounts to a touch; ones linked already (or by a concurrent writer) are skipped. */
export async function addParticipants(
  db: Kysely<Database>,
  touchId: string,
  p: Pick<Participants, 'contactIds' | 'accountIds'>,
): Promise<void> {
  if (p.contactIds.length > 0) {
    await db
      .insertInto('touch_contacts')
      .values(p.contactIds.map((contact_id) => ({ touch_id: touchId, contact_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  if (p.accountIds.length > 0) {
    await db
      .insertInto('touch_accounts')
      .values(p.accountIds.map((account_id) => ({ touch_id: touchId, account_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/**
 * Moves each contact's "last contacted" up to `at` where it is earlier (or unset). It is derived from the
 * touches, so neither `version` nor `updated_at` changes: an edit form open on the contact stays valid.
 * Times are compared as instants (a value typed with an offset still compares right), and each write is
 * conditional on the value read, so two touches logged at once both count and the later wins.
 */
export async function bumpLastContacted(
  db: Kysely<Database>,
  contactIds: readonly string[],
  at: string,
): Promise<void> {
  let pending = [...contactIds];
  for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
    const rows = await db
      .selectFrom('contacts')
      .select(['id', 'last_contacted_at'])
      .where('id', 'in', pending)
      .execute();
    pending = [];
    for (const row of rows) {
      const stored = row.last_contacted_at;
      if (stored !== null && Date.parse(stored) >= Date.parse(at)) continue;
      if (!(await setLastContacted(db, row.id, stored, at))) pending.push(row.id);
    }
  }
}

/**
 * After a touch at `deletedAt` is removed: a contact whose "last contacted" came from it falls back to its
 * latest remaining touch, or to null without one; a value that did not come from it (a later touch, or one
 * typed in by hand) stays.
 */
export async function restoreLastContacted(
  db: Kysely<Database>,
  contactIds: readonly string[],
  deletedAt: string,
): Promise<void> {
  if (contactIds.length === 0) return;
  const rows = await db
    .selectFrom('contacts')
    .select(['id', 'last_contacted_at'])
    .where('id', 'in', contactIds)
    .execute();
  for (const row of rows) {
    const stored = row.last_contacted_at;
    if (stored === null || Date.parse(stored) !== Date.parse(deletedAt)) continue;
    const latest = await db
      .selectFrom('touch_contacts as tc')
      .innerJoin('touches as t', 't.id', 'tc.touch_id')
      .select((eb) => eb.fn.max('t.occurred_at').as('at'))
      .where('tc.contact_id', '=', row.id)
      .executeTakeFirst();
    await setLastContacted(db, row.id, stored, latest?.at ?? null);
  }
}

/** Sets `last_contacted_at` if it is still `expected`; false when someone changed it meanwhile. */
async function setLastContacted(
  db: Kysely<Database>,
  contactId: string,
  expected: string | null,
  value: string | null,
): Promise<boolean> {
  let update = db.updateTable('contacts').set({ last_contacted_at: value }).where('id', '=', contactId);
  update =
    expected === null
      ? update.where('last_contacted_at', 'is', null)
      : update.where('last_contacted_at', '=', expected);
  const res = await update.executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * A page of an account's timeline, newest first: its touches and the stage changes of its opportunities
 * (creation included), in one statement over both, then the entries' details.
 */
export async function listTimeline(
  db: Kysely<Database>,
  accountId: string,
  q: { limit: number; cursor?: string | undefined },
): Promise<Page<TimelineEntry>> {
  const c = q.cursor ? decodeCursor(q.cursor) : null;
  const touches = db
    .selectFrom('touch_accounts as ta')
    .innerJoin('touches as t', 't.id', 'ta.touch_id')
    .select([sql.lit<'touch' | 'stage_change'>('touch').as('type'), 't.id as id', 't.occurred_at as at'])
    .where('ta.account_id', '=', accountId)
    .$if(c !== null, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('t.occurred_at', '<', c?.at ?? ''),
          eb.and([eb('t.occurred_at', '=', c?.at ?? ''), eb('t.id', '<', c?.id ?? '')]),
        ]),
      ),
    );
  const changes = db
    .selectFrom('opportunity_stage_changes as s')
    .innerJoin('opportunities as o', 'o.id', 's.opportunity_id')
    .select([sql.lit<'touch' | 'stage_change'>('stage_change').as('type'), 's.id as id', 's.at as at'])
    .where('o.account_id', '=', accountId)
    .$if(c !== null, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('s.at', '<', c?.at ?? ''),
          eb.and([eb('s.at', '=', c?.at ?? ''), eb('s.id', '<', c?.id ?? '')]),
        ]),
      ),
    );
  const rows = await db
    .selectFrom(touches.unionAll(changes).as('e'))
    .selectAll('e')
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const shown = rows.slice(0, q.limit);
  const [touchList, changeRows] = await Promise.all([
    loadTouches(
      db,
      shown.filter((r) => r.type === 'touch').map((r) => r.id),
    ),
    loadStageChanges(
      db,
      shown.filter((r) => r.type === 'stage_change').map((r) => r.id),
    ),
  ]);
  const touchById = new Map(touchList.map((t) => [t.id, t]));
  const items = shown.flatMap((r): TimelineEntry[] => {
    if (r.type === 'touch') {
      const touch = touchById.get(r.id);
      return touch ? [{ type: 'touch', at: touch.occurredAt, touch }] : [];
    }
    const change = changeRows.get(r.id);
    return change ? [change] : [];
  });
  const last = shown[shown.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor(last.at, last.id) : null };
}

async function loadStageChanges(db: Kysely<Database>, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, TimelineEntry>();
  const rows = await db
    .selectFrom('opportunity_stage_changes as s')
    .innerJoin('opportunities as o', 'o.id', 's.opportunity_id')
    .leftJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id',
      's.at',
      's.from_stage',
      's.to_stage',
      's.reason',
      's.user_id',
      'o.id as opportunity_id',
      'o.title',
      'o.type',
      'u.name as user_name',
      'u.email as user_email',
      'u.role as user_role',
    ])
    .where('s.id', 'in', ids)
    .execute();
  return new Map(
    rows.map((r): [string, TimelineEntry] => [
      r.id,
      {
        type: 'stage_change',
        id: r.id,
        at: r.at,
        opportunity: { id: r.opportunity_id, title: r.title, type: r.type as OpportunityType },
        from: r.from_stage as OpportunityStage | null,
        to: r.to_stage as OpportunityStage,
        user:
          r.user_id && r.user_name !== null && r.user_email !== null
            ? { id: r.user_id, name: r.user_name, email: r.user_email, role: r.user_role as UserRole }
            : null,
        reason: r.reason,
      },
    ]),
  );
}
