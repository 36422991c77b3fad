/**
 * Sign-in lockout (issue 14), decided here without I/O. Failures are counted per account AND
 * address, so an attacker who guesses from their own addresses locks only those pairs: the holder
 * of the right password, signing in from their own address, is never locked out by them.
 *
 * - a pair (login, address) gets PAIR_FREE_FAILURES tries; each failure after that locks the pair
 *   for 30 s, doubling, at most 15 min; a success from the pair clears it;
 * - an account under attack from many addresses (ACCOUNT_ALARM_FAILURES failures within
 *   ACCOUNT_WINDOW_MS, from any address) is slowed, not locked: every attempt must come at least
 *   ACCOUNT_SPACING_MS after the account's latest failure. A correct password from a fresh
 *   address therefore still works after that short backoff.
 */
export const PAIR_FREE_FAILURES = 5;
export const PAIR_BASE_LOCK_MS = 30_000;
export const PAIR_MAX_LOCK_MS = 15 * 60_000;
export const ACCOUNT_WINDOW_MS = 15 * 60_000;
export const ACCOUNT_ALARM_FAILURES = 20;
export const ACCOUNT_SPACING_MS = 5_000;

export interface PairState {
  failures: number;
  lockedUntilMs?: number;
}

export interface AccountState {
  /** failures of the account from every address within ACCOUNT_WINDOW_MS */
  recentFailures: number;
  lastFailureMs?: number;
}

/** How long an attempt must still wait (0: it may be checked now). */
export function waitBeforeAttemptMs(
  pair: PairState | undefined,
  account: AccountState,
  nowMs: number,
): number {
  const pairWait = pair?.lockedUntilMs !== undefined ? pair.lockedUntilMs - nowMs : 0;
  const accountWait =
    account.recentFailures >= ACCOUNT_ALARM_FAILURES && account.lastFailureMs !== undefined
      ? account.lastFailureMs + ACCOUNT_SPACING_MS - nowMs
      : 0;
  return Math.max(0, pairWait, accountWait);
}

/** The pair's state after one more failure at nowMs. */
export function afterFailure(pair: PairState | undefined, nowMs: number): PairState {
  const failures = (pair?.failures ?? 0) + 1;
  if (failures < PAIR_FREE_FAILURES) return { failures };
  const lockMs = Math.min(PAIR_MAX_LOCK_MS, PAIR_BASE_LOCK_MS * 2 ** (failures - PAIR_FREE_FAILURES));
  return { failures, lockedUntilMs: nowMs + lockMs };
}
