import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { MosquittoDynsecCredentials } from '../services/broker-auth/device-credentials.js';
import { hashDeviceSecret, newDeviceSecret } from '../services/store/device-secrets.js';
import { openSqlDb } from '../services/store/sql/open-db.js';
import { recordsStoreOver } from '../services/store/sql/records-store.js';
import { testInflux } from './support/influx.js';
import { startPrivateMosquitto } from './support/mosquitto-dynsec.js';
import { waitUntil } from './support/ports.js';
import { testPostgres } from './support/postgres.js';
import { type ColdtraceProcess, startColdtraceProcess } from './support/process.js';
import { ACTOR, logger, refrigerated, shipmentOf } from './support/rules-harness.js';
import { TestSmtp } from './support/smtp.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

const SERVICE = { user: 'coldtrace-service', password: 'service-secret-failover' };
const logged = (p: ColdtraceProcess, msg: string) => p.output().includes(`"msg":"${msg}"`);

/**
 * The scaled-out layout on real engines: a private Mosquitto (dynamic security, as shipped), one
 * gateway, two `coldtrace start rules` processes on the machine's PostgreSQL, InfluxDB, and an
 * SMTP server here. The active rules process is SIGKILLed; the standby must take over within 10 s
 * and every excursion must be mailed exactly once: the one before the crash, the one during the
 * hand-over (the broker keeps it in the rules session), and one after.
 */
