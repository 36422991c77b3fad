import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from './support/broker.js';
import { waitUntil } from './support/ports.js';
import { startTestSystem, type TestSystem } from './support/system.js';

const run = promisify(execFile);

// The thinnest end-to-end path, through the composition root `coldtrace start` uses: a device
// registered over the API publishes over a real MQTT connection; the reading is read back from
// real InfluxDB through the HTTP API.
describe('a reading from sensor to API', () => {
  let sys: TestSystem;
  let secret: string;
  const deviceId = 'LOGGER-E2E-1';

  beforeAll(async () => {
    sys = await startTestSystem();
    secret = await sys.registerLogger(deviceId);
    expect(secret).toEqual(expect.any(String));
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('stores a QoS 1 reading and returns it with its device time', async () => {
    const client = await connectClient(sys.mqttUrl, {
      username: deviceId,
      password: secret,
      clientId: deviceId,
    });
    const ts = '2026-11-26T08:00:00.000Z';
    await client.publishAsync(
      `coldtrace/v1/devices/${deviceId}/readings`,
      JSON.stringify({ ts, seq: 7, temp_c: -180.5, ln2_level_pct: 71 }),
      { qos: 1 },
    );
    await client.endAsync();

    const from = '2026-11-26T07:00:00Z';
    const to = '2026-11-26T09:00:00Z';
    const body = await waitUntil(
      async () => {
        const res = await sys.api('GET', `/api/v1/devices/${deviceId}/readings?from=${from}&to=${to}`);
        expect(res.status).toBe(200);
        const list = (res.json as { readings: unknown[] }).readings;
        return list.length > 0 ? (res.json as { readings: Record<string, unknown>[] }) : undefined;
      },
      10_000,
      'the reading in InfluxDB',
    );
    expect(body.readings).toHaveLength(1);
    expect(body.readings[0]).toMatchObject({ ts, seq: 7, tempC: -180.5, ln2LevelPct: 71 });
  });

  it('accepts a reading from the real C client (mosquitto_pub)', async () => {
    const port = String(new URL(sys.mqttUrl).port);
    const payload = JSON.stringify({ ts: Date.parse('2026-11-26T08:05:00Z'), seq: 8, temp_c: -179.9 });
    await run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      port,
      '-i',
      deviceId,
      '-u',
      deviceId,
      '-P',
      secret,
      '-q',
      '1',
      '-t',
      `coldtrace/v1/devices/${deviceId}/readings`,
      '-m',
      payload,
    ]);
    const res = await waitUntil(
      async () => {
        const r = await sys.api(
          'GET',
          `/api/v1/devices/${deviceId}/readings?from=2026-11-26T08:04:00Z&to=2026-11-26T08:06:00Z`,
        );
        const list = (r.json as { readings: Record<string, unknown>[] }).readings;
        return list.length > 0 ? list : undefined;
      },
      10_000,
      'the mosquitto_pub reading',
    );
    expect(res[0]).toMatchObject({ seq: 8, tempC: -179.9 });
  });

  it('answers /healthz and /readyz with both stores reachable', async () => {
    expect((await fetch(`${sys.httpUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${sys.httpUrl}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('refuses a reading from a wrong secret', async () => {
    await expect(
      connectClient(sys.mqttUrl, { username: deviceId, password: 'wrong-secret', clientId: `${deviceId}-x` }),
    ).rejects.toThrow();
  });
});
