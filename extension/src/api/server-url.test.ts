import { describe, expect, it } from 'vitest';

import { isPreGranted, normalizeServerUrl, originPattern } from './server-url';

describe('normalizeServerUrl', () => {
  it.each([
    ['rapport.example.com', 'https://rapport.example.com'],
    ['  Rapport.Example.COM/  ', 'https://rapport.example.com'],
    ['https://rapport.example.com/api/v1/?x=1#top', 'https://rapport.example.com'],
    ['https://rapport.example.com:443/', 'https://rapport.example.com'],
    ['https://rapport.example.com:8443/setup', 'https://rapport.example.com:8443'],
    ['http://rapport.lan:8787', 'http://rapport.lan:8787'],
    ['localhost:8787', 'http://localhost:8787'],
    ['127.0.0.1:8787/healthz', 'http://127.0.0.1:8787'],
    ['HTTP://LOCALHOST:8787', 'http://localhost:8787'],
    ['rapport.bücher.example', 'https://rapport.xn--bcher-kva.example'],
  ])('should turn %j into %s', (input, origin) => {
    expect(normalizeServerUrl(input)).toEqual({ ok: true, origin });
  });

  it.each([
    ['', 'Enter the address'],
    ['ftp://rapport.example.com', 'must start with https://'],
    ['https://admin:secret@rapport.example.com', 'Leave the user name and password out'],
    ['https://rap port.example.com', 'is not a web address'],
  ])('should refuse %j with a message that says what to do', (input, message) => {
    const res = normalizeServerUrl(input);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.message).toContain(message);
  });
});

describe('isPreGranted', () => {
  it.each([
    ['http://localhost:8787', true],
    ['http://127.0.0.1:3000', true],
    ['https://localhost:8787', false],
    ['https://rapport.example.com', false],
  ])('should treat %s as granted by the manifest: %s', (origin, granted) => {
    expect(isPreGranted(origin)).toBe(granted);
  });
});

describe('originPattern', () => {
  it('should drop the port, which match patterns do not carry', () => {
    expect(originPattern('https://rapport.example.com:8443')).toBe('https://rapport.example.com/*');
  });
});
