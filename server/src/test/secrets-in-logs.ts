import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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

/**
 * Removes what earlier runs left, at the start of a run: files older than this (the runner's) process. What
 * another project's global setup of this run wrote already stays.
 */
export function clearLogs(): void {
  mkdirSync(LOG_DIR, { recursive: true });
  const started = Date.now() - process.uptime() * 1000;
  for (const name of readdirSync(LOG_DIR)) {
    const path = join(LOG_DIR, name);
    if (statSync(path).mtimeMs < started) rmSync(path, { force: true });
  }
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
  // Tokens, cookie values and most passwords are one word of [A-Za-z0-9_-] (base64url, hex): found by a set
  // of the logs' words, as a whole run holds tens of thousands of them. The rest (a password with spaces) are
  // few and looked for in the text.
  const WORD = /[A-Za-z0-9_-]+/g;
  const words = [...secrets].filter((s) => /^[A-Za-z0-9_-]+$/.test(s));
  const phrases = [...secrets].filter((s) => !/^[A-Za-z0-9_-]+$/.test(s));
  const found: string[] = [];
  for (const f of logs) {
    const text = readFileSync(join(LOG_DIR, f), 'utf8');
    const inLog = new Set(text.match(WORD));
    for (const s of words) if (inLog.has(s)) found.push(`${f}: ${s.slice(0, 6)}…`);
    for (const s of phrases) if (text.includes(s)) found.push(`${f}: ${s.slice(0, 6)}…`);
  }
  return { checkedLogs: logs.length, secrets: secrets.size, found };
}
