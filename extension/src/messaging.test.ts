import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import { createRequestHandler } from './api/handler';
import { watchRequests } from './api/test-rapport';
import { fieldMessages, isRequest, listenForRequests, sendToBackground } from './messaging';

describe('messaging', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => vi.unstubAllGlobals());

  it('should carry a request to the background and its typed answer back', async () => {
    const watch = watchRequests();
    const stop = listenForRequests(createRequestHandler().handle);
    const res = await sendToBackground({ type: 'lookup', emails: ['jane@acme.example'] });
    expect(res).toEqual({ ok: false, error: expect.objectContaining({ code: 'signed_out' }) });
    expect(watch.sent).toEqual([]);

    const status = await sendToBackground({ type: 'status' });
    expect(status).toEqual({ ok: true, data: { signedIn: false, serverUrl: null, ended: null } });
    stop();
  });

  it('should answer unreachable instead of throwing when no background listens', async () => {
    const res = await sendToBackground({ type: 'status' });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.code).toBe('unreachable');
  });

  it('should ignore messages of other protocols', () => {
    expect(isRequest({ type: 'lookup' })).toBe(true);
    expect(isRequest({ type: 'toString' })).toBe(false);
    expect(isRequest('lookup')).toBe(false);
    expect(isRequest(null)).toBe(false);
  });

  it('should index validation issues by field', () => {
    const details = {
      issues: [
        { path: 'name', message: 'Required' },
        { path: 'emails.0', message: 'Invalid email' },
      ],
    };
    expect(fieldMessages({ code: 'validation', message: 'Invalid', details })).toEqual({
      name: 'Required',
      'emails.0': 'Invalid email',
    });
  });
});
