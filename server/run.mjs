// Runs the Rapport command line (src/cli.ts) as one JavaScript module built from the sources: `pnpm rapport …`
// and `npm start` come through here. Compiled once rather than through tsx's loader on every start, the
// server has no loader thread beside it (about 50 MB less memory) and none of its per-module work
// (docs/performance.md). The module is rebuilt when a source is newer than it, in well under a second.
// Dependencies stay in node_modules; only our own code (server/src, shared/src) goes into the module.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SERVER = dirname(fileURLToPath(import.meta.url));
const SOURCES = [join(SERVER, 'src'), join(SERVER, '..', 'shared', 'src'), join(SERVER, 'package.json')];
const OUT = join(SERVER, 'dist', 'rapport.mjs');

/** The newest modification time under these paths (test files aside). */
function newest(paths) {
  let latest = 0;
  for (const path of paths) {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      latest = Math.max(
        latest,
        newest(
          readdirSync(path)
            .filter((name) => !name.includes('.test.'))
            .map((name) => join(path, name)),
        ),
      );
    } else latest = Math.max(latest, stat.mtimeMs);
  }
  return latest;
}

function builtAt() {
  try {
    return statSync(OUT).mtimeMs;
  } catch {
    return -1;
  }
}

/** Bundles src/cli.ts into dist/rapport.mjs: written under another name first, so a run never reads half of it. */
async function build() {
  const { buildSync } = await import('esbuild');
  const pkg = JSON.parse(readFileSync(join(SERVER, 'package.json'), 'utf8'));
  const external = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }).filter(
    (name) => !name.startsWith('@rapport/'),
  );
  const result = buildSync({
    entryPoints: [join(SERVER, 'src', 'cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // pg's optional native binding, never installed
    external: [...external, 'pg-native'],
    // Names as written: errors and logs name their classes
    keepNames: true,
    write: false,
    logLevel: 'error',
    absWorkingDir: SERVER,
  });
  const [file] = result.outputFiles;
  mkdirSync(dirname(OUT), { recursive: true });
  const temporary = `${OUT}.${process.pid}`;
  writeFileSync(temporary, file.contents);
  renameSync(temporary, OUT);
}

// `node run.mjs --build` (`pnpm --filter @rapport/server build`) only builds: for an installation whose code
// the service cannot write (deploy/rapport.service), after installing or upgrading.
const buildOnly = process.argv[2] === '--build';
if (buildOnly || builtAt() < newest(SOURCES)) {
  try {
    await build();
  } catch (err) {
    if (err?.code !== 'EACCES' && err?.code !== 'EROFS' && err?.code !== 'EPERM') throw err;
    process.stderr.write(
      `Error: cannot write ${OUT} (${err.code}): the sources are newer than it. As the owner of the code, run ` +
        '`pnpm --filter @rapport/server build` after installing or upgrading Rapport (docs/self-hosting.md).\n',
    );
    process.exit(1);
  }
}
if (!buildOnly) await import(pathToFileURL(OUT).href);
