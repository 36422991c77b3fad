import { createHash } from 'node:crypto';
import type { DeviceEvent, Reading } from '../../domain/contract.js';
import type { ReadingsStore } from '../../store/readings/readings-store.js';

/** The loggers' stored record over a window: what a verdict is computed from. */
export interface ShipmentRecord {
  readings: Reading[];
  events: DeviceEvent[];
}

/**
 * One reading's canonical line for the digest: device, device time (ms), seq, temperature,
 * coolant, battery, position. Anyone holding the CSV export can recompute it.
 */
export function readingsDigestLine(r: Reading): string {
  const opt = (v: number | undefined) => (v === undefined ? '' : String(v));
  return `${r.deviceId}\t${r.tsMs}\t${opt(r.seq)}\t${r.tempC}\t${opt(r.ln2LevelPct)}\t${opt(r.batteryPct)}\t${opt(r.lat)}\t${opt(r.lon)}\n`;
}

/** sha256 (hex) of readings in canonical form (readingsDigestLine), in the order given. */
export function digestReadings(readings: Iterable<Reading>): string {
  const hash = createHash('sha256');
  for (const r of readings) hash.update(readingsDigestLine(r));
  return hash.digest('hex');
}

/**
 * One event's canonical line for the digest: device, device time (ms), type, value (JSON, empty
 * when the event has none).
 */
export function eventsDigestLine(e: DeviceEvent): string {
  return `${e.deviceId}\t${e.tsMs}\t${e.type}\t${e.value === undefined ? '' : JSON.stringify(e.value)}\n`;
}

/**
 * sha256 (hex) of events in canonical form (eventsDigestLine), the lines sorted: events of one
 * instant carry no order of their own, so the digest must not depend on the order a store
 * returns them in.
 */
export function digestEvents(events: Iterable<DeviceEvent>): string {
  const lines = Array.from(events, eventsDigestLine).sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line);
  return hash.digest('hex');
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Page by page: one await per page of thousands of readings, not one per reading. */
export async function collectPages<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out.length === 1 ? (out[0] ?? []) : out.flat();
}

/** Reads several devices' records over one range, in the order of the ids given. */
export type RecordLoader = (
  deviceIds: readonly string[],
  fromMs: number,
  toMs: number,
) => Promise<{ readonly readings: readonly Reading[]; readonly events: readonly DeviceEvent[] }[]>;

/** Reads straight from the readings store (the receipt's final verdict, exports). */
export function freshLoader(readings: ReadingsStore): RecordLoader {
  return (ids, fromMs, toMs) =>
    Promise.all(
      ids.map(async (id) => {
        const [rs, es] = await Promise.all([
          collectPages(readings.readingPagesOf(id, fromMs, toMs, { pageSize: 20_000 })),
          collect(readings.eventsOf(id, fromMs, toMs)),
        ]);
        return { readings: rs, events: es };
      }),
    );
}

/** Every logger's readings and events in [fromMs, toMs], device by device in device-time order. */
export async function loadShipmentRecord(
  load: RecordLoader,
  deviceIds: readonly string[],
  fromMs: number,
  toMs: number,
): Promise<ShipmentRecord> {
  const perDevice = await load([...new Set(deviceIds)], fromMs, toMs);
  // concat copies whole arrays; flatMap over 30,000 readings cost every verdict a few ms
  const readings = ([] as Reading[]).concat(...perDevice.map((d) => d.readings));
  const events = ([] as DeviceEvent[]).concat(...perDevice.map((d) => d.events));
  return { readings, events };
}
