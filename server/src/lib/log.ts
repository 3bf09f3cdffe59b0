import type { Env } from '../env';

const LEVELS = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 } as const;
type Level = Exclude<keyof typeof LEVELS, 'silent'>;

export interface Logger {
  error(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
  info(msg: string, extra?: Record<string, unknown>): void;
  debug(msg: string, extra?: Record<string, unknown>): void;
}

/** Keys whose values never reach a log line, at any depth (`headers.authorization`, `cookie`, `csrf`). */
const SECRET_KEYS = /pass(word)?|token|secret|authorization|cookie|csrf/i;

/**
 * Secrets inside text (an error message, a URL): a bearer token, a `token=` query or form value, one of our
 * `rpt_` tokens, a `rapport_console=` cookie. The name stays, the value goes.
 */
const SECRET_TEXT: Array<[RegExp, string]> = [
  [/\b(Bearer\s+)[^\s"',;]+/gi, '$1[redacted]'],
  [/([?&;\s]token=)[^&#\s"',;]+/gi, '$1[redacted]'],
  [/\brpt_[A-Za-z0-9_-]{20,}/g, '[redacted]'],
  [/(rapport_console=)[^;\s"',]+/g, '$1[redacted]'],
];

/** A string with the secrets it holds replaced. */
export function redactText(text: string): string {
  let out = text;
  for (const [re, by] of SECRET_TEXT) out = out.replace(re, by);
  return out;
}

/** A log value with secrets removed: by key at any depth, and inside every string. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

/**
 * One-line JSON logs on stderr (stdout stays free for CLI output such as a printed token).
 * @example createLogger('info').info('listening', { port: 8787 })
 */
export function createLogger(
  level: Env['RAPPORT_LOG_LEVEL'],
  write: (line: string) => unknown = (line) => process.stderr.write(line),
): Logger {
  const max = LEVELS[level];
  const emit = (lvl: Level) => (msg: string, extra?: Record<string, unknown>) => {
    if (LEVELS[lvl] > max) return;
    write(
      `${JSON.stringify({ t: new Date().toISOString(), level: lvl, msg: redactText(msg), ...(extra ? (redact(extra) as Record<string, unknown>) : {}) })}\n`,
    );
  };
  return { error: emit('error'), warn: emit('warn'), info: emit('info'), debug: emit('debug') };
}
