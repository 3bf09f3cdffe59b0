import {
  plural,
  zCreateAccountRequest,
  zCreateContactRequest,
  zCreateOpportunityRequest,
  zCreateUserRequest,
  zSettingsData,
} from '@rapport/shared';
import type { Kysely } from 'kysely';

import { checkAccount, insertAccount, loadAccount } from '../db/account-repository';
import { checkContact, insertContact, loadContact } from '../db/contact-repository';
import type { Database, ProductLineRow } from '../db/database';
import { checkOpportunity, insertOpportunity, toOpportunity } from '../db/opportunity-repository';
import { reindex } from '../db/search-repository';
import { readSettings, writeSettings } from '../db/settings-repository';
import { insertUser, toUser } from '../db/user-repository';
import { audit } from '../lib/audit';
import { ApiError } from '../lib/errors';
import { newId, nowIso } from '../lib/ids';
import { hashPassword } from '../lib/passwords';
import { toProductLine } from '../routes/products';
import { CliError, type Command, table } from './common';
import {
  DEMO_ACCOUNTS,
  DEMO_COMPANY_DOMAINS,
  DEMO_PASSWORD,
  DEMO_PRODUCTS,
  DEMO_USERS,
  type DemoUser,
} from './demo-data';

const DAY = 86_400_000;
/** The account whose first domain marks a loaded demo. */
const MARKER_DOMAIN = DEMO_ACCOUNTS[0]?.domains[0] ?? '';

export interface DemoCounts {
  users: number;
  products: number;
  accounts: number;
  keyAccounts: number;
  contacts: number;
  opportunities: number;
}

export type DemoResult = { status: 'exists' } | { status: 'loaded'; counts: DemoCounts };

