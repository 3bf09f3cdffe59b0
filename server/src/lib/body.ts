import type { IncomingMessage } from 'node:http';

/**
 * Whether JSON text holds a NUL character (`\u0000` not itself escaped): PostgreSQL cannot store one in text,
 * and SQLite would keep what a move to PostgreSQL then refuses, so the API refuses it on both.
 * @example hasNul('{"name":"a\\u0000b"}') // true
 */
export function hasNul(json: string): boolean {
  return json.includes('\\u0000') && /(?:^|[^\\])(?:\\\\)*\\u0000/.test(json);
}

/** A content type whose body the API reads as JSON. */
export const JSON_BODY = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * The body a node:http listener read before it handed the request on to the app (lookup-listener.ts): its
 * text, or null when it was larger than the limit. The app reads it from here rather than from the socket.
 */
const READ = Symbol('rapport.body');

/** What made the listener give up on a request it had started to answer (lookup-listener.ts). */
const FAILED = Symbol('rapport.failure');

type WithBody = IncomingMessage & { [READ]?: string | null; [FAILED]?: { error: unknown } };

/** Keeps the body read off `incoming` for whoever answers the request next. */
export function keepBody(incoming: IncomingMessage, text: string | null): void {
  (incoming as WithBody)[READ] = text;
}

/**
 * Keeps the error a node:http listener met while answering, for the app to answer as it answers any route's
 * failure (its error handler: a database that is down is a 503) rather than run the request a second time.
 */
export function keepFailure(incoming: IncomingMessage, error: unknown): void {
  (incoming as WithBody)[FAILED] = { error };
}

/** The failure `keepFailure` kept on this message, if any. */
export function failureOf(incoming: IncomingMessage | undefined): { error: unknown } | undefined {
  return incoming ? (incoming as WithBody)[FAILED] : undefined;
}

/**
 * The message's body as UTF-8 text, or null as soon as it is larger than `limit` bytes (the rest is then
 * discarded, so an answer can still be sent). Rejects when the client goes away before the end.
 */
export function readLimited(incoming: IncomingMessage, limit: number): Promise<string | null> {
  const kept = (incoming as WithBody)[READ];
  if (kept !== undefined) return Promise.resolve(kept);
  if (Number(incoming.headers['content-length'] ?? 0) > limit) return Promise.resolve(null);
  // Listeners rather than `for await`: an async iterator costs a promise per chunk on the lookup's path.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
      if (size <= limit) return;
      stop();
      incoming.resume();
      resolve(null);
    };
    const onEnd = () => {
      stop();
      resolve((chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString('utf8'));
    };
    const onError = (err: Error) => {
      stop();
      reject(err);
    };
    const onClose = () => onError(new Error('the client closed the request before its body ended'));
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('close', onClose);
  });
}
