// `npm start` and `npm test` on a machine with only Node and npm: installs the pinned pnpm and the
// dependencies when they are missing or stale, then serves Rapport or runs every check.
// Plain Node, no dependencies: it runs before anything is installed.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TOOLS = join(ROOT, '.tools');
const STAMP = join(ROOT, 'node_modules', '.rapport-install-stamp');
const WINDOWS = process.platform === 'win32';
/** The pnpm version the lockfile was written with, from package.json's `packageManager` (pnpm@X.Y.Z). */
const PNPM_VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).packageManager.split(
  '@',
)[1];

/** Debian's Chromium, which the browser tests (tests/e2e) drive; see tests/e2e/harness.ts. */
const CHROMIUM = '/usr/bin/chromium';
const INSTALL_CHROMIUM = 'apt-get install -y chromium';

const TASKS = {
  start: [
    {
      name: 'build extension',
      args: ['--filter', '@rapport/extension', 'build'],
      after: () =>
        console.log(
          `\nThe extension is built. Load it in Chrome or Chromium: chrome://extensions → Developer mode → Load unpacked → ${join(ROOT, 'extension', '.output', 'chrome-mv3')}`,
        ),
    },
    { name: 'serve', args: ['--silent', 'rapport', 'serve'] },
  ],
  test: [
    { name: 'typecheck', args: ['typecheck'] },
    { name: 'lint', args: ['lint'] },
    { name: 'build extension', args: ['--filter', '@rapport/extension', 'build'] },
    {
      name: 'unit, integration and browser tests',
      args: ['exec', 'vitest', 'run'],
      // The step before built the extension; the e2e global setup then only checks it is there.
      env: { RAPPORT_E2E_PREBUILT: '1' },
    },
  ],
};

const task = process.argv[2];
if (!(task in TASKS)) {
  console.error(`Usage: node scripts/bootstrap.mjs <${Object.keys(TASKS).join('|')}>`);
  process.exit(2);
}

const env = { ...process.env };
// better-sqlite3 compiles from source here; with the installed Node headers node-gyp needs no download.
if (nodeHeadersMatch('/usr')) env.npm_config_nodedir = '/usr';

// Before anything slow, so a missing browser stops the run at once rather than after the typecheck.
if (task === 'test') ensureChromium();
const pnpm = ensurePnpm();
installDependencies(pnpm);
for (const step of TASKS[task]) {
  announce(`${step.name}: pnpm ${step.args.join(' ')}`);
  const { code, interrupted } = await run(pnpm, step.args, step.env);
  if (interrupted && task === 'start') {
    // Ctrl-C or SIGTERM is how a server is meant to stop; pnpm reports it as a failure, it is not one.
    console.log('\nRapport stopped.');
    process.exit(0);
  }
  if (code !== 0) {
    console.error(`\n✖ ${step.name} failed (exit code ${code})`);
    process.exit(code);
  }
  step.after?.();
}
if (task === 'test') console.log('\n✔ typecheck, lint and all tests (browser tests included) passed');

/** Prints a step's name so a long log shows where it is. */
function announce(text) {
  console.log(`\n▶ ${text}`);
}

/**
 * The browser tests need Debian's Chromium and are never skipped. Where it is missing: as root with apt-get
 * (CI, containers), install it; otherwise stop with the command to run.
 */
function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (root && apt) {
    announce(`installing Chromium for the browser tests: apt-get update && ${INSTALL_CHROMIUM}`);
    const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update'], { env: aptEnv, stdio: 'inherit' });
    const install =
      update.status === 0
        ? spawnSync('apt-get', ['install', '-y', 'chromium'], { env: aptEnv, stdio: 'inherit' })
        : update;
    if (install.status === 0 && existsSync(CHROMIUM)) return;
    console.error(
      install.status === 0
        ? `\n✖ apt-get installed chromium, but there is still no ${CHROMIUM}.`
        : `\n✖ Installing Chromium failed (exit code ${install.status ?? 1}).`,
    );
  }
  console.error(
    `\n✖ The browser tests need Chromium at ${CHROMIUM}, and it is missing. Install it${root ? '' : ' as root (e.g. with sudo)'}:\n\n` +
      `  ${INSTALL_CHROMIUM}\n\n` +
      'then run npm test again.',
  );
  process.exit(1);
}

/** True when `<dir>/include/node/node.h` exists and is the running Node's major version. */
function nodeHeadersMatch(dir) {
  const versionFile = join(dir, 'include', 'node', 'node_version.h');
  if (!existsSync(join(dir, 'include', 'node', 'node.h')) || !existsSync(versionFile)) return false;
  const major = /#define NODE_MAJOR_VERSION (\d+)/.exec(readFileSync(versionFile, 'utf8'))?.[1];
  return major === process.versions.node.split('.')[0];
}

/** The version a pnpm binary reports, or null when it is missing or broken. */
function versionOf(command) {
  const res = spawnSync(command, ['--version'], { cwd: ROOT, env, encoding: 'utf8', shell: WINDOWS });
  return res.status === 0 ? (res.stdout.trim().split('\n').pop() ?? null) : null;
}

