import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

import { isPostgresUrl } from '../db/create-db';
import { CliError, type Command, sqlitePath } from './common';

export const backup: Command = {
  name: 'backup',
  summary: 'Copy the SQLite database to a file, safely while the server runs',
  usage: 'backup <file> [--force]',
  help: `Writes a consistent copy of the SQLite database to <file> using SQLite's online backup, so the
server can keep running. A relative <file> is taken from the directory you ran the command in.
To restore, stop the server and point RAPPORT_DATABASE_URL at the copy (or copy it over the original).

On PostgreSQL this command only prints the pg_dump command to use.

Options:
  --force   overwrite <file> if it exists

Example:
  pnpm rapport backup backups/rapport-$(date +%F).db`,
  options: { force: { type: 'boolean' } },
  positionals: 1,
  async run(ctx) {
    const [file] = ctx.positionals;
    if (!file) throw new CliError(`Name the backup file. Usage: pnpm rapport ${this.usage}`, 2);
    const url = ctx.env().RAPPORT_DATABASE_URL;
    if (isPostgresUrl(url)) {
      const u = new URL(url);
      u.password = '';
      throw new CliError(
        `backup copies SQLite databases; this server uses PostgreSQL. Back it up with pg_dump, e.g.:\n` +
          `  pg_dump --format=custom --file=${file} '${u.toString()}'\n` +
          `and restore with pg_restore --clean --dbname '<url>' ${file}`,
      );
    }
    const source = sqlitePath(url);
    if (source === ':memory:') throw new CliError('The database is in memory; there is nothing to back up');
    if (!existsSync(source)) {
      throw new CliError(`No database at ${source}; check RAPPORT_DATABASE_URL (or start the server once)`);
    }
    const target = ctx.path(file);
    if (target === source) throw new CliError('The backup file must not be the database itself');
    if (existsSync(target) && !ctx.values.force) {
      throw new CliError(`${target} exists already; choose another file or add --force to overwrite it`);
    }
    mkdirSync(dirname(target), { recursive: true });
    const db = await ctx.openDb({ migrate: false });
    try {
      const { sqlite } = db;
      if (!sqlite) throw new CliError('backup needs a SQLite database');
      // All remaining pages in one step: a backup copied in slices restarts whenever the server writes.
      await sqlite.backup(target, { progress: () => 0x7fffffff });
    } finally {
      await db.close();
    }
    const kib = Math.ceil(statSync(target).size / 1024);
    process.stdout.write(`Backed up ${source} to ${target} (${kib} KiB).\n`);
  },
};
