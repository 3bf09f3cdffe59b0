import { parseArgs } from 'node:util';

import { backup } from './cli/backup';
import { CliError, type Command, createContext, describeDbError } from './cli/common';
import { demo } from './cli/demo';
import { exportCommand } from './cli/export';
import { importCommand } from './cli/import';
import { personErase, personExport, retentionApply } from './cli/person';
import { tokenCreate, tokenList, tokenRevoke } from './cli/token';
import { userCreate, userDeactivate, userList } from './cli/user';
import { migrateToLatest } from './db/migrate';

/**
 * `pnpm rapport <command>`: run, migrate and administer a Rapport server. Output meant for scripts (an id,
 * a token) goes to stdout alone; messages go to stderr. Exit codes: 0 done, 1 failed, 2 wrong usage.
 */

const serve: Command = {
  name: 'serve',
  summary: 'Run the server (applies migrations first)',
  usage: 'serve',
  help: `Applies pending migrations, then serves Rapport on PORT (default 8787). While no user exists it
prints a one-time link to create the first admin. Stops cleanly on Ctrl-C or SIGTERM.

Configuration comes from the environment: PORT, HOST, RAPPORT_DATABASE_URL, RAPPORT_PUBLIC_URL, … (README.md).`,
  options: {},
  async run(ctx) {
    // Loaded here so the other commands don't pay for loading the whole HTTP app.
    const { startServer } = await import('./index');
    await startServer(ctx.env());
  },
};

const migrate: Command = {
  name: 'migrate',
  summary: 'Apply pending database migrations',
  usage: 'migrate',
  help: `Brings the database named by RAPPORT_DATABASE_URL to the latest schema. "serve" does this on start
too; run it yourself before a deployment or to check a database. Safe to run while a server runs.`,
  options: {},
  async run(ctx) {
    const db = await ctx.openDb({ migrate: false, create: true });
    try {
      const applied = await migrateToLatest(db);
      process.stdout.write(
        applied.length === 0
          ? `${db.label} is up to date.\n`
          : `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'} to ${db.label}:\n${applied.map((m) => `  ${m}\n`).join('')}`,
      );
    } finally {
      await db.close();
    }
  },
};

const COMMANDS: Command[] = [
  serve,
  migrate,
  userCreate,
  userList,
  userDeactivate,
  tokenCreate,
  tokenList,
  tokenRevoke,
  backup,
  demo,
  exportCommand,
  importCommand,
  personExport,
  personErase,
  retentionApply,
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return `Usage: pnpm rapport <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`).join('\n')}

Run "pnpm rapport <command> --help" for a command's options.
The database is RAPPORT_DATABASE_URL (default file:./data/rapport.db, relative to where you run the command).
`;
}

const commandHelp = (c: Command) => `Usage: pnpm rapport ${c.usage}\n\n${c.help}\n`;

/** Finds the command named by the first one or two words; the rest are its arguments. */
function resolve(argv: string[]): { command: Command; rest: string[] } | null {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(' ');
    const command = COMMANDS.find((c) => c.name === name);
    if (command) return { command, rest: argv.slice(words) };
  }
  return null;
}

async function main(argv: string[]): Promise<number> {
  const [first, ...more] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const target = more.length > 0 ? resolve(more) : null;
    process.stdout.write(target ? commandHelp(target.command) : overview());
    return 0;
  }
  const found = resolve(argv);
  if (!found) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
    if (group.length > 0 && (more[0] === undefined || more[0] === '--help' || more[0] === '-h')) {
      process.stdout.write(`Usage:\n${group.map((c) => `  pnpm rapport ${c.usage}`).join('\n')}\n`);
      return more[0] === undefined ? 2 : 0;
    }
    const what = group.length > 0 ? `${first} ${more[0]}` : first;
    throw new CliError(`Unknown command "${what}".\n\n${overview()}`, 2);
  }
  const { command, rest } = found;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: (command.positionals ?? 0) > 0,
      strict: true,
    });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\nUsage: pnpm rapport ${command.usage}`, 2);
  }
  if (parsed.values.help) {
    process.stdout.write(commandHelp(command));
    return 0;
  }
  if (parsed.positionals.length > (command.positionals ?? 0)) {
    throw new CliError(`Too many arguments. Usage: pnpm rapport ${command.usage}`, 2);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  await command.run(createContext(values, parsed.positionals));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const expected =
      err instanceof CliError || (err instanceof Error && err.name === 'StartupError')
        ? err.message
        : describeDbError(err);
    if (expected !== null) {
      process.stderr.write(`Error: ${expected}\n`);
    } else {
      // A bug, not a mistake of the person typing: keep the stack for the report.
      process.stderr.write(
        `Unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
    }
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
  },
);
