import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ROOT, tempDir } from '../api/cli-process';

/*
 * What `pnpm zip` hands to the stores, and `web-ext lint` on the Firefox build (docs/browsers.md). One run of
 * the root `pnpm zip` (a Chrome and a Firefox build, their zips and Firefox's sources zip) into a temporary
 * folder, so the build the browser tests load in extension/.output is never touched; every check below reads
 * that one run.
 */

const out = tempDir();
const VERSION = JSON.parse(readFileSync(join(ROOT, 'extension', 'package.json'), 'utf8')).version as string;
const ZIPS = {
  chrome: join(out.dir, `rapport-${VERSION}-chrome.zip`),
  firefox: join(out.dir, `rapport-${VERSION}-firefox.zip`),
  sources: join(out.dir, `rapport-${VERSION}-sources.zip`),
};
const FIREFOX_DIR = join(out.dir, 'firefox-mv3');
const CHROME_DIR = join(out.dir, 'chrome-mv3');

/**
 * Warnings `web-ext lint` gives that are not ours to fix, each with the code it must point at (a new
 * warning, or one of these anywhere else, fails). docs/browsers.md says why each is harmless.
 */
const ALLOWED_WARNINGS: Record<string, { where: RegExp; why: string }> = {
  UNSAFE_VAR_ASSIGNMENT: {
    where: /\.innerHTML=\w+\.__html/,
    why: "Preact's dangerouslySetInnerHTML branch, which Rapport never uses",
  },
  DANGEROUS_EVAL: { where: /try\{return Function\(``\)/, why: "zod's probe for whether eval is allowed" },
};

interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

function run(command: string, args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(command, args, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 32 * 1024 * 1024,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, error: res.error };
}

/** The entries of a zip file by name, read from its central directory (no dependency needed). */
function readZip(path: string): Map<string, () => Buffer> {
  const zip = readFileSync(path);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${path} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, () => Buffer>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, () => {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return method === 8 ? inflateRawSync(data) : Buffer.from(data);
    });
    at += 46 + nameLength + extra;
  }
  return entries;
}

function files(entries: Map<string, () => Buffer>): string[] {
  return [...entries.keys()].filter((name) => !name.endsWith('/'));
}

function json(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8'));
}

type Manifest = Record<string, unknown> & {
  browser_specific_settings?: {
    gecko?: {
      id?: string;
      strict_min_version?: string;
      data_collection_permissions?: { required?: string[] };
    };
  };
  storage?: { managed_schema?: string };
  background?: { scripts?: string[]; service_worker?: string };
};

beforeAll(() => {
  const res = run('pnpm', ['zip'], { RAPPORT_EXTENSION_OUT_DIR: out.dir });
  if (res.status !== 0) {
    throw new Error(
      `pnpm zip failed (exit ${res.status ?? res.error?.message}):\n${res.stdout}\n${res.stderr}`,
    );
  }
}, 300_000);
afterAll(() => out.cleanup());

describe('web-ext lint on the Firefox build', () => {
  let report: { errors: LintMessage[]; warnings: LintMessage[]; notices: LintMessage[] };

  beforeAll(() => {
    const res = run('pnpm', [
      '--silent',
      '--filter',
      '@rapport/extension',
      'exec',
      'web-ext',
      'lint',
      '--source-dir',
      FIREFOX_DIR,
      '--output',
      'json',
      '--no-config-discovery',
    ]);
    const start = res.stdout.indexOf('{');
    if (start < 0) throw new Error(`web-ext lint printed no report:\n${res.stdout}\n${res.stderr}`);
    report = JSON.parse(res.stdout.slice(start));
  }, 120_000);

  it('should report no errors', () => {
    expect(report.errors.map((e) => `${e.code} ${e.file ?? ''}: ${e.message}`)).toEqual([]);
  });

  it('should warn only where a bundled library does what docs/browsers.md explains', () => {
    const unexplained = report.warnings.filter((w) => {
      const allowed = ALLOWED_WARNINGS[w.code];
      if (!allowed || !w.file || !w.line) return true;
      const line = readFileSync(join(FIREFOX_DIR, w.file), 'utf8').split('\n')[w.line - 1] ?? '';
      const column = w.column ?? 0;
      return !allowed.where.test(line.slice(Math.max(0, column - 60), column + 60));
    });
    expect(unexplained.map((w) => `${w.code} ${w.file}:${w.line}:${w.column} ${w.message}`)).toEqual([]);
    expect(report.notices).toEqual([]);
  });
});

