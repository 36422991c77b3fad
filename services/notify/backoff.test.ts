import { describe, expect, it } from 'vitest';
import { nextRetryDelayMs } from './backoff.js';

describe('retry backoff', () => {
  const policy = { baseDelayMs: 1_000, maxDelayMs: 60_000 };
  it('doubles per attempt from the base up to the cap', () => {
    expect([1, 2, 3, 4, 7, 8, 50].map((n) => nextRetryDelayMs(n, policy))).toEqual([
      1_000, 2_000, 4_000, 8_000, 60_000, 60_000, 60_000,
    ]);
  });
  it('takes up to a fifth off with jitter, never more', () => {
    expect(nextRetryDelayMs(3, policy, 1)).toBe(3_200);
    expect(nextRetryDelayMs(3, policy, 0.5)).toBe(3_600);
  });
});
