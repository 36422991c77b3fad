import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../test/support/gateway-harness.js';
import { waitUntil } from '../test/support/ports.js';

describe('gateway: readings over MQTT into InfluxDB', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t?.stop());

  it('stores a QoS 1 reading once it is acknowledged, with device time and receive time', async () => {
    const device = await t.device('LOG-A');
    const before = Date.now();
    await device.publishAsync(
      'coldtrace/v1/devices/LOG-A/readings',
      JSON.stringify({ ts: '2026-11-26T08:00:00Z', seq: 1, temp_c: 4.5, battery_pct: 90 }),
      { qos: 1 },
    );
    // PUBACK came after the spool's fsync: the callback already saw it
    expect(t.accepted.readings.map((r) => r.seq)).toContain(1);
    const stored = await waitUntil(async () => {
      const r = await t.stored('LOG-A');
      return r.length === 1 ? r : undefined;
    });
    expect(stored[0]).toMatchObject({
      deviceId: 'LOG-A',
      tsMs: Date.parse('2026-11-26T08:00:00Z'),
      seq: 1,
      tempC: 4.5,
      batteryPct: 90,
    });
    expect(stored[0]!.receivedAtMs).toBeGreaterThanOrEqual(before);
  });
});

describe('gateway: metrics registry', () => {
  it('a second gateway on the same registry reuses its metrics', async () => {
    const { Registry } = await import('prom-client');
    const registry = new Registry();
    const a = await startTestGateway({ registry });
    await a.stop();
    const b = await startTestGateway({ registry });
    expect(await b.gateway.metrics.getSingleMetricAsString('coldtrace_ingest_connected_devices')).toContain(
      '# TYPE',
    );
    await b.stop();
  });
});
