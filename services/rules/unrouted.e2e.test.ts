import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  dispatchedShipment,
  type Harness,
  MIN,
  series,
  startHarness,
} from '../../test/support/rules-harness.js';

let h: Harness;
const t0 = Math.floor((Date.now() - 3 * 3_600_000) / MIN) * MIN;
beforeEach(async () => {
  h = await startHarness();
  h.clock.nowMs = t0;
});
afterEach(async () => {
  await h.close();
});

// A logger's backlog can reach the worker before the worker has re-read the assignments (the
// shipment was dispatched a moment ago), while the newest readings are still in the gateway's
// spool, not yet in InfluxDB. The new watch must not see a hole the verdict never has (8.1.5).
describe('readings that arrive before the worker knows the shipment', () => {
  it('are kept for the new watch: no RECORD_GAP alert for a complete record', async () => {
    const w = await h.startWorker();
    const record = series('L-SHP-EARLY', t0, Array(120).fill(5));
    h.clock.nowMs = t0 + 120 * MIN;
    w.ingest(record.slice(0, 119), []); // not in InfluxDB: still in the spool
    await dispatchedShipment(h, 'SHP-EARLY', { dispatchedAtMs: t0 });
    await w.tick();
    await w.flush();
    await h.deliver(record.slice(119));
    await w.tick();
    await w.flush();
    const alerts = await h.records.alerts.list({ shipmentId: 'SHP-EARLY' });
    expect(alerts.filter((a) => a.findingCode === 'RECORD_GAP')).toEqual([]);
  });
});