/**
 * Finds pnpm at the pinned version: on PATH, in ./.tools, else installs it globally with npm, or into
 * ./.tools when a global install is not allowed (no root). Returns the command to run it with.
 */
function ensurePnpm() {
  const local = join(TOOLS, 'node_modules', '.bin', WINDOWS ? 'pnpm.cmd' : 'pnpm');
  const useLocal = () => {
    // Scripts in package.json call `pnpm` by name, so the local one must come first on PATH.
    env.PATH = `${join(TOOLS, 'node_modules', '.bin')}${delimiter}${env.PATH ?? ''}`;
    return local;
  };
  if (versionOf('pnpm') === PNPM_VERSION) return 'pnpm';
  if (existsSync(local) && versionOf(local) === PNPM_VERSION) return useLocal();

  announce(`installing pnpm ${PNPM_VERSION}`);
  const npm = WINDOWS ? 'npm.cmd' : 'npm';
  const npmOpts = { cwd: ROOT, env, stdio: 'inherit', shell: WINDOWS };
  const global = spawnSync(npm, ['install', '--global', '--save-exact', `pnpm@${PNPM_VERSION}`], npmOpts);
  if (global.status === 0 && versionOf('pnpm') === PNPM_VERSION) return 'pnpm';

  console.log(`A global install was not possible; installing pnpm ${PNPM_VERSION} into ./.tools instead.`);
  const inTools = spawnSync(
    npm,
    ['install', '--prefix', TOOLS, '--save-exact', `pnpm@${PNPM_VERSION}`],
    npmOpts,
  );
  if (inTools.status === 0 && versionOf(local) === PNPM_VERSION) return useLocal();
  console.error(
    `✖ Could not install pnpm ${PNPM_VERSION}; install it yourself (npm i -g pnpm@${PNPM_VERSION}).`,
  );
  process.exit(1);
}

/** The workspace's package folders, from pnpm-workspace.yaml (plain paths and `dir/*` globs). */
function workspacePackages() {
  const lines = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8').split('\n');
  const start = lines.findIndex((l) => /^packages:\s*$/.test(l));
  const dirs = [];
  for (const line of lines.slice(start + 1)) {
    const item = /^\s+-\s+['"]?([^'"#\s]+)/.exec(line);
    if (!item) {
      if (/^\S/.test(line)) break;
      continue;
    }
    const pattern = item[1] ?? '';
    if (pattern.endsWith('/*')) {
      const parent = pattern.slice(0, -2);
      for (const d of readdirSync(join(ROOT, parent), { withFileTypes: true })) {
        if (d.isDirectory()) dirs.push(`${parent}/${d.name}`);
      }
    } else {
      dirs.push(pattern);
    }
  }
  return dirs;
}

/** What node_modules was installed from: the lockfile, every manifest, pnpm and the Node ABI (native addons). */
function installFingerprint() {
  const hash = createHash('sha256');
  hash.update(
    `pnpm ${PNPM_VERSION} node-abi ${process.versions.modules} ${process.platform}-${process.arch}\n`,
  );
  const files = ['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'package.json'];
  for (const dir of workspacePackages()) files.push(join(dir, 'package.json'));
  for (const file of files) {
    const path = join(ROOT, file);
    hash.update(`${file}\n`);
    hash.update(existsSync(path) ? readFileSync(path) : 'missing');
  }
  return hash.digest('hex');
}

/** `pnpm install --frozen-lockfile`, skipped when node_modules was installed from these same files. */
function installDependencies(pnpmCommand) {
  const fingerprint = installFingerprint();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === fingerprint) return;
  announce('installing dependencies: pnpm install --frozen-lockfile');
  const res = spawnSync(pnpmCommand, ['install', '--frozen-lockfile'], {
    cwd: ROOT,
    env,
    stdio: 'inherit',
    shell: WINDOWS,
  });
  if (res.status !== 0) {
    console.error(`\n✖ pnpm install failed (exit code ${res.status ?? 1})`);
    process.exit(res.status || 1);
  }
  writeFileSync(STAMP, `${fingerprint}\n`);
}

/**
 * Runs pnpm with inherited stdio (and `extraEnv` on top of the environment), passing Ctrl-C and SIGTERM
 * on; resolves to its exit code and whether this process was asked to stop meanwhile.
 */
function run(pnpmCommand, args, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(pnpmCommand, args, {
      cwd: ROOT,
      env: { ...env, ...extraEnv },
      stdio: 'inherit',
      shell: WINDOWS,
    });
    let interrupted = false;
    const forward = (signal) => {
      interrupted = true;
      if (child.exitCode === null) child.kill(signal);
    };
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of signals) process.on(s, forward);
    child.on('error', (err) => {
      console.error(`✖ could not run pnpm: ${err.message}`);
      resolve({ code: 1, interrupted });
    });
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      resolve({ code: code ?? (signal === 'SIGINT' ? 130 : 143), interrupted });
    });
  });
}
