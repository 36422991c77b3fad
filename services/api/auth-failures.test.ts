import { describe, expect, it } from 'vitest';
import { AuthFailureLimiter } from './auth-failures.js';

describe('AuthFailureLimiter', () => {
  it('locks an address after maxFailures in a window, until the window ends, others unaffected', () => {
    let nowMs = 1_000_000;
    const limiter = new AuthFailureLimiter({ maxFailures: 3, windowMs: 60_000 }, () => nowMs);
    for (let i = 0; i < 3; i++) {
      expect(limiter.lockedForMs('10.0.0.1')).toBe(0);
      limiter.recordFailure('10.0.0.1');
    }
    expect(limiter.lockedForMs('10.0.0.1')).toBe(60_000);
    expect(limiter.lockedForMs('10.0.0.2')).toBe(0);
    nowMs += 59_000;
    expect(limiter.lockedForMs('10.0.0.1')).toBe(1_000);
    nowMs += 1_000;
    expect(limiter.lockedForMs('10.0.0.1')).toBe(0);
    limiter.recordFailure('10.0.0.1');
    expect(limiter.lockedForMs('10.0.0.1')).toBe(0);
  });
});
