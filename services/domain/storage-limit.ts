/** 7.7 storage time limit: one definition for the verdicts, the storage status and the live alerts. */

const DAY_MS = 86_400_000;
/** an item is "due soon" within a tenth of its storage time before the limit, at most a week */
export const DUE_SOON_FRACTION = 0.1;
export const DUE_SOON_MAX_MS = 7 * DAY_MS;

export type StorageLimitState = 'ok' | 'due_soon' | 'overdue';

export function dueSoonLeadMs(storedAtMs: number, limitAtMs: number): number {
  return Math.min(DUE_SOON_MAX_MS, Math.max(0, limitAtMs - storedAtMs) * DUE_SOON_FRACTION);
}

/** The limit itself is still within it (limits are inclusive, as ranges are); past it, overdue. */
export function storageLimitState(storedAtMs: number, limitAtMs: number, nowMs: number): StorageLimitState {
  if (nowMs > limitAtMs) return 'overdue'; // 7.7 storage time limit passed
  if (limitAtMs - nowMs <= dueSoonLeadMs(storedAtMs, limitAtMs)) return 'due_soon'; // 7.7 warned ahead
  return 'ok';
}
