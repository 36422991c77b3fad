import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestInflux, testInflux } from '../../test/support/influx.js';
import { createLogger } from '../config/log.js';
import type { Reading } from '../domain/contract.js';
import { HOUR_MS, hourOf } from '../domain/hour-summary.js';
import { openReadingsStore, type ReadingsStore } from '../store/readings/readings-store.js';
import { openSqlDb } from '../store/sql/open-db.js';
import { type RecordsStore, recordsStoreOver } from '../store/sql/records-store.js';
import { startSummaryKeeper } from './summary-keeper.js';

// The rules role keeps the hourly summaries of storage sensors ahead of the long status and the
// report: complete hours summed up once, none made twice, a late reading's hour made again.
const logger = createLogger('silent', 'summary-keeper-test');
const actor = { id: 'k_test', name: 'tester' };
const MIN = 60_000;

describe('summary keeper (real InfluxDB and PGlite)', () => {
  let influx: TestInflux;
  let readings: ReadingsStore;
  let records: RecordsStore;
  const nowMs = hourOf(Date.now()) + 20 * MIN;

  beforeAll(async () => {
    influx = await testInflux('keeper');
    readings = await openReadingsStore({ url: influx.url, logger });
    records = recordsStoreOver(await openSqlDb({}));
    for (const id of ['K-FRIDGE-S1', 'K-LOGGER']) {
      const device = {
        id,
        kind: 'storage_sensor' as const,
        loggingIntervalS: 60,
        calibrationValidUntil: '2035-01-01T00:00:00Z',
      };
      await records.devices.create(device, `hash-${id}`, actor);
    }
    await records.storage.createUnit(
      {
        id: 'K-FRIDGE',
        name: 'kept fridge',
        storageMode: 'refrigerated',
        alarmDelayMinutes: 15,
        deviceIds: ['K-FRIDGE-S1'],
        site: 'site',
      },
      actor,
    );
    // 30 hours of minute readings up to now, for the unit's sensor and for a device of no unit
    for (const deviceId of ['K-FRIDGE-S1', 'K-LOGGER']) {
      const batch: Reading[] = [];
      for (let t = nowMs - 30 * HOUR_MS, seq = 0; t <= nowMs; t += MIN, seq++)
        batch.push({ deviceId, tsMs: t, seq, tempC: 5 });
      await readings.writeReadings(batch);
    }
  });
  afterAll(async () => {
    await readings?.close();
    await records?.close();
    await influx?.drop();
  });

  it("sums up each complete hour of a storage unit's sensors once, and a late reading's hour again", async () => {
    const keeper = startSummaryKeeper({ records, readings, logger, now: () => nowMs, everyMs: 3_600_000 });
    try {
      // 30 complete hours (the hour now is still filling, left to the next look)
      expect(await keeper.runOnce()).toBe(30);
      const kept = await readings.summariesOf(['K-FRIDGE-S1', 'K-LOGGER'], nowMs - 31 * HOUR_MS, nowMs);
      expect(kept.map((s) => s.deviceId)).toEqual(Array(30).fill('K-FRIDGE-S1'));
      // the first hour began 20 minutes before the readings did
      expect(kept.map((s) => s.n)).toEqual([40, ...Array(29).fill(60)]);
      expect(await keeper.runOnce()).toBe(0);
      await readings.writeReadings([
        { deviceId: 'K-FRIDGE-S1', tsMs: nowMs - 5 * HOUR_MS + 30_000, tempC: 5.5 },
      ]);
      expect(await keeper.runOnce()).toBe(1);
      const again = await readings.summariesOf(
        ['K-FRIDGE-S1'],
        hourOf(nowMs - 5 * HOUR_MS),
        hourOf(nowMs - 4 * HOUR_MS),
      );
      expect(again.map((s) => s.n)).toEqual([61]);
    } finally {
      await keeper.close();
    }
  });
});
