import { AsyncLocalStorage } from 'node:async_hooks';

import { type Kysely, sql, type Transaction } from 'kysely';

import type { Database } from './database';

/*
 * One transaction for a whole request (issue 8): a write sent with an `Idempotency-Key` commits together with
 * the answer kept for its retries (lib/idempotency.ts), so a server killed at any moment leaves either both or
 * neither, never a write whose retry would run it again.
 *
 * The routes keep their code: while `inRequestTransaction` runs, the Kysely instance they were given
 * (`requestScoped`) sends every query through the request's transaction, and a `transaction()` inside it is a
 * savepoint, rolled back on its own when its callback throws (a route that catches a unique violation and reads
 * on, as the plan's save does, still can on PostgreSQL).
 */

interface Scope {
  trx: Transaction<Database>;
  savepoints: number;
}

const scope = new AsyncLocalStorage<Scope>();
/**
 * Requests in a transaction now. On Node 20 an enabled AsyncLocalStorage hooks every promise of the process
 * (the lookup's included), so the scope is enabled only while one runs and disabled when the last ends.
 */
let open = 0;

/** A `transaction()` builder for work nested in the request's transaction: a savepoint. */
function nested(current: Scope) {
  const builder = {
    setIsolationLevel: () => builder,
    setAccessMode: () => builder,
    async execute<T>(callback: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      const name = sql.raw(`rapport_sp_${++current.savepoints}`);
      await sql`savepoint ${name}`.execute(current.trx);
      let result: T;
      try {
        result = await callback(current.trx);
      } catch (err) {
        await sql`rollback to savepoint ${name}`.execute(current.trx);
        await sql`release savepoint ${name}`.execute(current.trx);
        throw err;
      }
      await sql`release savepoint ${name}`.execute(current.trx);
      return result;
    },
  };
  return builder;
}

/**
 * The Kysely instance the routes use: itself, or the request's transaction while one is open
 * (`inRequestTransaction`). Code outside a request (jobs, the CLI, the lookup's raw statements) is not touched.
 * @example deps.db = { ...db, kysely: requestScoped(db.kysely) }
 */
export function requestScoped(kysely: Kysely<Database>): Kysely<Database> {
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(kysely, {
    get(target, prop) {
      const current = scope.getStore();
      if (!current) {
        const value = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        let fn = bound.get(prop);
        if (fn === undefined) {
          fn = value.bind(target);
          bound.set(prop, fn);
        }
        return fn;
      }
      if (prop === 'transaction') return () => nested(current);
      const value = Reflect.get(current.trx, prop, current.trx);
      return typeof value === 'function' ? value.bind(current.trx) : value;
    },
  });
}

/**
 * Runs `work` in one transaction that every query through a `requestScoped` instance joins, then `finish`
 * in the same transaction with what `work` returned. `finish` answers whether to commit: false rolls it all
 * back. Errors from either roll back and are thrown.
 * @example await inRequestTransaction(db.kysely, () => next(), async (trx) => keepAnswer(trx))
 */
export async function inRequestTransaction<T>(
  kysely: Kysely<Database>,
  begin: (trx: Transaction<Database>) => Promise<void>,
  work: () => Promise<T>,
  finish: (trx: Transaction<Database>, result: T) => Promise<boolean>,
): Promise<boolean> {
  const rollback = Symbol('rollback');
  open++;
  try {
    await kysely.transaction().execute(async (trx) => {
      await begin(trx);
      const result = await scope.run({ trx, savepoints: 0 }, work);
      if (!(await finish(trx, result))) throw rollback;
    });
    return true;
  } catch (err) {
    if (err === rollback) return false;
    throw err;
  } finally {
    if (--open === 0) scope.disable();
  }
}
