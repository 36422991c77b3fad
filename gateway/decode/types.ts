import type { z } from 'zod';
import type { DeviceEvent, Reading, readingPayloadSchema } from '../../services/domain/contract.js';
import { RETENTION_MS } from '../../services/store/readings/readings-store.js';
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
  /** how far ahead of receivedAtMs a device time may be (COLDTRACE_MAX_CLOCK_SKEW_S; default 300 s) */
  maxClockSkewMs?: number;
}

export const DEFAULT_MAX_CLOCK_SKEW_MS = 300_000;
/**
 * How old a device time may be and still be kept: InfluxDB drops a point older than its retention
 * policy (783 weeks, measured: the bound is the server's now minus the duration, to the second), so a
 * reading from 2000-2011 was acknowledged and then lost. A month less, for lines that wait in the
 * spool while InfluxDB is down.
 */
export const MAX_STORABLE_AGE_MS = RETENTION_MS - 30 * 86_400_000;

/**
 * A device time the record cannot take: ahead of the server clock by more than the allowed skew
 * (a clock that cannot be true closes nothing and hides nothing: DESIGN.md), or too old to be kept.
 */
export function timeRejection(tsMs: number, ctx: DecodeContext): Rejection | undefined {
  const skewMs = ctx.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
  if (tsMs > ctx.receivedAtMs + skewMs) {
    return {
      code: 'CT_TS_IN_FUTURE',
      detail: `ts ${new Date(tsMs).toISOString()} is ${Math.round((tsMs - ctx.receivedAtMs) / 1000)} s ahead of the server clock (at most ${skewMs / 1000} s)`,
    };
  }
  if (tsMs < ctx.receivedAtMs - MAX_STORABLE_AGE_MS) {
    return {
      code: 'CT_TS_TOO_OLD',
      detail: `ts ${new Date(tsMs).toISOString()} is older than the record keeps (before ${new Date(ctx.receivedAtMs - MAX_STORABLE_AGE_MS).toISOString()})`,
    };
  }
  return undefined;
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
