import { zCreateTokenRequest } from '@rapport/shared';

import { issueToken, revokeToken, toApiToken } from '../auth/tokens';
import type { Db } from '../db/create-db';
import { findUserByEmail } from '../db/user-repository';
import { audit } from '../lib/audit';
import { CliError, type Command, optional, parseInput, required, table } from './common';
import { emailOption } from './user';

async function activeUser(db: Db, email: string) {
  const user = await findUserByEmail(db.kysely, email);
  if (!user) throw new CliError(`No user has the email ${email}; see them with: pnpm rapport user list`);
  if (user.active !== 1) throw new CliError(`${email} is deactivated; their tokens would not work`);
  return user;
}

export const tokenCreate: Command = {
  name: 'token create',
  summary: 'Create a personal access token for a user (prints only the token)',
  usage: 'token create --email E --name LABEL [--days N]',
  help: `Creates a personal access token and prints only the token on stdout. It is shown once: only its
hash is stored. Use it as "Authorization: Bearer <token>".

Options:
  --email E      the user the token acts as (must be active)
  --name LABEL   what the token is for, e.g. "CRM sync"
  --days N       days until it expires (1 to 3650); without it, it lasts until revoked

Example:
  TOKEN=$(pnpm rapport token create --email ada@ourco.example --name "CRM sync" --days 90)`,
  options: { email: { type: 'string' }, name: { type: 'string' }, days: { type: 'string' } },
  async run(ctx) {
    const email = emailOption(required(ctx, 'email', this));
    const days = optional(ctx, 'days');
    if (days !== undefined && !/^\d+$/.test(days)) {
      throw new CliError(`--days must be a whole number of days, not "${days}"`, 2);
    }
    const input = parseInput(
      zCreateTokenRequest,
      {
        name: required(ctx, 'name', this),
        ...(days !== undefined && { expiresInDays: Number(days) }),
      },
      (issue) => (issue.path[0] === 'expiresInDays' ? `--days: ${issue.message}` : undefined),
    );
    const db = await ctx.openDb();
    try {
      const user = await activeUser(db, email);
      const { token, row } = await db.kysely.transaction().execute(async (trx) => {
        const issued = await issueToken(trx, user.id, {
          name: input.name,
          kind: 'personal',
          days: input.expiresInDays ?? null,
        });
        await audit(trx, {
          userId: null,
          action: 'create',
          entity: 'token',
          entityId: issued.row.id,
          after: { ...toApiToken(issued.row), userId: user.id },
        });
        return issued;
      });
      process.stdout.write(`${token}\n`);
      process.stderr.write(
        `Created token "${row.name}" (id ${row.id}) for ${email}; ${
          row.expires_at ? `it expires ${row.expires_at}` : 'it lasts until revoked'
        }. It is not shown again.\n`,
      );
    } finally {
      await db.close();
    }
  },
};

export const tokenList: Command = {
  name: 'token list',
  summary: "List a user's live tokens (sessions and personal tokens)",
  usage: 'token list --email E',
  help: `Lists the tokens of a user that still work: sign-in sessions and personal access tokens.

Options:
  --email E   the user's email`,
  options: { email: { type: 'string' } },
  async run(ctx) {
    const email = emailOption(required(ctx, 'email', this));
    const db = await ctx.openDb();
    try {
      const user = await findUserByEmail(db.kysely, email);
      if (!user) throw new CliError(`No user has the email ${email}`);
      const now = new Date().toISOString();
      const rows = (
        await db.kysely
          .selectFrom('api_tokens')
          .selectAll()
          .where('user_id', '=', user.id)
          .where('revoked_at', 'is', null)
          .orderBy('id')
          .execute()
      ).filter((r) => r.expires_at === null || r.expires_at > now);
      process.stdout.write(
        table(
          ['ID', 'NAME', 'KIND', 'CREATED', 'EXPIRES', 'LAST USED'],
          rows.map((r) => [
            r.id,
            r.name,
            r.kind,
            r.created_at.slice(0, 10),
            r.expires_at?.slice(0, 10) ?? 'never',
            r.last_used_at?.slice(0, 16).replace('T', ' ') ?? '-',
          ]),
        ),
      );
    } finally {
      await db.close();
    }
  },
};

export const tokenRevoke: Command = {
  name: 'token revoke',
  summary: 'Revoke a token by id, or by user and label',
  usage: 'token revoke (--id ID | --email E --name LABEL)',
  help: `Revokes a token; it stops working at once, even on a running server.

Options:
  --id ID        the token's id (see: pnpm rapport token list --email E)
  --email E      with --name: the user whose token to revoke
  --name LABEL   with --email: the token's label`,
  options: { id: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } },
  async run(ctx) {
    const id = optional(ctx, 'id');
    const email = optional(ctx, 'email');
    const label = optional(ctx, 'name');
    if (!id && !(email && label)) {
      throw new CliError(`Give --id, or --email with --name. Usage: pnpm rapport ${this.usage}`, 2);
    }
    const db = await ctx.openDb();
    try {
      let target: { id: string; user_id: string; name: string; revoked_at: string | null } | undefined;
      if (id) {
        target = await db.kysely
          .selectFrom('api_tokens')
          .select(['id', 'user_id', 'name', 'revoked_at'])
          .where('id', '=', id)
          .executeTakeFirst();
        if (!target) throw new CliError(`No token has the id ${id}`);
      } else {
        const user = await findUserByEmail(db.kysely, emailOption(email ?? ''));
        if (!user) throw new CliError(`No user has the email ${email}`);
        const live = await db.kysely
          .selectFrom('api_tokens')
          .select(['id', 'user_id', 'name', 'revoked_at'])
          .where('user_id', '=', user.id)
          .where('name', '=', label ?? '')
          .where('revoked_at', 'is', null)
          .execute();
        if (live.length === 0) throw new CliError(`${email} has no live token named "${label}"`);
        if (live.length > 1) {
          const ids = live.map((t) => t.id).join(', ');
          throw new CliError(
            `${email} has ${live.length} live tokens named "${label}" (${ids}); revoke one with --id`,
          );
        }
        target = live[0];
      }
      if (!target) return;
      if (target.revoked_at !== null) {
        process.stdout.write(`Token ${target.id} was already revoked.\n`);
        return;
      }
      const { id: tokenId, user_id: userId, name } = target;
      await db.kysely.transaction().execute(async (trx) => {
        await revokeToken(trx, userId, tokenId);
        await audit(trx, {
          userId: null,
          action: 'delete',
          entity: 'token',
          entityId: tokenId,
          before: { name, userId },
        });
      });
      process.stdout.write(`Revoked token "${name}" (${tokenId}).\n`);
    } finally {
      await db.close();
    }
  },
};
