import { USER_ROLES, zCreateUserRequest, zEmailInput } from '@rapport/shared';

import { revokeAllTokens } from '../auth/tokens';
import { createUser, findUserByEmail, toUser } from '../db/user-repository';
import { audit } from '../lib/audit';
import { ApiError } from '../lib/errors';
import { nowIso } from '../lib/ids';
import { hashPassword } from '../lib/passwords';
import { CliError, type Command, optional, parseInput, required, table } from './common';

const ROLES = USER_ROLES.join(', ');

/** Throws a readable error when the email is not a valid address; returns it normalised. */
export function emailOption(value: string): string {
  return parseInput(zEmailInput, value, (issue) => `--email: ${issue.message}`);
}

export const userCreate: Command = {
  name: 'user create',
  summary: 'Add a user (prints only the new id)',
  usage: 'user create --email E --name N --role R [--password P]',
  help: `Adds a user and prints only its id on stdout, so scripts can capture it.

Options:
  --email E      work email; signs in with it
  --name N       display name
  --role R       one of: ${ROLES}
  --password P   at least 10 characters; without it the user signs in with a token
                 (pnpm rapport token create) until an admin sets a password

Example:
  pnpm rapport user create --role admin --email ada@ourco.example --name "Ada Lovelace" --password "…"`,
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    password: { type: 'string' },
  },
  async run(ctx) {
    const raw = {
      email: required(ctx, 'email', this),
      name: required(ctx, 'name', this),
      role: required(ctx, 'role', this),
      ...(optional(ctx, 'password') !== undefined && { password: optional(ctx, 'password') }),
    };
    const input = parseInput(zCreateUserRequest, raw, (issue) =>
      issue.path[0] === 'role' ? `unknown role "${raw.role}"; valid roles are: ${ROLES}` : undefined,
    );
    const env = ctx.env();
    const passwordHash = input.password ? await hashPassword(input.password, env.RAPPORT_SCRYPT_LOG_N) : null;
    const db = await ctx.openDb({ create: true });
    try {
      const user = await createUser(
        db.kysely,
        { email: input.email, name: input.name, role: input.role, passwordHash },
        null,
      ).catch((err: unknown) => {
        throw err instanceof ApiError && err.status === 409
          ? new CliError(
              `A user with email ${input.email} exists already; see them with: pnpm rapport user list`,
            )
          : err;
      });
      process.stdout.write(`${user.id}\n`);
      process.stderr.write(
        `Created ${user.role} ${user.email}${passwordHash ? '' : ' (no password yet: sign in with a token)'}.\n`,
      );
    } finally {
      await db.close();
    }
  },
};

export const userList: Command = {
  name: 'user list',
  summary: 'List users',
  usage: 'user list [--json]',
  help: `Lists every user, active or not.

Options:
  --json   print the users as a JSON array (the API's User shape) instead of a table`,
  options: { json: { type: 'boolean' } },
  async run(ctx) {
    const db = await ctx.openDb();
    try {
      const users = (await db.kysely.selectFrom('users').selectAll().orderBy('id').execute()).map(toUser);
      if (ctx.values.json) {
        process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
        return;
      }
      if (users.length === 0) {
        process.stderr.write(
          'No users yet. Add the first admin with: pnpm rapport user create --role admin …\n',
        );
        return;
      }
      process.stdout.write(
        table(
          ['ID', 'EMAIL', 'NAME', 'ROLE', 'ACTIVE', 'CREATED'],
          users.map((u) => [
            u.id,
            u.email,
            u.name,
            u.role,
            u.active ? 'yes' : 'no',
            u.createdAt.slice(0, 10),
          ]),
        ),
      );
    } finally {
      await db.close();
    }
  },
};

export const userDeactivate: Command = {
  name: 'user deactivate',
  summary: 'Deactivate a user and revoke all their tokens',
  usage: 'user deactivate --email E',
  help: `Deactivates a user: they can no longer sign in, and every token they hold stops working at once,
even on a server that is running. Their records and history stay.

Options:
  --email E   the user's email`,
  options: { email: { type: 'string' } },
  async run(ctx) {
    const email = emailOption(required(ctx, 'email', this));
    const db = await ctx.openDb();
    try {
      const result = await db.kysely.transaction().execute(async (trx) => {
        const before = await findUserByEmail(trx, email);
        if (!before)
          throw new CliError(`No user has the email ${email}; see them with: pnpm rapport user list`);
        const { n } = await trx
          .selectFrom('api_tokens')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('user_id', '=', before.id)
          .where('revoked_at', 'is', null)
          .executeTakeFirstOrThrow();
        await revokeAllTokens(trx, before.id);
        if (before.active !== 1) return { already: true, revoked: Number(n), lastAdmin: false };
        await trx
          .updateTable('users')
          .set({ active: 0, updated_at: nowIso(), version: before.version + 1 })
          .where('id', '=', before.id)
          .execute();
        const after = await findUserByEmail(trx, email);
        await audit(trx, {
          userId: null,
          action: 'update',
          entity: 'user',
          entityId: before.id,
          before: toUser(before),
          after: after ? toUser(after) : null,
        });
        const admins = await trx
          .selectFrom('users')
          .select('id')
          .where('role', '=', 'admin')
          .where('active', '=', 1)
          .execute();
        return {
          already: false,
          revoked: Number(n),
          lastAdmin: before.role === 'admin' && admins.length === 0,
        };
      });
      const tokens = `revoked ${result.revoked} token${result.revoked === 1 ? '' : 's'}`;
      process.stdout.write(
        result.already
          ? `${email} was already deactivated; ${tokens}.\n`
          : `Deactivated ${email}; ${tokens}.\n`,
      );
      if (result.lastAdmin) {
        process.stderr.write(
          'Warning: no active admin is left. Add one with: pnpm rapport user create --role admin …\n',
        );
      }
    } finally {
      await db.close();
    }
  },
};
