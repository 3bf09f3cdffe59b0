import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';

import { DIALECTS, testApp } from '../test/harness';
import { erasePerson } from './person-repository';

for (const dialect of DIALECTS) {
  describe(`erasePerson (${dialect})`, () => {
    it('should change nothing when a step of the erasure fails', async () => {
      const t = await testApp(dialect);
      const am = await t.user('account_manager');
      const acme = (await t.call('POST', '/api/v1/accounts', am, { name: 'Acme', domains: ['acme.com'] }))
        .body;
      const jane = (
        await t.call('POST', '/api/v1/contacts', am, {
          accountId: acme.id,
          name: 'Jane Quibble',
          emails: ['jq@acme.com'],
        })
      ).body;
      await t.call('POST', '/api/v1/touches', am, {
        kind: 'call',
        subject: 'Call with Jane Quibble',
        contactIds: [jane.id],
      });
      const k = t.db.kysely;
      const snapshot = async () => ({
        touches: await k.selectFrom('touches').select(['subject', 'version']).execute(),
        links: await k.selectFrom('touch_contacts').selectAll().execute(),
        audit: await k.selectFrom('audit_log').select(['id', 'before', 'after']).orderBy('id').execute(),
        search: await k.selectFrom('search_documents').select(['entity_id', 'name']).execute(),
        emails: await k.selectFrom('contact_emails').selectAll().execute(),
      });
      const before = await snapshot();
      // The last step, deleting the contact row, fails: everything before it must roll back.
      if (dialect === 'sqlite') {
        await sql`create trigger refuse_delete before delete on contacts begin select raise(abort, 'refused'); end`.execute(
          k,
        );
      } else {
        await sql`create function refuse() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`.execute(
          k,
        );
        await sql`create trigger refuse_delete before delete on contacts for each row execute function refuse()`.execute(
          k,
        );
      }
      await expect(
        k.transaction().execute((trx) => erasePerson(trx, jane.id, { userId: null, reason: 'test' })),
      ).rejects.toThrow(/refused/);
      expect(await snapshot()).toEqual(before);
      expect(before.touches[0]?.subject).toBe('Call with Jane Quibble');
    });
  });
}
