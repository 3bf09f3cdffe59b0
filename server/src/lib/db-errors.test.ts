import { describe, expect, it } from 'vitest';

import { en, languageOf } from '../i18n';
import { fromDbError, isUnavailable, RETRY_AFTER_SECONDS } from './db-errors';

const italian = languageOf('it').m;
const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('fromDbError', () => {
  it('should answer a database that cannot answer now with 503 unavailable and Retry-After', () => {
    for (const err of [
      withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P03', 'the database system is shutting down'),
      withCode('57014', 'canceling statement due to statement timeout'),
      withCode('53300', 'sorry, too many clients already'),
      withCode('SQLITE_BUSY', 'database is locked'),
      withCode('SQLITE_BUSY_SNAPSHOT'),
      withCode('SQLITE_LOCKED'),
      // node-postgres's own failures have no code
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated due to connection timeout'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Client has encountered a connection error and is not queryable'),
    ]) {
      const mapped = fromDbError(err);
      expect(mapped?.status, err.message).toBe(503);
      expect(mapped?.code).toBe('unavailable');
      expect(mapped?.headers).toEqual({ 'Retry-After': String(RETRY_AFTER_SECONDS) });
      expect(mapped?.messageIn(en)).toBe('The database is unavailable; try again shortly');
      expect(mapped?.messageIn(italian)).toBe('Il database non è disponibile; riprova tra poco');
    }
  });

  it('should keep constraint errors as 409 and 400, and leave anything else to the 500 handler', () => {
    expect(fromDbError(withCode('23505'))?.status).toBe(409);
    expect(fromDbError(withCode('SQLITE_CONSTRAINT_FOREIGNKEY'))?.status).toBe(409);
    expect(fromDbError(withCode('23514'))?.status).toBe(400);
    // A bug is not an outage: a syntax error, a missing column, a plain exception stay unmapped.
    expect(fromDbError(withCode('42601', 'syntax error at or near "selec"'))).toBeNull();
    expect(fromDbError(withCode('SQLITE_ERROR', 'no such column: nme'))).toBeNull();
    expect(fromDbError(new Error('Connection to the moon lost'))).toBeNull();
    expect(fromDbError(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeNull();
    expect(isUnavailable(null)).toBe(false);
  });
});
