import { transportWarningAtMs } from '../domain/pre-alarm.js';
import {
  storageLimitState as domainStorageLimitState,
  type StorageLimitState,
} from '../domain/storage-limit.js';
import type { ShipmentTarget, StoredItemTarget } from './targets.js';

/** Alerts from the clock rather than from readings: all pure, `nowMs` passed in. */

/**
 * 7.7: the early warning at 80 % of the maximum transport time (the domain's pre-alarm; the
 * "exceeded" alert is the domain monitor's own TRANSPORT_TIME_EXCEEDED). When it was reached, or
 * undefined.
 */
export function transportWarningAt(t: ShipmentTarget, nowMs: number): number | undefined {
  const atMs = transportWarningAtMs(t.dispatchedAtMs, t.profile.maxTransportMinutes);
  return nowMs >= atMs ? atMs : undefined;
}

export type { StorageLimitState };

/** 7.7 storage time limit of an item kept in a unit: the domain's one definition. */
export function storageLimitState(item: StoredItemTarget, nowMs: number): StorageLimitState {
  return domainStorageLimitState(item.storedAtMs, item.limitAtMs, nowMs);
}
