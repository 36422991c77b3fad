import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from './support/broker.js';
import { waitUntil } from './support/ports.js';
import { startTestSystem, type TestSystem } from './support/system.js';

// In one process the gateway hands a device's status to the rules worker: a logger that drops off
// the network (its will, `offline`) raises a DEVICE_OFFLINE alert QA can see.
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

  type AlertList = { kind: string; deviceId?: string; state: string }[];
  const offlineAlerts = async () => {
    const res = await sys.api('GET', '/api/v1/alerts');
    expect(res.status).toBe(200);
    return (res.json as AlertList).filter((a) => a.kind === 'DEVICE_OFFLINE' && a.deviceId === deviceId);
  };

  it('raises one DEVICE_OFFLINE alert when its will is published, none while it is online', async () => {
    const status = `coldtrace/v1/devices/${deviceId}/status`;
    const client = await connectClient(sys.mqttUrl, {
      username: deviceId,
      password: secret,
      clientId: deviceId,
      will: { topic: status, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    await client.publishAsync(status, 'online', { qos: 1, retain: true });
    await new Promise((r) => setTimeout(r, 500));
    expect(await offlineAlerts()).toEqual([]);

    // an unclean end (network lost): the broker publishes the will
    client.stream.destroy();
    const alerts = await waitUntil(
      async () => {
        const list = await offlineAlerts();
        return list.length > 0 ? list : undefined;
      },
      15_000,
      'the DEVICE_OFFLINE alert',
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ state: 'open' });
    client.end(true);
  });
});
