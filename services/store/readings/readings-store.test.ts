import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestInflux, testInflux } from '../../../test/support/influx.js';
import { createLogger } from '../../config/log.js';
import type { Reading } from '../../domain/contract.js';
import { openReadingsStore, RETENTION_POLICY, type ReadingsStore } from './readings-store.js';

const logger = createLogger('silent');
const T0 = Date.parse('2026-11-20T00:00:00Z');

describe('InfluxDB readings store', () => {
  let influx: TestInflux;
  let store: ReadingsStore;

  beforeAll(async () => {
    influx = await testInflux('readings');
    store = await openReadingsStore({ url: influx.url, logger });
  });
  afterAll(async () => {
    await store?.close();
    await influx?.drop();
  });

  it('creates a default retention policy of at least 15 years (10.3 / 10.4)', async () => {
    const policies = await influx.client.showRetentionPolicies(influx.database);
    const ours = policies.find((p) => p.name === RETENTION_POLICY);
    expect(ours?.default).toBe(true);
    // 783 weeks, as InfluxDB prints it
    expect(ours?.duration).toBe('131544h0m0s');
    // opening again is harmless
    const again = await openReadingsStore({ url: influx.url, logger });
    await again.close();
  });

  it('streams a week of readings in time order, page by page, with optional fields', async () => {
    const readings: Reading[] = [];
    for (let i = 0; i < 12_000; i++) {
      readings.push({
        deviceId: 'LOG-1',
        tsMs: T0 + i * 50_000,
        seq: i,
        tempC: 4 + (i % 10) / 10,
        ...(i % 2 === 0 ? { ln2LevelPct: 80, batteryPct: 91.5 } : {}),
        ...(i === 7 ? { lat: 31.2, lon: 121.5 } : {}),
        receivedAtMs: T0 + i * 50_000 + 1000,
      });
    }
    // written out of order: the store must hand them back in device-time order
    await store.writeReadings([...readings].reverse());
    await store.writeReadings([{ deviceId: 'LOG-2', tsMs: T0, seq: 0, tempC: 20 }]);

    const pages: number[] = [];
    for await (const page of store.readingPagesOf('LOG-1', T0, T0 + 7 * 86_400_000, { pageSize: 5_000 })) {
      pages.push(page.length);
    }
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const got: Reading[] = [];
    for await (const r of store.readingsOf('LOG-1', T0, T0 + 7 * 86_400_000, { pageSize: 5_000 }))
      got.push(r);
    expect(got).toEqual(readings);
    expect(await store.countReadings('LOG-1', T0, T0 + 7 * 86_400_000)).toBe(12_000);
  });

  it('bounds are inclusive, an identical re-send is idempotent, a different one is kept beside the first', async () => {
    await store.writeReadings([
      { deviceId: 'LOG-3', tsMs: T0, seq: 1, tempC: 5 },
      { deviceId: 'LOG-3', tsMs: T0 + 1000, seq: 2, tempC: 6 },
      { deviceId: 'LOG-3', tsMs: T0 + 2000, seq: 3, tempC: 7 },
    ]);
    // replayed as it was (another arrival time): still one reading
    await store.writeReadings([{ deviceId: 'LOG-3', tsMs: T0 + 1000, seq: 2, tempC: 6, receivedAtMs: 9 }]);
    const got: number[] = [];
    for await (const r of store.readingsOf('LOG-3', T0, T0 + 1000)) got.push(r.seq ?? -1);
    expect(got).toEqual([1, 2]);
    expect(await store.countReadings('LOG-3', 0, T0 + 10_000)).toBe(3);
    // re-sent warmer with the same time and seq: both values stay in the record (was: replaced)
    await store.writeReadings([{ deviceId: 'LOG-3', tsMs: T0 + 1000, seq: 2, tempC: 12.5 }]);
    const after: Reading[] = [];
    for await (const r of store.readingsOf('LOG-3', T0 + 1000, T0 + 1000)) after.push(r);
    expect(after.map((r) => [r.tsMs, r.seq, r.tempC]).sort()).toEqual([
      [T0 + 1000, 2, 12.5],
      [T0 + 1000, 2, 6],
    ]);
  });

  it('pages through many values of one millisecond without losing any', async () => {
    const copies = Array.from({ length: 25 }, (_, i) => ({ deviceId: 'LOG-5', tsMs: T0, seq: 1, tempC: i }));
    await store.writeReadings([
      { deviceId: 'LOG-5', tsMs: T0 - 1, seq: 0, tempC: 1 },
      ...copies,
      { deviceId: 'LOG-5', tsMs: T0 + 1, seq: 2, tempC: 1 },
    ]);
    const got: Reading[] = [];
    for await (const r of store.readingsOf('LOG-5', T0 - 1, T0 + 1, { pageSize: 7 })) got.push(r);
    expect(got.length).toBe(27);
    expect(new Set(got.filter((r) => r.tsMs === T0).map((r) => r.tempC)).size).toBe(25);
    expect(got.map((r) => r.tsMs)).toEqual([...got.map((r) => r.tsMs)].sort((a, b) => a - b));
  });

  it('keeps events with values of any type, two types in the same millisecond included', async () => {
    await store.writeEvents([
      { deviceId: 'LOG-4', tsMs: T0, type: 'lid_open', receivedAtMs: T0 + 5 },
      { deviceId: 'LOG-4', tsMs: T0, type: 'light', value: true },
      { deviceId: 'LOG-4', tsMs: T0 + 10, type: 'shock', value: 3.5 },
      { deviceId: 'LOG-4', tsMs: T0 + 20, type: 'tilt', value: 'left "side"' },
      { deviceId: 'LOG-4', tsMs: T0 + 30, type: 'lid_closed' },
    ]);
    const got = [];
    for await (const e of store.eventsOf('LOG-4', T0, T0 + 1000, { pageSize: 2 })) got.push(e);
    expect(got.map((e) => `${e.tsMs - T0}:${e.type}:${String(e.value)}`).sort()).toEqual(
      [
        '0:lid_open:undefined',
        '0:light:true',
        '10:shock:3.5',
        '20:tilt:left "side"',
        '30:lid_closed:undefined',
      ].sort(),
    );
    expect(got.map((e) => e.tsMs)).toEqual([...got.map((e) => e.tsMs)].sort((a, b) => a - b));
    expect(got[0]?.receivedAtMs === T0 + 5 || got[1]?.receivedAtMs === T0 + 5).toBe(true);
  });

  it('opens while InfluxDB is unreachable (the gateway must start and spool), and says so on ping', async () => {
    const { freePort } = await import('../../../test/support/ports.js');
    const down = await openReadingsStore({ url: `http://127.0.0.1:${await freePort()}/nowhere`, logger });
    expect(await down.ping(300)).toBe(false);
    await expect(down.writeLines('readings,device=X temp_c=1.0,seq=1i 1764000000000')).rejects.toMatchObject({
      code: 'CT_INFLUX_UNAVAILABLE',
    });
    await down.close();
  });

  it('answers ping, and refuses a URL without a database', async () => {
    expect(await store.ping()).toBe(true);
    await expect(openReadingsStore({ url: influx.baseUrl, logger })).rejects.toMatchObject({
      code: 'CT_INFLUX_URL_INVALID',
    });
  });
});
