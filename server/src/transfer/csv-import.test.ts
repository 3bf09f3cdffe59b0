import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';

import { insertAccount, loadAccount } from '../db/account-repository';
import type { Db } from '../db/create-db';
import { search } from '../db/search-repository';
import { insertUser } from '../db/user-repository';
import { en } from '../i18n';
import { it as italian } from '../i18n/it';
import { DIALECTS, freshDb } from '../test/harness';
import { importCsv as importReport } from './csv-import';
import { withExternalIds } from './external-ids';
import { reportIn } from './report';

/** The import's report with its reasons written in English, as the CLI prints it. */
const importCsv = async (...args: Parameters<typeof importReport>) =>
  reportIn(await importReport(...args), en);

const fixture = (name: string) => () => createReadStream(new URL(`./fixtures/${name}`, import.meta.url));
const text = (csv: string) => () => Readable.from([Buffer.from(csv)]);

async function setup(dialect: (typeof DIALECTS)[number]) {
  const db = await freshDb(dialect);
  const admin = await insertUser(db.kysely, {
    email: 'ada@ourco.example',
    name: 'Ada Admin',
    role: 'admin',
    passwordHash: null,
  });
  const marta = await insertUser(db.kysely, {
    email: 'marta@ourco.example',
    name: 'Marta Rossi',
    role: 'account_manager',
    passwordHash: null,
  });
  return { db, admin, marta };
}

