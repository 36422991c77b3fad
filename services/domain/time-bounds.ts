/**
 * The times the API takes, bounded to what the stores can represent and what can be true.
 *
 * InfluxDB holds nanoseconds in an int64 (1677-09-21 .. 2262-04-11) and the record's retention
 * starts where device times may start (2000-01-01, the contract's reading range); PostgreSQL and
 * `Date` reach much further. A time outside these bounds is a typo (year 1000 for 2026, 9999 for a
 * "far future"), never a record: refusing it at the door keeps one bad row from stopping the watch
 * of every other shipment (the rules worker queries the window dispatch .. now).
 */

/** The record's first instant: the same lower bound the contract puts on device times. */
export const RECORD_START_MS = Date.UTC(2000, 0, 1);
/** The record's last instant: the same upper bound the contract puts on device times. */
export const RECORD_END_MS = Date.UTC(2100, 0, 1);
/** A time stamped up to this far ahead is clock skew between client and server, not the future. */
export const CLOCK_SKEW_MS = 60_000;
/** A dispatch may be back-dated (recorded late), by at most this much: a transport lasts days, not months. */
export const MAX_DISPATCH_BACKDATE_DAYS = 30;

const DAY_MS = 86_400_000;

/** The times the API takes, by field. */
export type TimeField =
  | 'dispatch.at'
  | 'receipt.receivedAt'
  | 'item.storedAt'
  /** issue 16: when a step of the product's journey happened (thaw, infusion ...) */
  | 'product.at'
  | 'shipment.expiresAt'
  | 'shipment.expectedArrivalAt'
  | 'query.from'
  | 'query.to';

export interface TimeBound {
  minMs: number;
  maxMs: number;
}

/** The bound of each field at `nowMs` (pure: the caller passes the clock). */
export function timeBoundOf(field: TimeField, nowMs: number): TimeBound {
  const notFuture = Math.min(nowMs + CLOCK_SKEW_MS, RECORD_END_MS);
  switch (field) {
    case 'dispatch.at':
      return {
        minMs: Math.max(RECORD_START_MS, nowMs - MAX_DISPATCH_BACKDATE_DAYS * DAY_MS),
        maxMs: notFuture,
      };
    case 'receipt.receivedAt':
    case 'item.storedAt':
    case 'product.at':
      return { minMs: RECORD_START_MS, maxMs: notFuture };
    case 'shipment.expiresAt':
    case 'shipment.expectedArrivalAt':
    case 'query.from':
    case 'query.to':
      return { minMs: RECORD_START_MS, maxMs: RECORD_END_MS };
  }
}

/** A time outside its bound: which field, and the bound to fix it to. */
export interface TimeOutOfBound {
  field: TimeField;
  minIso: string;
  maxIso: string;
}

/** undefined when `ms` lies inside the field's bound (inclusive); a NaN is always outside. */
export function checkTime(field: TimeField, ms: number, nowMs: number): TimeOutOfBound | undefined {
  const { minMs, maxMs } = timeBoundOf(field, nowMs);
  if (ms >= minMs && ms <= maxMs) return undefined;
  return { field, minIso: new Date(minMs).toISOString(), maxIso: new Date(maxMs).toISOString() };
}
