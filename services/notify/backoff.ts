/** Retry policy of the delivery loop while the relay is down or refuses a mail. */
export interface RetryPolicy {
  /** delay after the first failure */
  baseDelayMs: number;
  /** the delay doubles per attempt up to this */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 5 * 60_000 };

/** Probing an unreachable relay: capped short, since every alert waits for it. */
export const DEFAULT_RELAY_RETRY: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 15_000 };

/**
 * Exponential backoff: base * 2^(attempts-1), capped, with up to 20 % jitter taken from `random`
 * (0..1) so that many queued mails do not retry in lock-step.
 */
export function nextRetryDelayMs(attempts: number, policy: RetryPolicy, random = 0): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.round(raw * (1 - 0.2 * random));
}
