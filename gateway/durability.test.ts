import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { MqttClient } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../services/config/config.js';
import { createLogger } from '../services/config/log.js';
import type { ReadingsStore } from '../services/store/readings/readings-store.js';
import { openReadingsStore } from '../services/store/readings/readings-store.js';
import { connectClient } from '../test/support/broker.js';
import { spawnGateway } from '../test/support/gateway-child.js';
import { SECRET_OF, startTestGateway } from '../test/support/gateway-harness.js';
import { testInflux } from '../test/support/influx.js';
import { waitUntil } from '../test/support/ports.js';
import { InMemoryDeviceDirectory } from './device-directory.js';
import { startGateway } from './gateway.js';

const execFileAsync = promisify(execFile);
const T0 = Date.parse('2026-11-25T00:00:00Z');
const reading = (seq: number) => ({ ts: T0 + seq * 1000, seq, temp_c: 4 + (seq % 40) / 10 });
const topic = (id: string) => `coldtrace/v1/devices/${id}/readings`;
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

/** Publishes single readings seq from..to-1 with up to `window` in flight; returns the acknowledged seqs. */
async function publishMany(
  client: MqttClient,
  id: string,
  from: number,
  to: number,
  window = 200,
  acked?: Set<number>,
) {
  const done = acked ?? new Set<number>();
  let next = from;
  const worker = async () => {
    while (next < to) {
      const seq = next++;
      await client.publishAsync(topic(id), JSON.stringify(reading(seq)), { qos: 1 });
      done.add(seq);
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
  return done;
}

describe('gateway: durability', () => {
  it('lands a 500-reading backlog with its original timestamps', async () => {
    const t = await startTestGateway();
    cleanups.push(() => t.stop());
    const device = await t.device('LOG-B');
    const backlog = Array.from({ length: 500 }, (_, i) => reading(i));
    await device.publishAsync(topic('LOG-B'), JSON.stringify(backlog), { qos: 1 });
    await t.gateway.flushed();
    const stored = await t.stored('LOG-B');
    expect(stored.map((r) => [r.tsMs, r.seq, r.tempC])).toEqual(backlog.map((r) => [r.ts, r.seq, r.temp_c]));
  });

  it('works with a real C client (mosquitto_pub)', async () => {
    const t = await startTestGateway();
    cleanups.push(() => t.stop());
    await t.directory.add('LOG-C', SECRET_OF('LOG-C'));
    const pub = (password: string, payload: string) =>
      execFileAsync('mosquitto_pub', [
        ...['-h', '127.0.0.1', '-p', String(t.gateway.mqttPort), '-u', 'LOG-C', '-P', password],
        ...['-i', 'c-client', '-q', '1', '-t', topic('LOG-C'), '-m', payload],
      ]);
    // async: the gateway runs in this very process and must keep answering
    await pub(SECRET_OF('LOG-C'), JSON.stringify(reading(3)));
    await expect(pub('wrong', JSON.stringify(reading(4)))).rejects.toThrow();
    await t.gateway.flushed();
    expect((await t.stored('LOG-C')).map((r) => r.seq)).toEqual([3]);
  });

  it('keeps all 10,000 readings through an InfluxDB outage, none twice', async () => {
    // a private influxd of its own: the shared test server is never stopped
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'coldtrace-influx-'));
    const baseUrl = execFileSync('bash', ['scripts/influxdb.sh', 'start', dir], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!;
    let influxd: ReturnType<typeof spawn> | undefined;
    cleanups.push(async () => {
      influxd?.kill('SIGKILL');
      execFileSync('bash', ['scripts/influxdb.sh', 'stop', dir]);
      await fs.promises.rm(dir, { recursive: true, force: true });
    });
    const logger = createLogger('silent');
    const store = await openReadingsStore({ url: `${baseUrl}/outage`, logger });
    cleanups.push(() => store.close());
    const gw = await startOutageGateway(dir, store);
    cleanups.push(() => gw.close());
    const device = await connectClient(`mqtt://127.0.0.1:${gw.mqttPort}`, {
      username: 'LOG-O',
      password: SECRET_OF('LOG-O'),
      clientId: 'outage',
    });
    cleanups.push(() => device.endAsync(true));

    const acked = await publishMany(device, 'LOG-O', 0, 3_000);
    execFileSync('bash', ['scripts/influxdb.sh', 'stop', dir]);
    expect(await store.ping(500)).toBe(false);
    await publishMany(device, 'LOG-O', 3_000, 10_000, 200, acked);
    expect(acked.size).toBe(10_000);
    // the backlog shows in the metrics while InfluxDB is away
    const metric = async (name: string) => {
      const m = (await gw.metrics.getSingleMetricAsString(name)).match(
        /\n[a-z_]+(?:\{[^}]*\})? (\d+(?:\.\d+)?)/,
      );
      return Number(m?.[1] ?? 0);
    };
    await waitUntil(
      async () => (await metric('coldtrace_ingest_spool_depth_bytes')) > 100_000,
      5_000,
      'spool depth metric',
    );
    expect(await metric('coldtrace_ingest_influx_errors_total')).toBeGreaterThan(0);
    // back, on the same port and data folder
    influxd = spawn('influxd', ['-config', path.join(dir, 'influxdb.conf')], { stdio: 'ignore' });
    await waitUntil(() => store.ping(500), 20_000, 'influxd back');
    await waitUntil(
      async () => (await store.countReadings('LOG-O', 0, T0 + 86_400_000)) === 10_000,
      30_000,
      '10,000 readings',
    );
    const seqs: number[] = [];
    for await (const r of store.readingsOf('LOG-O', 0, T0 + 86_400_000)) seqs.push(r.seq ?? -1);
    expect(seqs).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
  });

  it('starts while InfluxDB is down, acknowledges from the spool, and lands everything once it is up', async () => {
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'coldtrace-influx-'));
    const baseUrl = execFileSync('bash', ['scripts/influxdb.sh', 'start', dir], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!;
    execFileSync('bash', ['scripts/influxdb.sh', 'stop', dir]);
    let influxd: ReturnType<typeof spawn> | undefined;
    cleanups.push(async () => {
      influxd?.kill('SIGKILL');
      await fs.promises.rm(dir, { recursive: true, force: true });
    });
    const store = await openReadingsStore({ url: `${baseUrl}/late`, logger: createLogger('silent') });
    cleanups.push(() => store.close());
    const gw = await startOutageGateway(dir, store);
    cleanups.push(() => gw.close());
    const device = await connectClient(`mqtt://127.0.0.1:${gw.mqttPort}`, {
      username: 'LOG-O',
      password: SECRET_OF('LOG-O'),
      clientId: 'late',
    });
    cleanups.push(() => device.endAsync(true));
    const acked = await publishMany(device, 'LOG-O', 0, 300, 50);
    expect(acked.size).toBe(300);
    influxd = spawn('influxd', ['-config', path.join(dir, 'influxdb.conf')], { stdio: 'ignore' });
    await waitUntil(
      async () => (await store.countReadings('LOG-O', 0, T0 + 86_400_000).catch(() => 0)) === 300,
      30_000,
      '300 readings after InfluxDB came up',
    );
  });

  it('after SIGKILL mid-stream and a restart, every acknowledged reading is in InfluxDB', async () => {
    const influx = await testInflux('kill');
    cleanups.push(() => influx.drop());
    const dataDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'coldtrace-kill-'));
    cleanups.push(() => fs.promises.rm(dataDir, { recursive: true, force: true }));
    const env = {
      COLDTRACE_DATA_DIR: dataDir,
      COLDTRACE_MQTT_PORT: '0',
      COLDTRACE_INFLUX_URL: influx.url,
      COLDTRACE_TEST_DEVICES: JSON.stringify({ 'LOG-K': SECRET_OF('LOG-K') }),
    };
    const first = await spawnGateway(env);
    cleanups.push(async () => first.child.kill('SIGKILL'));
    const device = await connectClient(`mqtt://127.0.0.1:${first.mqttPort}`, {
      username: 'LOG-K',
      password: SECRET_OF('LOG-K'),
      clientId: 'kill',
    });
    device.on('error', () => {});
    const acked = new Set<number>();
    const publishing = publishMany(device, 'LOG-K', 0, 1_000_000, 100, acked).catch(() => acked);
    await waitUntil(() => acked.size > 3_000, 20_000, 'some acknowledged readings');
    first.child.kill('SIGKILL');
    await first.exited;
    device.end(true);
    await Promise.race([publishing, new Promise((r) => setTimeout(r, 500))]);
    const ackedAtKill = [...acked];

    const second = await spawnGateway(env);
    cleanups.push(async () => {
      second.child.kill('SIGTERM');
      await second.exited;
    });
    const store = await openReadingsStore({ url: influx.url, logger: createLogger('silent') });
    cleanups.push(() => store.close());
    const stored = await waitUntil(
      async () => {
        const seqs = new Set<number>();
        for await (const r of store.readingsOf('LOG-K', 0, T0 + 10 * 86_400_000)) seqs.add(r.seq ?? -1);
        return ackedAtKill.every((s) => seqs.has(s)) ? seqs : undefined;
      },
      20_000,
      'every acknowledged reading in InfluxDB',
    );
    expect(ackedAtKill.length).toBeGreaterThan(3_000);
    expect(ackedAtKill.filter((s) => !stored.has(s))).toEqual([]);
  });
});

async function startOutageGateway(dataDir: string, store: ReadingsStore) {
  const directory = new InMemoryDeviceDirectory();
  await directory.add('LOG-O', SECRET_OF('LOG-O'));
  return startGateway({
    config: loadConfig({ COLDTRACE_DATA_DIR: path.join(dataDir, 'gateway'), COLDTRACE_MQTT_PORT: '0' }),
    logger: createLogger('silent'),
    readings: store,
    devices: directory,
    drain: { minBackoffMs: 50, maxBackoffMs: 400 },
  });
}
