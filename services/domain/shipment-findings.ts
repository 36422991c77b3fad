import {
  type Device,
  type DeviceEvent,
  type EventType,
  OPTIONAL_RECEIPT_CHECKS,
  RECEIPT_CHECKS,
  type ReceiptChecks,
} from './contract.js';
import type { ShipmentEvaluationInput } from './evaluation-input.js';
import type { FindingDraft } from './finding.js';
import { minutes } from './finding.js';

const MINUTE_MS = 60_000;

/** 7.7, 8.1.5: the container type is one the profile allows. */
export function containerDrafts(input: ShipmentEvaluationInput): FindingDraft[] {
  const { shipment, profile } = input;
  if (profile.containerTypes.includes(shipment.containerType)) return [];
  return [
    {
      code: 'CONTAINER_MISMATCH',
      severity: 'critical',
      details: { containerType: shipment.containerType, allowed: profile.containerTypes.join(', ') },
    },
  ];
}

/** 7.7, 8.1.5: receipt (or now, while in transit) minus dispatch, against the maximum; the limit is allowed. */
export function transportTimeDrafts(input: ShipmentEvaluationInput, endMs: number): FindingDraft[] {
  if (input.dispatchedAtMs === undefined) return [];
  const transportMs = endMs - input.dispatchedAtMs;
  const maxMs = input.profile.maxTransportMinutes * MINUTE_MS;
  if (transportMs <= maxMs) return [];
  return [
    {
      code: 'TRANSPORT_TIME_EXCEEDED',
      severity: 'major',
      fromMs: input.dispatchedAtMs,
      toMs: endMs,
      details: {
        transportMinutes: minutes(transportMs),
        maxTransportMinutes: input.profile.maxTransportMinutes,
        overMinutes: minutes(transportMs - maxMs),
      },
    },
  ];
}

/** 8.1.5: arrival (or now, not yet arrived) later than expected plus the profile's grace. */
export function delayDrafts(input: ShipmentEvaluationInput, endMs: number): FindingDraft[] {
  const expected = input.shipment.expectedArrivalAt;
  if (!expected) return [];
  const expectedMs = Date.parse(expected);
  const graceMs = (input.profile.arrivalGraceMinutes ?? 0) * MINUTE_MS;
  const lateMs = endMs - expectedMs;
  if (lateMs <= graceMs) return [];
  return [
    {
      code: 'DELAYED',
      severity: 'minor',
      fromMs: expectedMs,
      toMs: endMs,
      details: {
        lateMinutes: minutes(lateMs),
        graceMinutes: input.profile.arrivalGraceMinutes ?? 0,
        arrived: input.receivedAtMs !== undefined,
      },
    },
  ];
}

/** 8.1.3: the expiry or use-by time has passed at receipt (or now). */
export function expiryDrafts(input: ShipmentEvaluationInput, endMs: number): FindingDraft[] {
  const expires = input.shipment.expiresAt;
  if (!expires) return [];
  const expiresMs = Date.parse(expires);
  if (endMs <= expiresMs) return [];
  return [{ code: 'PRODUCT_EXPIRED', severity: 'critical', fromMs: expiresMs, toMs: endMs, details: {} }];
}

const RECEIPT_CHECK_CLAUSE: Record<keyof ReceiptChecks, string> = {
  labelOk: '8.1.3',
  documentsOk: '8.1.3',
  quantityOk: '8.1.3',
  stateOk: '8.1.3',
  coolantOk: '8.1.4',
  packagingOk: '8.1.4',
  appearanceOk: '8.1.4',
};

export function receiptCheckClause(check: keyof ReceiptChecks): string {
  return RECEIPT_CHECK_CLAUSE[check];
}

/** 8.1.3, 8.1.4: each check the receiver recorded as failed. */
export function receiptDrafts(input: ShipmentEvaluationInput): FindingDraft[] {
  const checks = input.receiptChecks;
  if (!checks) return [];
  // an optional check fails only when recorded as false: a receipt without it is not evidence of a wrong state
  const failed = [
    ...RECEIPT_CHECKS.filter((k) => !checks[k]),
    ...OPTIONAL_RECEIPT_CHECKS.filter((k) => checks[k] === false),
  ];
  return failed.map((k) => ({
    code: 'RECEIPT_CHECK_FAILED',
    severity: 'critical',
    clause: RECEIPT_CHECK_CLAUSE[k],
    details: { check: k },
  }));
}

