import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../../../gateway/gateway.js';
import { type Harness, startHarness } from '../../../test/support/api-harness.js';
import { freePort, waitUntil } from '../../../test/support/ports.js';
import { loadConfig } from '../../config/config.js';
import { createLogger } from '../../config/log.js';

const MINUTE_MS = 60_000;

/**
 * The whole path a logger's record takes: registered through the API (secret shown once), the
 * logger connects to the real gateway with it over MQTT, its readings land in InfluxDB, and the
 * receipt's final verdict is computed from them.
 */
describe('a logger registered through the API, publishing over MQTT, judged at receipt', () => {
  let h: Harness;
  let gateway: Gateway;
  let dataDir: string;
  const call = (role: keyof Harness['keys'], method: 'GET' | 'POST', url: string, payload?: unknown) =>
    h.app.inject({
      method,
      url,
      payload: payload as object,
      headers: { authorization: `Bearer ${h.keys[role]}` },
    });

  beforeAll(async () => {
    h = await startHarness('postgres');
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ct-mqtt-flow-'));
    const config = loadConfig({
      COLDTRACE_DATA_DIR: dataDir,
      COLDTRACE_MQTT_PORT: String(await freePort()),
      COLDTRACE_LOG_LEVEL: 'silent',
    });
    gateway = await startGateway({
      config,
      logger: createLogger('silent'),
      readings: h.readings,
      devices: h.records.deviceDirectory,
    });
  });
  afterAll(async () => {
    await gateway.close();
    await h.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('takes the readings with the issued secret, refuses a wrong one, and the receipt judges them', async () => {
    await call('admin', 'POST', '/api/v1/profiles', {
      id: 'p-2-8',
      name: '2-8',
      storageMode: 'refrigerated',
      maxTransportMinutes: 600,
      containerTypes: ['passive_2_8_box'],
      maxGapMinutes: 5,
    });
    const device = await call('admin', 'POST', '/api/v1/devices', {
      id: 'MQ-1',
      kind: 'shipper_logger',
      loggingIntervalS: 60,
      calibrationValidUntil: '2030-01-01T00:00:00Z',
    });
    const { username, password, topicPrefix } = device.json().mqtt;
    const url = `mqtt://127.0.0.1:${gateway.mqttPort}`;

    await expect(
      mqtt.connectAsync(url, {
        username,
        password: 'wrong-secret',
        reconnectPeriod: 0,
        connectTimeout: 5_000,
      }),
    ).rejects.toThrow();

    await call('logistics', 'POST', '/api/v1/shipments', {
      id: 'S-MQ',
      profileId: 'p-2-8',
      product: { name: 'MSC', cellType: 'MSC', batch: 'B', quantity: 1 },
      containerType: 'passive_2_8_box',
      deviceIds: ['MQ-1'],
      manufacturer: { name: 'M', qaEmail: 'qa@m.example' },
      origin: 'A',
      destination: 'B',
    });
    const startMs = Math.floor((Date.now() - 30 * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
    await call('logistics', 'POST', '/api/v1/shipments/S-MQ/dispatch', {
      at: new Date(startMs).toISOString(),
    });

    const client = await mqtt.connectAsync(url, { username, password, reconnectPeriod: 0 });
    // the logger's store-and-forward backlog: one array, then live readings one by one
    const backlog = Array.from({ length: 20 }, (_, i) => ({
      ts: startMs + i * MINUTE_MS,
      seq: i,
      temp_c: 5.5,
    }));
    await client.publishAsync(`${topicPrefix}readings`, JSON.stringify(backlog), { qos: 1 });
    for (let i = 20; i < 30; i++) {
      await client.publishAsync(
        `${topicPrefix}readings`,
        JSON.stringify({ ts: new Date(startMs + i * MINUTE_MS).toISOString(), seq: i, temp_c: 5 }),
        { qos: 1 },
      );
    }
    await client.endAsync();

    await waitUntil(
      async () => (await h.readings.countReadings('MQ-1', startMs, Date.now())) === 30,
      15_000,
      'the 30 readings in InfluxDB',
    );
    const receipt = await call('receiver', 'POST', '/api/v1/shipments/S-MQ/receipt', {
      receiverName: 'Li Wei',
      verifierName: 'Zhang Min',
      checks: { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: true },
    });
    expect(receipt.statusCode).toBe(201);
    expect(receipt.json()).toMatchObject({ readingsCount: 30, verdict: { status: 'pass', final: true } });
    expect(receipt.json().shipment.status).toBe('accepted');
  });
});
