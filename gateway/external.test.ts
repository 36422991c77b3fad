import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { connectClient } from '../test/support/broker.js';
import { type GatewayChild, spawnGateway } from '../test/support/gateway-child.js';
import { testInflux } from '../test/support/influx.js';
import { freePort, waitUntil } from '../test/support/ports.js';

const T0 = Date.parse('2026-11-24T00:00:00Z');
const DEVICES = 20;
const PER_DEVICE = 200;
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

/** A private Mosquitto on a free port (the machine's own on 1883 is left alone). */
async function startMosquitto(dir: string): Promise<string> {
  const port = await freePort();
  const conf = path.join(dir, 'mosquitto.conf');
  await fs.promises.writeFile(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      // unlimited, or Mosquitto drops a slow subscriber's messages
      'max_queued_messages 0',
      'log_type error',
      '',
    ].join('\n'),
  );
  const child = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
  cleanups.push(async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  });
  const url = `mqtt://127.0.0.1:${port}`;
  await waitUntil(
    async () => {
      const c = await connectClient(url, { clientId: 'probe' });
      await c.endAsync();
      return true;
    },
    10_000,
    'mosquitto up',
  );
  return url;
}

/** Lines in a gateway's spool: what it took from the shared subscription. */
async function spooledLines(dataDir: string): Promise<number> {
  const dir = path.join(dataDir, 'ingest', 'spool');
  let lines = 0;
  for (const name of await fs.promises.readdir(dir)) {
    if (!name.endsWith('.spool')) continue;
    const text = await fs.promises.readFile(path.join(dir, name), 'utf8');
    lines += text.split('\n').filter((l) => l.startsWith('readings,')).length;
  }
  return lines;
}

describe('gateway: external broker with an MQTT 5 shared subscription', () => {
  it('two gateways split the load and together store every reading exactly once', async () => {
    const tmp = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'coldtrace-ext-'));
    cleanups.push(() => fs.promises.rm(tmp, { recursive: true, force: true }));
    const brokerUrl = await startMosquitto(tmp);
    const influx = await testInflux('ext');
    cleanups.push(() => influx.drop());

    const gateways: GatewayChild[] = [];
    for (const name of ['a', 'b']) {
      const dataDir = path.join(tmp, name);
      const g = await spawnGateway({
        COLDTRACE_DATA_DIR: dataDir,
        COLDTRACE_MQTT_URL: brokerUrl,
        COLDTRACE_INFLUX_URL: influx.url,
        COLDTRACE_TEST_CLIENT_ID: `ingest-${name}`,
      });
      cleanups.push(async () => {
        g.child.kill('SIGTERM');
        await g.exited;
      });
      gateways.push(g);
    }

    const devices: MqttClient[] = [];
    for (let d = 0; d < DEVICES; d++) {
      const c = await connectClient(brokerUrl, { clientId: `dev-${d}` });
      cleanups.push(() => c.endAsync(true));
      devices.push(c);
    }
    await Promise.all(
      devices.map(async (c, d) => {
        for (let seq = 0; seq < PER_DEVICE; seq += 10) {
          await Promise.all(
            Array.from({ length: 10 }, (_, k) =>
              c.publishAsync(
                `coldtrace/v1/devices/EXT-${d}/readings`,
                JSON.stringify({ ts: T0 + (seq + k) * 1000, seq: seq + k, temp_c: 5 }),
                { qos: 1 },
              ),
            ),
          );
        }
      }),
    );

    // a QoS 0 publish is kept too (it never reaches customHandleAcks)
    await devices[0]!.publishAsync(
      'coldtrace/v1/devices/EXT-Q0/readings',
      JSON.stringify({ ts: T0, seq: 0, temp_c: 5 }),
      { qos: 0 },
    );
    const total = DEVICES * PER_DEVICE + 1;
    await waitUntil(
      async () => {
        const rows = await influx.client.query<{ count: number }>('SELECT count(seq) FROM readings');
        return rows[0]?.count === total;
      },
      30_000,
      `${total} readings in InfluxDB`,
    );
    const a = await spooledLines(path.join(tmp, 'a'));
    const b = await spooledLines(path.join(tmp, 'b'));
    // each took a share, and no reading went to both (or twice to one)
    expect(a).toBeGreaterThan(total / 10);
    expect(b).toBeGreaterThan(total / 10);
    expect(a + b).toBe(total);
  });
});
