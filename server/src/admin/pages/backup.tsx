/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { Hono } from 'hono';

import { isPostgresUrl } from '../../db/create-db';
import type { Deps } from '../../deps';
import { audit } from '../../lib/audit';
import { ApiError } from '../../lib/errors';
import { adminOnly, render } from '../render';
import type { ConsoleEnv } from '../session';

/**
 * The pg_dump and pg_restore commands for a PostgreSQL URL, with host, port, user and database filled in and
 * the password left out (pg_dump asks for it, or reads PGPASSWORD or ~/.pgpass).
 * @example pgDumpCommands('postgres://rapport:secret@db:5432/rapport').dump // 'pg_dump … rapport'
 */
export function pgDumpCommands(url: string): { dump: string; restore: string; database: string } {
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres';
  const quote = (v: string) => (/^[\w.@%+=:,/-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
  const conn = [
    u.hostname && `--host=${quote(decodeURIComponent(u.hostname))}`,
    u.port && `--port=${u.port}`,
    u.username && `--username=${quote(decodeURIComponent(u.username))}`,
  ].filter(Boolean);
  return {
    database,
    dump: ['pg_dump', '--format=custom', '--file=rapport-$(date +%F).dump', ...conn, quote(database)].join(
      ' ',
    ),
    restore: [
      'pg_restore',
      '--clean',
      '--if-exists',
      ...conn,
      `--dbname=${quote(database)}`,
      'rapport-YYYY-MM-DD.dump',
    ].join(' '),
  };
}

/** `/admin/backup`: on SQLite a download of a consistent online copy; on PostgreSQL the commands to run. */
export function backupPages(deps: Deps) {
  const { db, env, log } = deps;
  return (
    new Hono<ConsoleEnv>()
      // GET /admin/backup
      .get('/backup', (c) => {
        adminOnly(c);
        const t = c.var.lang.m.admin.backup;
        if (db.dialect === 'postgres') {
          const url = isPostgresUrl(env.RAPPORT_DATABASE_URL)
            ? env.RAPPORT_DATABASE_URL
            : 'postgres://localhost/rapport';
          const cmd = pgDumpCommands(url);
          return render(
            c,
            deps,
            { title: t.title, nav: 'backup' },
            <>
              <p>
                {t.pgBefore} <strong>{cmd.database}</strong>
                {t.pgMiddle} <code>pg_dump</code> {t.pgAfter} <code>PGPASSWORD</code> {t.pgOr}{' '}
                <code>~/.pgpass</code>):
              </p>
              <pre>{cmd.dump}</pre>
              <p>{t.restore}</p>
              <pre>{cmd.restore}</pre>
            </>,
          );
        }
        return render(
          c,
          deps,
          { title: t.title, nav: 'backup' },
          <>
            <p>{t.sqliteAbout}</p>
            <p>
              <a class="button" href="/admin/backup/download" download>
                {t.download}
              </a>
            </p>
            <p class="muted">
              {t.sqliteRestore} <code>pnpm rapport backup &lt;file&gt;</code>.
            </p>
          </>,
        );
      })
      // GET /admin/backup/download
      .get('/backup/download', async (c) => {
        const session = adminOnly(c);
        const { sqlite } = db;
        if (!sqlite) throw new ApiError(404, 'not_found', (m) => m.errors.console.backupSqliteOnly);
        const dir = await mkdtemp(join(tmpdir(), 'rapport-backup-'));
        const file = join(dir, 'rapport.db');
        try {
          // All pages in one step: a backup copied in slices restarts whenever the server writes.
          await sqlite.backup(file, { progress: () => 0x7fffffff });
          const handle = await open(file, 'r');
          const { size } = await handle.stat();
          // The open handle keeps the data readable; the file itself is gone before the first byte is sent.
          await rm(dir, { recursive: true, force: true });
          // A backup holds everything, password hashes included: who took one is worth knowing.
          await audit(db.kysely, {
            userId: session.actor.id,
            action: 'export',
            entity: 'data',
            entityId: 'backup',
            after: { bytes: size, dialect: 'sqlite' },
          });
          log.info('backup downloaded', { userId: session.actor.id, bytes: size });
          const stream = Readable.toWeb(handle.createReadStream()) as unknown as ReadableStream<Uint8Array>;
          const name = `rapport-${new Date().toISOString().slice(0, 10)}.db`;
          return new Response(stream, {
            headers: {
              'content-type': 'application/vnd.sqlite3',
              'content-length': String(size),
              'content-disposition': `attachment; filename="${name}"`,
              'cache-control': 'no-store',
            },
          });
        } catch (err) {
          await rm(dir, { recursive: true, force: true });
          throw err;
        }
      })
  );
}
