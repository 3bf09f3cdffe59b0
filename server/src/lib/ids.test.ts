import { describe, expect, it } from 'vitest';

import { newId } from './ids';

describe('newId', () => {
  it('should sort ids made in a burst in the order they were made', () => {
    const ids = Array.from({ length: 5000 }, () => newId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('should be 21 url-safe characters', () => {
    expect(newId()).toMatch(/^[0-9a-z]{21}$/);
  });
});
