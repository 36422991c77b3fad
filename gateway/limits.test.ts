import { describe, expect, it } from 'vitest';
import { WindowCounter } from './limits.js';

describe('WindowCounter', () => {
  it('allows `limit` hits per key and window, then refuses until the next window', () => {
    const c = new WindowCounter(3, 60_000);
    const t = 1_000_000;
    expect([1, 2, 3, 4].map(() => c.hit('ip', t))).toEqual([true, true, true, false]);
    expect(c.hit('other', t)).toBe(true);
    expect(c.over('ip', t + 59_000)).toBe(true);
    expect(c.hit('ip', t + 60_000)).toBe(true);
    expect(c.over('ip', t + 60_000)).toBe(false);
  });
});
