import {
  zAcceptInviteRequest,
  zCompletePasswordResetRequest,
  zCreateInviteRequest,
  zInvite,
  zInviteLinkResponse,
  zInviteListQuery,
  zLoginResponse,
  zPage,
} from '@rapport/shared';
import { Hono } from 'hono';

import { inviteUrl, publicOrigin } from '../admin/links';
import { countLinkAttempt } from '../auth/login';
import { ensure, policy } from '../auth/policy';
import { issueToken } from '../auth/tokens';
import {
  acceptInvite,
  completePasswordReset,
  createInvite,
  listInvites,
  revokeInvite,
} from '../db/invite-repository';
import { toUser } from '../db/user-repository';
import { type AppEnv, clientIp, type Deps } from '../deps';
import { hashPassword } from '../lib/passwords';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

/** `/invites`: admins invite colleagues with a one-time link and withdraw pending invites. Behind auth. */
export function inviteRoutes({ db, env }: Deps) {
  return (
    new Hono<AppEnv>()
      // GET /invites
      .get(
        '/',
        describeRoute({
          summary: 'Invites, newest first; filter `status` (admins)',
          response: zPage(zInvite),
          errors: [403],
        }),
        validate('query', zInviteListQuery),
        async (c) => {
          ensure(policy.manageUsers(c.var.actor), (m) => m.errors.only.seeInvites);
          return c.json(await listInvites(db.kysely, c.req.valid('query')));
        },
      )
      // POST /invites
      .post(
        '/',
        describeRoute({
          summary: 'Invite a colleague: a one-time link, by default valid 7 days (admins)',
          description:
            'The link and its token are in this answer only. A newer invite for the same email replaces the pending one; an email that is a user already is a 409.',
          response: zInviteLinkResponse,
          status: 201,
          errors: [403, 409],
        }),
        validate('json', zCreateInviteRequest),
        async (c) => {
          ensure(policy.manageUsers(c.var.actor), (m) => m.errors.only.invite);
          const body = c.req.valid('json');
          const { token, invite } = await createInvite(
            db.kysely,
            { email: body.email, role: body.role, ...(body.expiresInDays && { days: body.expiresInDays }) },
            c.var.actor.id,
          );
          return c.json({ invite, token, url: inviteUrl(publicOrigin(c, env), token) }, 201);
        },
      )
      // DELETE /invites/:id
      .delete(
        '/:id',
        describeRoute({ summary: 'Withdraw a pending invite (admins)', errors: [403, 409] }),
        async (c) => {
          ensure(policy.manageUsers(c.var.actor), (m) => m.errors.only.withdrawInvites);
          await revokeInvite(db.kysely, c.req.param('id'), c.var.actor.id);
          return c.body(null, 204);
        },
      )
  );
}

/**
 * The public side of one-time links, mounted before auth: `POST /invites/accept` creates the invited user and
 * `POST /password-reset` sets a new password; both answer like `POST /auth/login` (a session token).
 */
inviteRoutes.public = (deps: Deps) => {
  const { db, env } = deps;
  const session = (userId: string) =>
    issueToken(db.kysely, userId, { name: 'First sign-in', kind: 'session', days: env.RAPPORT_SESSION_DAYS });
  return (
    new Hono<AppEnv>()
      // POST /invites/accept
      .post(
        '/invites/accept',
        describeRoute({
          summary: 'Accept an invite: choose a name and password, and get a session token',
          description: 'Unknown link: 404; used, expired or withdrawn: 409 with `details.reason`.',
          public: true,
          response: zLoginResponse,
          status: 201,
          errors: [409, 429],
        }),
        validate('json', zAcceptInviteRequest),
        async (c) => {
          const body = c.req.valid('json');
          countLinkAttempt(deps, clientIp(c, env.RAPPORT_TRUST_PROXY), body.token);
          const passwordHash = await hashPassword(body.password, env.RAPPORT_SCRYPT_LOG_N);
          const user = await acceptInvite(db.kysely, { token: body.token, name: body.name, passwordHash });
          const { token, row } = await session(user.id);
          return c.json({ token, expiresAt: row.expires_at, user: toUser(user) }, 201);
        },
      )
      // POST /password-reset
      .post(
        '/password-reset',
        describeRoute({
          summary: 'Set a new password with a reset link; ends every other session and token',
          description: 'Unknown link: 404; used, expired or withdrawn: 409 with `details.reason`.',
          public: true,
          tag: 'users',
          response: zLoginResponse,
          errors: [404, 409, 429],
        }),
        validate('json', zCompletePasswordResetRequest),
        async (c) => {
          const body = c.req.valid('json');
          countLinkAttempt(deps, clientIp(c, env.RAPPORT_TRUST_PROXY), body.token);
          const passwordHash = await hashPassword(body.password, env.RAPPORT_SCRYPT_LOG_N);
          const user = await completePasswordReset(db.kysely, { token: body.token, passwordHash });
          const { token, row } = await session(user.id);
          return c.json({ token, expiresAt: row.expires_at, user: toUser(user) });
        },
      )
  );
};
