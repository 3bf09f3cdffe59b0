import { Readable } from 'node:stream';

import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';

import { createApp } from '../app';
import { issueToken } from '../auth/tokens';
import type { Db, Dialect } from '../db/create-db';
import { reindex } from '../db/search-repository';
import { testEnv } from '../env';
import { en } from '../i18n';
import { it as italian } from '../i18n/it';
import { DIALECTS, freshDb, type TestUser, testApp } from '../test/harness';
import { exportJson, withReadSnapshot } from './export';
import { reportIn } from './report';
import { importSnapshot as importReport, SnapshotImportError } from './snapshot';

/** The import's report with its reasons and notes written in English, as the CLI prints it. */
const importSnapshot = async (...args: Parameters<typeof importReport>) =>
  reportIn(await importReport(...args), en);

const NOW = new Date('2027-03-01T12:00:00Z');
const now = () => NOW;
const TRICKY = 'Line one, "quoted"\nLine two; Zürich ✓ — 東京';

type T = Awaited<ReturnType<typeof testApp>>;

/** A small but complete organisation, made through the API the way people make it. */
async function seedWorld(t: T) {
  const admin = await t.user('admin', 'Ada Admin');
  const am = await t.user('account_manager', 'Marta Rossi');
  const rep = await t.user('sales_rep', 'Lena Rep');
  const viewer = await t.user('viewer', 'Vic Viewer');
  const ok = async (method: string, path: string, as: TestUser, body?: unknown) => {
    const res = await t.call(method, path, as, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  await ok('PATCH', '/api/v1/settings', admin, {
    version: 1,
    companyDomains: ['ourco.example'],
    coverageWindowDays: 60,
  });
  await ok('PATCH', `/api/v1/users/${viewer.id}`, admin, { version: 1, active: false });
  const resins = await ok('POST', '/api/v1/products', admin, { name: 'Resins', code: 'RES' });
  const coatings = await ok('POST', '/api/v1/products', admin, { name: 'Coatings, special' });

  const globex = await ok('POST', '/api/v1/accounts', am, {
    name: 'Globex',
    domains: ['globex.example', 'globex-gmbh.example'],
    linkedinSlug: 'globex',
    status: 'customer',
    tier: 'key',
    ownerId: am.id,
    repIds: [rep.id],
    industry: 'Manufacturing',
    notes: TRICKY,
  });
  const initech = await ok('POST', '/api/v1/accounts', rep, {
    name: 'Initech Ångström',
    domains: ['initech.example'],
    linkedinSlug: 'initech',
  });
  const dup = await ok('POST', '/api/v1/accounts', rep, { name: 'Initech dup', linkedinSlug: 'initech-old' });
  await ok('POST', `/api/v1/accounts/${initech.id}/merge`, admin, { sourceId: dup.id, version: 1 });

  // Zoë is created before her manager, so her reports-to points at a later record.
  const zoe = await ok('POST', '/api/v1/contacts', am, {
    accountId: globex.id,
    name: 'Zoë Ångström',
    title: 'Buyer, "strategic"',
    emails: ['zoe@globex.example'],
    roles: ['purchasing'],
    stance: 'neutral',
    influence: 'medium',
  });
  const hanna = await ok('POST', '/api/v1/contacts', am, {
    accountId: globex.id,
    name: 'Hanna Schulz',
    title: 'CFO',
    emails: ['hanna.schulz@globex.example', 'h.schulz@globex-gmbh.example'],
    linkedinSlug: 'hanna-schulz',
    roles: ['economic_buyer', 'executive_sponsor'],
    stance: 'supporter',
    influence: 'high',
    relationshipOwnerId: am.id,
    notes: TRICKY,
  });
  const frank = await ok('POST', '/api/v1/contacts', am, {
    accountId: globex.id,
    name: 'Frank Weber',
    emails: ['f.weber@globex-gmbh.example'],
    roles: ['technical_decision_maker'],
    stance: 'skeptic',
    influence: 'high',
    reportsToId: hanna.id,
  });
  await ok('PATCH', `/api/v1/contacts/${zoe.id}`, am, { version: 1, reportsToId: frank.id });
  await ok('POST', '/api/v1/contacts', rep, {
    accountId: initech.id,
    name: 'Ian Tech',
    emails: ['ian@initech.example'],
  });

  const won = await ok('POST', '/api/v1/opportunities', am, {
    accountId: globex.id,
    title: 'Resins 2027',
    productLineId: resins.id,
    amount: 1_200_000,
    expectedCloseDate: '2027-02-15',
    ownerId: am.id,
    type: 'expansion',
  });
  await ok('PATCH', `/api/v1/opportunities/${won.id}`, am, { version: 1, stage: 'propose' });
  await ok('PATCH', `/api/v1/opportunities/${won.id}`, am, { version: 2, stage: 'won', closeReason: TRICKY });
  const lost = await ok('POST', '/api/v1/opportunities', am, {
    accountId: globex.id,
    title: 'Coatings trial',
    productLineId: coatings.id,
    amount: 300_000,
  });
  await ok('PATCH', `/api/v1/opportunities/${lost.id}`, am, {
    version: 1,
    stage: 'lost',
    closeReason: 'Price',
  });
  await ok('POST', '/api/v1/opportunities', am, {
    accountId: globex.id,
    title: 'Supply contract',
    kind: 'contract',
    termMonths: 24,
    productLineId: resins.id,
    amount: 9_000_000_000,
    stage: 'negotiate',
    expectedCloseDate: '2027-06-30',
    ownerId: am.id,
    nextStep: 'Send terms',
  });
  // New business by a rep on a key account: flagged for the owner.
  await ok('POST', '/api/v1/opportunities', rep, {
    accountId: globex.id,
    title: 'Side deal',
    ownerId: rep.id,
  });

  await ok('PUT', `/api/v1/accounts/${globex.id}/plans/2027`, am, {
    lines: [
      { productLineId: coatings.id, target: 500_000 },
      { productLineId: resins.id, target: 2_000_000 },
    ],
    objectives: [{ text: 'Become the sole resin supplier' }, { text: TRICKY, status: 'achieved' }],
    actions: [
      { title: 'Quarterly review', category: 'relationship', ownerId: am.id, dueDate: '2027-04-01' },
      { title: 'Custom grade', category: 'product_customisation', status: 'in_progress' },
    ],
  });
  await ok('POST', '/api/v1/touches', am, {
    kind: 'meeting',
    subject: 'Quarterly review',
    occurredAt: '2027-02-20T10:00:00.000Z',
    contactIds: [hanna.id, frank.id],
    notes: TRICKY,
  });
  await ok('POST', '/api/v1/touches', rep, {
    kind: 'email',
    subject: 'Re: volumes',
    occurredAt: '2027-02-25T08:30:00.000Z',
    link: 'https://mail.google.com/mail/u/0/#inbox/FMfcg',
    sourceKey: 'gmail:FMfcg',
    emails: ['zoe@globex.example', 'someone.new@globex.example'],
  });
  return { admin, am, rep, globex, initech, dup, hanna, frank, zoe, won };
}

async function collect(pieces: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const piece of pieces) text += piece;
  return text;
}

async function exportOf(db: Db): Promise<string> {
  return withReadSnapshot(db, (snap) => collect(exportJson(snap, { exportedAt: new Date().toISOString() })));
}

// biome-ignore lint/suspicious/noExplicitAny: the snapshot is arbitrary JSON
type Doc = any;

/** An export without what differs between two servers by design: when, where, and the import's audit entry. */
function comparable(text: string): Doc {
  const doc = JSON.parse(text);
  const imports = doc.data.auditLog.filter((e: Doc) => e.action === 'import' && e.entity === 'data');
  doc.data.auditLog = doc.data.auditLog.filter((e: Doc) => !imports.includes(e));
  doc.counts.auditLog -= imports.length;
  delete doc.exportedAt;
  delete doc.server;
  return doc;
}

const stream = (text: string, pieceSize = 4096) =>
  Readable.from(
    (function* () {
      const bytes = Buffer.from(text);
      for (let i = 0; i < bytes.length; i += pieceSize) yield bytes.subarray(i, i + pieceSize);
    })(),
  );

async function count(db: Db, table: 'users' | 'accounts' | 'contacts' | 'audit_log'): Promise<number> {
  const row = await db.kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The database's triggers and indexes, each with what it does. */
async function triggersOf(db: Db): Promise<string[]> {
  const { rows } =
    db.dialect === 'sqlite'
      ? await sql<{ t: string }>`
          select name || ': ' || coalesce(sql, '') as t from sqlite_master where type in ('trigger', 'index')`.execute(
          db.kysely,
        )
      : await sql<{ t: string }>`
          select trigger_name || ' ' || event_manipulation || ': ' || action_statement as t
          from information_schema.triggers where trigger_schema = current_schema()
          union all
          select indexname || ': ' || indexdef from pg_indexes where schemaname = current_schema()`.execute(
          db.kysely,
        );
  return rows.map((r) => r.t).sort();
}

const PAIRS: [Dialect, Dialect][] = DIALECTS.flatMap((from) =>
  DIALECTS.map((to): [Dialect, Dialect] => [from, to]),
);

describe('snapshot round trip', () => {
  it.each(PAIRS)('should move everything from %s to %s and export it again unchanged', async (from, to) => {
    const t = await testApp(from, {}, { now });
    const w = await seedWorld(t);
    const res = await t.app.request('/api/v1/export?format=json', { headers: w.admin.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="rapport-export-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    const first = await res.text();
    const doc = JSON.parse(first);
    expect(doc).toMatchObject({ format: 'rapport-export', version: 1, server: { dialect: from } });
    expect(doc.counts).toMatchObject({
      users: 4,
      accounts: 2,
      contacts: 4,
      opportunities: 4,
      accountPlans: 1,
      touches: 2,
      mergedIds: 1,
    });
    expect(first).not.toMatch(/password|token_hash|scrypt/i);
    expect(doc.data.accounts.find((a: Doc) => a.id === w.initech.id)).toMatchObject({
      linkedinSlug: 'initech',
      linkedinAliases: ['initech-old'],
    });

    const target = await freshDb(to);
    const report = await importSnapshot(target, stream(first, 777), { dryRun: false, actorId: null });
    expect(report).toMatchObject({ applied: true, rejected: [], dryRun: false });
    expect(report.created).toMatchObject({
      users: 4,
      accounts: 2,
      contacts: 4,
      opportunities: 4,
      touches: 2,
    });
    expect(report.notes?.join(' ')).toMatch(/without a password/);

    const second = await exportOf(target);
    expect(comparable(second)).toEqual(comparable(first));
    expect(JSON.parse(second).server.dialect).toBe(to);

    // The API answers the same on the new server (a new session for the imported admin: tokens stay behind).
    const app = createApp({ db: target, env: testEnv(), now });
    const { token } = await issueToken(target.kysely, w.admin.id, { name: 'test', kind: 'session', days: 1 });
    const read = async (path: string) => {
      const before = await t.call('GET', path, w.admin);
      const after = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
      expect(after.status, path).toBe(200);
      expect(await after.json(), path).toEqual(before.body);
    };
    await read(`/api/v1/accounts/${w.globex.id}/summary`);
    await read(`/api/v1/accounts/${w.globex.id}/plans/2027`);
    await read(`/api/v1/accounts/${w.globex.id}/coverage`);
    await read(`/api/v1/accounts/${w.globex.id}/timeline`);
    await read(`/api/v1/contacts/${w.zoe.id}`);
    await read(`/api/v1/opportunities/${w.won.id}`);
    await read('/api/v1/settings');
    await read('/api/v1/search?q=hanna');
    await read('/api/v1/search?q=initech-old');
    await read(`/api/v1/audit?entityId=${w.globex.id}`);
    const merged = await app.request(`/api/v1/accounts/${w.dup.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(merged.status).toBe(404);
    expect(((await merged.json()) as Doc).error.details).toMatchObject({ mergedInto: w.initech.id });
  });
});

for (const dialect of DIALECTS) {
  describe(`importSnapshot (${dialect})`, () => {
    async function exported() {
      const t = await testApp(dialect, {}, { now });
      const w = await seedWorld(t);
      return { t, w, text: await exportOf(t.db) };
    }

    /** Imports the export into an empty database with one contact's field changed; where that contact stands. */
    async function importWithContact(name: string, field: string, value: string) {
      const doc = JSON.parse((await exported()).text);
      const contact = doc.data.contacts.find((c: Doc) => c.name === name);
      contact[field] = value;
      const target = await freshDb(dialect);
      const report = await importSnapshot(target, stream(JSON.stringify(doc)), {
        dryRun: false,
        actorId: null,
      });
      return { target, report, line: doc.data.contacts.indexOf(contact) + 1, id: contact.id };
    }

    it('should refuse a server with data and leave it as it was', async () => {
      const { t, text } = await exported();
      const before = await count(t.db, 'audit_log');
      const err = await importSnapshot(t.db, stream(text), { dryRun: false, actorId: null }).catch((e) => e);
      expect(err).toBeInstanceOf(SnapshotImportError);
      expect(err.status).toBe(409);
      expect(err.message).toMatch(/has data already \(4 users, 2 productLines, 2 accounts/);
      expect(await count(t.db, 'audit_log')).toBe(before);
    });

    it('should name every bad record and field, and write nothing', async () => {
      const { text } = await exported();
      const doc = JSON.parse(text);
      doc.data.accounts[1].tier = 'gold';
      const zoe = doc.data.contacts.find((c: Doc) => c.name === 'Zoë Ångström');
      zoe.emails = 'zoe@globex.example';
      doc.data.touches[0].kind = 'fax';
      doc.data.touches[1].surprise = true;
      const target = await freshDb(dialect);
      const report = await importSnapshot(target, stream(JSON.stringify(doc, null, 2)), {
        dryRun: false,
        actorId: null,
      });
      expect(report.applied).toBe(false);
      expect(report.rejected).toEqual([
        { entity: 'accounts', line: 2, reason: expect.stringMatching(/^tier: .* \(id \w+\)$/) },
        {
          entity: 'contacts',
          line: doc.data.contacts.indexOf(zoe) + 1,
          reason: expect.stringMatching(new RegExp(`^emails: .*\\(id ${zoe.id}\\)$`)),
        },
        { entity: 'touches', line: 1, reason: expect.stringMatching(/^kind: /) },
        { entity: 'touches', line: 2, reason: expect.stringMatching(/surprise/) },
      ]);
      expect(await count(target, 'accounts')).toBe(0);
      expect(await count(target, 'users')).toBe(0);
    });

    it('should keep the rejections for any language: the same report reads in English and in Italian', async () => {
      const { text } = await exported();
      const doc = JSON.parse(text);
      doc.data.accounts[1].tier = 'gold';
      const zoe = doc.data.contacts.find((c: Doc) => c.name === 'Zoë Ångström');
      zoe.reportsToId = zoe.id;
      const report = await importReport(await freshDb(dialect), stream(JSON.stringify(doc)), {
        dryRun: true,
        actorId: null,
      });
      const account = doc.data.accounts[1].id;
      const line = doc.data.contacts.indexOf(zoe) + 1;
      expect(reportIn(report, en).rejected).toEqual([
        { entity: 'accounts', line: 2, reason: expect.stringMatching(/^tier: Invalid option: .*"key"/) },
        {
          entity: 'contacts',
          line,
          reason: `reportsToId: A stakeholder cannot report to themselves (id ${zoe.id})`,
        },
      ]);
      expect(reportIn(report, italian).rejected).toEqual([
        {
          entity: 'accounts',
          line: 2,
          reason: expect.stringMatching(
            new RegExp(`^tier: Opzione non valida: scegli tra .*key.* \\(id ${account}\\)$`),
          ),
        },
        {
          entity: 'contacts',
          line,
          reason: `reportsToId: Uno stakeholder non può riportare a sé stesso (id ${zoe.id})`,
        },
      ]);
      expect(reportIn(report, italian).notes?.join(' ')).toContain('4 utenti sono arrivati senza password');
    });

    it('should name the reference the database refused', async () => {
      const { target, report, line, id } = await importWithContact(
        'Hanna Schulz',
        'accountId',
        'nosuchaccount00000000',
      );
      expect(report.applied).toBe(false);
      expect(report.rejected).toEqual([
        {
          entity: 'contacts',
          line,
          reason: `accountId: no account nosuchaccount00000000 in the snapshot before this record (id ${id})`,
        },
      ]);
      expect(await count(target, 'contacts')).toBe(0);
      expect(await count(target, 'users')).toBe(0);
    });

    it('should find a dangling reports-to once the rest is good', async () => {
      const { target, report, line, id } = await importWithContact(
        'Zoë Ångström',
        'reportsToId',
        'nosuchcontact00000000',
      );
      expect(report.applied).toBe(false);
      expect(report.rejected).toEqual([
        {
          entity: 'contacts',
          line,
          reason: `reportsToId: no contact nosuchcontact00000000 in the snapshot (id ${id})`,
        },
      ]);
      expect(await count(target, 'contacts')).toBe(0);
    });

    it('should count on a dry run and write nothing', async () => {
      const { text } = await exported();
      const target = await freshDb(dialect);
      const report = await importSnapshot(target, stream(text), { dryRun: true, actorId: null });
      expect(report).toMatchObject({ dryRun: true, applied: false, rejected: [] });
      expect(report.created).toMatchObject({ users: 4, accounts: 2, contacts: 4 });
      expect(await count(target, 'users')).toBe(0);
      expect(await count(target, 'audit_log')).toBe(0);
      // …and the real import still works afterwards.
      expect((await importSnapshot(target, stream(text), { dryRun: false, actorId: null })).applied).toBe(
        true,
      );
    });

    it('should leave search and account summaries following later writes, and the triggers and indexes as they were', async () => {
      const { w, text } = await exported();
      const target = await freshDb(dialect);
      const triggers = await triggersOf(target);
      // SQLite loads with a bigger page cache: the server's own comes back afterwards.
      const cacheSize = () => target.sqlite?.pragma('cache_size', { simple: true });
      const cache = cacheSize();
      const bad = JSON.parse(text);
      bad.data.accounts[1].tier = 'gold';
      const refused = await importSnapshot(target, stream(JSON.stringify(bad)), {
        dryRun: false,
        actorId: null,
      });
      expect(refused.applied).toBe(false);
      expect(await triggersOf(target)).toEqual(triggers);
      expect(cacheSize()).toBe(cache);
      expect((await importSnapshot(target, stream(text), { dryRun: false, actorId: null })).applied).toBe(
        true,
      );
      expect(await triggersOf(target)).toEqual(triggers);
      expect(cacheSize()).toBe(cache);

      const app = createApp({ db: target, env: testEnv(), now });
      const { token } = await issueToken(target.kysely, w.admin.id, {
        name: 'test',
        kind: 'session',
        days: 1,
      });
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await app.request(path, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        expect(res.status, `${method} ${path}`).toBe(200);
        return (await res.json()) as Doc;
      };
      const summary = `/api/v1/accounts/${w.globex.id}/summary`;
      expect(await call('GET', summary)).toMatchObject({ name: 'Globex' });
      const { version } = await call('GET', `/api/v1/accounts/${w.globex.id}`);
      await call('PATCH', `/api/v1/accounts/${w.globex.id}`, { version, name: 'Globex Quantum' });
      expect(await call('GET', summary)).toMatchObject({ name: 'Globex Quantum' });
      const { items } = await call('GET', '/api/v1/search?q=quantum');
      expect(items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'account', id: w.globex.id, name: 'Globex Quantum' }),
          expect.objectContaining({ type: 'contact', id: w.hanna.id, detail: 'CFO · Globex Quantum' }),
        ]),
      );
    });

    it('should make the search documents that reindexing each record makes, in the same order of values', async () => {
      const doc = JSON.parse((await exported()).text);
      // Values out of order, in mixed case, and past U+FFFF (JavaScript's own sort puts those before U+FF21;
      // the database's byte order after it): every document must still list them as `reindex` does.
      const globex = doc.data.accounts.find((a: Doc) => a.name === 'Globex');
      globex.domains = ['globex-gmbh.example', 'b\u{1F600}.example', 'b\uFF21.example', 'globex.example'];
      globex.linkedinAliases = ['zeta-globex', 'Alpha-Globex', 'b\uFF21', 'b\u{1F600}'];
      const hanna = doc.data.contacts.find((c: Doc) => c.name === 'Hanna Schulz');
      hanna.emails = [
        'zz.hanna@globex.example',
        'Hanna.Schulz@globex.example',
        'h.schulz@globex-gmbh.example',
      ];
      hanna.linkedinAliases = ['schulz-h', 'b\u{1F600}-hanna', 'b\uFF21-hanna'];
      const target = await freshDb(dialect);
      const report = await importSnapshot(target, stream(JSON.stringify(doc)), {
        dryRun: false,
        actorId: null,
      });
      expect(report).toMatchObject({ applied: true, rejected: [] });

      const documents = () =>
        target.kysely
          .selectFrom('search_documents')
          .select(['entity', 'entity_id', 'account_id', 'name', 'detail', 'terms'])
          .orderBy('entity')
          .orderBy('entity_id')
          .execute();
      const imported = await documents();
      expect(imported.find((d) => d.entity_id === globex.id)?.detail).toBe(
        'b\uFF21.example, b\u{1F600}.example, globex-gmbh.example, globex.example',
      );
      const accounts = await target.kysely.selectFrom('accounts').select('id').execute();
      await reindex(
        target.kysely,
        'account',
        accounts.map((a) => a.id),
      );
      expect(imported).toEqual(await documents());
      expect(imported).toHaveLength(doc.data.accounts.length + doc.data.contacts.length);
    });

    it.each([
      ['a cut-off file', (text: string) => text.slice(0, Math.floor(text.length / 2)), /ends too early/],
      ['another JSON document', () => '{"format":"something-else","data":{}}', /not a Rapport export/],
      ['a newer format', (text: string) => text.replace('"version":1', '"version":2'), /newer Rapport/],
      ['not JSON at all', () => 'id,name\n1,Globex\n', /not a Rapport export/],
      [
        'an unknown section',
        (text: string) => text.replace('\n"mergedIds":', '\n"mergedThings":'),
        /Unknown section "mergedThings"/,
      ],
    ])('should refuse %s with a 400 and write nothing', async (_name, mangle, message) => {
      const { text } = await exported();
      const target = await freshDb(dialect);
      const err = await importSnapshot(target, stream(mangle(text)), { dryRun: false, actorId: null }).catch(
        (e) => e,
      );
      expect(err).toBeInstanceOf(SnapshotImportError);
      expect(err.status).toBe(400);
      expect(err.message).toMatch(message);
      expect(await count(target, 'users')).toBe(0);
    });

    it('should refuse a file whose counts do not match its records', async () => {
      const { text } = await exported();
      const doc = JSON.parse(text);
      doc.data.touches.pop();
      const target = await freshDb(dialect);
      const report = await importSnapshot(target, stream(JSON.stringify(doc)), {
        dryRun: false,
        actorId: null,
      });
      expect(report.applied).toBe(false);
      expect(report.rejected).toEqual([
        {
          entity: 'touches',
          line: 0,
          reason: expect.stringMatching(/^counts.touches says 2 records but the file holds 1/),
        },
      ]);
    });

    it('should let the importing admin keep their password and session as the snapshot user with their email', async () => {
      const { w, text } = await exported();
      // A new server where the same person set up the first admin (same email, another id).
      const fresh = await testApp(dialect, {}, { now });
      const me = await fresh.user('admin');
      expect(me.email).toBe(w.admin.email);
      const report = await importSnapshot(fresh.db, stream(text), { dryRun: false, actorId: me.id });
      expect(report.applied).toBe(true);
      expect(report.notes?.join(' ')).toContain(`are the snapshot's user ${w.admin.id}`);
      const whoami = await fresh.call('GET', '/api/v1/me', me);
      expect(whoami.status).toBe(200);
      expect(whoami.body).toMatchObject({ id: w.admin.id, email: w.admin.email, role: 'admin' });
      const login = await fresh.call('POST', '/api/v1/auth/login', null, {
        email: me.email,
        password: 'password-admin',
      });
      expect(login.status).toBe(200);
      expect(await count(fresh.db, 'users')).toBe(4);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`export routes (${dialect})`, () => {
    it('should give admins one CSV per table that parses back with tricky values intact', async () => {
      const t = await testApp(dialect, {}, { now });
      const w = await seedWorld(t);
      const index = await t.call('GET', '/api/v1/export?format=csv', w.admin);
      expect(index.status).toBe(200);
      expect(index.body.files.map((f: { name: string }) => f.name)).toContain('plan_actions.csv');

      const csv = async (name: string) => {
        const res = await t.app.request(`/api/v1/export/${name}.csv`, { headers: w.admin.headers });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
        expect(res.headers.get('content-disposition')).toMatch(
          new RegExp(`attachment; filename="rapport-${name}-`),
        );
        return parse(await res.text(), { columns: true }) as Record<string, string>[];
      };
      for (const file of index.body.files as { name: string; url: string }[]) {
        const res = await t.app.request(file.url, { headers: w.admin.headers });
        expect(res.status, file.name).toBe(200);
        expect((await res.text()).split('\r\n')[0], file.name).toMatch(/^[a-z_]+(,[a-z_]+)+$/);
      }
      const accounts = await csv('accounts');
      expect(accounts).toHaveLength(2);
      expect(accounts.find((a) => a.id === w.globex.id)).toMatchObject({
        notes: TRICKY,
        domains: 'globex-gmbh.example;globex.example',
        linkedin_slug: 'globex',
        owner_id: w.am.id,
        rep_ids: w.rep.id,
        tier: 'key',
      });
      expect(accounts.find((a) => a.id === w.initech.id)).toMatchObject({
        name: 'Initech Ångström',
        linkedin_slug: 'initech',
        linkedin_aliases: 'initech-old',
        owner_id: '',
      });
      const contacts = await csv('contacts');
      expect(contacts.find((c) => c.id === w.zoe.id)).toMatchObject({
        name: 'Zoë Ångström',
        title: 'Buyer, "strategic"',
        reports_to_id: w.frank.id,
      });
      const users = await csv('users');
      expect(Object.keys(users[0] ?? {})).toEqual([
        'id',
        'email',
        'name',
        'role',
        'active',
        'created_at',
        'updated_at',
        'version',
      ]);
      expect(users.map((u) => u.active).sort()).toEqual(['false', 'true', 'true', 'true']);
      const history = await csv('opportunity_stage_changes');
      expect(history.filter((h) => h.opportunity_id === w.won.id).map((h) => [h.to_stage, h.reason])).toEqual(
        [
          ['qualify', ''],
          ['propose', ''],
          ['won', TRICKY],
        ],
      );
      const lines = await csv('plan_lines');
      expect(lines.map((l) => [l.target, l.position])).toEqual([
        ['500000', '0'],
        ['2000000', '1'],
      ]);

      const audited = await t.call('GET', `/api/v1/audit?userId=${w.admin.id}&entity=data`, w.admin);
      expect(audited.body.items.map((e: { entityId: string }) => e.entityId)).toContain('csv:accounts');
    });

    it('should answer 404 for an unknown file and 403 to anyone but an admin', async () => {
      const t = await testApp(dialect);
      const admin = await t.user('admin');
      const am = await t.user('account_manager');
      expect((await t.call('GET', '/api/v1/export/passwords.csv', admin)).status).toBe(404);
      expect((await t.call('GET', '/api/v1/export/users', admin)).status).toBe(404);
      const denied = await t.call('GET', '/api/v1/export/accounts.csv', am);
      expect(denied.status).toBe(403);
      expect((await t.call('GET', '/api/v1/export?format=xml', admin)).status).toBe(400);
      const json = await t.call('GET', '/api/v1/export', admin);
      expect(json.status).toBe(200);
      expect(json.body.counts.users).toBe(2);
      const audit = await t.call('GET', `/api/v1/audit?entity=data`, admin);
      expect(audit.body.items).toEqual([
        expect.objectContaining({ action: 'export', entity: 'data', entityId: 'json', userId: admin.id }),
      ]);
    });
  });
}
