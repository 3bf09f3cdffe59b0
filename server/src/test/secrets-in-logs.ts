import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The test run's logs and the secrets its helpers made (issue 8): every server the tests run writes its log
 * lines under `tests/.logs/` (in-process apps through `logWriter`, server processes their stderr through
 * `saveLog`), every helper that makes a token, password, session cookie or link secret records it with
 * `registerSecret`, and the global teardown (tests/setup/logs.ts) fails the run if any log holds any of them.
 */
export const LOG_DIR = fileURLToPath(new URL('../../../tests/.logs/', import.meta.url));
const SECRETS_FILE = (pid: number) => join(LOG_DIR, `secrets-${pid}.txt`);
/** Shorter values (`pw`, a role name) would match by chance; every real secret is longer. */
const MIN_SECRET_LENGTH = 10;
const seen = new Set<string>();

/** Records secrets a test made (null and short values are ignored). */
export function registerSecret(...values: Array<string | null | undefined>): void {
  const fresh = values.filter(
    (v): v is string => typeof v === 'string' && v.length >= MIN_SECRET_LENGTH && !seen.has(v),
  );
  if (fresh.length === 0) return;
  for (const v of fresh) seen.add(v);
  mkdirSync(LOG_DIR, { recursive: true });
  appendFileSync(SECRETS_FILE(process.pid), `${fresh.join('\n')}\n`);
}

/**
 * Records the secrets in an answer the tests received: fields named `token` or `password`, the `token` of
 * a link in a `url`, and every `rpt_…` token in a text (a console page shows a new token once).
 */
export function registerSecretsIn(value: unknown): void {
  if (typeof value === 'string') {
    registerSecret(...(value.match(/rpt_[A-Za-z0-9_-]{43}/g) ?? []));
    for (const m of value.matchAll(/[?&]token=([^&#"'\s<]+)/g))
      registerSecret(decodeURIComponent(m[1] ?? ''));
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) registerSecretsIn(v);
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (/^(token|password)$/i.test(k) && typeof v === 'string') registerSecret(v);
      else registerSecretsIn(v);
    }
  }
}

/** A logger's `write` that appends to `tests/.logs/<name>` (in-process apps). */
export function logWriter(name: string): (line: string) => void {
  mkdirSync(LOG_DIR, { recursive: true });
  const file = join(LOG_DIR, name);
  return (line) => appendFileSync(file, line);
}

/** Saves what a server process logged (its stderr) as `tests/.logs/<name>`. */
export function saveLog(name: string, text: string): void {
  if (!text) return;
  mkdirSync(LOG_DIR, { recursive: true });
  appendFileSync(join(LOG_DIR, name), text);
}

/** Empties the folder at the start of a run. */
export function clearLogs(): void {
  rmSync(LOG_DIR, { recursive: true, force: true });
  mkdirSync(LOG_DIR, { recursive: true });
}

/** Every registered secret found in a log of this run, as `file: first characters…` (never the whole secret). */
export function leaks(): { checkedLogs: number; secrets: number; found: string[] } {
  let files: string[] = [];
  try {
    files = readdirSync(LOG_DIR);
  } catch {
    return { checkedLogs: 0, secrets: 0, found: [] };
  }
  const secrets = new Set(
    files
      .filter((f) => f.startsWith('secrets-'))
      .flatMap((f) => readFileSync(join(LOG_DIR, f), 'utf8').split('\n'))
      .filter((s) => s.length >= MIN_SECRET_LENGTH),
  );
  const logs = files.filter((f) => f.endsWith('.log'));
  const found: string[] = [];
  for (const f of logs) {
    const text = readFileSync(join(LOG_DIR, f), 'utf8');
    for (const s of secrets) if (text.includes(s)) found.push(`${f}: ${s.slice(0, 6)}…`);
  }
  return { checkedLogs: logs.length, secrets: secrets.size, found };
}
