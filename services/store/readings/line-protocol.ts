import type { DeviceEvent, Reading } from '../../domain/contract.js';

/**
 * InfluxDB line protocol for the two measurements coldtrace keeps (10.3/10.4: the temperature
 * record). Timestamps are the device's measurement time in milliseconds (`precision=ms`).
 *
 *   readings,device=<id> temp_c=<f>[,seq=<i>i][,ln2_level_pct=<f>][,battery_pct=<f>][,lat=<f>][,lon=<f>],received_at_ms=<i>i <tsMs>
 *   events,device=<id>,type=<type> type="<type>"[,value=<f>|value_str="<s>"|value_bool=<b>][,received_at_ms=<i>i] <tsMs>
 *   status,device=<id> state="online|offline",received_at_ms=<i>i <receivedAtMs>
 *
 * A series is one device (one device and type for events), so writing the same device and
 * timestamp again overwrites the point: replays are idempotent.
 */
export const READINGS_MEASUREMENT = 'readings';
export const EVENTS_MEASUREMENT = 'events';
export const STATUS_MEASUREMENT = 'status';

/** Escapes a tag value (commas, spaces, equals signs). Device ids never need it; kept for safety. */
export function escapeTag(value: string): string {
  return /[ ,=\\]/.test(value) ? value.replace(/([ ,=\\])/g, '\\$1') : value;
}

/** Escapes a string field value (double quotes and backslashes). */
export function escapeStringField(value: string): string {
  return /["\\\n]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ')
    : value;
}

/** A float field: always written with a decimal point or exponent so InfluxDB never infers an integer. */
function float(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

export function readingLine(r: Reading): string {
  let fields = `temp_c=${float(r.tempC)}`;
  if (r.seq !== undefined) fields += `,seq=${r.seq}i`;
  if (r.ln2LevelPct !== undefined) fields += `,ln2_level_pct=${float(r.ln2LevelPct)}`;
  if (r.batteryPct !== undefined) fields += `,battery_pct=${float(r.batteryPct)}`;
  if (r.lat !== undefined) fields += `,lat=${float(r.lat)}`;
  if (r.lon !== undefined) fields += `,lon=${float(r.lon)}`;
  if (r.receivedAtMs !== undefined) fields += `,received_at_ms=${r.receivedAtMs}i`;
  return `${READINGS_MEASUREMENT},device=${escapeTag(r.deviceId)} ${fields} ${r.tsMs}`;
}

export function eventLine(e: DeviceEvent): string {
  let fields = `type="${e.type}"`;
  // One field per value type: InfluxDB fixes a field's type per shard, and event values mix types.
  if (typeof e.value === 'number') fields += `,value=${float(e.value)}`;
  else if (typeof e.value === 'string') fields += `,value_str="${escapeStringField(e.value)}"`;
  else if (typeof e.value === 'boolean') fields += `,value_bool=${e.value}`;
  if (e.receivedAtMs !== undefined) fields += `,received_at_ms=${e.receivedAtMs}i`;
  return `${EVENTS_MEASUREMENT},device=${escapeTag(e.deviceId)},type=${e.type} ${fields} ${e.tsMs}`;
}

export interface DeviceStatusChange {
  deviceId: string;
  state: 'online' | 'offline';
  receivedAtMs: number;
}

export function statusLine(s: DeviceStatusChange): string {
  return `${STATUS_MEASUREMENT},device=${escapeTag(s.deviceId)} state="${s.state}",received_at_ms=${s.receivedAtMs}i ${s.receivedAtMs}`;
}
