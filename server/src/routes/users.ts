import {
  zCreateUserRequest,
  zInviteLinkResponse,
  zPage,
  zPageQuery,
  zUpdateUserRequest,
  zUser,
  zUserListQuery,
} from '@rapport/shared';
import { Hono } from 'hono';

import { publicOrigin, resetUrl } from '../admin/links';
import { ensure, policy } from '../auth/policy';
import { changeUser } from '../db/admin-repository';
import { createPasswordReset } from '../db/invite-repository';
import { toPage } from '../db/paging';
import { listUsers } from '../db/user-list';
import { createUser, findUserById, toUser } from '../db/user-repository';
import type { AppEnv, Deps } from '../deps';
import { notFound } from '../lib/errors';
import { hashPassword } from '../lib/passwords';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

/** `/users`: everyone signed in can list colleagues (to pick owners); only admins manage them. */
export function userRoutes({ db, env }: Deps) {
  const k = db.kysely;
  return (
    new Hono<AppEnv>()
      // GET /users
      .get(
        '/',
        describeRoute({ summary: 'List colleagues', response: zPage(zUser) }),
        validate('query', zPageQuery.extend(zUserListQuery.shape)),
        async (c) => {
          const q = c.req.valid('query');
          return c.json(toPage(await listUsers(k, q), q.limit, (rows) => rows.map(toUser)));
        },
      )
      // GET /users/:id
      .get('/:id', describeRoute({ summary: 'One colleague', response: zUser }), async (c) => {
        const user = await findUserById(k, c.req.param('id'));
        if (!user) throw notFound('user', c.req.param('id'));
        return c.json(toUser(user));
      })
      // POST /users
      .post(
        '/',
        describeRoute({ summary: 'Add a user (admins)', response: zUser, status: 201, errors: [403, 409] }),
        validate('json', zCreateUserRequest),
        async (c) => {
          ensure(policy.manageUsers(c.var.actor), (m) => m.errors.only.addUsers);
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
        },
      )
      // PATCH /users/:id
      .patch(
        '/:id',
        describeRoute({
          summary: 'Change a user: deactivating or setting a password ends their sessions (admins)',
          response: zUser,
          errors: [403, 409],
        }),
        validate('json', zUpdateUserRequest),
        async (c) => {
          ensure(policy.manageUsers(c.var.actor), (m) => m.errors.only.changeUsers);
          const { version, password, ...changes } = c.req.valid('json');
          const passwordHash = password ? await hashPassword(password, env.RAPPORT_SCRYPT_LOG_N) : undefined;
          const updated = await changeUser(k, {
            id: c.req.param('id'),
            version,
            changes,
            ...(passwordHash !== undefined && { passwordHash }),
            actor: c.var.actor,
          });
          return c.json(toUser(updated));
        },
      )
      // POST /users/:id/password-reset
      .post(
        '/:id/password-reset',
        describeRoute({
          summary: 'Make a one-time password reset link for an active user, valid 24 hours (admins)',
          description:
            'The link is in this answer only. Using it (POST /password-reset) sets the new password and ends every session and token of the user.',
          response: zInviteLinkResponse,
          status: 201,
          errors: [403, 409],
        }),
        async (c) => {
          ensure(policy.manageUsers(c.var.actor), (m) => m.errors.only.resetPasswords);
          const { token, invite } = await createPasswordReset(k, c.req.param('id'), c.var.actor.id);
          return c.json({ invite, token, url: resetUrl(publicOrigin(c, env), token) }, 201);
        },
      )
  );
}
