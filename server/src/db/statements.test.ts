import { describe, expect, it } from 'vitest';

import { DIALECTS, freshDb } from '../test/harness';
import { inList, notInList, Statements, sql } from './statements';

const T = '2026-12-07T10:00:00.000Z';

async function setup(dialect: (typeof DIALECTS)[number]) {
  const db = await freshDb(dialect);
  await db.kysely
    .insertInto('users')
    .values(
      ['ann', 'ben', 'cleo', 'dan', 'eve'].map((name, i) => ({
        id: `u${i}`,
        email: `${name}@ourco.example`,
        name,
        role: i === 0 ? 'admin' : 'sales_rep',
        active: 1,
        password_hash: null,
        created_at: T,
        updated_at: T,
        version: 1,
      })),
    )
    .execute();
  const texts: string[] = [];
  const st = new Statements(db, (text) => texts.push(text));
  const names = async (statement: ReturnType<typeof sql>) =>
    (await st.all<{ name: string }>(statement)).map((r) => r.name);
  return { names, texts };
}

for (const dialect of DIALECTS) {
  describe(`statements (${dialect})`, () => {
    it.each([
      [[], []],
      [['u1'], ['ben']],
      [
        ['u1', 'u2', 'u3'],
        ['ben', 'cleo', 'dan'],
      ],
      [
        ['u4', 'u0', 'nobody', 'u4', 'u2'],
        ['ann', 'cleo', 'eve'],
      ],
    ])('should find the rows whose id is in %j', async (ids, expected) => {
      const { names } = await setup(dialect);
      expect(await names(sql`select name from users where id ${inList(ids)} order by name`)).toEqual(
        expected,
      );
    });

    it.each([
      [[], ['ann', 'ben', 'cleo', 'dan', 'eve']],
      [['u1'], ['ann', 'cleo', 'dan', 'eve']],
      [
        ['u0', 'u1', 'u2'],
        ['dan', 'eve'],
      ],
    ])('should find the rows whose id is not in %j', async (ids, expected) => {
      const { names } = await setup(dialect);
      expect(await names(sql`select name from users where id ${notInList(ids)} order by name`)).toEqual(
        expected,
      );
    });

    it('should splice statements into statements with their values in order', async () => {
      const { names } = await setup(dialect);
      const role = sql`role = ${'sales_rep'}`;
      const statement = sql`select name from users where ${role} and id ${inList(['u0', 'u1', 'u4'])}
        and name <> ${'eve'} order by name`;
      expect(await names(statement)).toEqual(['ben']);
    });

    it('should reuse one text for lists of 3 and 4 values, and one for every length on PostgreSQL', async () => {
      const { names, texts } = await setup(dialect);
      await names(sql`select name from users where id ${inList(['u0', 'u1', 'u2'])}`);
      await names(sql`select name from users where id ${inList(['u0', 'u1', 'u2', 'u3'])}`);
      await names(sql`select name from users where id ${inList(['u0', 'u1', 'u2', 'u3', 'u4'])}`);
      expect(texts[0]).toBe(texts[1]);
      if (dialect === 'postgres') expect(texts[2]).toBe(texts[0]);
      else expect(texts[2]).not.toBe(texts[0]);
    });
  });
}

describe('statements (the PostgreSQL change mark)', () => {
  /** A pool whose statements wait until the test answers them, each with the next mark. */
  function heldPool() {
    const pending: Array<(mark: string) => void> = [];
    const pool = {
      query: () => new Promise((resolve) => pending.push((mark) => resolve({ rows: [{ mark }] }))),
    };
    const st = new Statements({ sqlite: null, pool: pool as never, kysely: null as never });
    const answer = async (mark: string) => {
      pending.shift()?.(mark);
      await new Promise((resolve) => setTimeout(resolve, 0));
    };
    return { st, pending, answer };
  }

  it('should answer a call only from a statement sent after it, sharing one among calls that wait', async () => {
    const { st, pending, answer } = heldPool();
    const first = st.readChangeMark();
    // Sent before these calls: a write acknowledged between could be missing from its snapshot.
    const waiting = [st.readChangeMark(), st.readChangeMark(), st.readChangeMark()];
    expect(pending).toHaveLength(1);
    await answer('m1');
    expect(await first).toBe('m1');
    expect(pending).toHaveLength(1);
    const late = st.readChangeMark();
    await answer('m2');
    expect(await Promise.all(waiting)).toEqual(['m2', 'm2', 'm2']);
    await answer('m3');
    expect(await late).toBe('m3');
    expect(pending).toHaveLength(0);
  });
});
