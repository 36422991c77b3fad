import { describe, expect, it } from 'vitest';
import { AuthFailureLimiter } from './auth-failures.js';

describe('AuthFailureLimiter', () => {
  it('backs an address off after maxFailures wrong keys in a window, doubling on each new lock; others unaffected', () => {
    let nowMs = 1_000_000;
    const limiter = new AuthFailureLimiter({ maxFailures: 3, windowMs: 60_000 }, () => nowMs);
    for (let i = 0; i < 3; i++) {
      limiter.recordFailure('10.0.0.1', `k${i}`);
      expect(limiter.lockedForMs('10.0.0.1')).toBe(0);
    }
    limiter.recordFailure('10.0.0.1', 'k3');
    expect(limiter.lockedForMs('10.0.0.1')).toBe(60_000);
    expect(limiter.lockedForMs('10.0.0.2')).toBe(0);
    nowMs += 59_000;
    expect(limiter.lockedForMs('10.0.0.1')).toBe(1_000);
    nowMs += 1_000;
    expect(limiter.lockedForMs('10.0.0.1')).toBe(0);
    // guessing on: the next lock lasts twice as long
    for (let i = 0; i < 4; i++) limiter.recordFailure('10.0.0.1', `n${i}`);
    expect(limiter.lockedForMs('10.0.0.1')).toBe(120_000);
  });

  it('refuses the same wrong key from one address after maxPerCredential tries, not the address', () => {
    const nowMs = 1_000_000;
    const limiter = new AuthFailureLimiter(
      { maxFailures: 20, windowMs: 60_000, maxPerCredential: 2 },
      () => nowMs,
    );
    for (let i = 0; i < 3; i++) limiter.recordFailure('10.0.0.1', 'revoked');
    expect(limiter.credentialLockedForMs('10.0.0.1', 'revoked')).toBe(60_000);
    expect(limiter.credentialLockedForMs('10.0.0.1', 'other')).toBe(0);
    expect(limiter.credentialLockedForMs('10.0.0.9', 'revoked')).toBe(0);
    expect(limiter.lockedForMs('10.0.0.1')).toBe(0);
  });
});
