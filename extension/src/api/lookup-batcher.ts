import {
  LOOKUP_MAX,
  type LookupAccount,
  type LookupResponse,
  type LookupResult,
  normalizeEmail,
  parseLinkedin,
} from '@rapport/shared';

type Kind = 'email' | 'linkedin';

/** What one input resolved to, with the account its result references (null when none). */
interface Entry {
  result: LookupResult;
  account: LookupAccount | null;
  at: number;
}

interface Waiting {
  kind: Kind;
  input: string;
  key: string;
  resolve: (entry: Entry) => void;
  reject: (err: unknown) => void;
}

export interface LookupBatcherOptions {
  /** Sends one `POST /lookup` (at most `LOOKUP_MAX` inputs of each kind). */
  send: (request: { emails: string[]; linkedin: string[] }) => Promise<LookupResponse>;
  /**
   * How long to gather concurrent lookups before sending them as one request. Short (2 ms by default): an
   * overlay sends all its people in one message, so the window only joins messages that arrive together
   * (several tabs, one burst), and every millisecond of it is added to an uncached card (issue 7).
   */
  windowMs?: number;
  /** How long an answer is reused. */
  ttlMs?: number;
  now?: () => number;
}

/** The server's limit on one input's length; longer ones are answered here so they cannot fail a whole batch. */
const MAX_INPUT = 400;
const MAX_ENTRIES = 2000;

/**
 * Coalesces and caches lookups. Inputs are keyed by their normalised form (`Jane@ACME.com` and
 * `jane@acme.com` are one key). A key answered less than `ttlMs` ago comes from the cache; a key already on
 * its way to the server is awaited rather than asked again; the rest wait `windowMs` for company, then go out
 * together as one `POST /lookup` (split by `LOOKUP_MAX` per kind). Each caller gets the results for its own
 * inputs, under its own spelling, plus the accounts those reference. `invalidate()` after a write drops the
 * cache, and answers to requests sent before it are not cached.
 * @example
 * const batcher = new LookupBatcher({ send: (body) => api(s, '/lookup', zLookupResponse, { method: 'POST', body }) });
 * const { results, accounts } = await batcher.lookup(['jane@acme.com'], []);
 */
export class LookupBatcher {
  private readonly cache = new Map<string, Entry>();
  private readonly inflight = new Map<string, { promise: Promise<Entry>; sent: boolean }>();
  private queue: Waiting[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;
  private readonly windowMs: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: LookupBatcherOptions) {
    this.windowMs = options.windowMs ?? 2;
    this.ttlMs = options.ttlMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  async lookup(emails: readonly string[], linkedin: readonly string[]): Promise<LookupResponse> {
    const wanted = [
      ...emails.map((input) => ({ kind: 'email' as const, input })),
      ...linkedin.map((input) => ({ kind: 'linkedin' as const, input })),
    ];
    const entries = await Promise.all(wanted.map((w) => this.entry(w.kind, w.input)));
    const accounts = new Map<string, Entry>();
    for (const e of entries) {
      const id = e.account?.id;
      const seen = id ? accounts.get(id) : undefined;
      if (id && (!seen || seen.at < e.at)) accounts.set(id, e);
    }
    return {
      results: entries.map((e, i) => ({ ...e.result, input: wanted[i]?.input ?? e.result.input })),
      accounts: [...accounts.values()].flatMap((e) => (e.account ? [e.account] : [])),
    };
  }

  /** Forgets every answer; call after any write so the next lookup shows it. */
  invalidate(): void {
    this.generation++;
    this.cache.clear();
    for (const [key, flight] of this.inflight) if (flight.sent) this.inflight.delete(key);
  }

  private entry(kind: Kind, input: string): Promise<Entry> {
    if (input.length > MAX_INPUT) return Promise.resolve(invalid(kind, input, this.now()));
    const key = keyOf(kind, input);
    const cached = this.cache.get(key);
    if (cached && this.now() - cached.at < this.ttlMs) return Promise.resolve(cached);
    const flying = this.inflight.get(key);
    if (flying) return flying.promise;
    const promise = new Promise<Entry>((resolve, reject) => {
      this.queue.push({ kind, input, key, resolve, reject });
    });
    const flight = { promise, sent: false };
    this.inflight.set(key, flight);
    const forget = () => {
      if (this.inflight.get(key) === flight) this.inflight.delete(key);
    };
    promise.then(forget, forget);
    this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    return promise;
  }

  private flush(): void {
    this.timer = null;
    const queue = this.queue;
    this.queue = [];
    for (const w of queue) {
      const flight = this.inflight.get(w.key);
      if (flight) flight.sent = true;
    }
    for (const chunk of chunks(queue)) void this.sendChunk(chunk, this.generation);
  }

  private async sendChunk(chunk: Waiting[], generation: number): Promise<void> {
    const emails = chunk.filter((w) => w.kind === 'email');
    const linkedin = chunk.filter((w) => w.kind === 'linkedin');
    try {
      const res = await this.options.send({
        emails: emails.map((w) => w.input),
        linkedin: linkedin.map((w) => w.input),
      });
      const accounts = new Map(res.accounts.map((a) => [a.id, a]));
      const at = this.now();
      // The server answers emails first, then LinkedIn entries, each in request order.
      const sent = [...emails, ...linkedin];
      for (const [i, w] of sent.entries()) {
        const result = res.results[i];
        if (!result) {
          w.reject(new Error(`lookup answered no result for input ${i}`));
          continue;
        }
        const entry = { result, account: (result.accountId && accounts.get(result.accountId)) || null, at };
        if (generation === this.generation) this.remember(w.key, entry);
        w.resolve(entry);
      }
    } catch (err) {
      for (const w of chunk) w.reject(err);
    }
  }

  private remember(key: string, entry: Entry): void {
    this.cache.delete(key); // re-inserted last, so the map stays in age order for trimming
    this.cache.set(key, entry);
    for (const oldest of this.cache.keys()) {
      if (this.cache.size <= MAX_ENTRIES) break;
      this.cache.delete(oldest);
    }
  }
}

/** The cache key: the normalised address or `kind:slug`; unparseable input keyed as typed. */
function keyOf(kind: Kind, input: string): string {
  if (kind === 'email') return `e:${normalizeEmail(input) ?? `?${input}`}`;
  const ref = parseLinkedin(input);
  return ref ? `l:${ref.kind}:${ref.slug}` : `l:?${input}`;
}

/** Splits a queue into requests of at most `LOOKUP_MAX` inputs of each kind. */
function chunks(queue: Waiting[]): Waiting[][] {
  const out: Waiting[][] = [];
  const count = { email: 0, linkedin: 0 };
  let current: Waiting[] = [];
  for (const w of queue) {
    if (count[w.kind] === LOOKUP_MAX) {
      out.push(current);
      current = [];
      count.email = 0;
      count.linkedin = 0;
    }
    current.push(w);
    count[w.kind]++;
  }
  if (current.length) out.push(current);
  return out;
}

function invalid(type: Kind, input: string, at: number): Entry {
  const result: LookupResult = {
    input,
    type,
    normalized: null,
    match: 'none',
    reason: 'invalid',
    contactId: null,
    accountId: null,
  };
  return { result, account: null, at };
}
