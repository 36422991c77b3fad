import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestInflux, testInflux } from '../../../test/support/influx.js';
import { createLogger } from '../../config/log.js';
import type { Reading } from '../../domain/contract.js';
import { HOUR_MS, summarizeHours } from '../../domain/hour-summary.js';
import { openReadingsStore, type ReadingsStore } from './readings-store.js';
import { summaryLine } from './rollups.js';

const logger = createLogger('silent');
const T0 = Date.parse('2026-11-20T00:00:00Z');
const MIN = 60_000;
const DAY_MS = 86_400_000;

function hourOfReadings(
  deviceId: string,
  fromMs: number,
  minutes: number,
  extra: Partial<Reading> = {},
): Reading[] {
  return Array.from({ length: minutes }, (_, i) => ({
    deviceId,
    tsMs: fromMs + i * MIN + 7,
    seq: 100 + i,
    tempC: 4 + (i % 7) / 10,
    receivedAtMs: fromMs + i * MIN + 900,
    ...extra,
  }));
}

describe('hourly summaries in InfluxDB (rollups.ts)', () => {
  let influx: TestInflux;
  let store: ReadingsStore;

  beforeAll(async () => {
    influx = await testInflux('rollups');
    store = await openReadingsStore({ url: influx.url, logger });
  });
  afterAll(async () => {
    await store?.close();
    await influx?.drop();
  });

  it('a summary comes back exactly as it was made, for several devices in one query', async () => {
    const a = hourOfReadings('FRZ-A', T0, 60, { ln2LevelPct: 55 });
    const b = hourOfReadings('FRZ-B', T0 + HOUR_MS, 60);
    const made = [...summarizeHours(a), ...summarizeHours(b)];
    await store.writeSummaries(made);
    const back = await store.summariesOf(['FRZ-A', 'FRZ-B', 'FRZ-NONE'], T0, T0 + 3 * HOUR_MS);
    const key = (s: { deviceId: string; hourMs: number }) => `${s.deviceId}|${s.hourMs}`;
    expect(back.map(key).sort()).toEqual(made.map(key).sort());
    for (const s of made) expect(back.find((x) => key(x) === key(s))).toEqual(s);
    // another device's summaries are never returned
    expect(await store.summariesOf(['FRZ-B'], T0, T0 + HOUR_MS)).toEqual([]);
  });

  it('counts the stored points of each device and hour in one query, a conflicting value as a point of its own', async () => {
    const a = hourOfReadings('CNT-A', T0, 60);
    const conflict = { ...a[10]!, tempC: 9.5 };
    await store.writeReadings([...a, conflict, ...hourOfReadings('CNT-B', T0 + 2 * HOUR_MS, 30)]);
    // a re-sent identical reading is the same point
    await store.writeReadings([a[3]!]);
    const counts = await store.hourlyCounts(['CNT-A', 'CNT-B'], T0, T0 + 4 * HOUR_MS);
    expect(Object.fromEntries(counts)).toEqual({
      [`CNT-A|${T0}`]: 61,
      [`CNT-B|${T0 + 2 * HOUR_MS}`]: 30,
    });
  });

  it('a summary whose values InfluxDB cannot hold is not stored (the hour is then always read raw)', async () => {
    const nan = hourOfReadings('NAN-A', T0, 60).map((r, i) => (i === 5 ? { ...r, tempC: Number.NaN } : r));
    await store.writeSummaries(summarizeHours(nan));
    expect(await store.summariesOf(['NAN-A'], T0, T0 + HOUR_MS)).toEqual([]);
  });

  it('a summary of another format is neither read nor aggregated (it is made again)', async () => {
    const made = summarizeHours(hourOfReadings('FMT-A', T0, 60));
    await store.writeSummaries(made);
    // the same point under another format tag, as an older or newer coldtrace would have written it
    const line = summaryLine(made[0]!)!
      .replace(',v=1 ', ',v=0 ')
      .replace(/ \d+$/, ` ${T0 + HOUR_MS}`);
    const res = await fetch(`${influx.baseUrl}/write?db=${influx.database}&precision=ms`, {
      method: 'POST',
      body: line,
    });
    expect(res.status).toBe(204);
    expect((await store.summariesOf(['FMT-A'], T0, T0 + 2 * HOUR_MS)).map((s) => s.hourMs)).toEqual([T0]);
    const days = await store.dailySummaries(['FMT-A'], T0 - DAY_MS, T0 + DAY_MS, 'UTC', { minC: 2, maxC: 8 });
    expect(days.map((d) => [d.n, d.hours])).toEqual([[60, 1]]);
  });
});
