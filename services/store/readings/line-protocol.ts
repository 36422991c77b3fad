import type { DeviceEvent, Reading } from '../../domain/contract.js';
import { FIXED_VALUE_KEY, halfSipHash13, type ValueHashKey } from './value-hash.js';

/**
 * InfluxDB line protocol for the measurements coldtrace keeps (10.3/10.4: the temperature record).
 * Timestamps are in nanoseconds (`precision=ns`): the device's measurement time in milliseconds,
 * then six digits that place each distinct value at its own nanosecond of that millisecond.
 *
 *   readings,device=<id> temp_c=<f>[,seq=<i>i][,ln2_level_pct=<f>][,battery_pct=<f>][,lat=<f>][,lon=<f>],received_at_ms=<i>i <tsMs><slot>
 *   events,device=<id>,type=<type> type="<type>"[,value=<f>|value_str="<s>"|value_bool=<b>][,received_at_ms=<i>i] <tsMs><slot>
 *   status,device=<id> state="online|offline",received_at_ms=<i>i <receivedAtMs>000000
 *
 * The record is append-only (DESIGN.md): InfluxDB keeps one point per series and timestamp, the
 * last write winning, so a re-sent reading with a new value would silently replace the first one.
 * `<slot>` is a keyed hash of the stored values (value-hash.ts) modulo 1,000,000: the same values
 * land on the same nanosecond (a replay overwrites itself: idempotent), different values on another
 * one, kept beside the first. Queries ask with `epoch=ms`, so both come back as readings of the same
 * millisecond. No extra series, no extra write, no read before write: one hash per line.
 */
export const READINGS_MEASUREMENT = 'readings';
export const EVENTS_MEASUREMENT = 'events';
export const STATUS_MEASUREMENT = 'status';

/** Escapes a tag value (commas, spaces, equals signs). Device ids never need it; kept for safety. */
export function escapeTag(value: string): string {
  return /[ ,=\\]/.test(value) ? value.replace(/([ ,=\\])/g, '\\$1') : value;
}

/**
 * Escapes a string field value (double quotes and backslashes). Newlines end a line in the spool and
 * in line protocol: decoders refuse values with control characters (decode/event.ts), so the
 * replacement here only guards other callers.
 */
export function escapeStringField(value: string): string {
  return /["\\\n]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ')
    : value;
}

/**
 * A float field: always with a decimal point or exponent so InfluxDB never infers an integer.
 * From 1e21 on, JavaScript prints integers in exponent form (`1e+21`), which is already a float:
 * `1e+21.0` is refused by InfluxDB.
 */
export function float(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? `${n}.0` : String(n);
}

/** Six digits: the nanosecond within the millisecond that these field values occupy. */
function slot(key: ValueHashKey, fields: string): string {
  return String(1_000_000 + (halfSipHash13(key, fields) % 1_000_000)).slice(1);
}

/** The fields that make a reading's value (everything stored but the arrival time). */
function readingFields(r: Reading): string {
  let fields = `temp_c=${float(r.tempC)}`;
  if (r.seq !== undefined) fields += `,seq=${r.seq}i`;
  if (r.ln2LevelPct !== undefined) fields += `,ln2_level_pct=${float(r.ln2LevelPct)}`;
  if (r.batteryPct !== undefined) fields += `,battery_pct=${float(r.batteryPct)}`;
  if (r.lat !== undefined) fields += `,lat=${float(r.lat)}`;
  if (r.lon !== undefined) fields += `,lon=${float(r.lon)}`;
  return fields;
}

export function readingLine(r: Reading, key: ValueHashKey = FIXED_VALUE_KEY): string {
  const fields = readingFields(r);
  const received = r.receivedAtMs !== undefined ? `,received_at_ms=${r.receivedAtMs}i` : '';
  return `${READINGS_MEASUREMENT},device=${escapeTag(r.deviceId)} ${fields}${received} ${r.tsMs}${slot(key, fields)}`;
}

export function eventLine(e: DeviceEvent, key: ValueHashKey = FIXED_VALUE_KEY): string {
  let fields = `type="${e.type}"`;
  // One field per value type: InfluxDB fixes a field's type per shard, and event values mix types.
  if (typeof e.value === 'number') fields += `,value=${float(e.value)}`;
  else if (typeof e.value === 'string') fields += `,value_str="${escapeStringField(e.value)}"`;
  else if (typeof e.value === 'boolean') fields += `,value_bool=${e.value}`;
  const received = e.receivedAtMs !== undefined ? `,received_at_ms=${e.receivedAtMs}i` : '';
  return `${EVENTS_MEASUREMENT},device=${escapeTag(e.deviceId)},type=${e.type} ${fields}${received} ${e.tsMs}${slot(key, fields)}`;
}

export interface DeviceStatusChange {
  deviceId: string;
  state: 'online' | 'offline';
  receivedAtMs: number;
}

export function statusLine(s: DeviceStatusChange): string {
  return `${STATUS_MEASUREMENT},device=${escapeTag(s.deviceId)} state="${s.state}",received_at_ms=${s.receivedAtMs}i ${s.receivedAtMs}000000`;
}
