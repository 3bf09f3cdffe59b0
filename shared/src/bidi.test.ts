import { describe, expect, it } from 'vitest';

import { isolate, isolateOrNull } from './bidi';

describe('isolate', () => {
  it('should leave plain names alone, right-to-left scripts included', () => {
    for (const name of ['Marta Rossi', 'Zoë O’Brien', 'محمد الأحمد', 'דנה לוי', '']) {
      expect(isolate(name)).toBe(name);
    }
    expect(isolateOrNull(null)).toBeNull();
  });

  it('should wrap a value holding bidi controls in one first-strong isolate, dropping its own isolates', () => {
    expect(isolate('Ann\u202Eevil')).toBe('\u2068Ann\u202Eevil\u2069');
    expect(isolate('x\u202Dy')).toBe('\u2068x\u202Dy\u2069');
    // A closing isolate typed into the value cannot end ours early and let its override out.
    expect(isolate('a\u2069\u202Eb')).toBe('\u2068a\u202Eb\u2069');
    expect(isolate('\u2067rtl')).toBe('\u2068rtl\u2069');
  });
});
