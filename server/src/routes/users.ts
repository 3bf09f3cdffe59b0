import { zCreateUserRequest, zPageQuery, zUpdateUserRequest, zUserListQuery } from '@rapport/shared';
import { Hono } from 'hono';
import { sql } from 'kysely';

import { ensure, policy } from '../auth/policy';
import { revokeAllTokens } from '../auth/tokens';
import { likeContains, toPage } from '../db/paging';
import { createUser, findUserByEmail, findUserById, toUser } from '../db/user-repository';
import type { AppEnv, Deps } from '../deps';
import { audit } from '../lib/audit';
import { ApiError, notFound, uniqueConflict, versionConflict } from '../lib/errors';
import { nowIso } from '../lib/ids';
import { hashPassword } from '../lib/passwords';
import { validate } from '../lib/validate';

/** `/users`: everyone signed in can list colleagues (to pick owners); only admins manage them. */
export function userRoutes({ db, env }: Deps) {
  const k = db.kysely;
  return (
    new Hono<AppEnv>()
      // GET /users
      .get('/', validate('query', zPageQuery.extend(zUserListQuery.shape)), async (c) => {
        const q = c.req.valid('query');
        let query = k
          .selectFrom('users')
          .selectAll()
          .orderBy('id')
          .limit(q.limit + 1);
        if (q.cursor) query = query.where('id', '>', q.cursor);
        if (q.role) query = query.where('role', '=', q.role);
        if (q.active) query = query.where('active', '=', q.active === 'true' ? 1 : 0);
        if (q.q) {
          const pattern = likeContains(q.q);
          query = query.where((eb) =>
            eb.or([
              eb(sql`lower(name)`, 'like', sql`${pattern} escape '\\'`),
              eb(sql`lower(email)`, 'like', sql`${pattern} escape '\\'`),
            ]),
          );
        }
        return c.json(toPage(await query.execute(), q.limit, (rows) => rows.map(toUser)));
      })
      // GET /users/:id
      .get('/:id', async (c) => {
        const user = await findUserById(k, c.req.param('id'));
        if (!user) throw notFound('User', c.req.param('id'));
        return c.json(toUser(user));
      })
      // POST /users
      .post('/', validate('json', zCreateUserRequest), async (c) => {
        ensure(policy.manageUsers(c.var.actor), 'Only admins add users');
        const body = c.req.valid('json');
        const passwordHash = body.password
          ? await hashPassword(body.password, env.RAPPORT_SCRYPT_LOG_N)
          : null;
        const user = await createUser(
          k,
          { email: body.email, name: body.name, role: body.role, passwordHash },
          c.var.actor.id,
        );
        return c.json(toUser(user), 201);
      })
      // PATCH /users/:id
      .patch('/:id', validate('json', zUpdateUserRequest), async (c) => {
        ensure(policy.manageUsers(c.var.actor), 'Only admins change users');
        const id = c.req.param('id');
        const { version, password, ...changes } = c.req.valid('json');
        if (
          id === c.var.actor.id &&
          (changes.active === false || (changes.role && changes.role !== 'admin'))
        ) {
          throw new ApiError(409, 'conflict', 'You cannot deactivate or demote yourself; ask another admin');
        }
        const passwordHash = password ? await hashPassword(password, env.RAPPORT_SCRYPT_LOG_N) : undefined;
        const updated = await k.transaction().execute(async (trx) => {
          const before = await findUserById(trx, id);
          if (!before) throw notFound('User', id);
          if (before.version !== version) throw versionConflict('User', toUser(before));
          if (
            changes.email &&
            changes.email !== before.email &&
            (await findUserByEmail(trx, changes.email))
          ) {
            throw uniqueConflict(`A user with email ${changes.email} exists already`, { field: 'email' });
          }
          const res = await trx
            .updateTable('users')
            .set({
              ...(changes.name !== undefined && { name: changes.name }),
              ...(changes.email !== undefined && { email: changes.email }),
              ...(changes.role !== undefined && { role: changes.role }),
              ...(changes.active !== undefined && { active: changes.active ? 1 : 0 }),
              ...(passwordHash !== undefined && { password_hash: passwordHash }),
              updated_at: nowIso(),
              version: version + 1,
            })
            .where('id', '=', id)
            .where('version', '=', version)
            .executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) throw versionConflict('User', toUser(before));
          // Deactivation and a password reset end every session of that user at once.
          if (changes.active === false || passwordHash !== undefined) await revokeAllTokens(trx, id);
          const after = await findUserById(trx, id);
          if (!after) throw notFound('User', id);
          await audit(trx, {
            userId: c.var.actor.id,
            action: 'update',
            entity: 'user',
            entityId: id,
            before: toUser(before),
            after: { ...toUser(after), ...(passwordHash ? { passwordChanged: true } : {}) },
          });
          return after;
        });
        return c.json(toUser(updated));
      })
  );
}
