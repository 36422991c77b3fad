import { describe, expect, it } from 'vitest';
import { runSoak } from './soak/run-soak.js';

// The CI-sized soak (the long one is `npm run soak -- --minutes 30`): `coldtrace start` as a
// process, devices registered through the API publishing QoS 1, one InfluxDB outage and one SMTP
// relay outage; nothing acknowledged may be lost or doubled, every alert mail must arrive once.
describe('soak (short): InfluxDB and SMTP outages under a fleet', () => {
  it('every acknowledged reading is stored once and every alert mail arrives once', async () => {
    const progress: string[] = [];
    const r = await runSoak({
      durationMs: 40_000,
      devices: 150,
      intervalMs: 2_000,
      probes: 3,
      cycles: 1,
      outageMs: 8_000,
      restartGateway: false,
      say: (text) => progress.push(text),
    });
    expect(r.outages).toMatchObject({ influx: 1, smtp: 1 });
    expect(r.acked).toBeGreaterThan(150 * 15);
    expect({ lost: r.lost, duplicated: r.duplicated }).toEqual({ lost: 0, duplicated: 0 });
    expect(r.stored).toBeGreaterThanOrEqual(r.acked);
    expect(r.alertsExpected).toBeGreaterThan(0);
    expect({ delivered: r.alertsDelivered, duplicated: r.alertsDuplicated }).toEqual({
      delivered: r.alertsExpected,
      duplicated: 0,
    });
  }, 150_000);
});
