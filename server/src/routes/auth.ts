import {
  zApiToken,
  zCreateTokenRequest,
  zCreateTokenResponse,
  zLoginRequest,
  zLoginResponse,
  zUser,
} from '@rapport/shared';
import { Hono } from 'hono';
import { z } from 'zod';

import { countTokenCreation, verifyCredentials } from '../auth/login';
import { requireAuth } from '../auth/middleware';
import { issueToken, revokeToken, toApiToken } from '../auth/tokens';
import { findUserById, toUser } from '../db/user-repository';
import { type AppEnv, clientIp, type Deps } from '../deps';
import { notFound } from '../lib/errors';
import { validate } from '../lib/validate';
import { describeRoute } from '../openapi/describe';

/** `/auth`: sign in and out. Public apart from logout. */
export function authRoutes(deps: Deps) {
  const { db, env } = deps;
  return (
    new Hono<AppEnv>()
      // POST /auth/login
      .post(
        '/login',
        describeRoute({
          summary: 'Sign in with email and password: a session token',
          public: true,
          response: zLoginResponse,
          errors: [401, 429],
        }),
        validate('json', zLoginRequest),
        async (c) => {
          const { email, password } = c.req.valid('json');
          const ip = clientIp(c, env.RAPPORT_TRUST_PROXY);
          const user = await verifyCredentials(deps, { email, password, ip });
          const { token, row } = await issueToken(db.kysely, user.id, {
            name: c.req.header('user-agent')?.slice(0, 100) || 'Sign-in',
            kind: 'session',
            days: env.RAPPORT_SESSION_DAYS,
          });
          return c.json({ token, expiresAt: row.expires_at, user: toUser(user) });
        },
      )
      // POST /auth/logout
      .post(
        '/logout',
        describeRoute({ summary: 'Sign out: revoke the token this request sent', status: 204 }),
        requireAuth(deps),
        async (c) => {
          await revokeToken(db.kysely, c.var.actor.id, c.var.tokenId);
          return c.body(null, 204);
        },
      )
  );
}

/** `/me` and `/tokens`: the signed-in user and their personal access tokens. Mounted behind auth. */
authRoutes.me = (deps: Deps) => {
  const { db } = deps;
  return (
    new Hono<AppEnv>()
      // GET /me
      .get('/me', describeRoute({ summary: 'The signed-in user', response: zUser }), async (c) => {
        const user = await findUserById(db.kysely, c.var.actor.id);
        if (!user) throw notFound('user', c.var.actor.id);
        return c.json(toUser(user));
      })
      // GET /tokens
      .get(
        '/tokens',
        describeRoute({
          summary: 'Your live tokens: sign-in sessions and personal access tokens',
          response: z.object({ items: z.array(zApiToken) }),
        }),
        async (c) => {
          const rows = await db.kysely
            .selectFrom('api_tokens')
            .selectAll()
            .where('user_id', '=', c.var.actor.id)
            .where('revoked_at', 'is', null)
            .orderBy('id')
            .execute();
          const now = new Date().toISOString();
          return c.json({
            items: rows.filter((r) => r.expires_at === null || r.expires_at > now).map(toApiToken),
          });
        },
      )
      // POST /tokens
      .post(
        '/tokens',
        describeRoute({
          summary: 'Create a personal access token; its secret is in this answer only',
          response: zCreateTokenResponse,
          status: 201,
          errors: [429],
        }),
        validate('json', zCreateTokenRequest),
        async (c) => {
          countTokenCreation(deps, c.var.actor.id, clientIp(c, deps.env.RAPPORT_TRUST_PROXY));
          const body = c.req.valid('json');
          const { token, row } = await issueToken(db.kysely, c.var.actor.id, {
            name: body.name,
            kind: 'personal',
            days: body.expiresInDays ?? null,
          });
          return c.json({ token, apiToken: toApiToken(row) }, 201);
        },
      )
      // DELETE /tokens/:id
      .delete(
        '/tokens/:id',
        describeRoute({ summary: 'Revoke one of your tokens', status: 204 }),
        async (c) => {
          const ok = await revokeToken(db.kysely, c.var.actor.id, c.req.param('id'));
          if (!ok) throw notFound('token', c.req.param('id'));
          return c.body(null, 204);
        },
      )
  );
};
