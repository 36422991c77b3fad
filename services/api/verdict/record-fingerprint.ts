import { z } from 'zod';
import type { DeviceEvent, Reading } from '../../domain/contract.js';
import { parseInfluxUrl } from '../../store/readings/influx-url.js';

/**
 * A cheap summary of one device's stored record over a time range, computed by InfluxDB
 * (aggregates, a few ms) or from readings in memory. Equal summaries mean the stored record has
 * not changed since it was read: no point added, removed or rewritten (a rewrite changes the sums
 * or the latest receive time).
 */
export interface RecordFingerprint {
  readings: number;
  maxReceivedAtMs: number | null;
  sumTempC: number;
  sumSeq: number;
  events: number;
  eventsMaxReceivedAtMs: number | null;
}

export function fingerprintOf(
  readings: readonly Reading[],
  events: readonly DeviceEvent[],
): RecordFingerprint {
  let maxRecv: number | null = null;
  let sumTempC = 0;
  let sumSeq = 0;
  for (const r of readings) {
    sumTempC += r.tempC;
    sumSeq += r.seq;
    if (r.receivedAtMs !== undefined && (maxRecv === null || r.receivedAtMs > maxRecv))
      maxRecv = r.receivedAtMs;
  }
  let eventsMax: number | null = null;
  for (const e of events) {
    if (e.receivedAtMs !== undefined && (eventsMax === null || e.receivedAtMs > eventsMax))
      eventsMax = e.receivedAtMs;
  }
  return {
    readings: readings.length,
    maxReceivedAtMs: maxRecv,
    sumTempC,
    sumSeq,
    events: events.length,
    eventsMaxReceivedAtMs: eventsMax,
  };
}

/** Sums are compared with a tolerance: InfluxDB and JavaScript add floats in different orders. */
export function sameFingerprint(a: RecordFingerprint, b: RecordFingerprint): boolean {
  const close = (x: number, y: number, n: number) =>
    Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)) * (n + 1);
  return (
    a.readings === b.readings &&
    a.maxReceivedAtMs === b.maxReceivedAtMs &&
    a.sumSeq === b.sumSeq &&
    close(a.sumTempC, b.sumTempC, a.readings) &&
    a.events === b.events &&
    a.eventsMaxReceivedAtMs === b.eventsMaxReceivedAtMs
  );
}

const resultSchema = z.object({
  results: z.array(
    z.object({
      error: z.string().optional(),
      series: z
        .array(z.object({ columns: z.array(z.string()), values: z.array(z.array(z.unknown())) }))
        .optional(),
    }),
  ),
});

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** Asks InfluxDB for the fingerprint of one device over [fromMs, toMs] (one request, two statements). */
export function influxFingerprinter(
  influxUrl: string,
): (deviceId: string, fromMs: number, toMs: number) => Promise<RecordFingerprint> {
  const target = parseInfluxUrl(influxUrl);
  const auth =
    target.username !== undefined
      ? {
          authorization: `Basic ${Buffer.from(`${target.username}:${target.password ?? ''}`).toString('base64')}`,
        }
      : undefined;
  return async (deviceId, fromMs, toMs) => {
    // device ids are contract ids (letters, digits, . _ : -): safe inside a quoted tag value
    const where = `"device" = '${deviceId.replace(/'/g, "\\'")}' AND time >= ${Math.floor(fromMs)}ms AND time <= ${Math.floor(toMs)}ms`;
    const q =
      `SELECT count("temp_c"), max("received_at_ms"), sum("temp_c"), sum("seq") FROM "readings" WHERE ${where};` +
      `SELECT count("type"), max("received_at_ms") FROM "events" WHERE ${where}`;
    const url = `${target.baseUrl}/query?db=${encodeURIComponent(target.database)}&epoch=ms&q=${encodeURIComponent(q)}`;
    const res = await fetch(url, { headers: auth, signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`InfluxDB fingerprint query answered ${res.status}`);
    const body = resultSchema.parse(await res.json());
    const [r, e] = body.results;
    if (r?.error || e?.error) throw new Error(`InfluxDB fingerprint query failed: ${r?.error ?? e?.error}`);
    const rv = r?.series?.[0]?.values[0] ?? [];
    const ev = e?.series?.[0]?.values[0] ?? [];
    return {
      readings: num(rv[1]) ?? 0,
      maxReceivedAtMs: num(rv[2]),
      sumTempC: num(rv[3]) ?? 0,
      sumSeq: num(rv[4]) ?? 0,
      events: num(ev[1]) ?? 0,
      eventsMaxReceivedAtMs: num(ev[2]),
    };
  };
}
