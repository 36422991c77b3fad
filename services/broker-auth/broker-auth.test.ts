import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../../test/support/broker.js';
import { testInflux } from '../../test/support/influx.js';
import { type PrivateMosquitto, startPrivateMosquitto } from '../../test/support/mosquitto-dynsec.js';
import { waitUntil } from '../../test/support/ports.js';
import { testPostgres } from '../../test/support/postgres.js';
import { buildApi } from '../api/app.js';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/log.js';
import { openReadingsStore } from '../store/readings/readings-store.js';
import { openSqlDb } from '../store/sql/open-db.js';
import { type RecordsStore, recordsStoreOver } from '../store/sql/records-store.js';
import { MosquittoDynsecCredentials } from './device-credentials.js';

const ADMIN_KEY = 'test-admin-key-0123456789';
const SERVICE = { user: 'coldtrace-service', password: 'service-secret-test' };
const cleanups: (() => Promise<unknown>)[] = [];
let broker: PrivateMosquitto;
let app: FastifyInstance;
let records: RecordsStore;
let credentials: MosquittoDynsecCredentials;
let service: MqttClient;
const seen: { topic: string; body: string }[] = [];

beforeAll(async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'coldtrace-dynsec-'));
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  broker = await startPrivateMosquitto(dir);
  cleanups.push(() => broker.stop());
  const influx = await testInflux('brokerauth');
  cleanups.push(() => influx.drop());
  const pg = await testPostgres('brokerauth');
  cleanups.push(() => pg.drop());
  const config = loadConfig({
    COLDTRACE_ADMIN_KEY: ADMIN_KEY,
    COLDTRACE_INFLUX_URL: influx.url,
    COLDTRACE_DATABASE_URL: pg.url,
    COLDTRACE_LOG_LEVEL: 'silent',
  });
  const logger = createLogger('silent', 'broker-auth-test');
  records = recordsStoreOver(await openSqlDb({ databaseUrl: pg.url }));
  cleanups.push(() => records.close());
  await records.apiKeys.ensureBootstrapAdmin(ADMIN_KEY);
  const readings = await openReadingsStore({ url: influx.url, logger });
  cleanups.push(() => readings.close());
  credentials = await MosquittoDynsecCredentials.connect(broker.adminUrl);
  cleanups.push(() => credentials.close());
  await credentials.ensureServiceClient(SERVICE.user, SERVICE.password);
  app = await buildApi({
    config,
    logger,
    records,
    readings,
    brokerCredentials: credentials,
    webPages: false,
  });
  cleanups.push(() => app.close());
  // the gateways' way in: the service login on the shared subscription
  service = await connectClient(broker.url, {
    username: SERVICE.user,
    password: SERVICE.password,
    protocolVersion: 5,
  });
  cleanups.push(() => service.endAsync());
  await service.subscribeAsync('$share/coldtrace-ingest/coldtrace/v1/devices/+/readings', { qos: 1 });
  service.on('message', (topic, body) => seen.push({ topic, body: body.toString() }));
});

afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function register(id: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/devices',
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
    payload: {
      id,
      kind: 'shipper_logger',
      loggingIntervalS: 60,
      calibrationValidUntil: '2030-01-01T00:00:00Z',
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { mqtt: { password: string } }).mqtt.password;
}

/** A device's connection (connectClient would end it on the refused publish's error event). */
async function device(id: string, secret: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(broker.url, {
    username: id,
    password: secret,
    protocolVersion: 5,
    clientId: `${id}-c`,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
  });
  client.on('error', () => {});
  return client;
}

const reading = (seq: number) => JSON.stringify({ ts: '2026-11-26T08:00:00Z', seq, temp_c: 4.2 });

