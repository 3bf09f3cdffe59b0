import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';

import type { Db } from '../db/create-db';
import { DIALECTS, freshDb } from '../test/harness';
import { coveredColumns, EXCLUDED_COLUMNS, EXCLUDED_TABLES } from './export-spec';

/** Every table of the migrated schema with its columns (SQLite's full-text shadow tables under their index). */
async function schemaOf(db: Db): Promise<Map<string, string[]>> {
  const rows =
    db.dialect === 'sqlite'
      ? (
          await sql<{ table: string; column: string }>`
            select m.name as "table", p.name as "column" from sqlite_master m, pragma_table_info(m.name) p
            where m.type = 'table' and m.name not like 'sqlite_%'`.execute(db.kysely)
        ).rows
      : (
          await sql<{ table: string; column: string }>`
            select table_name as "table", column_name as "column" from information_schema.columns
            where table_schema = current_schema()`.execute(db.kysely)
        ).rows;
  const tables = new Map<string, string[]>();
  for (const { table, column } of rows) {
    const name = table.startsWith('search_fts_') ? 'search_fts' : table;
    tables.set(name, [...(tables.get(name) ?? []), column]);
  }
  return tables;
}

for (const dialect of DIALECTS) {
  describe(`export specs (${dialect})`, () => {
    it('should export every table and column of the schema, or say why not', async () => {
      const db = await freshDb(dialect);
      const covered = coveredColumns();
      const missing: string[] = [];
      for (const [table, columns] of await schemaOf(db)) {
        if (table in EXCLUDED_TABLES) continue;
        for (const column of columns) {
          if (covered.get(table)?.has(column) || EXCLUDED_COLUMNS[table]?.[column]) continue;
          missing.push(`${table}.${column}`);
        }
      }
      // A new table or column must be exported (export-spec.ts SECTIONS) or listed as excluded, with why.
      expect(missing).toEqual([]);
    });

    it('should only name tables and columns that exist', async () => {
      const db = await freshDb(dialect);
      const schema = await schemaOf(db);
      const unknown = [...coveredColumns()].flatMap(([table, columns]) =>
        [...columns].filter((c) => !schema.get(table)?.includes(c)).map((c) => `${table}.${c}`),
      );
      expect(unknown).toEqual([]);
    });
  });
}