/** 10.12: each logger calibrated over the whole window; an unregistered logger cannot be trusted. */
export function calibrationDrafts(
  devices: readonly Device[],
  deviceIds: readonly string[],
  fromMs: number,
  toMs: number,
): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const id of deviceIds) {
    const device = devices.find((d) => d.id === id);
    if (!device) {
      drafts.push({
        code: 'CALIBRATION_EXPIRED',
        severity: 'major',
        deviceId: id,
        details: { kind: 'unknown_device' },
      });
      continue;
    }
    const untilMs = Date.parse(device.calibrationValidUntil);
    const validFromMs = device.calibrationValidFrom ? Date.parse(device.calibrationValidFrom) : -Infinity;
    const details = {
      validFromAt: device.calibrationValidFrom ?? null,
      validUntilAt: device.calibrationValidUntil,
    };
    if (fromMs < validFromMs) {
      drafts.push({
        code: 'CALIBRATION_EXPIRED',
        severity: 'major',
        deviceId: id,
        fromMs,
        toMs: Math.min(toMs, validFromMs),
        details: { ...details, kind: 'not_yet_valid' },
      });
    }
    if (toMs > untilMs) {
      drafts.push({
        code: 'CALIBRATION_EXPIRED',
        severity: 'major',
        deviceId: id,
        fromMs: Math.max(fromMs, untilMs),
        toMs,
        details: { ...details, kind: 'expired' },
      });
    }
  }
  return drafts;
}

const OPENING: Partial<Record<EventType, { closes: EventType }>> = {
  lid_open: { closes: 'lid_closed' },
  door_open: { closes: 'door_closed' },
};
const INSTANT_EXPOSURE: ReadonlySet<EventType> = new Set(['light', 'shock', 'tilt']);

/** Device-time order; at the same time an opening comes before its closing (open, then closed). */
function compareEvents(a: DeviceEvent, b: DeviceEvent): number {
  const rank = (e: DeviceEvent) => (OPENING[e.type] ? 0 : 1);
  return a.tsMs - b.tsMs || rank(a) - rank(b) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);
}

/**
 * 8.1.5 exposure: lid/door open episodes inside the window (an opening before the window that is
 * still open at its start counts from the start), light/shock/tilt events counted per logger and
 * type; power loss is a logger anomaly (SENSOR_FAULT).
 */
export function eventDrafts(
  events: Iterable<DeviceEvent>,
  deviceIds: readonly string[],
  fromMs: number,
  toMs: number,
): FindingDraft[] {
  const byDevice = new Map<string, DeviceEvent[]>();
  for (const id of deviceIds) byDevice.set(id, []);
  for (const e of events) byDevice.get(e.deviceId)?.push(e);
  const drafts: FindingDraft[] = [];
  for (const [deviceId, list] of byDevice) {
    list.sort(compareEvents);
    const openSince = new Map<EventType, number>();
    const counts = new Map<EventType, { count: number; first: number; last: number }>();
    let prev: DeviceEvent | undefined;
    for (const e of list) {
      if (prev && prev.tsMs === e.tsMs && prev.type === e.type) continue; // duplicate
      prev = e;
      if (e.tsMs > toMs) break;
      const opening = OPENING[e.type];
      if (opening) {
        if (!openSince.has(e.type)) openSince.set(e.type, e.tsMs);
        continue;
      }
      const closed = (Object.keys(OPENING) as EventType[]).find((k) => OPENING[k]?.closes === e.type);
      if (closed) {
        const since = openSince.get(closed);
        openSince.delete(closed);
        if (since !== undefined && e.tsMs >= fromMs) {
          const start = Math.max(since, fromMs);
          drafts.push({
            code: 'EXPOSURE',
            severity: 'major',
            deviceId,
            fromMs: start,
            toMs: e.tsMs,
            details: { kind: 'open', event: closed, durationMinutes: minutes(e.tsMs - start) },
          });
        }
        continue;
      }
      if (e.tsMs < fromMs) continue;
      if (INSTANT_EXPOSURE.has(e.type) || e.type === 'power_loss') {
        const c = counts.get(e.type);
        if (c) {
          c.count++;
          c.last = e.tsMs;
        } else counts.set(e.type, { count: 1, first: e.tsMs, last: e.tsMs });
      }
    }
    for (const [type, since] of openSince) {
      drafts.push({
        code: 'EXPOSURE',
        severity: 'major',
        deviceId,
        fromMs: Math.max(since, fromMs),
        toMs,
        details: {
          kind: 'open_unclosed',
          event: type,
          durationMinutes: minutes(toMs - Math.max(since, fromMs)),
        },
      });
    }
    for (const [type, c] of counts) {
      const power = type === 'power_loss';
      drafts.push({
        code: power ? 'SENSOR_FAULT' : 'EXPOSURE',
        severity: power ? 'major' : 'minor',
        deviceId,
        fromMs: c.first,
        toMs: c.last,
        details: { kind: power ? 'power_loss' : 'event', event: type, count: c.count },
      });
    }
  }
  return drafts;
}