describe('broker auth: Mosquitto dynamic security kept in step with the device registry', () => {
  it('a registered device publishes under its own id; the gateways receive it', async () => {
    const secret = await register('BA-1');
    const d = await device('BA-1', secret);
    await d.publishAsync('coldtrace/v1/devices/BA-1/readings', reading(1), { qos: 1 });
    await waitUntil(
      () => seen.some((m) => m.topic === 'coldtrace/v1/devices/BA-1/readings'),
      10_000,
      'delivery',
    );
    await d.endAsync();
  });

  it('an unknown device is refused', async () => {
    await expect(device('BA-GHOST', 'a-secret-nobody-issued')).rejects.toThrow(/authori|username|password/i);
  });

  it('a wrong secret of a known device is refused', async () => {
    await register('BA-2');
    await expect(device('BA-2', 'not-the-secret')).rejects.toThrow(/authori|username|password/i);
  });

  it('publishing under another device id is refused and never delivered', async () => {
    const secret = await register('BA-3');
    await register('BA-4');
    const d = await device('BA-3', secret);
    // MQTT 5: the broker answers the QoS 1 publish with reason 0x87 (not authorized)
    await expect(
      d.publishAsync('coldtrace/v1/devices/BA-4/readings', reading(7), { qos: 1 }),
    ).rejects.toThrow(/not authori/i);
    // Mosquitto 2.0.11 also drops the connection after that refusal; the device's own topic works
    // on a new one, and is delivered after the refused message would have been
    d.end(true);
    const again = await device('BA-3', secret);
    await again.publishAsync('coldtrace/v1/devices/BA-3/readings', reading(8), { qos: 1 });
    await again.endAsync();
    await waitUntil(() => seen.some((m) => m.topic.endsWith('/BA-3/readings')), 10_000, 'own delivery');
    expect(seen.some((m) => m.topic.endsWith('/BA-4/readings'))).toBe(false);
  });

  it('a rotated secret is refused; the new one works', async () => {
    const old = await register('BA-5');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/devices/BA-5/secret',
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
      payload: { reason: 'test rotation' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const fresh = (res.json() as { mqtt: { password: string } }).mqtt.password;
    await expect(device('BA-5', old)).rejects.toThrow(/authori|username|password/i);
    const d = await device('BA-5', fresh);
    await d.endAsync();
  });

  it('a revoked device is refused, its live connection dropped, and rotation cannot revive it', async () => {
    const secret = await register('BA-6');
    const live = await device('BA-6', secret);
    const closed = new Promise<void>((resolve) => live.once('close', () => resolve()));
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/devices/BA-6/revoke',
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
      payload: { reason: 'lost in transit' },
    });
    expect(res.statusCode, res.body).toBe(200);
    await closed;
    live.end(true);
    await expect(device('BA-6', secret)).rejects.toThrow(/authori|username|password/i);
    expect(await records.deviceDirectory.secretHashOf('BA-6')).toBeUndefined();
    const rotate = await app.inject({
      method: 'POST',
      url: '/api/v1/devices/BA-6/secret',
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
      payload: {},
    });
    expect(rotate.statusCode).toBe(409);
    expect((rotate.json() as { code: string }).code).toBe('CT_DEVICE_REVOKED');
  });

  it('reconcile removes broker logins the registry does not hold as active', async () => {
    // a device login made on the broker behind the registry's back
    await credentials.deviceRegistered('BA-STRAY', 'stray-secret');
    const stray = await device('BA-STRAY', 'stray-secret');
    await stray.endAsync();
    const { removed, missing } = await credentials.reconcile(await records.deviceRevocation.activeIds());
    expect(removed).toEqual(['BA-STRAY']);
    expect(missing).toEqual([]);
    await expect(device('BA-STRAY', 'stray-secret')).rejects.toThrow(/authori|username|password/i);
  });

  it('an unreachable broker refuses the registration with CT_BROKER_AUTH_UNAVAILABLE and stores nothing', async () => {
    await broker.stop();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/devices',
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
      payload: {
        id: 'BA-DOWN',
        kind: 'shipper_logger',
        loggingIntervalS: 60,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      },
    });
    expect(res.statusCode, res.body).toBe(503);
    expect((res.json() as { code: string }).code).toBe('CT_BROKER_AUTH_UNAVAILABLE');
    expect(await records.deviceDirectory.secretHashOf('BA-DOWN')).toBeUndefined();
  });
});
