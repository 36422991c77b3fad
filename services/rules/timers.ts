import {
  storageLimitState as domainStorageLimitState,
  type StorageLimitState,
} from '../domain/storage-limit.js';
import type { ShipmentTarget, StoredItemTarget } from './targets.js';

/** Alerts from the clock rather than from readings: all pure, `nowMs` passed in. */

/** Share of the maximum transport time at which logistics is warned ahead of time. */
export const TRANSPORT_WARNING_SHARE = 0.8;

/**
 * 7.7: the early warning at 80 % of the maximum transport time (the "exceeded" alert is the domain
 * monitor's own TRANSPORT_TIME_EXCEEDED). Returns when the share was reached, or undefined.
 */
export function transportWarningAt(t: ShipmentTarget, nowMs: number): number | undefined {
  const atMs = t.dispatchedAtMs + Math.ceil(TRANSPORT_WARNING_SHARE * t.profile.maxTransportMinutes * 60_000);
  return nowMs >= atMs ? atMs : undefined;
}

export type { StorageLimitState };

/** 7.7 storage time limit of an item kept in a unit: the domain's one definition. */
export function storageLimitState(item: StoredItemTarget, nowMs: number): StorageLimitState {
  return domainStorageLimitState(item.storedAtMs, item.limitAtMs, nowMs);
}