/** What is in the database already, as far as the demo cares. */
async function survey(db: Kysely<Database>) {
  const emails = DEMO_USERS.map((u) => u.email);
  const [users, marker, accounts] = await Promise.all([
    db.selectFrom('users').select('email').where('email', 'in', emails).execute(),
    db
      .selectFrom('account_domains')
      .select('account_id')
      .where('domain', '=', MARKER_DOMAIN)
      .executeTakeFirst(),
    db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    demoUsers: users.map((u) => u.email),
    hasMarker: marker !== undefined,
    accounts: Number(accounts.n),
  };
}

/**
 * Loads the demo organisation (`demo-data.ts`) through the same repository checks, search indexing and audit
 * entries (by the command line, user null) as the API's creates, in one transaction: it is all there or not
 * at all. Answers `exists` when the demo is loaded already. Refuses a database that has accounts unless
 * `force`, so demo users with a known password never land in a real organisation by accident.
 * @example await loadDemo(db.kysely, { hash: (pw) => hashPassword(pw, 15) })
 */
export async function loadDemo(
  db: Kysely<Database>,
  options: { hash: (password: string) => Promise<string>; force?: boolean; now?: Date },
): Promise<DemoResult> {
  const before = await survey(db);
  if (before.hasMarker && before.demoUsers.length === DEMO_USERS.length) return { status: 'exists' };
  if (before.hasMarker || before.demoUsers.length > 0) {
    throw new CliError(
      `Part of the demo organisation is in this database already (${before.hasMarker ? MARKER_DOMAIN : before.demoUsers.join(', ')}), ` +
        'but not all of it. Load the demo into a fresh database instead, e.g.\n' +
        '  RAPPORT_DATABASE_URL=file:./data/demo.db pnpm rapport demo',
    );
  }
  if (before.accounts > 0 && !options.force) {
    throw new CliError(
      `This database has ${before.accounts} account${before.accounts === 1 ? '' : 's'} already. The demo adds users ` +
        'with a known password, so it loads only into a database without accounts. Use a fresh database, e.g.\n' +
        '  RAPPORT_DATABASE_URL=file:./data/demo.db pnpm rapport demo\n' +
        'or add it here anyway with --force.',
    );
  }
  const now = options.now ?? new Date();
  const hashes = await Promise.all(DEMO_USERS.map(() => options.hash(DEMO_PASSWORD)));
  try {
    const counts = await db.transaction().execute((trx) => insertDemo(trx, hashes, now));
    return { status: 'loaded', counts };
  } catch (err) {
    // With --force a real record may hold a demo domain, email or product name: say which, readably.
    if (err instanceof ApiError) throw new CliError(`Cannot load the demo: ${err.message}`);
    throw err;
  }
}

async function insertDemo(trx: Kysely<Database>, hashes: string[], now: Date): Promise<DemoCounts> {
  const daysFrom = (days: number) => new Date(now.getTime() + days * DAY);
  const userIds = new Map<string, string>();
  const userId = (key: string) => {
    const id = userIds.get(key);
    if (!id) throw new Error(`demo data names an unknown user "${key}"`);
    return id;
  };

  for (const [i, u] of DEMO_USERS.entries()) {
    const input = zCreateUserRequest.parse({ email: u.email, name: u.name, role: u.role });
    const row = await insertUser(trx, { ...input, passwordHash: hashes[i] ?? null });
    await audit(trx, {
      userId: null,
      action: 'create',
      entity: 'user',
      entityId: row.id,
      after: toUser(row),
    });
    userIds.set(u.key, row.id);
  }

  const settings = await readSettings(trx);
  const { version, ...data } = settings;
  const companyDomains = [...new Set([...data.companyDomains, ...DEMO_COMPANY_DOMAINS])];
  const written = await writeSettings(trx, zSettingsData.parse({ ...data, companyDomains }), version);
  if (!written) throw new CliError('The settings changed while loading the demo; run it again.');
  await audit(trx, {
    userId: null,
    action: 'update',
    entity: 'settings',
    entityId: '1',
    before: settings,
    after: written,
  });

  const productIds = new Map<string, string>();
  let newProducts = 0;
  for (const p of DEMO_PRODUCTS) {
    const existing = await trx
      .selectFrom('product_lines')
      .select('id')
      .where((eb) => eb.or([eb('code', '=', p.code), eb('name', '=', p.name)]))
      .executeTakeFirst();
    if (existing) {
      productIds.set(p.code, existing.id);
      continue;
    }
    const stamp = nowIso();
    const row: ProductLineRow = {
      id: newId(),
      name: p.name,
      code: p.code,
      active: 1,
      created_at: stamp,
      updated_at: stamp,
      version: 1,
    };
    await trx.insertInto('product_lines').values(row).execute();
    await audit(trx, {
      userId: null,
      action: 'create',
      entity: 'product_line',
      entityId: row.id,
      after: toProductLine(row),
    });
    productIds.set(p.code, row.id);
    newProducts++;
  }

  const accountIds: string[] = [];
  let contacts = 0;
  let opportunities = 0;
  for (const a of DEMO_ACCOUNTS) {
    const state = zCreateAccountRequest.parse({
      name: a.name,
      domains: a.domains,
      linkedinSlug: a.linkedinSlug,
      status: a.status,
      tier: a.tier,
      ownerId: userId(a.owner),
      repIds: a.reps.map(userId),
      industry: a.industry,
      notes: a.notes,
    });
    await checkAccount(trx, state, written, null);
    const accountId = await insertAccount(trx, state);
    await audit(trx, {
      userId: null,
      action: 'create',
      entity: 'account',
      entityId: accountId,
      after: await loadAccount(trx, accountId),
    });
    accountIds.push(accountId);

    const contactIds = new Map<string, string>();
    for (const c of a.contacts) {
      const reportsToId = c.reportsTo ? contactIds.get(c.reportsTo) : null;
      if (reportsToId === undefined) throw new Error(`demo data: ${c.name} reports to an unknown contact`);
      const input = zCreateContactRequest.parse({
        accountId,
        name: c.name,
        title: c.title,
        emails: c.emails,
        linkedinSlug: c.linkedinSlug,
        roles: c.roles,
        stance: c.stance,
        influence: c.influence,
        reportsToId,
        relationshipOwnerId: c.relationshipOwner ? userId(c.relationshipOwner) : null,
        lastContactedAt:
          c.lastContactedDaysAgo === undefined ? null : daysFrom(-c.lastContactedDaysAgo).toISOString(),
        notes: c.notes ?? '',
      });
      await checkContact(trx, input, null);
      const id = await insertContact(trx, input);
      await audit(trx, {
        userId: null,
        action: 'create',
        entity: 'contact',
        entityId: id,
        after: await loadContact(trx, id),
      });
      contactIds.set(c.key, id);
      contacts++;
    }

    for (const o of a.opportunities) {
      const input = zCreateOpportunityRequest.parse({
        accountId,
        title: o.title,
        type: o.type,
        kind: o.kind,
        termMonths: o.termMonths,
        productLineId: productIds.get(o.product) ?? null,
        amount: o.amount,
        currency: o.currency,
        stage: o.stage,
        expectedCloseDate: daysFrom(o.closeInDays).toISOString().slice(0, 10),
        ownerId: userId(o.owner),
        nextStep: o.nextStep,
        closeReason: o.closeReason ?? null,
      });
      await checkOpportunity(trx, input);
      // A closed deal closed on its close date, so it counts in the plan period it was won in.
      const closed = o.stage === 'won' || o.stage === 'lost';
      const row = await insertOpportunity(trx, input, { now: closed ? daysFrom(o.closeInDays) : now });
      await audit(trx, {
        userId: null,
        action: 'create',
        entity: 'opportunity',
        entityId: row.id,
        after: toOpportunity(row),
      });
      opportunities++;
    }
  }
  // Reindexing the accounts refreshes their contacts too (a contact's document names its account).
  await reindex(trx, 'account', accountIds);

  return {
    users: DEMO_USERS.length,
    products: newProducts,
    accounts: accountIds.length,
    keyAccounts: DEMO_ACCOUNTS.filter((a) => a.tier === 'key').length,
    contacts,
    opportunities,
  };
}

/** The sign-ins as a table: what a newcomer types into the extension's options page. */
export function signInTable(users: readonly DemoUser[] = DEMO_USERS): string {
  return table(
    ['EMAIL', 'PASSWORD', 'ROLE', 'NAME'],
    users.map((u) => [u.email, DEMO_PASSWORD, u.role, u.name]),
  );
}

export const demo: Command = {
  name: 'demo',
  summary: 'Load a small demo organisation and print its sign-ins',
  usage: 'demo [--force]',
  help: `Loads Northpeak Components, an invented company, into the database: a user of each role, product
lines, key accounts owned by account managers with buying committees (roles, stance, influence, who reports
to whom, relationship owners), standard prospects and customers, and open and closed opportunities. Prints
the sign-ins (email, password, role) as a table on stdout. Every name is invented; every domain ends in
.example.

Run it again and it changes nothing and prints the sign-ins again. It refuses a database that has accounts
already, so users with a known password never land in a real organisation by accident.

Options:
  --force   load the demo into a database that has accounts already

Example:
  pnpm rapport demo
  RAPPORT_DATABASE_URL=file:./data/demo.db pnpm rapport demo`,
  options: { force: { type: 'boolean' } },
  async run(ctx) {
    const env = ctx.env();
    const db = await ctx.openDb({ create: true });
    try {
      const result = await loadDemo(db.kysely, {
        hash: (password) => hashPassword(password, env.RAPPORT_SCRYPT_LOG_N),
        force: ctx.values.force === true,
      });
      if (result.status === 'exists') {
        process.stderr.write(
          `The demo organisation is already in ${db.label}; nothing changed.\nIts sign-ins, unless someone changed a password since:\n\n`,
        );
      } else {
        const c = result.counts;
        process.stderr.write(
          `Loaded the demo organisation into ${db.label}: ${plural(c.users, 'user')}, ${plural(c.products, 'product line')}, ` +
            `${plural(c.accounts, 'account')} (${c.keyAccounts} key), ${plural(c.contacts, 'stakeholder')}, ` +
            `${plural(c.opportunities, 'opportunity', 'opportunities')}.\n\n`,
        );
      }
      process.stdout.write(signInTable());
      // A rep who is not assigned to the key account sees the ownership warning the overlay exists for.
      const key = DEMO_ACCOUNTS.find((a) => a.tier === 'key');
      const rep = DEMO_USERS.find((u) => u.role === 'sales_rep' && !key?.reps.includes(u.key));
      const owner = DEMO_USERS.find((u) => u.key === key?.owner);
      const server = env.RAPPORT_PUBLIC_URL ?? `http://localhost:${env.PORT}`;
      process.stderr.write(
        `\nSign in on the extension's options page with server ${server} and one of these, e.g.\n` +
          `${rep?.email} (a sales rep), then open a mail thread with someone at ${key?.domains[0]}:\n` +
          `a key account owned by ${owner?.name}.\n\n` +
          'These users have a known password: deactivate them before this server holds real data\n' +
          '(pnpm rapport user deactivate --email …).\n',
      );
    } finally {
      await db.close();
    }
  },
};
