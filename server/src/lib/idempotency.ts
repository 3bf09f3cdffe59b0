import { createHash } from 'node:crypto';

import { createMiddleware } from 'hono/factory';
import type { Transaction } from 'kysely';

import type { Database } from '../db/database';
import { inRequestTransaction } from '../db/request-transaction';
import type { AppEnv, Deps } from '../deps';
import { CSV_IMPORT_PATH } from '../routes/import';
import { isUniqueViolation } from './db-errors';
import { ApiError } from './errors';

/*
 * `Idempotency-Key` (issue 8): the extension keeps a write it could not deliver (server unreachable, session
 * expired) and sends it again later with the same key, perhaps more than once. The first request with a key
 * runs; any later one with the same key, method, path and body gets the first one's answer again, with
 * `Idempotent-Replayed: true`, for at least a day. Keys are per user. A key sent with another request is
 * refused (422). The key, the request's writes and its answer commit in one transaction (db/request-transaction.ts):
 * a server killed at any point leaves all three or none, so a retry either gets the answer or runs the request
 * whole. A second request with the key while the first runs waits for it (one SQLite connection) or gets 409
 * with `Retry-After` (PostgreSQL), then the first one's answer.
 * Answers a retry could change are not kept, so the retry runs again: 401 and 403 (sign-in and permissions),
 * 404 and 409 (what the request refers to may appear or free up), 408, 425, 429 and 5xx; a 5xx also rolls
 * back whatever the request wrote.
 */

/** Methods that write. Read-only POSTs (lookup, search) ignore the header. */
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const READ_ONLY_POSTS = new Set(['/api/v1/lookup', '/api/v1/search']);
/** Uploads the route streams from the socket itself (routes/import.ts): not read here, so not covered. */
const STREAMED = new Set([CSV_IMPORT_PATH]);
/** How long an answer is given again: "at least 24 hours". */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
/** How often expired keys are deleted, at most. */
const PRUNE_EVERY_MS = 10 * 60_000;
const KEY = /^[\x21-\x7e]{1,200}$/;
const NOT_KEPT = new Set([401, 403, 404, 408, 409, 425, 429]);

/** Whether a retry gets this answer again rather than running the request again. */
function kept(status: number): boolean {
  return status >= 200 && status < 500 && !NOT_KEPT.has(status);
}

/**
 * The middleware; after sign-in, as keys are per user. Only JSON and empty bodies are covered: a streamed
 * upload (the CSV import) is not read here and ignores the header.
 * @example api.use('*', requireAuth(deps)); api.use('*', idempotency(deps));
 */
export function idempotency({ db, now }: Pick<Deps, 'db' | 'now'>) {
  let prunedAt = 0;
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header('idempotency-key');
    const path = c.req.path;
    if (key === undefined || !WRITES.has(c.req.method) || READ_ONLY_POSTS.has(path) || STREAMED.has(path)) {
      return next();
    }
    if (!KEY.test(key)) {
      throw new ApiError(400, 'validation_failed', (m) => m.errors.idempotency.badKey, {
        header: 'Idempotency-Key',
      });
    }
    const type = c.req.header('content-type') ?? '';
    const length = c.req.header('content-length');
    const json = /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type);
    if (!json && length !== undefined && length !== '0') return next();

    const userId = c.var.actor.id;
    const at = now().getTime();
    const body = json ? await c.req.text() : '';
    const hash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n${body}`).digest('hex');
    const k = db.kysely;
    if (at - prunedAt > PRUNE_EVERY_MS) {
      prunedAt = at;
      await k
        .deleteFrom('idempotency_keys')
        .where('created_at', '<', new Date(at - IDEMPOTENCY_TTL_MS).toISOString())
        .execute();
    }
    const mine = k.selectFrom('idempotency_keys').where('user_id', '=', userId).where('key', '=', key);
    const row = await mine.selectAll().executeTakeFirst();
    if (row && Date.parse(row.created_at) > at - IDEMPOTENCY_TTL_MS && row.status !== null) {
      if (row.request_hash !== hash) {
        throw new ApiError(422, 'idempotency_key_reused', (m) => m.errors.idempotency.reused);
      }
      const headers: Record<string, string> = { 'Idempotent-Replayed': 'true' };
      if (row.content_type) headers['Content-Type'] = row.content_type;
      // The first answer again, as it was (a 204 has no body)
      return row.body === null
        ? c.body(null, row.status as 204, headers)
        : c.body(row.body, row.status as 200, headers);
    }

    // The first run: the key, the write and the answer kept for retries commit in one transaction
    // (db/request-transaction.ts), so a server killed at any point leaves all three or none. A row without an
    // answer is one an earlier version of the server left when it died; it is run again.
    const mark = (trx: Transaction<Database>) =>
      trx.insertInto('idempotency_keys').values({
        user_id: userId,
        key,
        request_hash: hash,
        status: null,
        content_type: null,
        body: null,
        created_at: new Date(at).toISOString(),
      });
    try {
      await inRequestTransaction(
        k,
        async (trx) => {
          if (row)
            await trx
              .deleteFrom('idempotency_keys')
              .where('user_id', '=', userId)
              .where('key', '=', key)
              .execute();
          await mark(trx).execute();
        },
        next,
        async (trx) => {
          const status = c.res.status;
          // A failure rolls back whatever the request wrote: its retry runs it whole
          if (status >= 500) return false;
          const settle = trx
            .updateTable('idempotency_keys')
            .where('user_id', '=', userId)
            .where('key', '=', key);
          if (kept(status)) {
            const text = status === 204 ? null : await c.res.clone().text();
            await settle
              .set({ status, content_type: c.res.headers.get('content-type'), body: text })
              .execute();
          } else {
            await trx
              .deleteFrom('idempotency_keys')
              .where('user_id', '=', userId)
              .where('key', '=', key)
              .execute();
          }
          return true;
        },
      );
    } catch (err) {
      // Another request with this key holds it (PostgreSQL waits for it to end, then refuses the insert)
      if (isUniqueViolation(err)) running();
      throw err;
    }
  });
}

function running(): never {
  throw new ApiError(409, 'conflict', (m) => m.errors.idempotency.running, undefined, { 'Retry-After': '1' });
}
