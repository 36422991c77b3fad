import { z } from 'zod';
import type { DeviceEvent, Reading } from '../../domain/contract.js';
import { influxAuthHeaders, parseInfluxUrl } from '../../store/readings/influx-url.js';

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
    sumSeq += r.seq ?? 0;
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
        .array(
          z.object({
            tags: z.record(z.string(), z.string()).optional(),
            columns: z.array(z.string()),
            values: z.array(z.array(z.unknown())),
          }),
        )
        .optional(),
    }),
  ),
});

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export const EMPTY_FINGERPRINT: RecordFingerprint = {
  readings: 0,
  maxReceivedAtMs: null,
  sumTempC: 0,
  sumSeq: 0,
  events: 0,
  eventsMaxReceivedAtMs: null,
};

export type Fingerprinter = (
  deviceIds: readonly string[],
  fromMs: number,
  toMs: number,
) => Promise<Map<string, RecordFingerprint>>;

/**
 * Asks InfluxDB for the fingerprints of several devices over [fromMs, toMs] in one request (two
 * statements, grouped by device). A device with nothing stored is absent from the map.
 */
export function influxFingerprinter(influxUrl: string, token?: string): Fingerprinter {
  const target = parseInfluxUrl(influxUrl, token);
  const auth = influxAuthHeaders(target);
  return async (deviceIds, fromMs, toMs) => {
    // device ids are contract ids (letters, digits, . _ : -): safe inside quoted tag values
    const devices = deviceIds.map((id) => `"device" = '${id.replace(/['\\]/g, '')}'`).join(' OR ');
    const where = `(${devices}) AND time >= ${Math.floor(fromMs)}ms AND time <= ${Math.floor(toMs)}ms GROUP BY "device"`;
    const q =
      `SELECT count("temp_c"), max("received_at_ms"), sum("temp_c"), sum("seq") FROM "readings" WHERE ${where};` +
      `SELECT count("type"), max("received_at_ms") FROM "events" WHERE ${where}`;
    const url = `${target.baseUrl}/query?db=${encodeURIComponent(target.database)}&epoch=ms&q=${encodeURIComponent(q)}`;
    const res = await fetch(url, { headers: auth, signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`InfluxDB fingerprint query answered ${res.status}`);
    const body = resultSchema.parse(await res.json());
    const [r, e] = body.results;
    if (r?.error || e?.error) throw new Error(`InfluxDB fingerprint query failed: ${r?.error ?? e?.error}`);
    const out = new Map<string, RecordFingerprint>();
    const entry = (id: string) => {
      let f = out.get(id);
      if (!f) {
        f = { ...EMPTY_FINGERPRINT };
        out.set(id, f);
      }
      return f;
    };
    for (const series of r?.series ?? []) {
      const v = series.values[0] ?? [];
      const f = entry(series.tags?.device ?? '');
      f.readings = num(v[1]) ?? 0;
      f.maxReceivedAtMs = num(v[2]);
      f.sumTempC = num(v[3]) ?? 0;
      f.sumSeq = num(v[4]) ?? 0;
    }
    for (const series of e?.series ?? []) {
      const v = series.values[0] ?? [];
      const f = entry(series.tags?.device ?? '');
      f.events = num(v[1]) ?? 0;
      f.eventsMaxReceivedAtMs = num(v[2]);
    }
    return out;
  };
}
