/**
 * Failed authentications per client address in a fixed window: guessing API keys is limited by
 * where the guesses come from, not by the (ever-changing) key sent. Nothing of the key is kept.
 */
export interface AuthFailureLimit {
  /** failures allowed per address in one window; one more locks the address until it ends */
  maxFailures: number;
  windowMs: number;
}

interface Window {
  startedMs: number;
  failures: number;
}

/** bound on remembered addresses, so a spray from many addresses cannot grow memory without end */
const MAX_ADDRESSES = 50_000;

export class AuthFailureLimiter {
  private readonly byAddress = new Map<string, Window>();

  constructor(
    private readonly limit: AuthFailureLimit,
    private readonly now: () => number,
  ) {}

  /** Milliseconds until the address may try again, or 0 when it is not locked. */
  lockedForMs(address: string): number {
    const w = this.current(address);
    if (!w || w.failures < this.limit.maxFailures) return 0;
    return Math.max(1, w.startedMs + this.limit.windowMs - this.now());
  }

  /** Counts one failed authentication from the address. */
  recordFailure(address: string): void {
    const w = this.current(address);
    if (w) {
      w.failures++;
      return;
    }
    if (this.byAddress.size >= MAX_ADDRESSES) this.prune();
    this.byAddress.set(address, { startedMs: this.now(), failures: 1 });
  }

  private current(address: string): Window | undefined {
    const w = this.byAddress.get(address);
    if (w && this.now() - w.startedMs >= this.limit.windowMs) {
      this.byAddress.delete(address);
      return undefined;
    }
    return w;
  }

  private prune(): void {
    const nowMs = this.now();
    for (const [address, w] of this.byAddress) {
      if (nowMs - w.startedMs >= this.limit.windowMs) this.byAddress.delete(address);
    }
    // still full: forget the oldest (Map keeps insertion order)
    for (const address of this.byAddress.keys()) {
      if (this.byAddress.size < MAX_ADDRESSES) break;
      this.byAddress.delete(address);
    }
  }
}
