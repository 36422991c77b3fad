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
 * Pre-alarms on real services (issue #17): a logger and a storage sensor publish over MQTT to the
 * gateway; a reading still in range but outside the warning band gives one minor TEMP_WARNING with
 * one "resolved" mail, and no excursion.
 */
let h: Harness;
let gateway: Gateway;
let dataDir: string;
const clients: MqttClient[] = [];
let accepted = 0;
const t0 = Math.floor((Date.now() - 3 * 3_600_000) / MIN) * MIN;
const secret = newDeviceSecret();

beforeEach(async () => {
  h = await startHarness();
  h.clock.nowMs = t0;
  await h.records.profiles.save({ ...refrigerated('P-WARN', 0), warnMinC: 3, warnMaxC: 7 }, ACTOR);
  await h.records.devices.create(loggerDevice('L-WARN'), await hashDeviceSecret(secret), ACTOR);
  await h.records.devices.create(
    {
      id: 'FR-WARN-S',
      kind: 'storage_sensor',
      loggingIntervalS: 60,
      calibrationValidUntil: '2030-01-01T00:00:00Z',
    },
    await hashDeviceSecret(secret),
    ACTOR,
  );
  await h.records.shipments.create(shipmentOf('SHP-WARN', 'P-WARN', ['L-WARN'], 'en'), ACTOR);
  await h.records.shipments.dispatch('SHP-WARN', t0, ACTOR);
  await h.records.storage.createUnit(
    {
      id: 'FR-WARN',
      name: 'Fridge W',
      storageMode: 'refrigerated',
      tempMinC: 2,
      tempMaxC: 8,
      warnMaxC: 6.5,
      alarmDelayMinutes: 2,
      deviceIds: ['FR-WARN-S'],
      site: 'Cell lab',
    },
    ACTOR,
  );
  const worker = await h.startWorker({ siteAlertTo: ['site-qa@clinic.example'] });
  accepted = 0;
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ct-prealarm-'));
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
  for (const id of ['L-WARN', 'FR-WARN-S'])
    clients.push(
      await connectClient(`mqtt://127.0.0.1:${gateway.mqttPort}`, {
        clientId: id,
        username: id,
        password: secret,
      }),
    );
});

afterEach(async () => {
  for (const c of clients.splice(0)) await c.endAsync();
  await gateway.close();
  await h.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** publishes one reading a minute, each judged at its own minute */
async function publishLive(deviceIndex: number, deviceId: string, temps: number[]) {
  const before = accepted;
  for (const [i, temp_c] of temps.entries()) {
    h.clock.nowMs = t0 + i * MIN + 1_000;
    await clients[deviceIndex]!.publishAsync(
      `coldtrace/v1/devices/${deviceId}/readings`,
      JSON.stringify({ ts: t0 + i * MIN, seq: i, temp_c }),
      { qos: 1 },
    );
    await waitUntil(
      () => accepted >= before + i + 1 || undefined,
      15_000,
      `reading ${i} handed to the rules`,
    );
    await h.worker?.flush();
  }
}

const subjects = () => h.smtp.mails.map((m) => (m.parsed.subject ?? '').split(':')[0]);

describe('pre-alarms over MQTT', () => {
  it('a logger in range but outside its warning band warns once (minor) and resolves once', async () => {
    await publishLive(0, 'L-WARN', [5, 7.4, 7.9, 8, 6, 6, 6, 6, 6]);
    await h.smtp.waitForMails(2);
    await new Promise((r) => setTimeout(r, 400));
    expect(subjects()).toEqual([
      '[coldtrace][ALERT][MINOR][SHP-WARN] TEMP_WARNING STARTED L-WARN',
      '[coldtrace][RESOLVED][MINOR][SHP-WARN] TEMP_WARNING ENDED L-WARN',
    ]);
    const [started, ended] = h.smtp.mails;
    expect(started?.parsed.text).toContain(
      'still in range (2 °C to 8 °C) but outside its warning band (3 °C to 7 °C), 7.4 °C now',
    );
    expect(started?.parsed.text).toContain('预警');
    expect(ended?.parsed.text).toContain('most extreme 8 °C');
    const alerts = await h.records.alerts.list({ shipmentId: 'SHP-WARN' });
    expect(alerts.map((a) => [a.kind, a.severity, a.happenedAtMs, a.endedAtMs])).toEqual([
      ['TEMP_WARNING', 'minor', t0 + MIN, t0 + 4 * MIN],
    ]);
  });

  it("a storage unit's band waits for the unit's door delay; past it, it warns the site's QA", async () => {
    // 7 °C for 1 min (a door), back, then 7 °C for 3 min: one warning, the second run
    await publishLive(1, 'FR-WARN-S', [5, 7, 5, 7, 7, 7, 7, 5, 5, 5, 5]);
    await h.smtp.waitForMails(2);
    await new Promise((r) => setTimeout(r, 400));
    expect(subjects()).toEqual([
      '[coldtrace][ALERT][MINOR][FR-WARN] TEMP_WARNING STARTED FR-WARN-S',
      '[coldtrace][RESOLVED][MINOR][FR-WARN] TEMP_WARNING ENDED FR-WARN-S',
    ]);
    const alerts = await h.records.alerts.list({ storageUnitId: 'FR-WARN' });
    expect(alerts.map((a) => [a.kind, a.happenedAtMs, a.endedAtMs])).toEqual([
      ['TEMP_WARNING', t0 + 3 * MIN, t0 + 7 * MIN],
    ]);
  });
});
