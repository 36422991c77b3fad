/**
 * Failed authentications, counted so that an attacker cannot turn them against others (#12).
 *
 * - Per client address: after `maxFailures` wrong keys in a window the address is in back-off:
 *   its further wrong keys are answered 429 CT_AUTH_LOCKED with Retry-After, and each new lock of
 *   the same address doubles the back-off (up to `maxBackoffMs`). A right key is still let in:
 *   every valid user behind the same NAT or proxy keeps working while a neighbour guesses.
 * - Per address and credential: the same wrong key tried `maxPerCredential` times is refused
 *   without another look-up until the back-off ends (a script retrying a revoked key).
 *
 * Keys are 32 random bytes (the bootstrap key at least 16 characters), so guessing one is beyond
 * any request rate: the limit is there to slow sprays and keep them out of the records store, not
 * to be the key's strength. Nothing of a key is kept but a short hash prefix.
 */
export interface AuthFailureLimit {
  /** wrong keys allowed per address in one window; the next one starts the back-off */
  maxFailures: number;
  windowMs: number;
  /** the same wrong key from one address, per window (default 5) */
  maxPerCredential?: number;
  /** the longest back-off (default 1 hour) */
  maxBackoffMs?: number;
}

interface Counter {
  startedMs: number;
  failures: number;
  /** the back-off ends here (0: none) */
  lockedUntilMs: number;
  /** locks so far, for the doubling; forgotten after a quiet back-off period */
  locks: number;
}

/** bound on remembered counters, so a spray from many addresses cannot grow memory without end */
const MAX_COUNTERS = 50_000;

export class AuthFailureLimiter {
  private readonly counters = new Map<string, Counter>();

  constructor(
    private readonly limit: AuthFailureLimit,
    private readonly now: () => number,
  ) {}

  /**
   * Milliseconds until this credential may be looked up again from this address, or 0. Only the
   * pair is refused: the same address with another (right) key goes on.
   */
  credentialLockedForMs(address: string, credential: string): number {
    return this.lockedForMsOf(`${address}\u0000${credential}`);
  }

  /** Milliseconds of back-off the address is in (its wrong keys are 429), or 0. */
  lockedForMs(address: string): number {
    return this.lockedForMsOf(address);
  }

  /** Counts one wrong key (`credential`: a hash prefix of it) from the address. */
  recordFailure(address: string, credential: string): void {
    this.count(address, this.limit.maxFailures);
    this.count(`${address}\u0000${credential}`, this.limit.maxPerCredential ?? 5);
  }

  private lockedForMsOf(key: string): number {
    const c = this.counters.get(key);
    if (!c) return 0;
    return Math.max(0, c.lockedUntilMs - this.now());
  }

  private count(key: string, max: number): void {
    const nowMs = this.now();
    let c = this.counters.get(key);
    const maxBackoffMs = this.limit.maxBackoffMs ?? 3_600_000;
    if (c && c.lockedUntilMs === 0 && nowMs - c.startedMs >= this.limit.windowMs) {
      // a quiet window: start counting again; the doubling is forgotten after a long quiet spell
      if (nowMs - c.startedMs >= this.limit.windowMs + maxBackoffMs) c.locks = 0;
      c.startedMs = nowMs;
      c.failures = 0;
    }
    if (c && c.lockedUntilMs !== 0 && nowMs >= c.lockedUntilMs) {
      c.startedMs = nowMs;
      c.failures = 0;
      c.lockedUntilMs = 0;
    }
    if (!c) {
      if (this.counters.size >= MAX_COUNTERS) this.prune(nowMs);
      c = { startedMs: nowMs, failures: 0, lockedUntilMs: 0, locks: 0 };
      this.counters.set(key, c);
    }
    c.failures++;
    if (c.lockedUntilMs === 0 && c.failures > max) {
      const backoffMs = Math.min(maxBackoffMs, this.limit.windowMs * 2 ** c.locks);
      c.locks++;
      c.lockedUntilMs = nowMs + backoffMs;
    }
  }

  private prune(nowMs: number): void {
    for (const [key, c] of this.counters) {
      if (c.lockedUntilMs < nowMs && nowMs - c.startedMs >= this.limit.windowMs) this.counters.delete(key);
    }
    // still full: forget the oldest (Map keeps insertion order)
    for (const key of this.counters.keys()) {
      if (this.counters.size < MAX_COUNTERS) break;
      this.counters.delete(key);
    }
  }
}
