import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { serve } from '@hono/node-server';

import { type App, createApp } from './app';
import { ensureSetupToken } from './auth/setup';
import { createDb, isPostgresUrl } from './db/create-db';
import { migrateToLatest } from './db/migrate';
import type { Env } from './env';
import { createLogger } from './lib/log';
import { type RetentionJob, startRetentionJob } from './lib/retention-job';

/** How long open requests get to finish after SIGINT/SIGTERM before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/** A start-up failure the person starting the server can fix (the port is taken); shown without a stack. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export interface RunningServer {
  /** The address people reach the server at, e.g. `http://localhost:8787`. */
  url: string;
  /** Stops accepting connections, lets open requests finish, then closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the database, brings it to the latest migration, prints the one-time setup link while no user
 * exists, and serves the app until SIGINT/SIGTERM. `RAPPORT_DATABASE_URL` must already be resolved (the CLI
 * resolves relative SQLite paths against the directory the command was run from).
 * @example await startServer(loadEnv())
 */
export async function startServer(env: Env): Promise<RunningServer> {
  const log = createLogger(env.RAPPORT_LOG_LEVEL);
  const statementTimeoutMs = env.RAPPORT_DB_STATEMENT_TIMEOUT_MS || undefined;
  // Migrations may take longer than a request's statement limit (one rebuilt a column of every search
  // document), and wait on the migration lock while another instance migrates: on PostgreSQL they run first,
  // on connections of their own without the limit (as `rapport migrate` does).
  let migrated: string[] | null = null;
  if (statementTimeoutMs && isPostgresUrl(env.RAPPORT_DATABASE_URL)) {
    const migrating = await createDb({ url: env.RAPPORT_DATABASE_URL, poolSize: 2 });
    try {
      migrated = await migrateToLatest(migrating);
    } finally {
      await migrating.close();
    }
  }
  const db = await createDb({ url: env.RAPPORT_DATABASE_URL, statementTimeoutMs });
  let server: ReturnType<typeof serve>;
  let url: string;
  let retention: RetentionJob;
  try {
    const applied = migrated ?? (await migrateToLatest(db));
    if (applied.length > 0) log.info('migrations applied', { migrations: applied });
    const setupToken = await ensureSetupToken(db.kysely);
    const app = createApp({ db, env, log });
    const listening = await listen(app, env);
    server = listening.server;
    url = `http://${displayHost(env.HOST)}:${listening.port}`;
    if (setupToken) {
      const base = env.RAPPORT_PUBLIC_URL?.replace(/\/+$/, '') ?? url;
      process.stdout.write(setupBanner(`${base}/setup?token=${setupToken}`));
    }
    process.stdout.write(`Rapport is listening on ${url} (database ${db.label})\n`);
    log.info('listening', { port: listening.port, host: env.HOST ?? null, database: db.label });
    // Touch retention (docs/privacy.md): on start, then daily.
    retention = startRetentionJob({ db, log });
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      const force = setTimeout(() => {
        log.warn('requests still open after the grace period; closing them', { graceMs: SHUTDOWN_GRACE_MS });
        if ('closeAllConnections' in server) server.closeAllConnections();
      }, SHUTDOWN_GRACE_MS);
      force.unref();
      await retention.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      clearTimeout(force);
      await db.close();
      log.info('stopped');
    })();
    return closing;
  };

  // A Ctrl-C in a terminal reaches every process of the chain (npm, pnpm, tsx, us) and some relay it once
  // more, so further signals during shutdown are ignored rather than treated as "force quit".
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    log.info('shutting down', { signal });
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('shutdown failed', { error: String(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  return { url, close };
}

/** Listens on PORT (and HOST); rejects with a readable message when the port is taken. */
function listen(app: App, env: Env) {
  return new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve, reject) => {
    const options = {
      fetch: app.fetch,
      port: env.PORT,
      ...(env.HOST ? { hostname: env.HOST } : {}),
      // The lookup is answered below Hono when it can be (lookup-listener.ts); everything else by the app.
      createServer: ((serverOptions, appListener) =>
        createServer(serverOptions, (req, res) =>
          app.lookupListener(req, res, () => appListener?.(req, res)),
        )) as typeof createServer,
    };
    const server = serve(options, (info) => {
      server.off('error', onError);
      resolve({ server, port: (info as AddressInfo).port });
    });
    const onError = (err: NodeJS.ErrnoException) => {
      const where = `${env.HOST ?? 'all interfaces'} port ${env.PORT}`;
      reject(
        new StartupError(
          err.code === 'EADDRINUSE'
            ? `Port ${env.PORT} is already in use; stop the other process or set PORT to a free port`
            : `Cannot listen on ${where}: ${err.message}`,
        ),
      );
    };
    server.once('error', onError);
  });
}

function displayHost(host: string | undefined): string {
  if (!host || host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

function setupBanner(link: string): string {
  const line = '='.repeat(78);
  return [
    '',
    line,
    'Rapport has no users yet. Create the first administrator by opening this link',
    '(it works once; a new one is printed at each start until an administrator exists):',
    '',
    `  ${link}`,
    '',
    'Or, from a terminal in the repository:',
    '',
    '  pnpm rapport user create --role admin --email you@example.com --name "Your Name" --password "…"',
    line,
    '',
    '',
  ].join('\n');
}
