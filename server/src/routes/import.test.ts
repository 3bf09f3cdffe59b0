import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { Env } from '../env';
import { DIALECTS, type TestUser, testApp } from '../test/harness';

const companies = readFileSync(new URL('../transfer/fixtures/hubspot-companies.csv', import.meta.url));

async function setup(dialect: (typeof DIALECTS)[number], env: Partial<Env> = {}) {
  const t = await testApp(dialect, env);
  const admin = await t.user('admin');
  await t.user('account_manager', 'Marta Rossi');
  /** Posts a raw CSV body. */
  const post = async (
    query: string,
    body: string | Buffer | ReadableStream<Uint8Array>,
    as: TestUser = admin,
    headers: Record<string, string> = {},
  ) => {
    const res = await t.app.request(`/api/v1/import/csv${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${as.token}`, 'content-type': 'text/csv', ...headers },
      body,
      // A streamed body (no Content-Length) needs this in Node's fetch.
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
    const json: any = await res.json();
    return { status: res.status, body: json };
  };
  const accounts = async () => (await t.call('GET', '/api/v1/accounts', admin)).body.items.length;
  return { t, admin, post, accounts };
}

for (const dialect of DIALECTS) {
  describe(`POST /import/csv (${dialect})`, () => {
    it('should answer a dry run by default, then import the good rows when asked to skip the bad ones', async () => {
      const { t, admin, post, accounts } = await setup(dialect);
      const dry = await post('', companies);
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({
        dryRun: true,
        applied: false,
        created: { accounts: 4 },
        unchanged: { accounts: 1 },
        file: { entity: 'accounts', preset: 'hubspot' },
      });
      expect(dry.body.rejected.map((r: { line: number }) => r.line)).toEqual([6, 7, 9, 10]);
      expect(await accounts()).toBe(0);

      const aborted = await post('?dryRun=false', companies);
      expect(aborted.body).toMatchObject({ dryRun: false, applied: false });
      expect(await accounts()).toBe(0);

      const applied = await post('?dryRun=false&onErrors=skip', companies);
      expect(applied.body).toMatchObject({ dryRun: false, applied: true, created: { accounts: 4 } });
      expect(await accounts()).toBe(4);
      const audit = await t.call('GET', '/api/v1/audit?entity=account', admin);
      expect(audit.body.items).toHaveLength(4);
      expect(audit.body.items.every((e: { userId: string }) => e.userId === admin.id)).toBe(true);
    });

    it('should take an entity, preset and value conventions from the query', async () => {
      const { post } = await setup(dialect);
      const csv = 'Opportunity Name;Account Name;Amount;Close Date\nDeal;Nowhere;1.000,50;03/04/2026\n';
      const res = await post('?entity=opportunities&preset=salesforce&dateOrder=mdy&decimal=%2C', csv);
      expect(res.status).toBe(200);
      expect(res.body.file).toMatchObject({ entity: 'opportunities', preset: 'salesforce' });
      expect(res.body.rejected).toEqual([
        {
          line: 2,
          entity: 'opportunities',
          reason: 'No account matches "Nowhere"; import the accounts first',
        },
      ]);
    });

    it("should give the reasons in the request's language (Accept-Language)", async () => {
      const { post } = await setup(dialect);
      const csv =
        'Opportunity Name;Account Name;Amount;Close Date\nDeal;Nowhere;1.000,50;03/04/2026\nOther;Nowhere;12;31/02/2026\n';
      const italian = await post('?entity=opportunities&preset=salesforce', csv, undefined, {
        'accept-language': 'it-IT,it;q=0.9,en;q=0.5',
      });
      expect(italian.status).toBe(200);
      expect(italian.body).toMatchObject({ dryRun: true, applied: false });
      expect(italian.body.rejected).toEqual([
        {
          line: 2,
          entity: 'opportunities',
          reason: 'Nessun account corrisponde a “Nowhere”; importa prima gli account',
        },
        { line: 3, entity: 'opportunities', reason: 'Close Date: “31/02/2026” non è una data' },
      ]);
      // The same file without Accept-Language reads in English, as before there was a choice.
      const english = await post('?entity=opportunities&preset=salesforce', csv);
      expect(english.body.rejected.map((r: { reason: string }) => r.reason)).toEqual([
        'No account matches "Nowhere"; import the accounts first',
        'Close Date: "31/02/2026" is not a date',
      ]);
      const unknown = await post('', 'Foo,Bar\n1,2\n', undefined, { 'accept-language': 'it' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toContain('Dalle colonne non si capisce cosa contenga questo file');
    });

    it('should refuse bad parameters and files it cannot read with a 400', async () => {
      const { post } = await setup(dialect);
      const bad = await post('?entity=tickets', companies);
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'validation_failed' });
      expect(bad.body.error.details.issues[0].path).toBe('entity');

      const unknown = await post('', 'Foo,Bar\n1,2\n');
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toContain('Cannot tell what this file holds');

      const empty = await post('', '');
      expect(empty.status).toBe(400);
    });

    it('should accept a file larger than the JSON body limit, up to its own limit', async () => {
      const { post } = await setup(dialect, { RAPPORT_BODY_LIMIT: 2048, RAPPORT_IMPORT_LIMIT: 64 * 1024 });
      const rows = Array.from({ length: 300 }, (_, i) => `Company ${i},company-${i}.example`).join('\n');
      const csv = `Company name,Company Domain Name\n${rows}\n`;
      expect(Buffer.byteLength(csv)).toBeGreaterThan(2048);
      const ok = await post('?dryRun=false', csv);
      expect(ok.status).toBe(200);
      expect(ok.body.created).toEqual({ accounts: 300 });

      const huge = `Company name\n${'x'.repeat(70 * 1024)}\n`;
      const refused = await post('?dryRun=false', huge);
      expect(refused.status).toBe(413);
      expect(refused.body.error).toMatchObject({
        code: 'payload_too_large',
        details: { limitBytes: 64 * 1024 },
      });

      // Without a Content-Length (a chunked upload) the limit holds while the body streams.
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('Company name\n'));
          for (let i = 0; i < 80; i++) controller.enqueue(new TextEncoder().encode(`${'y'.repeat(1023)}\n`));
          controller.close();
        },
      });
      const streamed = await post('', stream, undefined, {});
      expect(streamed.status).toBe(413);
    });
  });
}
