import { writeFileSync } from 'node:fs';

import { normalizeEmail } from '@rapport/shared';
import type { Kysely } from 'kysely';

import type { Database } from '../db/database';
import { erasePerson, exportPerson } from '../db/person-repository';
import { mergedInto } from '../db/references';
import { applyRetention } from '../db/retention-repository';
import { audit } from '../lib/audit';
import { CliError, type Command, optional } from './common';

/** The stakeholder named by an id or one of their email addresses; a readable error otherwise. */
async function findPerson(db: Kysely<Database>, who: string | undefined, usage: string): Promise<string> {
  if (!who) throw new CliError(`Name the stakeholder by id or email. Usage: pnpm rapport ${usage}`, 2);
  if (who.includes('@')) {
    const email = normalizeEmail(who);
    const row = email
      ? await db
          .selectFrom('contact_emails')
          .select('contact_id')
          .where('email', '=', email)
          .executeTakeFirst()
      : undefined;
    if (!row) throw new CliError(`No stakeholder has the email ${who}.`);
    return row.contact_id;
  }
  const row = await db.selectFrom('contacts').select('id').where('id', '=', who).executeTakeFirst();
  if (row) return row.id;
  const merged = await mergedInto(db, who);
  throw new CliError(
    merged
      ? `Stakeholder ${who} was merged into ${merged}; use that id.`
      : `No stakeholder has the id ${who}.`,
  );
}

export const personExport: Command = {
  name: 'person export',
  summary: 'Everything stored about one stakeholder, as JSON',
  usage: 'person export <id|email> [--out FILE]',
  help: `Writes everything Rapport stores about one stakeholder (the right of access): the record, account,
manager and reports, touches, external ids and audit entries, in the shape of GET /api/v1/contacts/:id/export
(docs/privacy.md). Prints the JSON on stdout, or writes it to FILE. Recorded in the audit log.

Example:
  pnpm rapport person export jane.doe@acme.com --out jane.json`,
  options: { out: { type: 'string' } },
  positionals: 1,
  async run(ctx) {
    const db = await ctx.openDb();
    try {
      const data = await db.kysely.transaction().execute(async (trx) => {
        const id = await findPerson(trx, ctx.positionals[0], this.usage);
        const found = await exportPerson(trx, id, new Date());
        if (!found) throw new CliError(`No stakeholder has the id ${id}.`);
        await audit(trx, { userId: null, action: 'export', entity: 'contact', entityId: id });
        return found;
      });
      const text = `${JSON.stringify(data, null, 2)}\n`;
      const out = optional(ctx, 'out');
      if (out) {
        writeFileSync(ctx.path(out), text);
        process.stderr.write(`Wrote ${data.contact.name}'s data to ${ctx.path(out)}.\n`);
      } else {
        process.stdout.write(text);
      }
    } finally {
      await db.close();
    }
  },
};

export const personErase: Command = {
  name: 'person erase',
  summary: 'Erase a stakeholder and their personal data everywhere',
  usage: 'person erase <id|email> --yes [--reason R]',
  help: `Erases one stakeholder (the right to erasure), as POST /api/v1/contacts/:id/erase does: the record, its
emails, LinkedIn slugs and aliases, roles and search entry; touches only about them lose their words; their
name, emails, slugs, title and notes become "[erased]" in the audit log. Cannot be undone (docs/privacy.md).
Without --yes it only says whom it would erase. Prints the erasure record's id on stdout.

Options:
  --yes        really erase
  --reason R   kept in the erasure record (default "Erased from the command line"); do not name the person

Example:
  pnpm rapport person erase jane.doe@acme.com --yes --reason "Request of 3 December, ticket 1234"`,
  options: { yes: { type: 'boolean' }, reason: { type: 'string' } },
  positionals: 1,
  async run(ctx) {
    const reason = (optional(ctx, 'reason') ?? 'Erased from the command line').trim();
    if (reason.length === 0 || reason.length > 500) throw new CliError('--reason: 1 to 500 characters', 2);
    const db = await ctx.openDb();
    try {
      const id = await findPerson(db.kysely, ctx.positionals[0], this.usage);
      if (ctx.values.yes !== true) {
        const row = await db.kysely
          .selectFrom('contacts as c')
          .innerJoin('accounts as a', 'a.id', 'c.account_id')
          .select(['c.name', 'a.name as account'])
          .where('c.id', '=', id)
          .executeTakeFirstOrThrow();
        throw new CliError(
          `This would erase ${row.name} (${row.account}, id ${id}) and cannot be undone. Run again with --yes.`,
          2,
        );
      }
      const erasure = await db.kysely
        .transaction()
        .execute((trx) => erasePerson(trx, id, { userId: null, reason }));
      if (!erasure) throw new CliError(`No stakeholder has the id ${id}.`);
      const c = erasure.counts;
      process.stderr.write(
        `Erased stakeholder ${id}: ${c.touchesAnonymised} touches made anonymous, removed from ${c.touchesUnlinked} shared touches, ${c.auditEntriesScrubbed} audit entries rewritten.\n`,
      );
      process.stdout.write(`${erasure.erasureId}\n`);
    } finally {
      await db.close();
    }
  },
};

export const retentionApply: Command = {
  name: 'retention apply',
  summary: 'Delete touches older than the retention setting (for cron)',
  usage: 'retention apply',
  help: `Applies the touch retention setting (touchRetentionDays, set in the console's Settings page or
PATCH /api/v1/settings): deletes touches older than that many days and empties their audit entries. Each
server does this on start and every 24 hours; run this from cron when servers restart rarely or to apply a
new setting at once. Safe to run while servers run. Prints how many touches went.`,
  options: {},
  async run(ctx) {
    const db = await ctx.openDb();
    try {
      const result = await applyRetention(db.kysely, new Date());
      process.stdout.write(
        result.days === null
          ? 'Touches are kept forever (touchRetentionDays is not set); nothing deleted.\n'
          : `Deleted ${result.deleted} touch${result.deleted === 1 ? '' : 'es'} from before ${result.cutoff} (kept ${result.days} days).\n`,
      );
    } finally {
      await db.close();
    }
  },
};