describe('the manifests', () => {
  it('should give Firefox its add-on id, minimum version and data collection, and no Chrome policy schema', () => {
    const manifest = json(join(FIREFOX_DIR, 'manifest.json')) as Manifest;
    const gecko = manifest.browser_specific_settings?.gecko;
    expect(gecko?.id).toBe('rapport@rapport.invalid');
    expect(gecko?.strict_min_version).toBe('140.0');
    expect(gecko?.data_collection_permissions?.required).toContain('personallyIdentifyingInfo');
    expect(gecko?.data_collection_permissions?.required).not.toContain('none');
    expect(manifest.background).toEqual({ scripts: ['background.js'] });
    expect(manifest.storage).toBeUndefined();
    expect(existsSync(join(FIREFOX_DIR, 'schema.json'))).toBe(false);
  });

  it('should give Chrome a policy schema by its rules, and no Firefox settings', () => {
    const manifest = json(join(CHROME_DIR, 'manifest.json')) as Manifest;
    expect(manifest.browser_specific_settings).toBeUndefined();
    expect(manifest.background).toEqual({ service_worker: 'background.js' });
    expect(manifest.storage?.managed_schema).toBe('schema.json');
    // Chrome refuses to load an extension whose schema breaks these (developer.chrome.com, manifest "storage").
    const schema = json(join(CHROME_DIR, 'schema.json')) as {
      type: string;
      additionalProperties?: unknown;
      properties: Record<string, { type?: string; $ref?: string }>;
    };
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBeUndefined();
    for (const property of Object.values(schema.properties)) {
      expect(Number('type' in property) + Number('$ref' in property)).toBe(1);
    }
    expect(schema.properties.serverUrl?.type).toBe('string');
    expect(schema.properties.lockServerUrl?.type).toBe('boolean');
  });

  it('should give both builds the same strict policy for extension pages: scripts from the package only', () => {
    for (const dir of [CHROME_DIR, FIREFOX_DIR]) {
      const manifest = json(join(dir, 'manifest.json')) as {
        content_security_policy?: { extension_pages?: string };
      };
      const csp = manifest.content_security_policy?.extension_pages ?? '';
      const directives = new Map(
        csp.split(';').map((d) => {
          const [name = '', ...values] = d.trim().split(/\s+/);
          return [name, values] as const;
        }),
      );
      expect(directives.get('script-src'), dir).toEqual(["'self'"]);
      expect(directives.get('object-src'), dir).toEqual(["'none'"]);
      expect(directives.get('base-uri'), dir).toEqual(["'none'"]);
      expect(directives.get('default-src'), dir).toEqual(["'self'"]);
      expect(csp, dir).not.toMatch(/unsafe-|wasm|upgrade-insecure-requests|\*/);
    }
  });

  it('should name the extension in English and Italian, with the same keys', () => {
    const manifest = json(join(CHROME_DIR, 'manifest.json'));
    expect(manifest).toMatchObject({
      default_locale: 'en',
      name: '__MSG_extensionName__',
      description: '__MSG_extensionDescription__',
    });
    const en = json(join(CHROME_DIR, '_locales', 'en', 'messages.json')) as Record<
      string,
      { message: string }
    >;
    const it = json(join(CHROME_DIR, '_locales', 'it', 'messages.json')) as Record<
      string,
      { message: string }
    >;
    expect(Object.keys(it).sort()).toEqual(Object.keys(en).sort());
    expect(en.extensionName?.message).toBe('Rapport');
    expect(it.extensionDescription?.message).not.toBe(en.extensionDescription?.message);
    // The stores cut a description at 132 characters.
    for (const messages of [en, it])
      expect(messages.extensionDescription?.message.length).toBeLessThanOrEqual(132);
  });
});

describe('pnpm zip', () => {
  it('should write exactly the two store packages and the Firefox sources', () => {
    expect(
      readdirSync(out.dir)
        .filter((name) => name.endsWith('.zip'))
        .sort(),
    ).toEqual(
      Object.values(ZIPS)
        .map((path) => path.slice(out.dir.length + 1))
        .sort(),
    );
  });

  it.each(['chrome', 'firefox'] as const)(
    'should pack the %s build as built, manifest at the top',
    (browser) => {
      const zip = readZip(ZIPS[browser]);
      const dir = browser === 'chrome' ? CHROME_DIR : FIREFOX_DIR;
      const manifest = zip.get('manifest.json');
      expect(manifest, 'no manifest.json at the top of the zip').toBeDefined();
      expect(JSON.parse(manifest?.().toString('utf8') ?? '{}')).toEqual(json(join(dir, 'manifest.json')));
      expect(files(zip)).toContain('icon/128.png');
      expect(files(zip).filter((name) => /\.map$|node_modules|(^|\/)\./.test(name))).toEqual([]);
    },
  );

  it('should hold what a reviewer needs to rebuild Firefox, and nothing private or unrelated', () => {
    const names = files(readZip(ZIPS.sources));
    for (const needed of [
      'package.json',
      'pnpm-lock.yaml',
      'pnpm-workspace.yaml',
      'README.md',
      'docs/browsers.md',
      'extension/package.json',
      'extension/wxt.config.ts',
      'extension/entrypoints/background.ts',
      'shared/package.json',
      'shared/src/index.ts',
    ]) {
      expect(names).toContain(needed);
    }
    const unwanted = names.filter((name) =>
      /(^|\/)(node_modules|\.git|\.output|\.wxt|\.env)(\/|$)|(^|\/)\.|^(server|tests|data|deploy)\/|\.(test|spec)\.tsx?$|\.db$|\.zip$/.test(
        name,
      ),
    );
    expect(unwanted).toEqual([]);
  });
});
