import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, input, MIN, series, T0 } from '../../../test/support/domain-fixtures.js';
import { type TestInflux, testInflux } from '../../../test/support/influx.js';
import { createLogger } from '../../config/log.js';
import { evaluateShipment } from '../../domain/evaluate-shipment.js';
import { READINGS_MEASUREMENT } from './line-protocol.js';
import { openReadingsStore, type ReadingsStore } from './readings-store.js';

/** Issue #13 case 10: a stored point without a temperature is never read back as 0 °C. */
describe('readings store: a missing temperature', () => {
  let influx: TestInflux;
  let store: ReadingsStore;

  beforeAll(async () => {
    influx = await testInflux('nulltemp');
    store = await openReadingsStore({ url: influx.url, logger: createLogger('silent') });
  });
  afterAll(async () => {
    await store?.close();
    await influx?.drop();
  });

  it('reads back as NaN (never in range), not 0 °C', async () => {
    const around = series('NT-1', T0, T0 + 4 * HOUR, 5 * MIN, () => 5);
    await store.writeReadings(around.filter((r) => r.tsMs !== T0 + HOUR));
    // a point that carries a seq but no temp_c field (written by another tool, or a partial point)
    await store.writeLines(`${READINGS_MEASUREMENT},device=NT-1 seq=12i ${T0 + HOUR}`);
    const back = [];
    for await (const r of store.readingsOf('NT-1', T0, T0 + 4 * HOUR)) back.push(r);
    const missing = back.find((r) => r.tsMs === T0 + HOUR)!;
    expect(missing.tempC).toBeNaN();
    const inp = input({ shipment: { ...input().shipment, deviceIds: ['NT-1'] }, readings: back });
    expect(
      evaluateShipment({ ...inp, devices: input().devices.map((d) => ({ ...d, id: 'NT-1' })) }, T0 + 5 * HOUR)
        .status,
    ).toBe('deviation');
  });
});
