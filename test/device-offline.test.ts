import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from './support/broker.js';
import { waitUntil } from './support/ports.js';
import { startTestSystem, type TestSystem } from './support/system.js';

// In one process the gateway hands a device's status to the rules worker. A logger that drops off
// the network (its will, `offline`) or is switched off is no alert by itself (#17: the demo's false
// "record interrupted" alerts came from loggers stopped at the end of their trips); a watched
// device's silence past its own limit is (RECORD_GAP, tested in services/rules).
describe('a logger going offline', () => {
  let sys: TestSystem;
  const deviceId = 'LOGGER-WILL-1';
  let secret: string;

  beforeAll(async () => {
    sys = await startTestSystem();
    secret = await sys.registerLogger(deviceId);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('raises no alert when its will is published', async () => {
    const status = `coldtrace/v1/devices/${deviceId}/status`;
    const client = await connectClient(sys.mqttUrl, {
      username: deviceId,
      password: secret,
      clientId: deviceId,
      will: { topic: status, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    await client.publishAsync(status, 'online', { qos: 1, retain: true });
    const received = async () => {
      const m = await sys.system.metrics.getSingleMetric('coldtrace_ingest_messages_received_total')?.get();
      return (m?.values ?? []).reduce((n, v) => n + v.value, 0);
    };
    const before = await waitUntil(async () => ((await received()) >= 1 ? received() : undefined));
    // an unclean end (network lost): the broker publishes the will to the gateway
    client.stream.destroy();
    await waitUntil(async () => (await received()) > before, 15_000, 'the will at the gateway');
    await sys.system.rules!.flush();
    const res = await sys.api('GET', '/api/v1/alerts');
    expect(res.status).toBe(200);
    expect(res.json).toEqual([]);
    client.end(true);
  });
});