async function count(
  db: Db,
  table: 'accounts' | 'contacts' | 'opportunities' | 'audit_log' | 'search_documents',
) {
  const row = await db.kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function externalIds(db: Db) {
  return withExternalIds(db.kysely)
    .selectFrom('external_ids')
    .select(['entity', 'source', 'external_id'])
    .orderBy('external_id')
    .execute();
}

async function accountNamed(db: Db, name: string) {
  const row = await db.kysely.selectFrom('accounts').select('id').where('name', '=', name).executeTakeFirst();
  return row ? loadAccount(db.kysely, row.id) : null;
}

const COMPANIES_REJECTED = [
  { line: 6, entity: 'accounts', reason: 'Company name is empty' },
  {
    line: 7,
    entity: 'accounts',
    reason: 'Repeats line 3 (same domain halvorsen.example) with different values; keep one of the two rows',
  },
  {
    line: 9,
    entity: 'accounts',
    reason: 'gmail.com is a personal email domain and cannot identify an account',
  },
  {
    line: 10,
    entity: 'accounts',
    reason: 'Owner: no user "Nobody Known" (by email or name); add the user first or leave the column empty',
  },
];

for (const dialect of DIALECTS) {
  describe(`importCsv (${dialect})`, () => {
    it('should report exactly what a HubSpot companies file would do, and write nothing on a dry run', async () => {
      const { db, admin } = await setup(dialect);
      const report = await importCsv(db, fixture('hubspot-companies.csv'), {
        dryRun: true,
        actorId: admin.id,
      });
      expect(report).toEqual({
        dryRun: true,
        created: { accounts: 4 },
        updated: { accounts: 0 },
        unchanged: { accounts: 1 },
        rejected: COMPANIES_REJECTED,
        applied: false,
        file: expect.objectContaining({ entity: 'accounts', preset: 'hubspot' }),
      });
      expect(report.file?.columns).toContainEqual({ header: 'Company Domain Name', field: 'domains' });
      expect(report.file?.columns).toContainEqual({ header: 'Phone Number', field: null });
      expect(await count(db, 'accounts')).toBe(0);
      expect(await count(db, 'audit_log')).toBe(0);
      expect(await count(db, 'search_documents')).toBe(0);
      expect(await externalIds(db)).toEqual([]);
    });

    it('should write nothing when rows are rejected unless told to skip them, then only the good rows', async () => {
      const { db, admin, marta } = await setup(dialect);
      const aborted = await importCsv(db, fixture('hubspot-companies.csv'), {
        dryRun: false,
        actorId: admin.id,
      });
      expect(aborted).toMatchObject({ dryRun: false, applied: false, created: { accounts: 4 } });
      expect(aborted.rejected).toEqual(COMPANIES_REJECTED);
      expect(await count(db, 'accounts')).toBe(0);

      const applied = await importCsv(db, fixture('hubspot-companies.csv'), {
        dryRun: false,
        onErrors: 'skip',
        actorId: admin.id,
      });
      expect(applied).toMatchObject({
        dryRun: false,
        applied: true,
        created: { accounts: 4 },
        updated: { accounts: 0 },
        unchanged: { accounts: 1 },
      });
      expect(applied.rejected).toEqual(COMPANIES_REJECTED);
      expect(await count(db, 'accounts')).toBe(4);

      expect(await accountNamed(db, 'Kestrel Aero')).toMatchObject({
        domains: ['kestrel-aero.example'],
        linkedinSlug: 'kestrel-aero',
        status: 'customer',
        ownerId: marta.id,
        industry: 'Aerospace',
        notes: 'Airframe parts supplier',
      });
      // Quoted commas, doubled quotes and a line break inside a value.
      expect(await accountNamed(db, 'Halvorsen Marine, AS')).toMatchObject({
        domains: ['halvorsen.example'],
        status: 'prospect',
        notes: 'Builds "big" hulls.\r\nSecond yard in Bergen.',
      });
      expect(await accountNamed(db, 'Brightwater "Labs"')).toMatchObject({
        domains: ['brightwater.example'],
      });
      expect(await accountNamed(db, 'Nordlicht Bakery')).toMatchObject({ domains: [], industry: 'Food' });

      const audited = await db.kysely
        .selectFrom('audit_log')
        .select(['action', 'entity', 'user_id'])
        .execute();
      expect(audited).toHaveLength(4);
      expect(
        audited.every((a) => a.action === 'create' && a.entity === 'account' && a.user_id === admin.id),
      ).toBe(true);
      expect((await search(db, { q: 'halvorsen', limit: 5 }))[0]).toMatchObject({
        name: 'Halvorsen Marine, AS',
      });
      expect((await externalIds(db)).map((e) => `${e.source}:${e.entity}:${e.external_id}`)).toEqual([
        'hubspot:account:1001',
        'hubspot:account:1002',
        'hubspot:account:1006',
        'hubspot:account:1009',
      ]);

      const again = await importCsv(db, fixture('hubspot-companies.csv'), {
        dryRun: false,
        onErrors: 'skip',
        actorId: admin.id,
      });
      expect(again).toMatchObject({
        created: { accounts: 0 },
        updated: { accounts: 0 },
        unchanged: { accounts: 5 },
      });
      expect(again.rejected).toEqual(COMPANIES_REJECTED);
      expect(await count(db, 'audit_log')).toBe(4);
      expect((await accountNamed(db, 'Kestrel Aero'))?.version).toBe(1);
    });

    it('should update only the fields the file has, and add to lists rather than replace them', async () => {
      const { db, admin } = await setup(dialect);
      const id = await insertAccount(db.kysely, {
        name: 'Halvorsen Marine',
        domains: ['halvorsen.example', 'halvorsen.no'],
        linkedinSlug: null,
        status: 'customer',
        tier: 'standard',
        ownerId: null,
        repIds: [],
        industry: 'Shipbuilding',
        notes: 'Met at SMM Hamburg',
      });
      const csv =
        'Record ID,Company name,Company Domain Name,Website URL\n77,Halvorsen Marine ASA,halvorsen.example,halvorsen-group.example\n';
      const report = await importCsv(db, text(csv), { dryRun: false, actorId: admin.id });
      expect(report).toMatchObject({ created: { accounts: 0 }, updated: { accounts: 1 }, rejected: [] });
      expect(await loadAccount(db.kysely, id)).toMatchObject({
        name: 'Halvorsen Marine ASA',
        domains: ['halvorsen-group.example', 'halvorsen.example', 'halvorsen.no'],
        status: 'customer',
        industry: 'Shipbuilding',
        notes: 'Met at SMM Hamburg',
        version: 2,
      });
      const entry = await db.kysely.selectFrom('audit_log').selectAll().executeTakeFirstOrThrow();
      expect(entry).toMatchObject({ action: 'update', entity: 'account', entity_id: id, user_id: admin.id });
      expect(JSON.parse(entry.before ?? '{}')).toMatchObject({ name: 'Halvorsen Marine' });

      // The id is recorded now: the same company under another domain is still this account.
      const renamed = 'Record ID,Company name,Company Domain Name\n77,Halvorsen Marine ASA,halvorsen.se\n';
      expect(await importCsv(db, text(renamed), { dryRun: true, actorId: admin.id })).toMatchObject({
        created: { accounts: 0 },
        updated: { accounts: 1 },
      });
    });

    it('should import HubSpot contacts onto the imported companies', async () => {
      const { db, admin } = await setup(dialect);
      await importCsv(db, fixture('hubspot-companies.csv'), {
        dryRun: false,
        onErrors: 'skip',
        actorId: admin.id,
      });
      const dry = await importCsv(db, fixture('hubspot-contacts.csv'), { dryRun: true, actorId: admin.id });
      const rejected = [
        {
          line: 4,
          entity: 'contacts',
          reason: 'Email: "li.wei@@kestrel-aero.example" is not a valid email address',
        },
        {
          line: 5,
          entity: 'contacts',
          reason: 'No account matches id 9999, "Unknown Co"; import the accounts first',
        },
        { line: 7, entity: 'contacts', reason: 'No name: First Name and Last Name are empty' },
      ];
      expect(dry).toMatchObject({
        created: { contacts: 3 },
        updated: { contacts: 0 },
        unchanged: { contacts: 1 },
      });
      expect(dry.rejected).toEqual(rejected);

      const applied = await importCsv(db, fixture('hubspot-contacts.csv'), {
        dryRun: false,
        onErrors: 'skip',
        actorId: admin.id,
      });
      expect(applied).toMatchObject({ applied: true, created: { contacts: 3 }, unchanged: { contacts: 1 } });
      expect(applied.rejected).toEqual(rejected);
      const people = await db.kysely
        .selectFrom('contacts')
        .innerJoin('accounts', 'accounts.id', 'contacts.account_id')
        .select(['contacts.name', 'contacts.title', 'accounts.name as account'])
        .orderBy('contacts.name')
        .execute();
      expect(people).toEqual([
        { name: 'Amara Osei', title: 'Head of Procurement, EMEA', account: 'Kestrel Aero' },
        // No company column: the account of the email's (parent) domain.
        { name: 'Erik Dahl', title: 'Buyer', account: 'Halvorsen Marine, AS' },
        { name: 'Jonas Berg', title: 'CFO', account: 'Halvorsen Marine, AS' },
      ]);
      expect((await search(db, { q: 'amara.osei@kestrel-aero.example', limit: 1 }))[0]).toMatchObject({
        type: 'contact',
        name: 'Amara Osei',
      });
      const again = await importCsv(db, fixture('hubspot-contacts.csv'), {
        dryRun: false,
        onErrors: 'skip',
        actorId: admin.id,
      });
      expect(again).toMatchObject({
        created: { contacts: 0 },
        updated: { contacts: 0 },
        unchanged: { contacts: 4 },
      });
    });

    it('should read a semicolon file with decimal commas and dates in several formats', async () => {
      const { db, admin, marta } = await setup(dialect);
      await importCsv(db, fixture('hubspot-companies.csv'), {
        dryRun: false,
        onErrors: 'skip',
        actorId: admin.id,
      });
      const rejected = [
        { line: 5, entity: 'opportunities', reason: 'Close Date: "31/02/2026" is not a date' },
        {
          line: 6,
          entity: 'opportunities',
          reason: 'No account matches "Nowhere GmbH"; import the accounts first',
        },
      ];
      const dry = await importCsv(db, fixture('salesforce-opportunities.csv'), {
        dryRun: true,
        actorId: admin.id,
      });
      expect(dry).toMatchObject({
        created: { opportunities: 4 },
        unchanged: { opportunities: 1 },
        file: { entity: 'opportunities', preset: 'salesforce' },
      });
      expect(dry.rejected).toEqual(rejected);
      const applied = await importCsv(db, fixture('salesforce-opportunities.csv'), {
        dryRun: false,
        onErrors: 'skip',
        actorId: admin.id,
      });
      expect(applied.rejected).toEqual(rejected);
      const deals = await db.kysely
        .selectFrom('opportunities')
        .select([
          'title',
          'amount',
          'currency',
          'stage',
          'type',
          'expected_close_date',
          'closed_at',
          'close_reason',
          'owner_id',
          'next_step',
        ])
        .orderBy('title')
        .execute();
      expect(deals.map((d) => ({ ...d, amount: Number(d.amount) }))).toEqual([
        {
          title: 'Galley ovens',
          amount: 300000,
          currency: 'EUR',
          stage: 'qualify',
          type: 'new_business',
          expected_close_date: '2026-12-25',
          closed_at: null,
          close_reason: null,
          owner_id: null,
          next_step: '',
        },
        {
          title: 'Hull sensors',
          amount: 123450,
          currency: 'EUR',
          stage: 'negotiate',
          type: 'expansion',
          expected_close_date: '2026-11-29',
          closed_at: null,
          close_reason: null,
          owner_id: null,
          next_step: 'Send quote; call CFO',
        },
        {
          title: 'Retrofit',
          amount: 200075,
          currency: 'USD',
          stage: 'discover',
          type: 'new_business',
          expected_close_date: '2026-12-03',
          closed_at: null,
          close_reason: null,
          owner_id: null,
          next_step: '',
        },
        {
          title: 'Wing spars 2027',
          amount: 1250000,
          currency: 'EUR',
          stage: 'won',
          type: 'new_business',
          expected_close_date: '2026-11-29',
          closed_at: '2026-11-29T00:00:00.000Z',
          close_reason: 'Imported from Salesforce as won',
          owner_id: marta.id,
          next_step: '',
        },
      ]);
      const again = await importCsv(db, fixture('salesforce-opportunities.csv'), {
        dryRun: false,
        onErrors: 'skip',
        actorId: admin.id,
      });
      expect(again).toMatchObject({
        created: { opportunities: 0 },
        updated: { opportunities: 0 },
        unchanged: { opportunities: 5 },
      });
    });

    it('should match an account another source knows by its domain, and keep both ids', async () => {
      const { db, admin } = await setup(dialect);
      await importCsv(db, fixture('hubspot-companies.csv'), {
        dryRun: false,
        onErrors: 'skip',
        actorId: admin.id,
      });
      const report = await importCsv(db, fixture('salesforce-accounts.csv'), {
        dryRun: false,
        actorId: admin.id,
      });
      // Kestrel Aero says nothing new (its Salesforce type "Customer - Direct" is a customer); Volta Grid is new.
      expect(report).toMatchObject({
        created: { accounts: 1 },
        updated: { accounts: 0 },
        unchanged: { accounts: 1 },
      });
      const kestrel = await accountNamed(db, 'Kestrel Aero');
      const ids = await withExternalIds(db.kysely)
        .selectFrom('external_ids')
        .select(['source', 'external_id'])
        .where('record_id', '=', kestrel?.id ?? '')
        .orderBy('source')
        .execute();
      expect(ids).toEqual([
        { source: 'hubspot', external_id: '1001' },
        { source: 'salesforce', external_id: '001Ao00000KestAAA' },
      ]);
    });

    it('should re-import its own CSV columns and find the records by their ids', async () => {
      const { db, admin, marta } = await setup(dialect);
      const csv = [
        'id,name,status,tier,owner_id,industry,notes,domains,linkedin_slug',
        `x1,Castellan Steel,customer,key,${marta.id},Steel,,castellan.example;castellan-steel.example,castellan`,
      ].join('\n');
      expect(await importCsv(db, text(csv), { dryRun: false, actorId: admin.id })).toMatchObject({
        created: { accounts: 1 },
        file: { preset: 'rapport' },
      });
      const castellan = await accountNamed(db, 'Castellan Steel');
      expect(castellan).toMatchObject({ tier: 'key', ownerId: marta.id, linkedinSlug: 'castellan' });
      // As the export writes it: this server's own id.
      const own = `id,name,tier,owner_id,domains\n${castellan?.id},Castellan Steel,key,${marta.id},castellan.example\n`;
      expect(await importCsv(db, text(own), { dryRun: false, actorId: admin.id })).toMatchObject({
        unchanged: { accounts: 1 },
        rejected: [],
      });
    });

    it('should leave nothing of a row that fails while it is written', async () => {
      const { db, admin } = await setup(dialect);
      // The last write of a row is its external id: make the database refuse Nordlicht Bakery's.
      if (dialect === 'sqlite') {
        await sql`create trigger refuse_1006 before insert on external_ids when new.external_id = '1006'
          begin select raise(abort, 'disk quota exceeded'); end`.execute(db.kysely);
      } else {
        await sql`create function refuse_1006() returns trigger language plpgsql as $$
          begin if new.external_id = '1006' then raise exception 'disk quota exceeded'; end if; return new; end $$`.execute(
          db.kysely,
        );
        await sql`create trigger refuse_1006 before insert on external_ids for each row execute function refuse_1006()`.execute(
          db.kysely,
        );
      }
      const report = await importCsv(db, fixture('hubspot-companies.csv'), {
        dryRun: false,
        onErrors: 'skip',
        actorId: admin.id,
      });
      expect(report.created).toEqual({ accounts: 3 });
      expect(report.rejected).toContainEqual({
        line: 8,
        entity: 'accounts',
        reason: expect.stringMatching(/^Not written: .*disk quota exceeded/),
      });
      expect(await accountNamed(db, 'Nordlicht Bakery')).toBeNull();
      expect(await count(db, 'accounts')).toBe(3);
      expect(await count(db, 'audit_log')).toBe(3);
      expect(await search(db, { q: 'nordlicht', limit: 5 })).toEqual([]);
    });

    it('should keep its reasons for any language: the same report reads in English and in Italian', async () => {
      const { db, admin } = await setup(dialect);
      const companies = await importReport(db, fixture('hubspot-companies.csv'), {
        dryRun: true,
        actorId: admin.id,
      });
      expect(reportIn(companies, en).rejected).toEqual(COMPANIES_REJECTED);
      expect(reportIn(companies, italian).rejected).toEqual([
        { line: 6, entity: 'accounts', reason: 'Company name è vuoto' },
        {
          line: 7,
          entity: 'accounts',
          reason:
            'Ripete la riga 3 (stesso dominio halvorsen.example) con valori diversi; tieni una sola delle due righe',
        },
        {
          line: 9,
          entity: 'accounts',
          reason: 'gmail.com è un dominio di posta personale e non può identificare un account',
        },
        {
          line: 10,
          entity: 'accounts',
          reason:
            'Responsabile: nessun utente “Nobody Known” (per email o nome); aggiungi prima l’utente o lascia vuota la colonna',
        },
      ]);

      await importReport(db, fixture('hubspot-companies.csv'), {
        dryRun: false,
        onErrors: 'skip',
        actorId: admin.id,
      });
      const contacts = await importReport(db, fixture('hubspot-contacts.csv'), {
        dryRun: true,
        actorId: admin.id,
      });
      // A value the shared schema refuses is worded in Italian too, not only our own sentences.
      expect(reportIn(contacts, italian).rejected).toEqual([
        {
          line: 4,
          entity: 'contacts',
          reason: 'Email: “li.wei@@kestrel-aero.example” non è un indirizzo email valido',
        },
        {
          line: 5,
          entity: 'contacts',
          reason: 'Nessun account corrisponde a id 9999, “Unknown Co”; importa prima gli account',
        },
        { line: 7, entity: 'contacts', reason: 'Nessun nome: First Name e Last Name sono vuoti' },
      ]);
    });

    it('should refuse a file whose columns say nothing it can import', async () => {
      const { db } = await setup(dialect);
      await expect(
        importCsv(db, text('Foo,Bar\n1,2\n'), { dryRun: true, actorId: null }),
      ).rejects.toMatchObject({
        status: 400,
        message: expect.stringContaining('Cannot tell what this file holds from its columns (Foo, Bar)'),
      });
      await expect(importCsv(db, text(''), { dryRun: true, actorId: null })).rejects.toMatchObject({
        status: 400,
        message: 'The file is empty: it has no header row',
      });
    });
  });
}
