import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../../gateway/gateway.js';
import { connectClient } from '../../test/support/broker.js';
import { freePort, waitUntil } from '../../test/support/ports.js';
import {
  ACTOR,
  type Harness,
  logger as loggerDevice,
  MIN,
  refrigerated,
  shipmentOf,
  startHarness,
} from '../../test/support/rules-harness.js';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/log.js';
import { hashDeviceSecret, newDeviceSecret } from '../store/device-secrets.js';

/**
 * The whole path on real services: a logger publishes over MQTT to the gateway (device auth, durable
 * spool, InfluxDB), the gateway hands accepted readings to the rules worker, the outbox notifier
 * mails the SMTP server.
 */
let h: Harness;
let gateway: Gateway;
let dataDir: string;
let device: MqttClient;
/** readings the gateway has handed to the rules worker */
let accepted = 0;
const t0 = Math.floor((Date.now() - 3 * 3_600_000) / MIN) * MIN;
const secret = newDeviceSecret();

beforeEach(async () => {
  h = await startHarness();
  h.clock.nowMs = t0;
  await h.records.profiles.save(refrigerated('P-MQTT', 2), ACTOR);
  await h.records.devices.create(loggerDevice('L-MQTT'), await hashDeviceSecret(secret), ACTOR);
  await h.records.shipments.create(shipmentOf('SHP-MQTT', 'P-MQTT', ['L-MQTT'], 'zh-CN'), ACTOR);
  await h.records.shipments.dispatch('SHP-MQTT', t0, ACTOR);
  const worker = await h.startWorker();
  accepted = 0;
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ct-rules-mqtt-'));
  const config = loadConfig({
    COLDTRACE_DATA_DIR: dataDir,
    COLDTRACE_MQTT_PORT: String(await freePort()),
    COLDTRACE_INFLUX_URL: h.influx.url,
  });
  gateway = await startGateway({
    config,
    logger: createLogger('silent'),
    readings: h.readings,
    devices: h.records.deviceDirectory,
    onAccepted: (readings, events) => {
      accepted += readings.length;
      worker.ingest(readings, events);
    },
  });
  device = await connectClient(`mqtt://127.0.0.1:${gateway.mqttPort}`, {
    clientId: 'L-MQTT',
    username: 'L-MQTT',
    password: secret,
  });
});

afterEach(async () => {
  await device.endAsync();
  await gateway.close();
  await h.close();
  await rm(dataDir, { recursive: true, force: true });
});

const publish = (
  readings: { ts: number; seq: number; temp_c: number }[] | { ts: number; seq: number; temp_c: number },
) => device.publishAsync('coldtrace/v1/devices/L-MQTT/readings', JSON.stringify(readings), { qos: 1 });

describe('alerts from MQTT through the gateway', () => {
  it('an excursion published live gives one "started" and one "ended" mail, in the maker language', async () => {
    // back in range for the alarm-off margin (R3), then clear for 3 intervals (the alert's hold)
    const temps = [5, 9, 9.6, 10.2, 9, 5, 5, 5, 5];
    for (const [i, temp_c] of temps.entries()) {
      h.clock.nowMs = t0 + i * MIN + 1_000;
      await publish({ ts: t0 + i * MIN, seq: i, temp_c });
      // the worker judges each reading at its own minute: wait until the gateway handed it over
      await waitUntil(() => accepted >= i + 1 || undefined, 15_000, `reading ${i} handed to the rules`);
      await h.worker?.flush();
    }
    const mails = await h.smtp.waitForMails(2);
    await new Promise((r) => setTimeout(r, 400));
    expect(h.smtp.mails).toHaveLength(2);
    expect(mails[0]?.parsed.subject).toMatch(
      /^\[coldtrace\]\[ALERT\]\[CRITICAL\]\[SHP-MQTT\] TEMP_OUT_OF_RANGE STARTED/,
    );
    expect(mails[1]?.parsed.subject).toMatch(
      /^\[coldtrace\]\[RESOLVED\]\[CRITICAL\]\[SHP-MQTT\] TEMP_OUT_OF_RANGE ENDED/,
    );
    expect(mails[1]?.parsed.text).toContain('超出范围持续 4 分钟，峰值 10.2 °C');
    expect(await h.readings.countReadings('L-MQTT', t0, t0 + 10 * MIN)).toBe(temps.length);
  });

  it('a store-and-forward backlog with an excursion gives one alert marked late', async () => {
    h.clock.nowMs = t0 + 1_000;
    await publish({ ts: t0, seq: 0, temp_c: 5 });
    await waitUntil(() => accepted >= 1 || undefined, 15_000, 'first reading handed to the rules');
    await h.worker?.flush();
    h.clock.nowMs = t0 + 30 * MIN;
    const backlog = [5, 9, 9, 9, 5, 5, 5, 5].map((temp_c, i) => ({
      ts: t0 + (i + 1) * MIN,
      seq: i + 1,
      temp_c,
    }));
    await publish(backlog);
    const [mail] = await h.smtp.waitForMails(
      1,
      (m) => m.parsed.subject?.includes('TEMP_OUT_OF_RANGE') ?? false,
    );
    await new Promise((r) => setTimeout(r, 400));
    expect(h.smtp.mails.filter((m) => m.parsed.subject?.includes('TEMP_OUT_OF_RANGE'))).toHaveLength(1);
    expect(mail?.parsed.subject).toContain('[LATE][SHP-MQTT] TEMP_OUT_OF_RANGE ENDED');
    expect(mail?.parsed.text).toContain('迟到数据');
    const [alert] = await h.records.alerts.list({ kind: 'TEMP_EXCURSION' });
    expect(alert).toMatchObject({ late: true, happenedAtMs: t0 + 2 * MIN, endedAtMs: t0 + 5 * MIN });
  });
});
