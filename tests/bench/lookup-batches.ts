import type { LookupMatch, LookupResponse } from '@rapport/shared';

import type { BenchAccount, DataSet } from './data-set';
import { mix, Random } from './random';

/** What one input of a batch must match, when the server answers right. */
export interface Expected {
  input: string;
  match: LookupMatch;
  contactId: string | null;
  accountId: string | null;
}

/** One `POST /api/v1/lookup` body and the answer it must get. */
export interface LookupBatch {
  body: string;
  expected: Expected[];
  /** The accounts the answer must hold, in first-match order. */
  accountIds: string[];
}

const FIRST = ['Ada', 'Bo', 'Cleo', 'Dario', 'Eva', 'Filip', 'Greta', 'Ivo', 'Juno', 'Kai', 'Lia', 'Nils'];
const LAST = ['Amato', 'Brun', 'Eklund', 'Fontana', 'Gruber', 'Kowal', 'Moser', 'Pavan', 'Sandberg', 'Vidal'];
const STRANGERS = ['partners', 'consulting', 'freight', 'advisors', 'labs', 'studio'];

/** As a mail client shows it: sometimes `Anna.Rossi@…` rather than lower case. */
function written(r: Random, email: string): string {
  return r.chance(0.3)
    ? email.replace(/(^|[.])([a-z])/g, (_m, dot: string, c: string) => dot + c.toUpperCase())
    : email;
}

/** Someone not in Rapport: `mbrun@domain` (no stored address has this form: they are `first.last`). */
function stranger(r: Random, domain: string): string {
  return `${r.pick(FIRST)[0]}${r.pick(LAST)}@${domain}`.toLowerCase();
}

function accountWith(data: DataSet, r: Random, least: number, not: number[]): BenchAccount {
  for (;;) {
    const account = data.account(r.int(data.accounts));
    if (account.contacts.length >= least && !not.includes(account.index)) return account;
  }
}

/**
 * `count` lookup batches as one email thread's participants: 5 known stakeholders (of one account, or 4 and
 * one of another account now and then), 2 unknown people at that account's domain, 1 unknown person at
 * another account's domain and 2 people at domains nobody knows; in random order, each with its expected match.
 * @example const batches = lookupBatches(data, 2000); // batches[0].body is `{"emails":[…10…],"linkedin":[]}`
 */
export function lookupBatches(data: DataSet, count: number): LookupBatch[] {
  const batches: LookupBatch[] = [];
  for (let b = 0; b < count; b++) {
    const r = new Random(mix(data.seed, 7, b));
    const main = accountWith(data, r, 5, []);
    const byDomain = accountWith(data, r, 0, [main.index]);
    const guest = r.chance(0.2) ? accountWith(data, r, 1, [main.index, byDomain.index]) : null;
    const known = r.shuffle(main.contacts).slice(0, guest ? 4 : 5);
    if (guest) known.push(r.pick(guest.contacts));
    const entries: Expected[] = [
      ...known.map((c) => ({
        input: written(r, c.email),
        match: 'email' as const,
        contactId: c.id,
        accountId: String(c.record.accountId),
      })),
      ...[0, 1].map(() => ({
        input: stranger(r, r.pick(main.domains)),
        match: 'domain' as const,
        contactId: null,
        accountId: main.id,
      })),
      {
        input: stranger(r, r.pick(byDomain.domains)),
        match: 'domain',
        contactId: null,
        accountId: byDomain.id,
      },
      ...[0, 1].map(() => ({
        input: stranger(r, `${r.pick(LAST).toLowerCase()}-${r.pick(STRANGERS)}.example`),
        match: 'none' as const,
        contactId: null,
        accountId: null,
      })),
    ];
    const expected = r.shuffle(entries);
    const accountIds = [...new Set(expected.flatMap((e) => (e.accountId ? [e.accountId] : [])))];
    batches.push({
      body: JSON.stringify({ emails: expected.map((e) => e.input), linkedin: [] }),
      expected,
      accountIds,
    });
  }
  return batches;
}

/**
 * The differences between an answer and what the batch expects (every input's match, contact and account;
 * the accounts listed; each matched stakeholder among its account's stakeholders); empty when it is right.
 */
export function differences(batch: LookupBatch, answer: LookupResponse): string[] {
  const out: string[] = [];
  batch.expected.forEach((want, n) => {
    const got = answer.results[n];
    if (!got || got.input !== want.input) out.push(`result ${n}: no answer for ${want.input}`);
    else if (
      got.match !== want.match ||
      got.contactId !== want.contactId ||
      got.accountId !== want.accountId
    ) {
      out.push(
        `${want.input}: expected ${want.match} ${want.contactId}/${want.accountId}, got ${got.match} ${got.contactId}/${got.accountId}`,
      );
    }
  });
  const listed = answer.accounts.map((a) => a.id);
  if (listed.join() !== batch.accountIds.join())
    out.push(`accounts ${listed.join()} ≠ ${batch.accountIds.join()}`);
  for (const want of batch.expected) {
    if (!want.contactId) continue;
    const account = answer.accounts.find((a) => a.id === want.accountId);
    if (!account?.stakeholders.some((s) => s.id === want.contactId)) {
      out.push(`${want.contactId} missing from the stakeholders of ${want.accountId}`);
    }
  }
  return out;
}
