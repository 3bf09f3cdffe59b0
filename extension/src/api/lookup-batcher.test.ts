import { type LookupResponse, zLookupResponse } from '@rapport/shared';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import { LookupBatcher } from './lookup-batcher';
import { ADMIN_TOKEN, CLOSED_ORIGIN, ORIGIN, seedAccount, uniqueTag } from './test-rapport';

type Body = { emails: string[]; linkedin: string[] };

/** `POST /lookup` as the admin, to the test server unless told otherwise. */
async function lookupAt(body: Body, origin = ORIGIN): Promise<LookupResponse> {
  const res = await fetch(new URL('/api/v1/lookup', origin), {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return zLookupResponse.parse(await res.json());
}

/** A batcher whose requests go to the real server, counted. */
function batcher(send: (body: Body) => Promise<LookupResponse> = (body) => lookupAt(body)) {
  const sent: Body[] = [];
  const b = new LookupBatcher({
    send: (body) => {
      sent.push(body);
      return send(body);
    },
    windowMs: 5,
  });
  return { b, sent };
}

/** An account found by its domain, and two addresses there. */
let acme = '';
let jane = '';
let bob = '';
beforeAll(async () => {
  const tag = uniqueTag();
  acme = (await seedAccount({ name: `Acme ${tag}`, domains: [`acme-${tag}.example`] })).id;
  jane = `jane@acme-${tag}.example`;
  bob = `bob@acme-${tag}.example`;
});

describe('LookupBatcher', () => {
  it('should not cache an answer to a request sent before a write', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The first answer is held back until the write below has happened.
    const { b, sent } = batcher(async (body) => {
      const answer = lookupAt(body);
      await gate;
      return answer;
    });
    const before = b.lookup([jane], []);
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    b.invalidate(); // a write happened while the lookup was on its way
    release();
    expect((await before).results[0]?.accountId).toBe(acme); // its caller still gets the answer
    await b.lookup([jane], []);
    expect(sent).toHaveLength(2); // not served from the pre-write answer
    await b.lookup([jane], []);
    expect(sent).toHaveLength(2); // the post-write answer is cached
  });

  it('should answer over-long input as invalid without sending it', async () => {
    const { b, sent } = batcher();
    const long = `${'x'.repeat(400)}@acme.example`;
    const res = await b.lookup([long], []);
    expect(res.results).toEqual([expect.objectContaining({ input: long, match: 'none', reason: 'invalid' })]);
    expect(sent).toEqual([]);
  });

  it('should fail every caller of a batch that fails, and forget the failure', async () => {
    let origin = CLOSED_ORIGIN; // the server is down: the connection is refused
    const { b, sent } = batcher((body) => lookupAt(body, origin));
    const results = await Promise.allSettled([b.lookup([jane], []), b.lookup([bob], [])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    origin = ORIGIN; // the server is back
    expect((await b.lookup([jane], [])).results[0]?.accountId).toBe(acme);
    expect(sent).toHaveLength(2);
  });
});
