import type { z } from 'zod';
import type { DeviceEvent, Reading, readingPayloadSchema } from '../../services/domain/contract.js';
import type { RejectCode } from '../errors.js';

/** Why one payload, or one element of it, was refused. */
export interface Rejection {
  code: RejectCode;
  /** what exactly failed, e.g. "temp_c: Too big" */
  detail?: string;
  /** index in an array payload */
  index?: number;
}

/** What a payload turned into; good items of a mixed array are kept beside the rejections. */
export interface Decoded {
  readings: Reading[];
  events: DeviceEvent[];
  status?: 'online' | 'offline';
  rejections: Rejection[];
}

export const empty = (): Decoded => ({ readings: [], events: [], rejections: [] });

export interface DecodeContext {
  deviceId: string;
  receivedAtMs: number;
  /** most readings or events one message may carry */
  maxItems: number;
}

/** zod issues as one short line: "temp_c: Too big: expected number to be <=1000" */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/** The contract's epoch-ms range (2000-01-01 .. 2100-01-01); an RFC 3339 string must land in it too. */
const MIN_TS_MS = 946_684_800_000;
const MAX_TS_MS = 4_102_444_800_000;
export const tsInRange = (tsMs: number) => tsMs >= MIN_TS_MS && tsMs <= MAX_TS_MS;
export const TS_RANGE_DETAIL = 'ts: must be between 2000-01-01 and 2100-01-01';

/** A validated reading payload as coldtrace keeps it: device id attached, optional fields only when sent. */
export function toReading(
  p: Omit<z.output<typeof readingPayloadSchema>, 'seq'> & { seq?: number },
  ctx: DecodeContext,
): Reading {
  const r: Reading =
    p.seq === undefined
      ? { deviceId: ctx.deviceId, tsMs: p.ts, tempC: p.temp_c, receivedAtMs: ctx.receivedAtMs }
      : { deviceId: ctx.deviceId, tsMs: p.ts, seq: p.seq, tempC: p.temp_c, receivedAtMs: ctx.receivedAtMs };
  if (p.ln2_level_pct !== undefined) r.ln2LevelPct = p.ln2_level_pct;
  if (p.battery_pct !== undefined) r.batteryPct = p.battery_pct;
  if (p.lat !== undefined) r.lat = p.lat;
  if (p.lon !== undefined) r.lon = p.lon;
  return r;
}
