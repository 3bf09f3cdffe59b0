import { describe, expect, it } from 'vitest';

import { accountHref, accountsHref, parseRoute } from './route';

describe('parseRoute', () => {
  it.each([
    ['', { name: 'accounts', period: null }],
    ['#', { name: 'accounts', period: null }],
    ['#/', { name: 'accounts', period: null }],
    ['#/?period=2026', { name: 'accounts', period: '2026' }],
    ['#/accounts/abc', { name: 'account', id: 'abc', period: null }],
    ['#/accounts/abc/', { name: 'account', id: 'abc', period: null }],
    ['#/accounts/abc?period=2027', { name: 'account', id: 'abc', period: '2027' }],
    ['#/accounts/a%20b', { name: 'account', id: 'a b', period: null }],
    ['#/accounts/abc?period=27', { name: 'account', id: 'abc', period: null }],
    ['#/accounts/', { name: 'unknown', hash: '/accounts/' }],
    ['#/accounts/%E0%A4%A', { name: 'unknown', hash: '/accounts/%E0%A4%A' }],
    ['#/settings', { name: 'unknown', hash: '/settings' }],
  ])('should read %j', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('should read back what accountHref and accountsHref write', () => {
    expect(parseRoute(accountHref('id/with?odd#chars', '2025'))).toEqual({
      name: 'account',
      id: 'id/with?odd#chars',
      period: '2025',
    });
    expect(parseRoute(accountsHref('2024'))).toEqual({ name: 'accounts', period: '2024' });
    expect(accountsHref()).toBe('#/');
  });
});
