import type { LookupResponse } from '@rapport/shared';
import { describe, expect, it, vi } from 'vitest';

import { LookupBatcher } from './lookup-batcher';
import { answerLookup } from './test-server';

function batcher(send = vi.fn(async (body: { emails: string[]; linkedin: string[] }) => answerLookup(body))) {
  return { send, b: new LookupBatcher({ send, windowMs: 5 }) };
}

describe('LookupBatcher', () => {
  it('should not cache an answer to a request sent before a write', async () => {
    const pending: (() => void)[] = [];
    const send = vi.fn(
      (body: { emails: string[]; linkedin: string[] }) =>
        new Promise<LookupResponse>((resolve) => {
          pending.push(() => resolve(answerLookup(body)));
        }),
    );
    const { b } = batcher(send);
    const before = b.lookup(['jane@acme.example'], []);
    await vi.waitFor(() => expect(send).toHaveBeenCalledTimes(1));
    b.invalidate(); // a write happened while the lookup was on its way
    for (const release of pending.splice(0)) release();
    expect((await before).results[0]?.accountId).toBe('a_acme'); // its caller still gets the answer
    send.mockImplementation(async (body) => answerLookup(body));
    await b.lookup(['jane@acme.example'], []);
    expect(send).toHaveBeenCalledTimes(2); // not served from the pre-write answer
    await b.lookup(['jane@acme.example'], []);
    expect(send).toHaveBeenCalledTimes(2); // the post-write answer is cached
  });

  it('should answer over-long input as invalid without sending it', async () => {
    const { b, send } = batcher();
    const long = `${'x'.repeat(400)}@acme.example`;
    const res = await b.lookup([long], []);
    expect(res.results).toEqual([expect.objectContaining({ input: long, match: 'none', reason: 'invalid' })]);
    expect(send).not.toHaveBeenCalled();
  });

  it('should fail every caller of a batch that fails, and forget the failure', async () => {
    const { b, send } = batcher();
    send.mockRejectedValueOnce(new Error('boom'));
    const results = await Promise.allSettled([
      b.lookup(['a@acme.example'], []),
      b.lookup(['b@acme.example'], []),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await b.lookup(['a@acme.example'], [])).results[0]?.accountId).toBe('a_acme');
    expect(send).toHaveBeenCalledTimes(2);
  });
});
