import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestInflux, testInflux } from '../../../test/support/influx.js';
import { createLogger } from '../../config/log.js';
import type { Reading } from '../../domain/contract.js';
import { openReadingsStore, type ReadingsStore } from '../../store/readings/readings-store.js';
import { influxFingerprinter } from '../../store/readings/record-fingerprint.js';
import { DeviceRecordCache } from './record-cache.js';

const T0 = Date.parse('2026-11-20T00:00:00Z');
const minute = (i: number, tempC = 5, recv = T0 + i * 60_000 + 500): Reading => ({
  deviceId: 'L1',
  tsMs: T0 + i * 60_000,
  seq: i,
  tempC,
  receivedAtMs: recv,
});

describe('device record cache on InfluxDB', () => {
  let influx: TestInflux;
  let store: ReadingsStore;
  let cache: DeviceRecordCache;
  beforeAll(async () => {
    influx = await testInflux('cache');
    store = await openReadingsStore({ url: influx.url, logger: createLogger('silent') });
    cache = new DeviceRecordCache(store, influxFingerprinter(influx.url));
    await store.writeReadings(Array.from({ length: 60 }, (_, i) => minute(i)));
  });
  afterAll(async () => {
    await store.close();
    await influx.drop();
  });

  it('sees readings added after the cached range, a late backlog reading, and a rewritten value', async () => {
    const first = (await cache.loadMany(['L1'], T0, T0 + 59 * 60_000))[0]!;
    expect(first.readings).toHaveLength(60);

    await store.writeReadings([minute(60), minute(61)]);
    expect((await cache.loadMany(['L1'], T0, T0 + 61 * 60_000))[0]!.readings).toHaveLength(62);

    // a logger's stored backlog arrives late for a minute inside the cached range (seq 100)
    await store.writeReadings([{ ...minute(30), tsMs: T0 + 30 * 60_000 + 30_000, seq: 100, tempC: 12 }]);
    const [late] = await cache.loadMany(['L1'], T0, T0 + 61 * 60_000);
    expect(late!.readings).toHaveLength(63);
    expect(late!.readings.some((r) => r.tempC === 12)).toBe(true);

    // the same point re-sent with another value and an older receive time: both values are in the
    // record (it is append-only; the verdict judges the worst and names the conflict)
    await store.writeReadings([minute(10, 9.5, T0)]);
    const [rewritten] = await cache.loadMany(['L1'], T0, T0 + 61 * 60_000);
    expect(
      rewritten!.readings
        .filter((r) => r.seq === 10)
        .map((r) => r.tempC)
        .sort((a, b) => a - b),
    ).toEqual([5, 9.5]);

    // a second logger with nothing stored yet, then its first readings
    const [, empty] = await cache.loadMany(['L1', 'L2'], T0, T0 + 61 * 60_000);
    expect(empty!.readings).toEqual([]);
    await store.writeReadings([{ ...minute(5), deviceId: 'L2' }]);
    const [, one] = await cache.loadMany(['L1', 'L2'], T0, T0 + 61 * 60_000);
    expect(one!.readings).toHaveLength(1);
  });
});
