import type { Env } from '../env';

const LEVELS = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 } as const;
type Level = Exclude<keyof typeof LEVELS, 'silent'>;

export interface Logger {
  error(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
  info(msg: string, extra?: Record<string, unknown>): void;
  debug(msg: string, extra?: Record<string, unknown>): void;
}

/** Keys whose values never reach a log line. */
const SECRET_KEYS = /pass(word)?|token|secret|authorization|cookie/i;

function redact(extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(extra)) out[k] = SECRET_KEYS.test(k) ? '[redacted]' : v;
  return out;
}

/**
 * One-line JSON logs on stderr (stdout stays free for CLI output such as a printed token).
 * @example createLogger('info').info('listening', { port: 8787 })
 */
export function createLogger(
  level: Env['RAPPORT_LOG_LEVEL'],
  write = (line: string) => process.stderr.write(line),
): Logger {
  const max = LEVELS[level];
  const emit = (lvl: Level) => (msg: string, extra?: Record<string, unknown>) => {
    if (LEVELS[lvl] > max) return;
    write(
      `${JSON.stringify({ t: new Date().toISOString(), level: lvl, msg, ...(extra ? redact(extra) : {}) })}\n`,
    );
  };
  return { error: emit('error'), warn: emit('warn'), info: emit('info'), debug: emit('debug') };
}