describe('rules failover: one active, one standby, leadership through PostgreSQL', () => {
  it('the standby takes over a SIGKILLed leader within 10 s; no alert lost or doubled', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'coldtrace-failover-'));
    cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
    const broker = await startPrivateMosquitto(path.join(dir, 'mosquitto'));
    cleanups.push(() => broker.stop());
    const influx = await testInflux('failover');
    cleanups.push(() => influx.drop());
    const pg = await testPostgres('failover');
    cleanups.push(() => pg.drop());
    const smtp = await TestSmtp.start();
    cleanups.push(() => smtp.stop());

    const records = recordsStoreOver(await openSqlDb({ databaseUrl: pg.url }));
    cleanups.push(() => records.close());
    const creds = await MosquittoDynsecCredentials.connect(broker.adminUrl);
    cleanups.push(() => creds.close());
    await creds.ensureServiceClient(SERVICE.user, SERVICE.password);

    const dispatchedAtMs = Date.now() - 60_000;
    const secrets = new Map<string, string>();
    await records.profiles.save({ ...refrigerated('P-FO', 0), maxGapMinutes: 60 }, ACTOR);
    for (const id of ['FO-A', 'FO-B', 'FO-C']) {
      const deviceId = `L-${id}`;
      const secret = newDeviceSecret();
      secrets.set(deviceId, secret);
      await creds.deviceRegistered(deviceId, secret);
      // a 1-s logging interval keeps an alert's clear hold (3 intervals, services/rules/alert-hold.ts) short
      await records.devices.create(
        { ...logger(deviceId), loggingIntervalS: 1 },
        await hashDeviceSecret(secret),
        ACTOR,
      );
      await records.shipments.create(shipmentOf(id, 'P-FO', [deviceId]), ACTOR);
      await records.shipments.dispatch(id, dispatchedAtMs, ACTOR);
    }

    const serviceUrl = `mqtt://${SERVICE.user}:${SERVICE.password}@127.0.0.1:${broker.port}`;
    const env = (name: string) => ({
      COLDTRACE_DATA_DIR: path.join(dir, name),
      COLDTRACE_MQTT_URL: serviceUrl,
      COLDTRACE_DATABASE_URL: pg.url,
      COLDTRACE_INFLUX_URL: influx.url,
      COLDTRACE_SMTP_URL: smtp.url,
      COLDTRACE_PUBLIC_URL: 'https://coldtrace.example',
      COLDTRACE_LOG_LEVEL: 'info',
      // as in the compose file: one audit key for every process that writes records
      COLDTRACE_AUDIT_KEY: 'failover-audit-key-0123456789abcdef',
    });
    const gateway = startColdtraceProcess(env('gateway'), ['start', 'gateway']);
    cleanups.push(() => gateway.stop('SIGKILL'));
    const r1 = startColdtraceProcess(env('rules-1'), ['start', 'rules']);
    cleanups.push(() => r1.stop('SIGKILL'));
    await waitUntil(() => logged(r1, 'rules: following the external broker'), 60_000, 'rules 1 leading');
    const r2 = startColdtraceProcess(env('rules-2'), ['start', 'rules']);
    cleanups.push(() => r2.stop('SIGKILL'));
    await waitUntil(
      () => logged(r2, 'rules: standby, another process holds the rules lock'),
      60_000,
      'rules 2 standby',
    );
    await waitUntil(() => logged(gateway, 'gateway started'), 60_000, 'gateway started');

    const devices = new Map<string, { client: MqttClient; seq: number; lastTs: number }>();
    for (const [deviceId, secret] of secrets) {
      const client = await mqtt.connectAsync(broker.url, {
        username: deviceId,
        password: secret,
        clientId: deviceId,
        protocolVersion: 5,
      });
      cleanups.push(() => client.endAsync());
      devices.set(deviceId, { client, seq: 0, lastTs: 0 });
    }
    const publish = async (deviceId: string, tempC: number) => {
      const d = devices.get(deviceId)!;
      d.seq += 1;
      // a logger stamps each reading with its own time: two published within one millisecond must
      // not share a timestamp (the record would keep the worse of the two, RECORD_CONFLICT)
      d.lastTs = Math.max(Date.now(), d.lastTs + 1);
      await d.client.publishAsync(
        `coldtrace/v1/devices/${deviceId}/readings`,
        JSON.stringify({ ts: d.lastTs, seq: d.seq, temp_c: tempC }),
        { qos: 1 },
      );
    };
    const started = (id: string) =>
      smtp.mails.filter((m) => (m.parsed.subject ?? '').includes(`[${id}] TEMP_OUT_OF_RANGE STARTED`));

    // before the crash: an excursion on A, mailed by rules 1
    await publish('L-FO-A', 5);
    await publish('L-FO-A', 12.5);
    await waitUntil(() => started('FO-A').length > 0, 30_000, 'A mailed by rules 1');

    // the crash: rules 1 is SIGKILLed; B's excursion arrives while nobody leads
    const killedAtMs = Date.now();
    await r1.stop('SIGKILL');
    await publish('L-FO-B', 5);
    await publish('L-FO-B', 13);
    await waitUntil(() => logged(r2, 'rules: leadership acquired'), 15_000, 'rules 2 takes over');
    const takeoverMs = Date.now() - killedAtMs;
    expect(takeoverMs).toBeLessThan(10_000);
    await waitUntil(() => started('FO-B').length > 0, 30_000, 'B mailed by rules 2');

    // after: C's excursion goes through rules 2; by its mail rules 2 has rebuilt and replayed all
    await publish('L-FO-C', 5);
    await publish('L-FO-C', 14);
    await waitUntil(() => started('FO-C').length > 0, 30_000, 'C mailed by rules 2');
    await publish('L-FO-A', 12.8); // A still out of range: no second "started"
    await publish('L-FO-A', 5); // back in range: one "ended"
    await waitUntil(
      () => smtp.mails.some((m) => (m.parsed.subject ?? '').includes('[FO-A] TEMP_OUT_OF_RANGE ENDED')),
      30_000,
      'A ended',
    );

    const subjects = smtp.mails.map((m) => m.parsed.subject ?? '');
    expect(started('FO-A')).toHaveLength(1);
    expect(started('FO-B')).toHaveLength(1);
    expect(started('FO-C')).toHaveLength(1);
    expect(new Set(subjects).size).toBe(subjects.length); // no mail twice
    const excursions = (await records.alerts.list()).filter((a) => a.findingCode === 'TEMP_OUT_OF_RANGE');
    expect(excursions).toHaveLength(3);
    console.log(JSON.stringify({ test: 'rules-failover', takeoverMs, mails: subjects.length }));
  }, 240_000);
});
