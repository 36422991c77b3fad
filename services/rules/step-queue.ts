/** A step that failed this many times in a row marks its queue failing: flush() no longer waits on it. */
export const FAILING_AFTER = 3;

/** 250 ms, doubling, at most 5 s: an outage delays alerts by seconds, not minutes, after it ends. */
export function retryDelayMs(attempt: number): number {
  return Math.min(5_000, 250 * 2 ** Math.min(attempt - 1, 5));
}

export interface StepQueueHooks {
  /** a step failed; it is tried again after `retryInMs` */
  onFailure(what: string, attempt: number, err: Error, retryInMs: number): void;
  /** the queue failed FAILING_AFTER times in a row */
  onFailing(err: Error): void;
  /** a step of a failing queue succeeded again */
  onRecovered(): void;
}

/**
 * One watch's steps (load its record, apply its transitions), run in order, each retried with
 * exponential backoff until it succeeds (every write is idempotent by episode key). Each watch has
 * its own queue, so a shipment whose query always fails holds back its own steps only.
 */
export class StepQueue {
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private failures = 0;
  private stopped = false;
  private waiters: (() => void)[] = [];
  private wake: (() => void) | undefined;
  lastError: string | undefined;
  failingSinceMs: number | undefined;

  constructor(
    private readonly hooks: StepQueueHooks,
    private readonly clock: () => number = Date.now,
  ) {}

  get failing(): boolean {
    return this.failures >= FAILING_AFTER;
  }

  get attempts(): number {
    return this.failures;
  }

  /** Runs fn after the steps queued before it, retried until it succeeds or the queue stops. */
  run(what: string, fn: () => Promise<void>): Promise<void> {
    this.pending++;
    this.chain = this.chain
      .then(() => this.retrying(what, fn))
      .finally(() => {
        this.pending--;
        if (this.pending === 0) this.notify();
      });
    return this.chain;
  }

  /** Resolves when every step queued so far is done, or at once while the queue is failing. */
  settled(): Promise<void> {
    if (this.pending === 0 || this.failing || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops retrying (the watch ended, or the worker closes); resolves when the step in hand returns. */
  stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.notify();
    return this.chain;
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async retrying(what: string, fn: () => Promise<void>): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await fn();
        const wasFailing = this.failing;
        this.failures = 0;
        this.lastError = undefined;
        this.failingSinceMs = undefined;
        if (wasFailing) this.hooks.onRecovered();
        return;
      } catch (e) {
        if (this.stopped) return;
        const err = e instanceof Error ? e : new Error(String(e));
        this.failures++;
        this.lastError = err.message;
        const delayMs = retryDelayMs(attempt);
        this.hooks.onFailure(what, attempt, err, delayMs);
        if (this.failures === FAILING_AFTER) {
          this.failingSinceMs = this.clock();
          this.hooks.onFailing(err);
          this.notify();
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delayMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }
}
